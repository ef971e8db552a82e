#include "invoicing/release.h"

#include "formats/settlement_json.h"

namespace seteli::invoicing {

Result<std::optional<int64_t>> ReleaseHeld(store::Store& store, const SettleContext& ctx,
                                           const SelfBillingDrafter& drafter,
                                           const std::string& provider, YearMonth month,
                                           const std::string& reason, const std::string& actor) {
  if (reason.empty()) return Error{"invalid_argument", "a release needs a reason"};
  auto records = store.ListSettlements(month.ToString(), provider);
  if (!records.ok()) return records.error();
  if (records.value().empty()) {
    return Error{"not_found", "no settlement for " + provider + " " + month.ToString()};
  }
  const store::SettlementRecord& record = records.value()[0];
  std::function<store::OutboxMessage(int64_t)> message;
  const Provider* p = ctx.providers->Find(provider);
  if (drafter && p && p->self_billing && record.state == store::kHeld) {
    auto settlement = formats::ParseSettlementJson(record.body);
    if (!settlement.ok()) return Error{"store_corrupt", settlement.error().message};
    auto rows = outbound::internal::GroupInvoiceRows(settlement.value());
    auto corrected = CorrectedInvoices(store, provider, rows);
    if (!corrected.ok()) return corrected.error();
    // Tried first, so a settlement whose invoice still cannot be drawn up
    // stays held and says why.
    SelfBillingDraft trial{settlement.value(), rows, *p, *ctx.rulebook, 1, corrected.value()};
    if (auto drawn = drafter(trial); !drawn.ok()) return drawn.error();
    message = [&, s = settlement.value(), rows, corrected = corrected.value()](int64_t n) {
      return drafter(SelfBillingDraft{s, rows, *p, *ctx.rulebook, n, corrected}).value();
    };
  }
  return store.ReleaseHeld(provider, month.ToString(), message,
                           {actor, "settlements.release", provider + " " + month.ToString(), reason});
}

}  // namespace seteli::invoicing
