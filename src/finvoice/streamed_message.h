// One Finvoice message read in a single streaming pass, so that its
// memory does not grow with its rows: the Finvoice 3.0 schema is checked
// while libxml2 parses (the validator plugged into the parser's SAX
// events, xmlSchemaSAXPlug), and each top-level InvoiceRow is read into
// its fields and freed as soon as it closes. What stays is a tree of the
// message without its rows (the parties, details, payment) and the rows'
// fields: a 31 MB invoice of 44,000 rows no longer costs a tree of
// 300 MB (docs/performance-history.md, "Memory").
//
//   StreamedMessage m = StreamFinvoice(bytes, part.first_line);
//   if (m.parse_error) ...;           // as ParseXml's, nothing else set
//   InvoiceFields f = ExtractInvoiceFields(xmlDocGetRootElement(m.doc.get()), line);
//   f.rows = std::move(m.rows);       // the tree has none left
//
// Findings are those CheckSchema gives for the whole tree, with the same
// paths and lines, in the same order. Thread-safe (one call per thread).
#ifndef SETELI_FINVOICE_STREAMED_MESSAGE_H_
#define SETELI_FINVOICE_STREAMED_MESSAGE_H_

#include <optional>
#include <string_view>
#include <vector>

#include "finvoice/invoice_fields.h"
#include "finvoice/validation_report.h"
#include "finvoice/xml_reader.h"

namespace seteli::finvoice {

struct StreamedMessage {
  std::optional<InvoiceError> parse_error;  // then nothing below is set
  XmlDocPtr doc;                            // the message without its InvoiceRows
  std::vector<InvoiceError> schema_errors;  // at most kMaxSchemaErrors
  std::vector<InvoiceRowFields> rows;       // the InvoiceRows, in order
};

// `bytes` is one document (DocumentPart) starting at `first_line` of the
// file, whose root the splitter named Finvoice.
StreamedMessage StreamFinvoice(std::string_view bytes, int first_line);

}  // namespace seteli::finvoice

#endif  // SETELI_FINVOICE_STREAMED_MESSAGE_H_
