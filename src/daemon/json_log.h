// Structured logs: one JSON object a line, {"ts","level","msg",...fields}.
// Callers pass only what may be logged: business IDs, event and decision
// IDs, pseudonymous client IDs, counts. Never tokens or identity codes.
//
//   JsonLog::Info("batch stored", {{"accepted", 998}, {"actor", who}});
//
// An integer value is written as a JSON number, text as a JSON string, so
// that log tools can compare and sum statuses, durations and counts.
#ifndef SETELI_DAEMON_JSON_LOG_H_
#define SETELI_DAEMON_JSON_LOG_H_

#include <concepts>
#include <string>
#include <utility>
#include <vector>

namespace seteli::daemon {

// One field's value: text, or an integer that stays a number in the line.
class LogValue {
 public:
  LogValue(std::string text) : text_(std::move(text)) {}  // NOLINT: implicit by design
  LogValue(const char* text) : text_(text) {}             // NOLINT: implicit by design
  template <std::integral T>
  requires(!std::same_as<T, bool>) LogValue(T number)
      : text_(std::to_string(number)), number_(true) {}  // NOLINT
  // The value as it goes into the JSON line.
  std::string Json() const;

 private:
  std::string text_;
  bool number_ = false;
};

class JsonLog {
 public:
  using Fields = std::vector<std::pair<std::string, LogValue>>;
  // Where lines go: stderr unless a path is given (appended to).
  static void SetOutput(const std::string& path);
  static void Info(const std::string& msg, const Fields& fields = {});
  static void Warn(const std::string& msg, const Fields& fields = {});
  static void Error(const std::string& msg, const Fields& fields = {});

 private:
  static void Write(const char* level, const std::string& msg, const Fields& fields);
};

}  // namespace seteli::daemon

#endif  // SETELI_DAEMON_JSON_LOG_H_
