// Internal to src/outbound: how Finvoice writes values. Amounts and
// quantities take a decimal comma ("1234,50", "3,5"), dates are CCYYMMDD.
//
//   FinvoiceAmount(Money::FromCents(123450));   // "1234,50"
//   FinvoiceDate(Date::FromYmd(2024, 5, 31));   // "20240531"
//   FinvoiceQuantity(3500);                     // "3,5"
#ifndef SETELI_OUTBOUND_FINVOICE_VALUES_H_
#define SETELI_OUTBOUND_FINVOICE_VALUES_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "seteli/date.h"
#include "seteli/money.h"

namespace seteli::outbound::internal {

// Exact cents with two decimals and a comma; "-5,00" for negatives.
std::string FinvoiceAmount(Money m);
// "20240531".
std::string FinvoiceDate(Date d);
// Thousandths as the shortest decimal with a comma: 3500 -> "3,5", -31000 -> "-31".
std::string FinvoiceQuantity(int64_t milli);
// The reference without spaces, as EpiRemittanceInfoIdentifier wants it.
std::string CompactDigits(std::string_view text);
// At most `max` characters of UTF-8 text, never cutting a character in two
// (Finvoice and UBL lengths count characters, not bytes).
std::string Utf8Prefix(std::string_view text, size_t max_chars);
size_t Utf8Length(std::string_view text);

}  // namespace seteli::outbound::internal

#endif  // SETELI_OUTBOUND_FINVOICE_VALUES_H_
