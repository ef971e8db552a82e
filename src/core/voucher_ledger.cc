#include "core/voucher_ledger.h"

#include <algorithm>

namespace seteli {
namespace {

std::string Key(const std::string& a, const std::string& b, YearMonth m) {
  std::string k = a;
  k += '\x1f';
  k += b;
  k += '\x1f';
  k += m.ToString();
  return k;
}

}  // namespace

void VoucherLedger::Undo::Rollback() {
  for (auto it = ticks.rbegin(); it != ticks.rend(); ++it) *it->first = it->second;
  for (auto it = money.rbegin(); it != money.rend(); ++it) *it->first = it->second;
}

void VoucherLedger::Accrue(const Decision& d, Account& a, YearMonth month) {
  YearMonth start = YearMonth::Of(d.validity.from);
  YearMonth m = a.opened ? a.accrued_through.next() : start;
  for (; m <= month; m = m.next()) {
    BalanceStatement s;
    s.decision_id = d.id;
    s.client = d.client;
    s.month = m;
    if (!a.opened) {
      a.remaining = d.balance->opening;
      a.opened = true;
    }
    s.opening = a.remaining;
    int active = 0;
    s.accrual = MonthlyAccrual(d, m, &active, &s.suspension_days);
    a.remaining += s.accrual;
    s.closing = a.remaining;
    a.months[m] = s;
    a.accrued_through = m;
  }
}

void VoucherLedger::Carry(const std::string& decision_id, Money closing, YearMonth month) {
  Account& a = balances_[decision_id];
  a.remaining = closing;
  a.opened = true;
  a.accrued_through = month;
}

void VoucherLedger::OpenMonth(YearMonth month) {
  for (const auto& [id, d] : ctx_.decisions->all()) {
    if (!d.balance || YearMonth::Of(d.validity.from) > month) continue;
    Accrue(d, balances_[id], month);
  }
}

SettlementLine VoucherLedger::SplitPiece(const PricedEvent& e, const PricedPiece& p, Undo& undo) {
  const Decision& d = *e.decision;
  const Service& s = *p.piece.service;
  const YearMonth month = p.piece.month;
  SettlementLine line;
  int64_t covered = p.ticks;

  // (1) The decision's grant, across its services.
  if (d.granted_per_month) {
    int64_t& used = grant_used_[Key(d.id, "", month)];
    int64_t left = std::max<int64_t>(0, d.granted_per_month->milli() * (kTicksPerUnit / 1000) - used);
    if (covered > left) {
      covered = left;
      line.flags |= kOverGrant;
    }
    undo.ticks.emplace_back(&used, used);
    used += covered;
  }
  // (2) The monthly quantity cap, per client and service across providers.
  if (s.monthly_quantity_cap) {
    int64_t& used = quantity_used_[Key(d.client, s.code, month)];
    int64_t left =
        std::max<int64_t>(0, s.monthly_quantity_cap->milli() * (kTicksPerUnit / 1000) - used);
    if (covered > left) {
      covered = left;
      line.flags |= kQuantityCap;
    }
    undo.ticks.emplace_back(&used, used);
    used += covered;
  }
  // (3) Value x covered quantity, never above the price; for a balance the
  // price of the covered quantity, which (5) cuts to what is left.
  Money voucher;
  if (p.unit_value) {
    // A value beyond what a line holds is above any price (PriceEvent bounds those).
    voucher = Money::LineFits(*p.unit_value, covered, kTicksPerUnit)
                  ? Min(p.price, Money::MulDiv(*p.unit_value, covered, kTicksPerUnit))
                  : p.price;
  } else {
    voucher = covered == p.ticks ? p.price : Money::MulDiv(p.unit_price, covered, kTicksPerUnit);
  }
  // (4) The monthly voucher cap, per client and service.
  if (s.monthly_voucher_cap) {
    Money& used = voucher_used_[Key(d.client, s.code, month)];
    Money left = Max(Money(), *s.monthly_voucher_cap - used);
    if (voucher > left) {
      voucher = left;
      line.flags |= kMonthlyCap;
    }
    undo.money.emplace_back(&used, used);
    used += voucher;
  }
  // (5) The balance.
  if (d.balance) {
    Account& a = balances_[d.id];
    if (voucher > a.remaining) {
      voucher = Max(Money(), a.remaining);
      line.flags |= kOverBalance;
    }
    BalanceStatement& st = a.months[month];
    undo.money.emplace_back(&a.remaining, a.remaining);
    undo.money.emplace_back(&st.closing, st.closing);
    undo.money.emplace_back(&st.used, st.used);
    a.remaining -= voucher;
    st.used += voucher;
    st.closing -= voucher;
  }
  if (e.late) line.flags |= kLateRecording;

  const Event& ev = *e.event;
  line.event_id = ev.id;
  line.decision_id = d.id;
  line.client = d.client;
  line.provider = ev.provider;
  line.service = s.code;
  line.municipality = d.municipality;
  line.service_class = s.service_class;
  line.unit = s.unit;
  line.date = p.piece.date;
  line.quantity = p.quantity;
  if (s.unit == Unit::kHour) {
    line.minutes = p.piece.minutes;
    line.from = p.piece.from;
    line.to = p.piece.to;
  }
  line.unit_price = p.unit_price;
  line.price = p.price;
  line.voucher = voucher;
  line.copay = p.price - voucher;
  line.rulebook_version = ctx_.rulebook->version;
  return line;
}

Result<std::vector<SettlementLine>> VoucherLedger::Settle(const PricedEvent& e, YearMonth month) {
  Undo undo;
  std::vector<SettlementLine> lines;
  for (const PricedPiece& p : e.pieces) {
    if (p.piece.month != month) continue;
    SettlementLine line = SplitPiece(e, p, undo);
    if (p.piece.service->client_free && line.copay > Money()) {
      undo.Rollback();
      bool balance = e.decision->balance.has_value();
      std::string why = balance ? "the balance of decision " + e.decision->id + " does not cover "
                                : "the voucher does not cover ";
      return Error{balance ? "balance_exhausted" : "price_exceeds_free_voucher",
                   why + "the price " + line.price.ToString() + " of " + line.service + " on " +
                       line.date.ToString() + " of a service free to the client (short by " +
                       line.copay.ToString() + ")"};
    }
    lines.push_back(std::move(line));
  }
  return lines;
}

std::vector<BalanceStatement> VoucherLedger::Statements(YearMonth month) const {
  std::vector<BalanceStatement> out;
  for (const auto& [id, a] : balances_) {
    auto it = a.months.find(month);
    if (it != a.months.end()) out.push_back(it->second);
  }
  return out;
}

}  // namespace seteli
