#include "invoicing/provider_commit.h"

#include <algorithm>
#include <future>
#include <optional>
#include <tuple>

#include "formats/settlement_json.h"
#include "invoicing/corrected_invoices.h"

namespace seteli::invoicing {
namespace {

// A stored line's row from a spilled one.
store::SettlementLineRow RowOf(const std::string& provider, const std::string& month, int no,
                               LineSpill::Entry&& e) {
  const SettlementLine& l = e.line;
  return {provider,
          month,
          no,
          l.event_id,
          l.decision_id,
          l.original_month ? l.original_month->ToString() : "",
          l.service,
          l.price.cents(),
          l.voucher.cents(),
          l.copay.cents(),
          std::move(e.json)};
}

// The spilled lines as the store's rows, 5,000 at a time, the next chunk
// read from the file on another thread while the store writes this one.
class LineChunks {
 public:
  LineChunks(ProviderLines& spilled, std::string provider, std::string month)
      : spilled_(spilled), provider_(std::move(provider)), month_(std::move(month)) {}

  // SettlementWrite::more_lines. A line missing from the file must not
  // leave a settlement short: the spill's error rolls the commit back and
  // is its answer.
  Result<bool> Next(std::vector<store::SettlementLineRow>* chunk) {
    if (!ahead_.valid()) {
      spilled_.Rewind();
      ahead_ = std::async(std::launch::async, [this] { return Read(); });
    }
    *chunk = ahead_.get();
    if (const std::optional<Error>& e = spilled_.error()) return *e;
    if (chunk->empty()) return false;
    ahead_ = std::async(std::launch::async, [this] { return Read(); });
    return true;
  }

 private:
  std::vector<store::SettlementLineRow> Read() {
    std::vector<store::SettlementLineRow> chunk;
    while (chunk.size() < 5000) {
      auto e = spilled_.Next();
      if (!e) break;
      chunk.push_back(RowOf(provider_, month_, ++no_, std::move(*e)));
    }
    return chunk;
  }

  ProviderLines& spilled_;
  const std::string provider_, month_;
  int no_ = 0;
  std::future<std::vector<store::SettlementLineRow>> ahead_;
};

}  // namespace

ProviderCommitter::ProviderCommitter(store::Store& store, const SettleContext& ctx,
                                     const SelfBillingDrafter& drafter, const RunOptions& options,
                                     std::string run_id)
    : store_(store), ctx_(ctx), drafter_(drafter), options_(options), run_id_(std::move(run_id)) {}

ProviderOutcome ProviderCommitter::Uncommitted(const std::string& provider, Outcome outcome) const {
  ProviderOutcome out;
  out.provider = provider;
  out.outcome = outcome;
  Settlement& s = out.settlement;
  s.provider = provider;
  s.month = options_.month;
  s.reference = SettlementReference(provider, options_.month, ctx_.reference_kind);
  return out;
}

Result<std::vector<outbound::internal::InvoiceRowGroup>> ProviderCommitter::ReadBack(
    ProviderLines& spilled, bool self_billing, Settlement& s) const {
  outbound::internal::InvoiceRowGrouper grouper;
  if (!self_billing && !options_.keep_lines) return grouper.Rows();
  spilled.Rewind();
  while (auto e = spilled.Next()) {
    if (self_billing) grouper.Add(e->line);
    if (!options_.keep_lines) continue;
    auto line = formats::ParseLineJson(e->json);
    if (!line.ok()) return Error{"spill_failed", line.error().message};
    s.lines.push_back(std::move(line.value()));
  }
  if (auto e = spilled.error()) return *e;
  return grouper.Rows();
}

Result<ProviderOutcome> ProviderCommitter::Commit(const std::string& p, ProviderLines& spilled) {
  const Rulebook& rulebook = *ctx_.rulebook;
  const std::string month = options_.month.ToString();
  ProviderOutcome out = Uncommitted(p, Outcome::kSettled);
  Settlement& s = out.settlement;
  s.price_total = spilled.price;
  s.voucher_total = spilled.voucher;
  s.copay_total = spilled.copay;
  s.unpaid = spilled.unpaid;
  std::sort(s.unpaid.begin(), s.unpaid.end(),
            [](const UnpaidRemainder& a, const UnpaidRemainder& b) {
              return std::tie(a.date, a.event_id) < std::tie(b.date, b.event_id);
            });
  out.line_count = static_cast<int>(spilled.count());
  out.adjustment_lines = spilled.adjustment_lines;
  if (auto hold = spilled.HoldReason(rulebook)) {
    out.outcome = Outcome::kHeld;
    out.held_reason = *hold;
  }
  const Provider* provider = ctx_.providers->Find(p);
  const bool self_billing =
      drafter_ && provider && provider->self_billing && out.outcome == Outcome::kSettled;
  auto rows = ReadBack(spilled, self_billing, s);
  if (!rows.ok()) return rows.error();
  store::SettlementWrite w;
  w.settlement = {p,
                  month,
                  out.outcome == Outcome::kHeld ? store::kHeld : store::kSettled,
                  s.reference,
                  rulebook.version,
                  s.price_total.cents(),
                  s.voucher_total.cents(),
                  s.copay_total.cents(),
                  out.line_count,
                  out.held_reason,
                  run_id_,
                  std::nullopt,
                  formats::SettlementHeadJsonText(s, out.line_count)};
  w.applied_credits = spilled.credit_ids;
  LineChunks chunks(spilled, p, month);
  w.more_lines = [&chunks](std::vector<store::SettlementLineRow>* chunk) {
    return chunks.Next(chunk);
  };
  std::optional<int64_t> number;
  if (self_billing) {
    auto corrected = CorrectedInvoices(store_, p, rows.value());
    if (!corrected.ok()) return corrected.error();
    SelfBillingDraft draft{s, rows.value(), *provider, rulebook, 1, std::move(corrected.value())};
    // Drawn up once outside the transaction so a settlement whose
    // invoice cannot be made is held, not half-written.
    if (auto trial = drafter_(draft); !trial.ok()) {
      out.outcome = Outcome::kHeld;
      out.held_reason = "self-billing invoice cannot be drawn up: " + trial.error().message;
      w.settlement.state = store::kHeld;
      w.settlement.held_reason = out.held_reason;
    } else {
      w.self_billing_message = [this, &number, draft](int64_t n) mutable {
        number = draft.invoice_number = n;
        return drafter_(draft).value();
      };
    }
  }
  if (!options_.dry_run) {
    auto written = store_.CommitSettlement(
        w, {options_.actor, "settlements.commit", p + " " + month, "run " + run_id_});
    if (!written.ok()) return written.error();
    if (!written.value()) out.outcome = Outcome::kAlreadySettled;  // another run was first
  }
  out.invoice_number = number;
  return out;
}

}  // namespace seteli::invoicing
