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

int64_t VoucherLedger::Cover(const Decision& d, const Service& s, const PricedPiece& p,
                             uint32_t& flags, Undo& undo) {
  const YearMonth month = p.piece.month;
  int64_t covered = p.ticks;
  // (1) The decision's grant of the month, across its services.
  if (std::optional<Quantity> grant = d.GrantFor(month)) {
    int64_t& used = grant_used_[Key(d.id, "", month)];
    int64_t left = std::max<int64_t>(0, grant->milli() * (kTicksPerUnit / 1000) - used);
    if (covered > left) {
      covered = left;
      flags |= kOverGrant;
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
      flags |= kQuantityCap;
    }
    undo.ticks.emplace_back(&used, used);
    used += covered;
  }
  return covered;
}

Money VoucherLedger::CutToCaps(const Decision& d, const Service& s, YearMonth month, Money voucher,
                               uint32_t& flags, Undo& undo) {
  // (4) The monthly voucher cap, per client and service: the decision's
  // own where it sets one, else the rulebook's.
  const std::optional<Money>& cap =
      d.monthly_voucher_cap ? d.monthly_voucher_cap : s.monthly_voucher_cap;
  if (cap) {
    Money& used = voucher_used_[Key(d.client, s.code, month)];
    Money left = Max(Money(), *cap - used);
    if (voucher > left) {
      voucher = left;
      flags |= kMonthlyCap;
    }
    undo.money.emplace_back(&used, used);
    used += voucher;
  }
  // (5) The balance.
  if (d.balance) {
    Account& a = balances_[d.id];
    if (voucher > a.remaining) {
      voucher = Max(Money(), a.remaining);
      flags |= kOverBalance;
    }
    BalanceStatement& st = a.months[month];
    undo.money.emplace_back(&a.remaining, a.remaining);
    undo.money.emplace_back(&st.closing, st.closing);
    undo.money.emplace_back(&st.used, st.used);
    a.remaining -= voucher;
    st.used += voucher;
    st.closing -= voucher;
  }
  return voucher;
}

namespace {

// The line of `p` before the voucher is split off: who, what, when, how much.
SettlementLine LineOf(const PricedEvent& e, const PricedPiece& p, const std::string& version) {
  const Service& s = *p.piece.service;
  const Event& ev = *e.event;
  SettlementLine line;
  line.event_id = ev.id;
  line.decision_id = e.decision->id;
  line.client = e.decision->client;
  line.provider = ev.provider;
  line.service = s.code;
  line.municipality = e.decision->municipality;
  line.service_class = s.service_class;
  line.unit = s.unit;
  line.date = p.piece.date;
  line.quantity = p.quantity;
  if (s.unit == Unit::kHour && !e.cancelled) {
    line.minutes = p.piece.minutes;
    line.from = p.piece.from;
    line.to = p.piece.to;
  }
  line.unit_price = p.unit_price;
  line.price = p.price;
  line.rulebook_version = version;
  if (e.late) line.flags |= kLateRecording;
  return line;
}

// Cuts a client-free line to its `covered` ticks, the earliest units.
void CutToCovered(SettlementLine& line, const PricedPiece& p, int64_t covered,
                  Money covered_price) {
  line.price = covered_price;
  line.quantity = Quantity::FromMilli((covered + 30) / 60);
  if (line.minutes) {
    line.minutes = static_cast<int>((covered + 500) / 1000);
    line.to = p.piece.from->AddSeconds(int64_t(*line.minutes) * 60);
  }
}

}  // namespace

VoucherLedger::PieceSplit VoucherLedger::SplitPiece(const PricedEvent& e, const PricedPiece& p,
                                                    Undo& undo) {
  const Decision& d = *e.decision;
  const Service& s = *p.piece.service;
  PieceSplit out{LineOf(e, p, ctx_.rulebook->version)};
  SettlementLine& line = out.line;
  if (e.cancelled) {  // never paid by the organizer; uses nothing
    line.flags |= kCancelled;
    line.copay = line.price;
    return out;
  }
  int64_t covered = Cover(d, s, p, line.flags, undo);
  // (3) The voucher pays for covered units only: value x covered quantity,
  // never above the price of the covered quantity; for a balance that
  // price, which (5) cuts to what is left.
  Money covered_price =
      covered == p.ticks ? p.price : Money::MulDiv(p.unit_price, covered, kTicksPerUnit);
  Money voucher = covered_price;
  // A value beyond what a line holds is above any price (PriceEvent bounds those).
  if (p.unit_value && Money::LineFits(*p.unit_value, covered, kTicksPerUnit)) {
    voucher = Min(covered_price, Money::MulDiv(*p.unit_value, covered, kTicksPerUnit));
  }
  voucher = CutToCaps(d, s, p.piece.month, voucher, line.flags, undo);
  if (s.client_free && covered < p.ticks) {
    // The uncovered remainder is paid by no one: not a line, but reported.
    out.uncovered = p.ticks - covered;
    out.cut_by = (line.flags & kOverGrant) ? kOverGrant : kQuantityCap;
    CutToCovered(line, p, covered, covered_price);
  }
  line.voucher = voucher;
  line.copay = line.price - voucher;
  return out;
}

Result<EventSplit> VoucherLedger::Settle(const PricedEvent& e, YearMonth month) {
  Undo undo;
  EventSplit out;
  UnpaidRemainder unpaid;
  int64_t uncovered = 0;
  for (const PricedPiece& p : e.pieces) {
    if (p.piece.month != month) continue;
    PieceSplit split = SplitPiece(e, p, undo);
    SettlementLine& line = split.line;
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
    if (split.uncovered > 0) {
      if (uncovered == 0) {
        unpaid.date = line.date;
        unpaid.service = e.service->code;
        unpaid.code = split.cut_by == kOverGrant ? "over_grant" : "quantity_cap";
      } else if (split.cut_by == kOverGrant) {
        unpaid.code = "over_grant";
      }
      uncovered += split.uncovered;
      unpaid.price += p.price - line.price;
    }
    const bool wholly_unpaid = split.uncovered > 0 && split.uncovered == p.ticks;
    if (!wholly_unpaid) out.lines.push_back(std::move(line));
  }
  if (uncovered > 0) {
    unpaid.event_id = e.event->id;
    unpaid.provider = e.event->provider;
    unpaid.quantity = Quantity::FromMilli((uncovered + 30) / 60);
    if (e.service->unit == Unit::kHour) unpaid.minutes = static_cast<int>((uncovered + 500) / 1000);
    out.unpaid = std::move(unpaid);
  }
  return out;
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
