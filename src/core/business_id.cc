#include "seteli/business_id.h"

#include "core/digits.h"

namespace seteli {
namespace {

using internal::AllDigits;

Error Invalid(std::string_view text, const std::string& why) {
  return Error{"invalid_business_id", "'" + std::string(text) + "' is not a valid business ID: " + why};
}

}  // namespace

int BusinessId::CheckDigit(std::string_view seven) {
  static const int kWeights[] = {7, 9, 10, 5, 8, 4, 2};
  int sum = 0;
  for (int i = 0; i < 7; ++i) sum += (seven[i] - '0') * kWeights[i];
  int r = sum % 11;
  if (r == 0) return 0;
  if (r == 1) return -1;
  return 11 - r;
}

Result<BusinessId> BusinessId::Parse(std::string_view text) {
  if (text.size() != 9 || text[7] != '-' || !AllDigits(text.substr(0, 7)) ||
      !AllDigits(text.substr(8, 1))) {
    return Invalid(text, "expected seven digits, '-' and a check digit");
  }
  int check = CheckDigit(text.substr(0, 7));
  if (check < 0 || check != text[8] - '0') return Invalid(text, "wrong check digit");
  return BusinessId(std::string(text));
}

Result<BusinessId> BusinessId::FromVatNumber(std::string_view text) {
  if (text.size() != 10 || (text.substr(0, 2) != "FI" && text.substr(0, 2) != "fi") ||
      !AllDigits(text.substr(2))) {
    return Invalid(text, "expected FI and eight digits");
  }
  std::string id = std::string(text.substr(2, 7)) + "-" + std::string(text.substr(9, 1));
  return Parse(id);
}

std::string BusinessId::digits() const { return id_.substr(0, 7) + id_.substr(8, 1); }

std::string BusinessId::VatNumber() const { return "FI" + digits(); }

}  // namespace seteli
