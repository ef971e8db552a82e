// Finnish business ID (Y-tunnus), "1234567-8".
//
// The check digit: weights 7, 9, 10, 5, 8, 4, 2 over the first seven digits,
// sum mod 11; remainder 0 gives 0, remainder 1 is never issued, otherwise
// 11 - remainder.
//
//   BusinessId::Parse("2345678-0").ok();          // true
//   BusinessId::FromVatNumber("FI23456780");      // "2345678-0"
#ifndef SETELI_BUSINESS_ID_H_
#define SETELI_BUSINESS_ID_H_

#include <string>
#include <string_view>

#include "seteli/status.h"

namespace seteli {

class BusinessId {
 public:
  // Strict "NNNNNNN-C" with a valid check digit; code "invalid_business_id".
  static Result<BusinessId> Parse(std::string_view text);
  // "FI" + eight digits, the VAT number form.
  static Result<BusinessId> FromVatNumber(std::string_view text);
  // The check digit for seven digits, or -1 where remainder 1 makes none.
  static int CheckDigit(std::string_view seven_digits);

  const std::string& str() const { return id_; }
  std::string digits() const;      // "23456780"
  std::string VatNumber() const;   // "FI23456780"
  bool operator==(const BusinessId&) const = default;

 private:
  explicit BusinessId(std::string id) : id_(std::move(id)) {}
  std::string id_;
};

}  // namespace seteli

#endif  // SETELI_BUSINESS_ID_H_
