// Structured logs: one JSON object a line, {"ts","level","msg",...fields}.
// Callers pass only what may be logged: business IDs, event and decision
// IDs, pseudonymous client IDs, counts. Never tokens or identity codes.
//
//   JsonLog::Info("batch stored", {{"accepted", "998"}, {"actor", who}});
#ifndef SETELI_API_JSON_LOG_H_
#define SETELI_API_JSON_LOG_H_

#include <string>
#include <utility>
#include <vector>

namespace seteli::api {

class JsonLog {
 public:
  using Fields = std::vector<std::pair<std::string, std::string>>;
  // Where lines go: stderr unless a path is given (appended to).
  static void SetOutput(const std::string& path);
  static void Info(const std::string& msg, const Fields& fields = {});
  static void Warn(const std::string& msg, const Fields& fields = {});
  static void Error(const std::string& msg, const Fields& fields = {});

 private:
  static void Write(const char* level, const std::string& msg, const Fields& fields);
};

}  // namespace seteli::api

#endif  // SETELI_API_JSON_LOG_H_
