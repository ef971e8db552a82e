// What the organizer layer needs from a month's settlement.json (the output
// of `seteli settle`): each settlement's provider, invoice reference
// (laskuviite) and voucher total, and the services on its lines.
//
//   Result<SettlementIndex> s = LoadSettlementIndex("settlement.json");
//   const SettlementSummary* hit = s.value().FindByReference("12345 67890 3");
#ifndef SETELI_FINVOICE_SETTLEMENT_INDEX_H_
#define SETELI_FINVOICE_SETTLEMENT_INDEX_H_

#include <map>
#include <string>
#include <vector>

#include "seteli/money.h"
#include "seteli/status.h"

namespace seteli::finvoice {

struct SettlementSummary {
  std::string provider;   // business ID
  std::string reference;  // as written
  Money voucher_total;
  std::vector<std::string> services;  // distinct service codes of its lines
};

// Where the organizer layer finds the settlement an invoice refers to: a
// settlement.json read whole (SettlementIndex), or the daemon's store,
// asked for the one reference at hand.
class SettlementLookup {
 public:
  virtual ~SettlementLookup() = default;
  // By reference compared without white space (and case, for RF); null
  // when there is none. The pointer lives as long as the lookup.
  virtual const SettlementSummary* FindByReference(const std::string& reference) const = 0;
};

class SettlementIndex : public SettlementLookup {
 public:
  void Add(SettlementSummary s);
  const SettlementSummary* FindByReference(const std::string& reference) const override;
  const std::vector<SettlementSummary>& all() const { return settlements_; }
  std::string month;

 private:
  std::vector<SettlementSummary> settlements_;
  std::map<std::string, size_t> by_reference_;
};

// Reads settlement.json text; `file` names it in errors (code
// "invalid_settlements").
Result<SettlementIndex> ParseSettlementIndex(const std::string& text, const std::string& file);
Result<SettlementIndex> LoadSettlementIndex(const std::string& path);

// A reference without white space, upper-cased.
std::string CompactReferenceText(const std::string& reference);

}  // namespace seteli::finvoice

#endif  // SETELI_FINVOICE_SETTLEMENT_INDEX_H_
