// Runs the layers over one file: size cap, split into documents (SOAP frame
// + Finvoice message, batches of such pairs; also a <Finvoices> wrapper of
// several messages, or a message inside the SOAP Body), parse, schema, VAT
// and, when configured, organizer. One report per Finvoice message; a file that holds
// no readable message gets one report carrying why.
//
//   InvoiceValidator v(ValidateOptions{});
//   Result<std::vector<InvoiceReport>> r = v.ValidateFile("in.xml", "in.xml");
//
// The parse layer stops a document; the schema layer does not stop the
// VAT and organizer layers, so a rejection lists every reason at once.
// One validator is not thread-safe (the invoice-number register is shared
// across files); validators with `defer_duplicate_check` may run in
// parallel, one per thread.
#ifndef SETELI_FINVOICE_INVOICE_VALIDATOR_H_
#define SETELI_FINVOICE_INVOICE_VALIDATOR_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "finvoice/invoice_fields.h"
#include "finvoice/organizer_check.h"
#include "finvoice/streamed_message.h"
#include "finvoice/validation_report.h"
#include "finvoice/xml_reader.h"
#include "seteli/status.h"

namespace seteli::finvoice {

struct ValidateOptions {
  ReaderLimits limits;
  // The organizer layer runs when this is set (rulebook and providers).
  const OrganizerContext* organizer = nullptr;
  // Where invoice numbers already seen are kept; the validator's own
  // register (this call's files only) when not set.
  InvoiceNumberRegister* numbers = nullptr;
  // Leave the duplicate-number check to the caller: each report carries its
  // `number_claim` instead, to be checked in file order. For validating
  // several files at once (ValidateFiles).
  bool defer_duplicate_check = false;
};

class InvoiceValidator {
 public:
  // Compiles the Finvoice schema if no validator did yet: it lives for the
  // process, outside the arenas documents are read in (xml_arena.h).
  explicit InvoiceValidator(ValidateOptions options);

  // `display_name` goes into each report's "file" as given. Error code
  // "unreadable" when the file cannot be opened or read.
  Result<std::vector<InvoiceReport>> ValidateFile(const std::string& path,
                                                  const std::string& display_name);

  std::vector<InvoiceReport> ValidateBytes(std::string_view bytes, const std::string& display_name);

 private:
  // A file that is one bare Finvoice message, read whole without splitting
  // it first; none when it does not parse as one, and the file is split.
  std::optional<InvoiceReport> ValidateLoneMessage(std::string_view bytes, const std::string& file);
  InvoiceReport ValidateMessage(xmlDoc* doc, int first_line, const std::string& file);
  // `doc` is the message's tree without its rows, which `message` holds.
  InvoiceReport ValidateStreamed(StreamedMessage& message, xmlDoc* doc, int first_line,
                                 const std::string& file);
  // The VAT and organizer layers over the fields, after the schema's findings.
  InvoiceReport Judge(std::vector<InvoiceError> schema_errors, InvoiceFields fields, int first_line,
                      const std::string& file);

  ValidateOptions options_;
  InvoiceNumberRegister numbers_;
};

}  // namespace seteli::finvoice

#endif  // SETELI_FINVOICE_INVOICE_VALIDATOR_H_
