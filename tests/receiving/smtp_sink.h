// python3-aiosmtpd on loopback (smtp_sink.py), for as long as a test runs:
// each mail it takes is kept as the bytes the client sent. With `hold`,
// the first MAIL command waits until Release(): a slow relay, during which
// a test can change what the sender finds when it goes on.
#ifndef SETELI_TESTS_RECEIVING_SMTP_SINK_H_
#define SETELI_TESTS_RECEIVING_SMTP_SINK_H_

#include <sys/types.h>

#include <filesystem>
#include <string>

namespace seteli::testing {

class SmtpSink {
 public:
  SmtpSink(const std::string& python, bool hold = false);
  ~SmtpSink();
  SmtpSink(const SmtpSink&) = delete;
  SmtpSink& operator=(const SmtpSink&) = delete;

  int port() const { return port_; }
  // The n-th mail taken (from 1), "" when there is none.
  std::string Mail(int n) const;
  int MailCount() const;
  // With hold: whether a client reached the held MAIL within `seconds`.
  bool WaitHeld(int seconds) const;
  // Lets the held MAIL go on; with `refuse`, the relay refuses it (451).
  void Release(bool refuse = false) const;

 private:
  std::filesystem::path dir_;
  pid_t pid_ = -1;
  int port_ = 0;
};

// A python3 that imports aiosmtpd ("" when none does): Debian's
// python3-aiosmtpd lives under /usr/bin/python3, which another python3
// earlier on PATH (pyenv, a venv) may not see, so that one is tried first.
std::string PythonWithAiosmtpd();

// The value of `header` (e.g. "Message-ID") in a mail's header block, ""
// when it has none.
std::string MailHeader(const std::string& mail, const std::string& header);

}  // namespace seteli::testing

#endif  // SETELI_TESTS_RECEIVING_SMTP_SINK_H_
