#include "receiving/smtp_mailer.h"

#include <Poco/Exception.h>
#include <Poco/Net/MailMessage.h>
#include <Poco/Net/MailRecipient.h>
#include <Poco/Net/MailStream.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/SMTPClientSession.h>
#include <Poco/Net/SocketStream.h>
#include <Poco/Net/StringPartSource.h>

namespace seteli::receiving {

using Poco::Net::MailMessage;
using Poco::Net::MailRecipient;
using Poco::Net::SMTPClientSession;
using Poco::Net::StringPartSource;

namespace {

// What may stand right of the @ in a Message-ID (a dot-atom): the From
// address's domain when it is one, else a name that resolves nowhere.
std::string MessageIdDomain(const std::string& from) {
  size_t at = from.rfind('@');
  if (at == std::string::npos) return "seteli.invalid";
  std::string domain = from.substr(at + 1);
  if (size_t close = domain.find('>'); close != std::string::npos) domain.resize(close);
  bool ok = !domain.empty() && domain.front() != '.' && domain.back() != '.';
  for (char c : domain) {
    ok = ok && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                c == '.' || c == '-');
  }
  return ok ? domain : "seteli.invalid";
}

// SMTPClientSession with its socket reachable, to end DATA by hand.
class Session : public SMTPClientSession {
 public:
  using SMTPClientSession::isPositiveCompletion;
  using SMTPClientSession::SMTPClientSession;
  using SMTPClientSession::socket;
};

}  // namespace

std::string MailMessageId(const std::string& notice_id, const std::string& from) {
  return "<" + notice_id + "@" + MessageIdDomain(from) + ">";
}

Result<store::Done> SmtpMailer::Send(const MailNotice& mail, const BeforeCommit& before_commit) {
  try {
    MailMessage message;
    message.setSender(settings_.from);
    message.addRecipient(MailRecipient(MailRecipient::PRIMARY_RECIPIENT, mail.to));
    message.setSubject(MailMessage::encodeWord(mail.subject, "UTF-8"));
    if (!mail.notice_id.empty())
      message.set("Message-ID", MailMessageId(mail.notice_id, settings_.from));
    message.addContent(new StringPartSource(mail.text, "text/plain; charset=UTF-8"),
                       MailMessage::ENCODING_QUOTED_PRINTABLE);
    message.addAttachment(
        mail.attachment_name,
        new StringPartSource(mail.attachment, "application/xml", mail.attachment_name),
        MailMessage::ENCODING_BASE64);
    Session session(settings_.host, static_cast<Poco::UInt16>(settings_.port));
    session.setTimeout(Poco::Timespan(settings_.timeout_seconds, 0));
    session.login();
    // SMTPClientSession::sendMessage, taken apart so that before_commit is
    // asked after everything slow (connecting, the server's greeting, the
    // envelope, the body), where only the end of DATA is left: a server
    // takes a message only at its final ".", and drops one whose
    // connection ends before it.
    SMTPClientSession::Recipients to{mail.to};
    session.sendAddresses(settings_.from, to);
    session.sendData();
    Poco::Net::SocketOutputStream socket_stream(session.socket());
    Poco::Net::MailOutputStream mail_stream(socket_stream);
    message.write(mail_stream);
    socket_stream.flush();
    if (before_commit) {
      auto go = before_commit();
      if (!go.ok()) {
        // Dropped, not QUIT: inside DATA that would be one more line of
        // the body. (The session's own QUIT then fails, quietly.)
        session.socket().close();
        return go.error();
      }
    }
    mail_stream.close();  // the final "."
    socket_stream.flush();
    std::string response;
    int status = session.socket().receiveStatusMessage(response);
    if (!Session::isPositiveCompletion(status)) {
      throw Poco::Net::SMTPException("The server rejected the message", response, status);
    }
    session.close();
    return store::Done{};
  } catch (const Poco::Exception& e) {
    return Error{"mail_failed", "SMTP " + settings_.host + ":" + std::to_string(settings_.port) +
                                    ": " + e.displayText()};
  }
}

}  // namespace seteli::receiving
