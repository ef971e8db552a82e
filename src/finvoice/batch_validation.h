// Validates many files on several threads and hands the reports back in
// the order of the files, as `seteli validate` prints them.
//
//   ValidateFiles(files, options, /*jobs=*/2, [](const std::string& file, FileReports& r) {
//     ...  // called on the calling thread, file by file, in order
//   });
//
// Each worker thread has its own InvoiceValidator; the compiled schema,
// rulebook, providers and settlements are shared read-only. The
// duplicate-invoice-number check, the one check that depends on the
// invoices before, runs on the calling thread in file order, so the
// reports are the same as one validator's going through the files in turn.
#ifndef SETELI_FINVOICE_BATCH_VALIDATION_H_
#define SETELI_FINVOICE_BATCH_VALIDATION_H_

#include <functional>
#include <string>
#include <vector>

#include "finvoice/invoice_validator.h"
#include "finvoice/validation_report.h"
#include "seteli/status.h"

namespace seteli::finvoice {

using FileReports = Result<std::vector<InvoiceReport>>;

// `jobs` worker threads; with one (or one file) all runs on the calling
// thread. `options.numbers`, when set, is the
// register the duplicate check uses; `options.defer_duplicate_check` is
// ignored. Exceptions from a worker (a broken built-in schema, out of
// memory) are rethrown here.
void ValidateFiles(const std::vector<std::string>& files, const ValidateOptions& options, int jobs,
                   const std::function<void(const std::string& file, FileReports& reports)>& emit);

}  // namespace seteli::finvoice

#endif  // SETELI_FINVOICE_BATCH_VALIDATION_H_
