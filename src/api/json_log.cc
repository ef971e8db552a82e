#include "api/json_log.h"

#include <cstdio>
#include <mutex>

#include "store/utc_now.h"

namespace seteli::api {
namespace {

std::mutex g_mu;
FILE* g_out = nullptr;

void AppendQuoted(std::string& out, const std::string& s) {
  out += '"';
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
  }
  out += '"';
}

}  // namespace

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
  AppendQuoted(line, store::UtcNow());
  line += ",\"level\":\"";
  line += level;
  line += "\",\"msg\":";
  AppendQuoted(line, msg);
  for (const auto& [key, value] : fields) {
    line += ',';
    AppendQuoted(line, key);
    line += ':';
    AppendQuoted(line, value);
  }
  line += "}\n";
  std::lock_guard<std::mutex> lock(g_mu);
  FILE* out = g_out ? g_out : stderr;
  std::fputs(line.c_str(), out);
  std::fflush(out);
}

}  // namespace seteli::api
