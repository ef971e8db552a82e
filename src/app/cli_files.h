// The self-billing invoices waiting in the outbox written out for people
// to look at, each whole (export/output_file.h, as every file the commands
// write).
#ifndef SETELI_APP_CLI_FILES_H_
#define SETELI_APP_CLI_FILES_H_

#include <filesystem>

#include "seteli/status.h"
#include "store/outbox_store.h"

namespace seteli::app {

// The month's queued self-billing invoices, one `MESSAGE_ID.xml` each in
// `dir`; returns how many.
Result<int> WriteQueuedInvoices(store::OutboxStore& store, const std::string& month,
                                const std::filesystem::path& dir);

}  // namespace seteli::app

#endif  // SETELI_APP_CLI_FILES_H_
