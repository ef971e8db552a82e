// Sending a notice by e-mail: the seam between the receiver and SMTP, so
// tests can use a local sink or a fake.
//
//   MailNotice m{"lasku@kuusi.fi", "Lasku 2024-0501 palautettu / returned", letter, xml,
//                "response.xml", "SETELI-IR-42"};
//   Result<store::Done> sent = mailer.Send(m, [&] { return store.CheckInboundClaim(fence); });
//
// SMTP cannot join the store's transaction, so a notice is mailed at least
// once, not exactly once (docs/receiving.md): every mail of one notice
// carries the same Message-ID, derived from the notice's ID, by which a
// mail client or MTA recognises a second copy.
#ifndef SETELI_RECEIVING_NOTICE_MAILER_H_
#define SETELI_RECEIVING_NOTICE_MAILER_H_

#include <functional>
#include <string>

#include "seteli/status.h"
#include "store/store.h"

namespace seteli::receiving {

struct MailNotice {
  std::string to;
  std::string subject;
  std::string text;             // the letter, Finnish then English (UTF-8)
  std::string attachment;       // the notice XML
  std::string attachment_name;  // e.g. "invoice-response-2024-0501.xml"
  // The notice's ID (its MessageId, e.g. "SETELI-IR-42"): the mail's
  // Message-ID is made from it, so every send of one notice has the same.
  std::string notice_id;
};

// Asked at the last moment before the server is told to take the mail
// (with SMTP: the whole message written, before the end of DATA). An error
// abandons the mail, which the server then discards, and Send returns it.
using BeforeCommit = std::function<Result<store::Done>()>;

class NoticeMailer {
 public:
  virtual ~NoticeMailer() = default;
  // Errors: mail_failed (the server refused or could not be reached), or
  // whatever `before_commit` (may be empty) returned.
  virtual Result<store::Done> Send(const MailNotice& mail, const BeforeCommit& before_commit) = 0;
};

}  // namespace seteli::receiving

#endif  // SETELI_RECEIVING_NOTICE_MAILER_H_
