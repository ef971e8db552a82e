// The registries an event is checked against: the organizer's rulebook, the
// providers and the decisions, as one immutable snapshot. The daemon swaps
// in a new snapshot when providers or decisions are posted or the rulebook
// is reloaded (SIGHUP, PUT /v1/rulebook); a request keeps the snapshot it
// started with.
//
//   CatalogHolder holder(LoadCatalog(store, rulebook).value());
//   std::shared_ptr<const Catalog> c = holder.Get();
//   std::optional<Rejection> r = CheckEvent(c->context(), event);
#ifndef SETELI_DAEMON_CATALOG_H_
#define SETELI_DAEMON_CATALOG_H_

#include <memory>
#include <mutex>

#include "seteli/decision.h"
#include "seteli/provider.h"
#include "seteli/rulebook.h"
#include "seteli/settle.h"
#include "seteli/status.h"
#include "store/registry_store.h"

namespace seteli::daemon {

struct Catalog {
  Rulebook rulebook;
  ProviderRegistry providers;
  DecisionBook decisions;

  SettleContext context() const { return SettleContext{&rulebook, &providers, &decisions}; }
};

// Reads providers and decisions from the store and checks them against
// `rulebook`. Errors: the store's, or the first invalid document's.
Result<std::shared_ptr<const Catalog>> LoadCatalog(store::RegistryStore& store, Rulebook rulebook);

// Thread-safe holder of the current snapshot.
class CatalogHolder {
 public:
  explicit CatalogHolder(std::shared_ptr<const Catalog> c) : current_(std::move(c)) {}
  std::shared_ptr<const Catalog> Get() const {
    std::lock_guard<std::mutex> lock(mu_);
    return current_;
  }
  void Set(std::shared_ptr<const Catalog> c) {
    std::lock_guard<std::mutex> lock(mu_);
    current_ = std::move(c);
  }

 private:
  mutable std::mutex mu_;
  std::shared_ptr<const Catalog> current_;
};

}  // namespace seteli::daemon

#endif  // SETELI_DAEMON_CATALOG_H_
