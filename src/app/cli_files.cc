#include "app/cli_files.h"

#include "export/output_file.h"

namespace seteli::app {

namespace fs = std::filesystem;

Result<int> WriteQueuedInvoices(store::OutboxStore& store, const std::string& month,
                                const fs::path& dir) {
  auto queued = store.ListOutbox("queued");
  if (!queued.ok()) return queued.error();
  int n = 0;
  for (const store::OutboxMessage& m : queued.value()) {
    if (m.kind != "self_billing_invoice" || m.month != month) continue;
    auto w =
        exports::WriteOutputFile(dir / (m.message_id + ".xml"), m.body, exports::Folders::kCreate);
    if (!w.ok()) return w.error();
    ++n;
  }
  return n;
}

}  // namespace seteli::app
