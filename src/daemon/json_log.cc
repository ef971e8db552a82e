#include "daemon/json_log.h"

#include <cstdio>
#include <mutex>

#include "formats/pretty_json_writer.h"
#include "seteli/clock.h"

namespace seteli::daemon {
namespace {

std::mutex g_mu;
FILE* g_out = nullptr;

}  // namespace

std::string LogValue::Json() const { return number_ ? text_ : formats::JsonQuoted(text_); }

void JsonLog::SetOutput(const std::string& path) {
  std::lock_guard<std::mutex> lock(g_mu);
  if (g_out && g_out != stderr) std::fclose(g_out);
  g_out = path.empty() ? stderr : std::fopen(path.c_str(), "a");
  if (!g_out) g_out = stderr;
}

void JsonLog::Info(const std::string& msg, const Fields& f) { Write("info", msg, f); }
void JsonLog::Warn(const std::string& msg, const Fields& f) { Write("warn", msg, f); }
void JsonLog::Error(const std::string& msg, const Fields& f) { Write("error", msg, f); }

void JsonLog::Write(const char* level, const std::string& msg, const Fields& fields) {
  std::string line = "{\"ts\":";
  line += formats::JsonQuoted(SystemClock::Instance().UtcText());
  line += ",\"level\":\"";
  line += level;
  line += "\",\"msg\":";
  line += formats::JsonQuoted(msg);
  for (const auto& [key, value] : fields) {
    line += ',';
    line += formats::JsonQuoted(key);
    line += ':';
    line += value.Json();
  }
  line += "}\n";
  std::lock_guard<std::mutex> lock(g_mu);
  FILE* out = g_out ? g_out : stderr;
  std::fputs(line.c_str(), out);
  std::fflush(out);
}

}  // namespace seteli::daemon
