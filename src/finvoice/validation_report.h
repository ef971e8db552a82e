// What `seteli validate` says about one invoice: the errors of each layer,
// each with a stable code, the element at fault and a sentence in Finnish and
// English, and the one JSON line per invoice of the contract:
//
//   {"file","valid","invoice_number","seller",
//    "errors":[{"code","layer","path","message_fi","message_en"}]}
//
//   InvoiceReport r;
//   r.errors.push_back(MakeError(Layer::kVat, "missing_invoice_number", ...));
//   std::cout << ToJsonLine(r) << "\n";
#ifndef SETELI_FINVOICE_VALIDATION_REPORT_H_
#define SETELI_FINVOICE_VALIDATION_REPORT_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace seteli::finvoice {

enum class Layer { kParse, kSchema, kVat, kOrganizer };
const char* LayerName(Layer layer);  // "parse", "schema", "vat", "organizer"

// One finding. `line` is the line in the file as given (1-based), 0 when
// unknown.
struct InvoiceError {
  std::string code;
  Layer layer = Layer::kParse;
  std::string path;  // "/Finvoice/InvoiceDetails/InvoiceNumber", may be empty
  std::string message_fi;
  std::string message_en;
  int line = 0;
};

// The finding `code` of `layer` at `path` and `line`, in both languages:
// the one way every check writes one.
InvoiceError MakeError(Layer layer, std::string code, std::string path, int line, std::string fi,
                       std::string en);

// What the receiver keeps of a message beside the verdict: plain values
// read from it, as written (empty when missing).
struct InvoiceSummary {
  std::string invoice_date;     // CCYYMMDD
  std::string due_date;         // CCYYMMDD, EpiDateOptionDate (eräpäivä)
  std::string reference;        // EpiRemittanceInfoIdentifier (laskuviite)
  std::string total;            // EpiInstructedAmount, else InvoiceTotalVatIncludedAmount
  bool credit_note = false;
  std::string original_invoice_number;
};

// An invoice's claim on its seller's invoice number, for the
// duplicate-number check when that runs apart from the other checks (it
// needs the invoices in file order).
struct NumberClaim {
  std::string seller;  // business ID, or the identifier as written
  std::string number;
  std::string path;    // of the InvoiceNumber element
  int line = 0;
};

struct InvoiceReport {
  std::string file;  // exactly as given on the command line
  std::optional<std::string> invoice_number;
  std::optional<std::string> seller;  // business ID where it reads as one
  std::vector<InvoiceError> errors;
  std::vector<InvoiceError> warnings;  // never make an invoice invalid
  int line = 0;                        // where the Finvoice message starts
  InvoiceSummary summary;              // not part of the JSON line
  // Set only when the validator left the duplicate-number check to its
  // caller (ValidateOptions::defer_duplicate_check); not in the JSON line.
  std::optional<NumberClaim> number_claim;

  bool valid() const { return errors.empty(); }
};

// The report as one line of JSON (no trailing newline). Strings are escaped;
// bytes that are not UTF-8 become U+FFFD. "warnings" appears only when there
// are some.
std::string ToJsonLine(const InvoiceReport& report);

// `s` as a JSON string literal, quotes included.
std::string JsonString(std::string_view s);

// "file:line: code: message_en" (or "file: code: ..." without a line).
std::string ToStderrLine(const std::string& file, const InvoiceError& e);

}  // namespace seteli::finvoice

#endif  // SETELI_FINVOICE_VALIDATION_REPORT_H_
