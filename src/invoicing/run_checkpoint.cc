#include "invoicing/run_checkpoint.h"

#include <algorithm>

#include "formats/sha256.h"

namespace seteli::invoicing {
namespace {

// Fields joined with a separator no field holds.
class Text {
 public:
  Text& operator<<(const std::string& s) {
    out_ += s;
    out_ += '\x1f';
    return *this;
  }
  Text& operator<<(int64_t n) { return *this << std::to_string(n); }
  Text& operator<<(const std::optional<Date>& d) { return *this << (d ? d->ToString() : "-"); }
  Text& operator<<(const std::optional<Money>& m) { return *this << (m ? m->ToString() : "-"); }
  Text& operator<<(const DateRange& r) { return *this << r.from.ToString() << r.to; }
  const std::string& str() const { return out_; }

 private:
  std::string out_;
};

}  // namespace

CheckpointDigest::CheckpointDigest(const SettleContext& ctx,
                                   const std::map<std::string, std::vector<Absence>>& stored_absences)
    : ctx_(ctx), stored_absences_(stored_absences) {
  Text t;
  t << ctx.rulebook->version << static_cast<int64_t>(ctx.reference_kind);
  for (const auto& [id, p] : ctx.providers->all()) {
    t << id << static_cast<int64_t>(p.approvals.size());
    for (const Approval& a : p.approvals) {
      t << a.service << a.municipality << a.valid_from.ToString() << a.valid_to
        << static_cast<int64_t>(a.prices.size());
      for (const PriceStep& s : a.prices) t << s.valid_from.ToString() << s.unit_price.ToString();
      if (a.cancellation_fee) t << "cancellation_fee" << a.cancellation_fee->ToString();
    }
  }
  registries_ = formats::Sha256Hex(t.str());
}

std::string CheckpointDigest::Of(const std::string& decision_id, int64_t events) const {
  if (ctx_.rulebook->version.empty()) return "";
  Text t;
  t << registries_ << decision_id << events;
  if (const Decision* d = ctx_.decisions->Find(decision_id)) {
    t << "decision" << d->client << d->municipality << d->validity << d->voucher_value
      << static_cast<int64_t>(d->residents)
      << (d->granted_per_month ? d->granted_per_month->ToString() : "-");
    t << static_cast<int64_t>(d->services.size());
    for (const std::string& s : d->services) t << s;
    t << static_cast<int64_t>(d->providers.size());
    for (const std::string& p : d->providers) t << p;
    // Absent fields add nothing, so digests taken before they existed hold.
    for (const auto& [month, q] : d->granted_months) t << month.ToString() << q.ToString();
    if (d->monthly_voucher_cap) t << "monthly_voucher_cap" << d->monthly_voucher_cap->ToString();
    if (d->balance) t << "balance" << d->balance->opening.ToString() << d->balance->accrual.ToString();
    t << static_cast<int64_t>(d->suspensions.size());
    for (const DateRange& r : d->suspensions) t << r;
  } else {
    t << "unknown";
  }
  const std::vector<Absence>& registered = ctx_.decisions->AbsencesOf(decision_id);
  t << static_cast<int64_t>(registered.size());
  for (const Absence& a : registered) t << a.id << a.days;
  if (auto it = stored_absences_.find(decision_id); it != stored_absences_.end()) {
    t << static_cast<int64_t>(it->second.size());
    for (const Absence& a : it->second) t << a.id << a.days;
  }
  return formats::Sha256Hex(t.str());
}

std::string JoinProviders(const std::set<std::string>& providers) {
  std::string out;
  for (const std::string& p : providers) out += (out.empty() ? "" : ",") + p;
  return out;
}

void AddProviders(std::string_view joined, std::set<std::string>* to) {
  for (size_t at = 0; at < joined.size();) {
    const size_t comma = std::min(joined.find(',', at), joined.size());
    to->emplace(joined.substr(at, comma - at));
    at = comma + 1;
  }
}

}  // namespace seteli::invoicing
