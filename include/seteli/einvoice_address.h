// E-invoice addresses. In Finland the organisation's OVT identifier:
// "0037" + the business ID's eight digits + an optional suffix of up to five
// characters (e.g. a cost centre), e.g. "003707259373108"; an IBAN is also a
// valid receiving address.
#ifndef SETELI_EINVOICE_ADDRESS_H_
#define SETELI_EINVOICE_ADDRESS_H_

#include <string_view>

namespace seteli {

bool IsValidOvt(std::string_view text);
bool IsValidIban(std::string_view text);
bool IsValidEinvoiceAddress(std::string_view text);

}  // namespace seteli

#endif  // SETELI_EINVOICE_ADDRESS_H_
