// NoticeMailer over SMTP (Poco::Net::SMTPClientSession), without
// authentication or TLS: meant for the organizer's own relay on a trusted
// network (docs/receiving.md). One connection per message.
//
//   SmtpMailer mailer({"127.0.0.1", 25, "seteli@eksote.fi", 10});
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

class SmtpMailer : public NoticeMailer {
 public:
  explicit SmtpMailer(SmtpSettings settings) : settings_(std::move(settings)) {}
  Result<store::Done> Send(const MailNotice& mail) override;

 private:
  SmtpSettings settings_;
};

}  // namespace seteli::receiving

#endif  // SETELI_RECEIVING_SMTP_MAILER_H_
