#include "seteli/einvoice_address.h"

#include <cctype>
#include <string>

#include "seteli/business_id.h"

namespace seteli {

bool IsValidOvt(std::string_view text) {
  if (text.size() < 12 || text.size() > 17 || text.substr(0, 4) != "0037") return false;
  std::string id = std::string(text.substr(4, 7)) + "-" + std::string(text.substr(11, 1));
  if (!BusinessId::Parse(id).ok()) return false;
  for (char c : text.substr(12)) {
    if (!std::isalnum(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

bool IsValidIban(std::string_view text) {
  std::string s;
  for (char c : text) {
    if (c != ' ') s += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  if (s.size() < 15 || s.size() > 34 || !std::isalpha(static_cast<unsigned char>(s[0])) ||
      !std::isalpha(static_cast<unsigned char>(s[1]))) {
    return false;
  }
  std::string moved = s.substr(4) + s.substr(0, 4);
  int r = 0;
  for (char c : moved) {
    if (std::isdigit(static_cast<unsigned char>(c))) {
      r = (r * 10 + (c - '0')) % 97;
    } else if (std::isalpha(static_cast<unsigned char>(c))) {
      r = (r * 100 + (c - 'A' + 10)) % 97;
    } else {
      return false;
    }
  }
  return r == 1;
}

bool IsValidEinvoiceAddress(std::string_view text) { return IsValidOvt(text) || IsValidIban(text); }

}  // namespace seteli
