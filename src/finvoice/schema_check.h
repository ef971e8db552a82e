// The schema layer: a parsed Finvoice message against Finance Finland's
// Finvoice 3.0 XSD.
//
// The schema is the project's own copy (finvoice/schema/Finvoice3.0.xsd),
// compiled into the binary and parsed once per process; an instance's
// xsi:schemaLocation is never followed. All message versions are checked
// against it: its Version attribute enumerates 1.3, 2.0, 2.01 and 3.0, so
// older messages are read as Finance Finland meant, and anything else
// (e.g. Finvoice 1.2) fails on /Finvoice/@Version.
//
//   std::vector<InvoiceError> errors = CheckSchema(doc, part.first_line);
//   // errors[0].path == "/Finvoice/SellerPartyDetails/.../SellerTownName"
//
// Thread-safe.
#ifndef SETELI_FINVOICE_SCHEMA_CHECK_H_
#define SETELI_FINVOICE_SCHEMA_CHECK_H_

#include <libxml/tree.h>
#include <libxml/xmlschemas.h>

#include <string>
#include <vector>

#include "finvoice/validation_report.h"

namespace seteli::finvoice {

// At most this many schema errors are reported per message.
inline constexpr size_t kMaxSchemaErrors = 20;

// Code "schema_invalid" for each violation, with the element's path (and
// "/@Attribute" when an attribute is at fault) and its file line.
std::vector<InvoiceError> CheckSchema(xmlDoc* doc, int first_line);

// The compiled built-in schema, parsed on first use and kept for the
// process (shared read-only by every validation context).
xmlSchemaPtr Finvoice30Schema();

// The finding for libxml2's `message` about the element at `element_path`
// (its attribute appended when the message names one), at file `line`.
InvoiceError SchemaFinding(const std::string& message, std::string element_path, int line);

// The finding when libxml2 judged a message invalid but said nothing.
InvoiceError SchemaInvalidWithoutDetail(std::string path, int line);

// "/Finvoice/InvoiceDetails/InvoiceNumber": the element names from the
// root down to `node`, without positions.
std::string ElementPath(const xmlNode* node);

}  // namespace seteli::finvoice

#endif  // SETELI_FINVOICE_SCHEMA_CHECK_H_
