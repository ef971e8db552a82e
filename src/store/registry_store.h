// The registry the settling reads: providers, service voucher decisions,
// the rulebook history and absences.
// One role of the store (store.h): callers that need only this take it.
#ifndef SETELI_STORE_REGISTRY_STORE_H_
#define SETELI_STORE_REGISTRY_STORE_H_

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "seteli/status.h"
#include "store/audit_log.h"
#include "store/month_records.h"

namespace seteli::store {

// A provider or decision as JSON, keyed by business ID or decision ID.
struct Document {
  std::string id;
  std::string body;
  std::string updated_at;
};

struct RulebookRecord {
  std::string version;
  int year = 0;
  std::string body;  // the YAML text as loaded
  std::string loaded_at;
};

class RegistryStore {
 public:
  virtual ~RegistryStore() = default;

  // Inserts or replaces by ID.
  virtual Result<Done> PutProviders(std::span<const Document> providers,
                                    const AuditEntry& audit) = 0;
  virtual Result<std::vector<Document>> ListProviders() = 0;
  virtual Result<Done> PutDecisions(std::span<const Document> decisions,
                                    const AuditEntry& audit) = 0;
  virtual Result<std::vector<Document>> ListDecisions() = 0;
  // Rulebooks are kept as a history; the latest put is the current one.
  virtual Result<Done> PutRulebook(const RulebookRecord& rulebook, const AuditEntry& audit) = 0;
  virtual Result<std::optional<RulebookRecord>> CurrentRulebook() = 0;
  // Inserts or replaces absences by ID.
  virtual Result<Done> PutAbsences(std::span<const AbsenceRow> absences,
                                   const AuditEntry& audit) = 0;
  virtual Result<std::vector<AbsenceRow>> ListAbsences() = 0;
};

}  // namespace seteli::store

#endif  // SETELI_STORE_REGISTRY_STORE_H_
