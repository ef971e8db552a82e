// NoticeMailer over SMTP (Poco::Net::SMTPClientSession), without
// authentication or TLS: meant for the organizer's own relay on a trusted
// network (docs/receiving.md). One connection per message.
//
//   SmtpMailer mailer({"127.0.0.1", 25, "seteli@eksote.fi", 10});
//
// The mail's Message-ID is <notice ID@the From address's domain> (or
// @seteli.invalid when From has none): the same for every send of one
// notice, so a second copy is recognisable. The before-commit check runs
// with the whole message written, just before the end of DATA; when it
// fails the connection is dropped there, and the server discards the mail.
#ifndef SETELI_RECEIVING_SMTP_MAILER_H_
#define SETELI_RECEIVING_SMTP_MAILER_H_

#include <string>

#include "receiving/notice_mailer.h"

namespace seteli::receiving {

struct SmtpSettings {
  std::string host;
  int port = 25;
  std::string from;
  int timeout_seconds = 10;
};

// "<SETELI-IR-42@eksote.fi>" for notice "SETELI-IR-42" sent from
// "seteli@eksote.fi" (or "Seteli <seteli@eksote.fi>").
std::string MailMessageId(const std::string& notice_id, const std::string& from);

class SmtpMailer : public NoticeMailer {
 public:
  explicit SmtpMailer(SmtpSettings settings) : settings_(std::move(settings)) {}
  Result<store::Done> Send(const MailNotice& mail, const BeforeCommit& before_commit) override;

 private:
  SmtpSettings settings_;
};

}  // namespace seteli::receiving

#endif  // SETELI_RECEIVING_SMTP_MAILER_H_
