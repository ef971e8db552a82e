// Checks an outgoing Peppol invoice response against the UBL 2.1
// ApplicationResponse schema the project ships (peppol/xsd), before it is
// stored or sent: a response the provider's access point would refuse is
// caught here.
//
//   std::optional<std::string> why = InvoiceResponseSchemaProblem(xml);
//
// The schema is compiled once per process. Thread-safe.
#ifndef SETELI_RECEIVING_UBL_SCHEMA_H_
#define SETELI_RECEIVING_UBL_SCHEMA_H_

#include <optional>
#include <string>

namespace seteli::receiving {

// Nothing when `xml` is valid; otherwise the first problem (also when the
// schema itself cannot be loaded).
std::optional<std::string> InvoiceResponseSchemaProblem(const std::string& xml);

}  // namespace seteli::receiving

#endif  // SETELI_RECEIVING_UBL_SCHEMA_H_
