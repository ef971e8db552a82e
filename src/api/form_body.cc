#include "api/form_body.h"

#include <Poco/Exception.h>
#include <Poco/URI.h>

#include <algorithm>
#include <cctype>

namespace seteli::api {
namespace {

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

std::string Trim(const std::string& s) {
  size_t a = s.find_first_not_of(" \t"), b = s.find_last_not_of(" \t");
  return a == std::string::npos ? "" : s.substr(a, b - a + 1);
}

// The parameter `name` of a header value (`multipart/form-data; boundary=x`,
// `form-data; name="file"; filename="a.csv"`), unquoted; empty when absent.
std::string Parameter(const std::string& value, const std::string& name) {
  size_t pos = 0;
  while ((pos = value.find(';', pos)) != std::string::npos) {
    std::string item = Trim(value.substr(pos + 1, value.find(';', pos + 1) - pos - 1));
    ++pos;
    size_t eq = item.find('=');
    if (eq == std::string::npos || Lower(Trim(item.substr(0, eq))) != name) continue;
    std::string v = Trim(item.substr(eq + 1));
    if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
    return v;
  }
  return "";
}

std::string Decode(std::string s) {
  std::replace(s.begin(), s.end(), '+', ' ');
  std::string out;
  Poco::URI::decode(s, out);
  return out;
}

std::map<std::string, std::string> UrlEncoded(const std::string& body) {
  std::map<std::string, std::string> fields;
  size_t pos = 0;
  while (pos <= body.size()) {
    size_t end = std::min(body.find('&', pos), body.size());
    std::string pair = body.substr(pos, end - pos);
    size_t eq = pair.find('=');
    if (!pair.empty()) {
      fields.emplace(Decode(pair.substr(0, eq)),
                     eq == std::string::npos ? "" : Decode(pair.substr(eq + 1)));
    }
    pos = end + 1;
  }
  return fields;
}

Error BadForm(const std::string& what) { return Error{"bad_form", what, "body"}; }

// RFC 7578: parts between "--boundary" lines, each with its headers, a
// blank line and its content up to the CRLF before the next boundary.
Result<std::map<std::string, std::string>> Multipart(const std::string& body,
                                                     const std::string& boundary) {
  std::map<std::string, std::string> fields;
  const std::string delimiter = "--" + boundary;
  size_t pos = body.find(delimiter);
  if (pos == std::string::npos) return BadForm("no part starts with the boundary");
  for (;;) {
    pos += delimiter.size();
    if (body.compare(pos, 2, "--") == 0) return fields;  // the closing delimiter
    size_t head_end = body.find("\r\n\r\n", pos);
    size_t next = body.find("\r\n" + delimiter, pos);
    if (head_end == std::string::npos || next == std::string::npos || next < head_end) {
      return BadForm("a part is cut short");
    }
    std::string name;
    for (size_t line = pos; line < head_end;) {
      size_t eol = std::min(body.find("\r\n", line), head_end);
      std::string header = body.substr(line, eol - line);
      if (Lower(header).rfind("content-disposition:", 0) == 0) name = Parameter(header, "name");
      line = eol + 2;
    }
    if (!name.empty()) fields.emplace(name, body.substr(head_end + 4, next - head_end - 4));
    pos = next + 2;
  }
}

}  // namespace

Result<std::map<std::string, std::string>> FormFields(const std::string& content_type,
                                                      const std::string& body) {
  std::string type = Lower(Trim(content_type.substr(0, content_type.find(';'))));
  try {
    if (type == "application/x-www-form-urlencoded") return UrlEncoded(body);
  } catch (const Poco::Exception& e) {
    return BadForm(e.displayText());
  }
  if (type == "multipart/form-data") {
    std::string boundary = Parameter(content_type, "boundary");
    if (boundary.empty()) return BadForm("multipart/form-data without its boundary");
    return Multipart(body, boundary);
  }
  return BadForm("a form is sent as application/x-www-form-urlencoded or multipart/form-data");
}

std::string CookieValue(const std::string& header, const std::string& name) {
  size_t pos = 0;
  while (pos < header.size()) {
    size_t end = std::min(header.find(';', pos), header.size());
    std::string item = Trim(header.substr(pos, end - pos));
    size_t eq = item.find('=');
    if (eq != std::string::npos && item.substr(0, eq) == name) return item.substr(eq + 1);
    pos = end + 1;
  }
  return "";
}

std::string FormField(const std::map<std::string, std::string>& form, const std::string& key) {
  auto it = form.find(key);
  return it == form.end() ? "" : it->second;
}

}  // namespace seteli::api
