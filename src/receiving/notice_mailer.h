// Sending a notice by e-mail: the seam between the receiver and SMTP, so
// tests can use a local sink or a fake.
//
//   MailNotice m{"lasku@kuusi.fi", "Lasku 2024-0501 palautettu / returned", letter, xml, "response.xml"};
//   Result<store::Done> sent = mailer.Send(m);
#ifndef SETELI_RECEIVING_NOTICE_MAILER_H_
#define SETELI_RECEIVING_NOTICE_MAILER_H_

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
};

class NoticeMailer {
 public:
  virtual ~NoticeMailer() = default;
  // Errors: mail_failed (the server refused or could not be reached).
  virtual Result<store::Done> Send(const MailNotice& mail) = 0;
};

}  // namespace seteli::receiving

#endif  // SETELI_RECEIVING_NOTICE_MAILER_H_
