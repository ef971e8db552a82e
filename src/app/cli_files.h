// Files the commands write: always whole (through a temporary file renamed
// into place, so a reader never sees half a file), and the self-billing
// invoices waiting in the outbox written out for people to look at.
#ifndef SETELI_APP_CLI_FILES_H_
#define SETELI_APP_CLI_FILES_H_

#include <filesystem>
#include <string_view>

#include "seteli/status.h"
#include "store/store.h"

namespace seteli::app {

// Creates the parent folders as needed. Error: write_failed.
Result<bool> WriteFileWhole(const std::filesystem::path& path, std::string_view text);

// The month's queued self-billing invoices, one `MESSAGE_ID.xml` each in
// `dir`; returns how many.
Result<int> WriteQueuedInvoices(store::Store& store, const std::string& month,
                                const std::filesystem::path& dir);

}  // namespace seteli::app

#endif  // SETELI_APP_CLI_FILES_H_
