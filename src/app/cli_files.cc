#include "app/cli_files.h"

#include <fstream>

namespace seteli::app {

namespace fs = std::filesystem;

Result<bool> WriteFileWhole(const fs::path& path, std::string_view text) {
  std::error_code ec;
  if (path.has_parent_path()) fs::create_directories(path.parent_path(), ec);
  std::string tmp = path.string() + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << text;
    out.flush();
    if (!out) return Error{"write_failed", "cannot write " + path.string()};
  }
  fs::rename(tmp, path, ec);
  if (ec) return Error{"write_failed", "cannot write " + path.string() + ": " + ec.message()};
  return true;
}

Result<int> WriteQueuedInvoices(store::Store& store, const std::string& month, const fs::path& dir) {
  auto queued = store.ListOutbox("queued");
  if (!queued.ok()) return queued.error();
  int n = 0;
  for (const store::OutboxMessage& m : queued.value()) {
    if (m.kind != "self_billing_invoice" || m.month != month) continue;
    if (auto w = WriteFileWhole(dir / (m.message_id + ".xml"), m.body); !w.ok()) return w.error();
    ++n;
  }
  return n;
}

}  // namespace seteli::app
