#include "store/postgres_url.h"

#include <cctype>
#include <string_view>

namespace seteli::store {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

std::string PercentDecode(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && HexValue(s[i + 1]) >= 0 && HexValue(s[i + 2]) >= 0) {
      out += static_cast<char>(HexValue(s[i + 1]) * 16 + HexValue(s[i + 2]));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

void Add(std::string& info, const std::string& key, std::string_view raw) {
  if (raw.empty()) return;
  std::string quoted;
  for (char c : PercentDecode(raw)) {
    if (c == '\'' || c == '\\') quoted += '\\';
    quoted += c;
  }
  if (!info.empty()) info += ' ';
  info += key + "='" + quoted + "'";
}

// Splits `s` at the first `sep`: the part before goes to `head` (or all of
// `s` when absent, with `rest` empty).
void SplitAt(std::string_view s, char sep, std::string_view& head, std::string_view& rest,
             bool from_right = false) {
  size_t at = from_right ? s.rfind(sep) : s.find(sep);
  head = at == std::string_view::npos ? s : s.substr(0, at);
  rest = at == std::string_view::npos ? std::string_view() : s.substr(at + 1);
}

}  // namespace

Result<std::string> PostgresConnInfo(const std::string& url) {
  std::string_view s = url;
  for (std::string_view scheme : {"postgresql://", "postgres://"}) {
    if (s.substr(0, scheme.size()) == scheme) {
      s.remove_prefix(scheme.size());
      break;
    }
  }
  if (s.size() == url.size()) return Error{"bad_store_url", "not a postgresql:// URL", ""};
  std::string_view authority, path, query, userinfo, hostport;
  SplitAt(s, '?', path, query);
  SplitAt(path, '/', authority, path);
  size_t at = authority.rfind('@');
  userinfo = at == std::string_view::npos ? std::string_view() : authority.substr(0, at);
  hostport = at == std::string_view::npos ? authority : authority.substr(at + 1);
  std::string info;
  std::string_view user, password, host, port;
  SplitAt(userinfo, ':', user, password);
  SplitAt(hostport, ':', host, port, true);
  if (!host.empty() && host.front() == '[') host = host.substr(1, host.size() - 2);
  Add(info, "user", user);
  Add(info, "password", password);
  Add(info, "host", host);
  Add(info, "port", port);
  Add(info, "dbname", path);
  while (!query.empty()) {
    std::string_view pair, key, value;
    SplitAt(query, '&', pair, query);
    SplitAt(pair, '=', key, value);
    if (key.empty()) continue;
    Add(info, PercentDecode(key), value);
  }
  if (info.empty()) return Error{"bad_store_url", "empty PostgreSQL URL", ""};
  return info;
}

}  // namespace seteli::store
