#include "finvoice/validation_report.h"

#include <cstdio>

namespace seteli::finvoice {
namespace {

// Length of the UTF-8 sequence starting at s[i], or 0 when it is not one.
size_t Utf8Length(std::string_view s, size_t i) {
  auto b = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = b(i);
  size_t n = 0;
  if (c < 0x80) return 1;
  if (c >= 0xC2 && c <= 0xDF) n = 2;
  else if (c >= 0xE0 && c <= 0xEF) n = 3;
  else if (c >= 0xF0 && c <= 0xF4) n = 4;
  else return 0;
  if (i + n > s.size()) return 0;
  for (size_t k = 1; k < n; ++k) {
    if ((b(i + k) & 0xC0) != 0x80) return 0;
  }
  // Overlong or surrogate forms.
  if (c == 0xE0 && b(i + 1) < 0xA0) return 0;
  if (c == 0xED && b(i + 1) > 0x9F) return 0;
  if (c == 0xF0 && b(i + 1) < 0x90) return 0;
  if (c == 0xF4 && b(i + 1) > 0x8F) return 0;
  return n;
}

void AppendError(std::string& out, const InvoiceError& e) {
  out += "{\"code\":" + JsonString(e.code);
  out += ",\"layer\":" + JsonString(LayerName(e.layer));
  out += ",\"path\":" + JsonString(e.path);
  out += ",\"message_fi\":" + JsonString(e.message_fi);
  out += ",\"message_en\":" + JsonString(e.message_en);
  if (e.line > 0) out += ",\"line\":" + std::to_string(e.line);
  out += "}";
}

void AppendErrors(std::string& out, const std::vector<InvoiceError>& errors) {
  out += "[";
  for (size_t i = 0; i < errors.size(); ++i) {
    if (i) out += ",";
    AppendError(out, errors[i]);
  }
  out += "]";
}

}  // namespace

InvoiceError MakeError(Layer layer, std::string code, std::string path, int line, std::string fi,
                       std::string en) {
  InvoiceError e;
  e.code = std::move(code);
  e.layer = layer;
  e.path = std::move(path);
  e.line = line;
  e.message_fi = std::move(fi);
  e.message_en = std::move(en);
  return e;
}

const char* LayerName(Layer layer) {
  switch (layer) {
    case Layer::kParse: return "parse";
    case Layer::kSchema: return "schema";
    case Layer::kVat: return "vat";
    case Layer::kOrganizer: return "organizer";
  }
  return "parse";
}

std::string JsonString(std::string_view s) {
  std::string out = "\"";
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
      ++i;
    } else if (c < 0x20) {
      switch (c) {
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default: {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        }
      }
      ++i;
    } else {
      size_t n = Utf8Length(s, i);
      if (n == 0) {
        out += "\xEF\xBF\xBD";  // U+FFFD
        ++i;
      } else {
        out.append(s.substr(i, n));
        i += n;
      }
    }
  }
  out += "\"";
  return out;
}

std::string ToJsonLine(const InvoiceReport& r) {
  std::string out = "{\"file\":" + JsonString(r.file);
  out += ",\"valid\":";
  out += r.valid() ? "true" : "false";
  out += ",\"invoice_number\":" + (r.invoice_number ? JsonString(*r.invoice_number) : "null");
  out += ",\"seller\":" + (r.seller ? JsonString(*r.seller) : "null");
  out += ",\"errors\":";
  AppendErrors(out, r.errors);
  if (!r.warnings.empty()) {
    out += ",\"warnings\":";
    AppendErrors(out, r.warnings);
  }
  out += "}";
  return out;
}

std::string ToStderrLine(const std::string& file, const InvoiceError& e) {
  std::string where = file;
  if (e.line > 0) where += ":" + std::to_string(e.line);
  std::string msg = e.message_en;
  for (char& c : msg) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  return where + ": " + e.code + ": " + msg;
}

}  // namespace seteli::finvoice
