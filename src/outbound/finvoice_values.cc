#include "outbound/finvoice_values.h"

#include <cstdio>
#include <cstdlib>

namespace seteli::outbound::internal {

std::string FinvoiceAmount(Money m) {
  std::string s = m.ToString();  // "87.50", "-5.00": always two decimals
  for (char& c : s) {
    if (c == '.') c = ',';
  }
  return s;
}

std::string FinvoiceDate(Date d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d%02d%02d", d.year(), d.month(), d.day());
  return buf;
}

std::string FinvoiceQuantity(int64_t milli) {
  std::string sign = milli < 0 ? "-" : "";
  int64_t a = std::llabs(milli);
  std::string s = sign + std::to_string(a / 1000);
  int64_t frac = a % 1000;
  if (frac == 0) return s;
  char buf[8];
  std::snprintf(buf, sizeof buf, "%03lld", static_cast<long long>(frac));
  std::string f = buf;
  while (!f.empty() && f.back() == '0') f.pop_back();
  return s + "," + f;
}

std::string CompactDigits(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c != ' ') out += c;
  }
  return out;
}

size_t Utf8Length(std::string_view text) {
  size_t n = 0;
  for (unsigned char c : text) {
    if ((c & 0xC0) != 0x80) ++n;
  }
  return n;
}

std::string Utf8Prefix(std::string_view text, size_t max_chars) {
  size_t chars = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if ((c & 0xC0) != 0x80) {
      if (chars == max_chars) return std::string(text.substr(0, i));
      ++chars;
    }
  }
  return std::string(text);
}

}  // namespace seteli::outbound::internal
