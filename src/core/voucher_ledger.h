// Internal to core: what the months settled so far have used of grants,
// quantity caps, voucher caps and balances, and the voucher split of each
// event against it, in the order the domain prescribes:
//   (1) the decision's grant, (2) the monthly quantity cap, (3) the voucher
//   value x covered quantity (or the balance), (4) the monthly voucher cap,
//   (5) the remaining balance.
// An event is split all or nothing: a rejected one uses nothing.
#ifndef SETELI_CORE_VOUCHER_LEDGER_H_
#define SETELI_CORE_VOUCHER_LEDGER_H_

#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/event_pricing.h"
#include "seteli/settlement.h"

namespace seteli {

// An event's split in one month: its lines, and for a client-free event
// that a grant or a quantity cap cut, the remainder paid by no one.
struct EventSplit {
  std::vector<SettlementLine> lines;
  std::optional<UnpaidRemainder> unpaid;
};

class VoucherLedger {
 public:
  explicit VoucherLedger(const SettleContext& ctx) : ctx_(ctx) {}

  // Opens the account of balance decision `decision_id` with `closing`, its
  // closing balance of `month` settled before: accrual goes on from the
  // month after.
  void Carry(const std::string& decision_id, Money closing, YearMonth month);

  // Brings every balance decision's account up to `month`: accrues the
  // months not yet accrued. Call before settling a month's events.
  void OpenMonth(YearMonth month);

  // Splits the pieces of `e` that fall in `month` into lines. On a breach of
  // the client-free rule, returns the rejection and uses nothing.
  Result<EventSplit> Settle(const PricedEvent& e, YearMonth month);

  // The balance statements of `month` for every balance decision.
  std::vector<BalanceStatement> Statements(YearMonth month) const;

 private:
  struct Account {
    Money remaining;
    bool opened = false;
    YearMonth accrued_through;
    std::map<YearMonth, BalanceStatement> months;
  };

  // Undo records for an event being split.
  struct Undo {
    std::vector<std::pair<int64_t*, int64_t>> ticks;
    std::vector<std::pair<Money*, Money>> money;
    void Rollback();
  };

  // One piece's line and what a grant or a cap left uncovered of it.
  struct PieceSplit {
    SettlementLine line;
    int64_t uncovered = 0;  // ticks
    uint32_t cut_by = 0;    // kOverGrant or kQuantityCap, the first step that cut
  };

  PieceSplit SplitPiece(const PricedEvent& e, const PricedPiece& p, Undo& undo);
  // (1) and (2): the ticks of `p` the grant and the quantity cap cover.
  int64_t Cover(const Decision& d, const Service& s, const PricedPiece& p, uint32_t& flags,
                Undo& undo);
  // (4) and (5): `voucher` cut to the monthly voucher cap and the balance.
  Money CutToCaps(const Decision& d, const Service& s, YearMonth month, Money voucher,
                  uint32_t& flags, Undo& undo);
  void Accrue(const Decision& d, Account& a, YearMonth month);

  const SettleContext& ctx_;
  std::unordered_map<std::string, int64_t> grant_used_;     // decision, month
  std::unordered_map<std::string, int64_t> quantity_used_;  // client, service, month
  std::unordered_map<std::string, Money> voucher_used_;     // client, service, month
  std::map<std::string, Account> balances_;                 // decision
};

}  // namespace seteli

#endif  // SETELI_CORE_VOUCHER_LEDGER_H_
