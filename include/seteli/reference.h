// Payment references: the Finnish national reference number (viitenumero,
// 7-3-1 check digit) and the RF creditor reference (ISO 11649, mod 97).
// Settlements carry one as their invoice reference (laskuviite); incoming
// invoices are checked with them.
//
//   std::string r = MakeFinnishReference("1234");   // "12344"
//   IsValidFinnishReference("1 23453");            // spaces are ignored
//   MakeRfReference("12344");                       // "RF45 12344"... grouped by four
#ifndef SETELI_REFERENCE_H_
#define SETELI_REFERENCE_H_

#include <string>
#include <string_view>

namespace seteli {

enum class ReferenceKind { kFinnish, kRf };

// The 7-3-1 check digit of a base of 3 to 19 digits.
int FinnishReferenceCheckDigit(std::string_view base_digits);
// Base digits plus check digit, grouped in fives from the right
// ("12345 67890 3" style is not used; the banks group from the right).
std::string MakeFinnishReference(std::string_view base_digits);
// 4 to 20 digits (spaces allowed) whose last digit checks.
bool IsValidFinnishReference(std::string_view text);

// "RF" + two check digits + the reference (alphanumeric, up to 21), printed
// in groups of four.
std::string MakeRfReference(std::string_view reference);
bool IsValidRfReference(std::string_view text);

// Either kind, recognised by the "RF" prefix.
bool IsValidPaymentReference(std::string_view text);
// The reference without spaces, for comparing.
std::string CompactReference(std::string_view text);

}  // namespace seteli

#endif  // SETELI_REFERENCE_H_
