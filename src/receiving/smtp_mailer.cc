#include "receiving/smtp_mailer.h"

#include <Poco/Exception.h>
#include <Poco/Net/MailMessage.h>
#include <Poco/Net/MailRecipient.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/SMTPClientSession.h>
#include <Poco/Net/StringPartSource.h>

namespace seteli::receiving {

using Poco::Net::MailMessage;
using Poco::Net::MailRecipient;
using Poco::Net::StringPartSource;

Result<store::Done> SmtpMailer::Send(const MailNotice& mail) {
  try {
    MailMessage message;
    message.setSender(settings_.from);
    message.addRecipient(MailRecipient(MailRecipient::PRIMARY_RECIPIENT, mail.to));
    message.setSubject(MailMessage::encodeWord(mail.subject, "UTF-8"));
    message.addContent(new StringPartSource(mail.text, "text/plain; charset=UTF-8"),
                       MailMessage::ENCODING_QUOTED_PRINTABLE);
    message.addAttachment(mail.attachment_name,
                          new StringPartSource(mail.attachment, "application/xml", mail.attachment_name),
                          MailMessage::ENCODING_BASE64);
    Poco::Net::SMTPClientSession session(settings_.host, static_cast<Poco::UInt16>(settings_.port));
    session.setTimeout(Poco::Timespan(settings_.timeout_seconds, 0));
    session.login();
    session.sendMessage(message);
    session.close();
    return store::Done{};
  } catch (const Poco::Exception& e) {
    return Error{"mail_failed", "SMTP " + settings_.host + ":" + std::to_string(settings_.port) + ": " +
                                    e.displayText()};
  }
}

}  // namespace seteli::receiving
