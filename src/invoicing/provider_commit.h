// Committing one provider's month, once every group is settled: its
// settlement with the lines read back from their temporary files
// (month_lines.h), in one store transaction with its self-billing invoice
// number and outbox message when the provider bills itself that way.
//
//   ProviderCommitter committer(store, ctx, drafter, options, run.run_id);
//   auto out = committer.Commit("2345678-0", *lines.Find("2345678-0"));
#ifndef SETELI_INVOICING_PROVIDER_COMMIT_H_
#define SETELI_INVOICING_PROVIDER_COMMIT_H_

#include <string>
#include <vector>

#include "invoicing/month_lines.h"
#include "invoicing/monthly_run.h"
#include "outbound/self_billing_rows.h"
#include "seteli/settle.h"
#include "store/store.h"

namespace seteli::invoicing {

class ProviderCommitter {
 public:
  // `drafter` may be empty: no self-billing invoice is drawn up. With
  // options.dry_run nothing is written.
  ProviderCommitter(store::Store& store, const SettleContext& ctx,
                    const SelfBillingDrafter& drafter, const RunOptions& options,
                    std::string run_id);

  // The outcome of a provider with nothing for this run to commit: its
  // settlement's head only (provider, month, reference).
  ProviderOutcome Uncommitted(const std::string& provider, Outcome outcome) const;

  // Commits `provider`'s lines: settled, held (HoldReason, or an invoice
  // that cannot be drawn up), or already settled by another run that was
  // first. Errors: the store's (a spill that cannot be read back during
  // the transaction rolls it back as one), or the spill's before it.
  Result<ProviderOutcome> Commit(const std::string& provider, ProviderLines& spilled);

 private:
  // Reads the spilled lines once, for the self-billing invoice's rows
  // and, with keep_lines, the report's settlement.
  Result<std::vector<outbound::internal::InvoiceRowGroup>> ReadBack(ProviderLines& spilled,
                                                                    bool self_billing,
                                                                    Settlement& s) const;

  store::Store& store_;
  const SettleContext& ctx_;
  const SelfBillingDrafter& drafter_;
  const RunOptions& options_;
  const std::string run_id_;
};

}  // namespace seteli::invoicing

#endif  // SETELI_INVOICING_PROVIDER_COMMIT_H_
