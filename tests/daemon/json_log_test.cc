// The daemon's JSON log: integers are JSON numbers, text JSON strings
// (quoted and escaped), one object a line.
#include "daemon/json_log.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

namespace seteli::daemon {
namespace {

std::string LoggedLine(const std::string& msg, const JsonLog::Fields& fields) {
  char path[] = "/tmp/seteli-json-log-XXXXXX";
  int fd = mkstemp(path);
  EXPECT_GE(fd, 0);
  close(fd);
  JsonLog::SetOutput(path);
  JsonLog::Info(msg, fields);
  JsonLog::SetOutput("");
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  unlink(path);
  return text.str();
}

// Everything after the timestamp, which changes.
std::string AfterTs(const std::string& line) { return line.substr(line.find(",\"level\"")); }

TEST(JsonLog, IntegersAreNumbersAndTextIsQuoted) {
  int64_t ms = 1234567890123;
  std::string line = LoggedLine("request", {{"status", 404},
                                            {"ms", ms},
                                            {"attempt", 3u},
                                            {"path", "/v1/x\"y"},
                                            {"count_as_text", std::string("12")}});
  EXPECT_EQ(AfterTs(line),
            ",\"level\":\"info\",\"msg\":\"request\",\"status\":404,\"ms\":1234567890123,"
            "\"attempt\":3,\"path\":\"/v1/x\\\"y\",\"count_as_text\":\"12\"}\n");
}

TEST(JsonLog, NegativeNumbersStayNumbers) {
  EXPECT_EQ(AfterTs(LoggedLine("m", {{"delta", -5}})),
            ",\"level\":\"info\",\"msg\":\"m\",\"delta\":-5}\n");
}

}  // namespace
}  // namespace seteli::daemon
