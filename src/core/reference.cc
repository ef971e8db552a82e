#include "seteli/reference.h"

#include <cctype>

#include "core/digits.h"

namespace seteli {
namespace {

using internal::AllDigits;

// Groups `s` in blocks of `n`, from the right when `from_right`.
std::string Group(const std::string& s, size_t n, bool from_right) {
  std::string out;
  size_t lead = from_right ? s.size() % n : 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if (i > 0 && (i >= lead) && (i - lead) % n == 0) out += ' ';
    out += s[i];
  }
  return out;
}

// The ISO 7064 mod 97-10 remainder of `s` with letters as 10..35.
int Mod97(std::string_view s) {
  int r = 0;
  for (char c : s) {
    if (std::isdigit(static_cast<unsigned char>(c))) {
      r = (r * 10 + (c - '0')) % 97;
    } else {
      int v = std::toupper(static_cast<unsigned char>(c)) - 'A' + 10;
      r = (r * 100 + v) % 97;
    }
  }
  return r;
}

bool Alnum(std::string_view s) {
  for (char c : s) {
    if (!std::isalnum(static_cast<unsigned char>(c))) return false;
  }
  return !s.empty();
}

}  // namespace

std::string CompactReference(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c != ' ') out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return out;
}

int FinnishReferenceCheckDigit(std::string_view base) {
  static const int kWeights[] = {7, 3, 1};
  int sum = 0;
  int k = 0;
  for (size_t i = base.size(); i-- > 0; ++k) sum += (base[i] - '0') * kWeights[k % 3];
  return (10 - sum % 10) % 10;
}

std::string MakeFinnishReference(std::string_view base) {
  std::string s(base);
  s += static_cast<char>('0' + FinnishReferenceCheckDigit(base));
  return Group(s, 5, true);
}

bool IsValidFinnishReference(std::string_view text) {
  std::string s = CompactReference(text);
  if (s.size() < 4 || s.size() > 20 || !AllDigits(s)) return false;
  std::string_view v(s);
  return FinnishReferenceCheckDigit(v.substr(0, v.size() - 1)) == v.back() - '0';
}

std::string MakeRfReference(std::string_view reference) {
  std::string ref = CompactReference(reference);
  int check = 98 - Mod97(ref + "RF00");
  std::string s = "RF" + std::string(check < 10 ? "0" : "") + std::to_string(check) + ref;
  return Group(s, 4, false);
}

bool IsValidRfReference(std::string_view text) {
  std::string s = CompactReference(text);
  if (s.size() < 5 || s.size() > 25 || s.substr(0, 2) != "RF" || !AllDigits(s.substr(2, 2)) ||
      !Alnum(s.substr(4))) {
    return false;
  }
  return Mod97(s.substr(4) + s.substr(0, 4)) == 1;
}

bool IsValidPaymentReference(std::string_view text) {
  std::string s = CompactReference(text);
  return s.substr(0, 2) == "RF" ? IsValidRfReference(s) : IsValidFinnishReference(s);
}

}  // namespace seteli
