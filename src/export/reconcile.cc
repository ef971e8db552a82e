#include "export/reconcile.h"

#include <map>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "formats/decisions_jsonl.h"

namespace seteli::exports {

namespace {

constexpr int kPerCode = 20;

// Collects failures, keeping the first kPerCode of each code and counting
// the rest.
class FailureList {
 public:
  void Add(const char* code, std::string message) {
    int& n = counts_[code];
    if (++n <= kPerCode) failures_.push_back({code, std::move(message)});
  }
  // Whether another failure of `code` would still be kept (saves building
  // messages that would be dropped).
  bool Wants(const char* code) const {
    auto it = counts_.find(code);
    return it == counts_.end() || it->second < kPerCode;
  }
  void Count(const char* code) { ++counts_[code]; }
  std::vector<Failure> Take() {
    for (const auto& [code, n] : counts_) {
      if (n > kPerCode) {
        failures_.push_back({code, "and " + std::to_string(n - kPerCode) + " more " + code +
                                       " failures"});
      }
    }
    return std::move(failures_);
  }

 private:
  std::vector<Failure> failures_;
  std::map<std::string, int> counts_;
};

void AddLimited(FailureList& out, const char* code, auto&& message) {
  if (out.Wants(code)) {
    out.Add(code, message());
  } else {
    out.Count(code);
  }
}

std::string M(Money m) { return m.ToString(); }

}  // namespace

std::string ToLine(const Failure& f) { return f.code + ": " + f.message; }

std::vector<Failure> CheckSettlementTotals(const MonthBooks& books) {
  FailureList out;
  std::map<std::string_view, int> per_provider;
  for (const Settlement& s : books.settlements) {
    if (++per_provider[s.provider] == 2) {
      out.Add("duplicate_settlement", "provider " + s.provider + " has more than one settlement for " +
                                          books.month.ToString() + ".");
    }
    if (s.month != books.month) {
      out.Add("settlement_month_mismatch", "settlement " + s.reference + " of provider " +
                                               s.provider + " is for " + s.month.ToString() +
                                               ", not " + books.month.ToString() + ".");
    }
    Money price, voucher, copay;
    for (const SettlementLine& l : s.lines) {
      price += l.price;
      voucher += l.voucher;
      copay += l.copay;
      if (l.price != l.voucher + l.copay) {
        AddLimited(out, "line_split_mismatch", [&] {
          return "event " + l.event_id + " on " + l.date.ToString() + ": price " + M(l.price) +
                 " is not voucher " + M(l.voucher) + " + copay " + M(l.copay) + ".";
        });
      }
      if (l.provider != s.provider) {
        AddLimited(out, "line_provider_mismatch", [&] {
          return "event " + l.event_id + " of provider " + l.provider +
                 " is in the settlement of provider " + s.provider + ".";
        });
      }
      if ((l.flags & kPriorPeriod) && !l.original_month) {
        AddLimited(out, "prior_period_without_month", [&] {
          return "prior-period line of event " + l.event_id + " does not name the month it corrects.";
        });
      }
    }
    auto total = [&](const char* code, const char* what, Money sum, Money stated) {
      if (sum != stated) {
        out.Add(code, std::string("settlement ") + s.reference + " of provider " + s.provider +
                          ": " + what + " total " + M(stated) + " but its lines sum to " + M(sum) +
                          ".");
      }
    };
    total("price_total_mismatch", "price", price, s.price_total);
    total("voucher_total_mismatch", "voucher", voucher, s.voucher_total);
    total("copay_total_mismatch", "co-payment", copay, s.copay_total);
  }
  return out.Take();
}

std::vector<Failure> CheckEventsSettledOnce(const MonthBooks& books) {
  FailureList out;
  size_t n = 0;
  for (const Settlement& s : books.settlements) n += s.lines.size();
  // An open-addressing table of the first settlement of every event ID: no
  // allocation per line (this runs over a million lines before each export).
  struct Slot {
    const std::string* event_id = nullptr;
    const Settlement* settlement = nullptr;
  };
  size_t size = 16;
  while (size < 2 * n) size <<= 1;
  std::vector<Slot> table(size);
  std::hash<std::string_view> hash;
  for (const Settlement& s : books.settlements) {
    const std::string* previous = nullptr;
    for (const SettlementLine& l : s.lines) {
      if (previous && *previous == l.event_id) continue;  // a split event's next line
      previous = &l.event_id;
      size_t i = hash(l.event_id) & (size - 1);
      while (table[i].event_id && *table[i].event_id != l.event_id) i = (i + 1) & (size - 1);
      Slot& slot = table[i];
      if (!slot.event_id) {
        slot = {&l.event_id, &s};
      } else if (slot.settlement != &s) {
        const Settlement* first = slot.settlement;
        AddLimited(out, "event_in_two_settlements", [&] {
          return "event " + l.event_id + " is in settlement " + first->reference + " (provider " +
                 first->provider + ") and in settlement " + s.reference + " (provider " +
                 s.provider + ").";
        });
      }
    }
  }
  return out.Take();
}

std::vector<Failure> CheckInvoices(const MonthBooks& books) {
  FailureList out;
  std::map<std::string_view, const Settlement*> by_provider;
  for (const Settlement& s : books.settlements) by_provider.try_emplace(s.provider, &s);
  std::map<std::string_view, std::vector<const ReceivedInvoice*>> accepted;
  for (const ReceivedInvoice& inv : books.invoices) {
    if (inv.status == InvoiceStatus::kAccepted) accepted[inv.provider].push_back(&inv);
  }
  Money settled, invoiced, open;
  for (const auto& [provider, s] : by_provider) {
    settled += s->voucher_total;
    auto it = accepted.find(provider);
    if (it == accepted.end()) {
      open += s->voucher_total;
      continue;
    }
    if (it->second.size() > 1) {
      std::string numbers;
      for (const ReceivedInvoice* inv : it->second) numbers += " " + inv->number;
      out.Add("two_accepted_invoices", "settlement " + s->reference + " of provider " +
                                           s->provider + " has " +
                                           std::to_string(it->second.size()) +
                                           " accepted invoices:" + numbers + ".");
    }
    Money sum;
    for (const ReceivedInvoice* inv : it->second) {
      sum += inv->total;
      if (inv->reference != s->reference) {
        out.Add("accepted_reference_mismatch",
                "accepted invoice " + inv->number + " of provider " + inv->provider +
                    " carries reference '" + inv->reference + "', the settlement's is " +
                    s->reference + ".");
      }
    }
    invoiced += sum;
    if (sum != s->voucher_total) {
      out.Add("accepted_total_mismatch", "provider " + s->provider + ": accepted invoices total " +
                                             M(sum) + " but the settlement's voucher total is " +
                                             M(s->voucher_total) + ".");
    }
  }
  for (const auto& [provider, invoices] : accepted) {
    if (by_provider.count(provider)) continue;
    for (const ReceivedInvoice* inv : invoices) {
      invoiced += inv->total;
      out.Add("invoice_without_settlement",
              "accepted invoice " + inv->number + " of provider " + inv->provider + " (" +
                  M(inv->total) + ") has no settlement in " + books.month.ToString() + ".");
    }
  }
  // With accepted totals equal to their settlements this holds; it is the
  // figure finance quotes, so it is checked as such.
  Money differences = settled - invoiced;
  if (differences != open) {
    out.Add("month_not_tied", "settled voucher total " + M(settled) + " is not accepted invoices " +
                                  M(invoiced) + " plus open differences " + M(open) + ".");
  }
  return out.Take();
}

std::vector<Failure> CheckJournal(const Journal& journal, const MonthBooks& books) {
  FailureList out;
  Money debits, credits, cost;
  int row = 0;
  for (const Posting& p : journal.postings) {
    ++row;
    debits += p.debit;
    credits += p.credit;
    if (p.kind != PostingKind::kPayable) cost += p.debit - p.credit;
    std::string where = "journal row " + std::to_string(row) + " (" + PostingKindName(p.kind) +
                        " " + (p.kind == PostingKind::kPayable ? p.provider : p.service) + ")";
    if (p.account.empty()) {
      out.Add("account_missing", where + " has no account: add it to the chart of accounts.");
    }
    if (p.debit.negative() || p.credit.negative() ||
        (p.debit != Money() && p.credit != Money())) {
      out.Add("posting_invalid", where + " has debit " + M(p.debit) + " and credit " +
                                     M(p.credit) + ".");
    }
  }
  if (debits != credits) {
    out.Add("journal_unbalanced", "journal debits " + M(debits) + " do not equal credits " +
                                      M(credits) + ".");
  }
  Money settled;
  for (const Settlement& s : books.settlements) settled += s.voucher_total;
  if (cost != settled) {
    out.Add("journal_total_mismatch", "journal costs net to " + M(cost) +
                                          " but the settlements' voucher total is " + M(settled) +
                                          ".");
  }
  return out.Take();
}

std::vector<Failure> CheckBalances(const MonthBooks& books) {
  FailureList out;
  std::unordered_map<std::string_view, Money> used;
  for (const BalanceStatement& b : books.balances) used.try_emplace(b.decision_id);
  if (!used.empty()) {
    for (const Settlement& s : books.settlements) {
      for (const SettlementLine& l : s.lines) {
        if (IsPriorPeriod(l)) continue;
        auto it = used.find(l.decision_id);
        if (it != used.end()) it->second += l.voucher;
      }
    }
  }
  for (const BalanceStatement& b : books.balances) {
    std::string who = "decision " + b.decision_id + " (" + b.month.ToString() + ")";
    if (b.opening.negative() || b.closing.negative()) {
      out.Add("negative_balance", who + ": opening " + M(b.opening) + ", closing " +
                                      M(b.closing) + "; a client-free balance never goes below zero.");
    }
    if (b.opening + b.accrual - b.used != b.closing) {
      out.Add("balance_arithmetic", who + ": opening " + M(b.opening) + " + accrual " +
                                        M(b.accrual) + " - used " + M(b.used) + " is not closing " +
                                        M(b.closing) + ".");
    }
    if (b.month == books.month && used[b.decision_id] != b.used) {
      out.Add("balance_use_mismatch", who + ": statement says used " + M(b.used) +
                                          " but the month's lines on it sum to " +
                                          M(used[b.decision_id]) + ".");
    }
  }
  return out.Take();
}

std::vector<Failure> CheckPseudonymousClients(const MonthBooks& books) {
  FailureList out;
  for (const Settlement& s : books.settlements) {
    for (const SettlementLine& l : s.lines) {
      if (formats::LooksLikePersonalIdentityCode(l.client)) {
        AddLimited(out, "personal_identity_code", [&] {
          return "event " + l.event_id + " (decision " + l.decision_id +
                 ") has a client ID shaped like a personal identity code.";
        });
      }
    }
  }
  for (const BalanceStatement& b : books.balances) {
    if (formats::LooksLikePersonalIdentityCode(b.client)) {
      out.Add("personal_identity_code", "balance statement of decision " + b.decision_id +
                                            " has a client ID shaped like a personal identity code.");
    }
  }
  return out.Take();
}

std::vector<Failure> Reconcile(const MonthBooks& books) {
  std::vector<Failure> all;
  auto add = [&](std::vector<Failure> f) {
    for (Failure& x : f) all.push_back(std::move(x));
  };
  add(CheckSettlementTotals(books));
  add(CheckEventsSettledOnce(books));
  add(CheckInvoices(books));
  add(CheckJournal(BuildJournal(books), books));
  add(CheckBalances(books));
  add(CheckPseudonymousClients(books));
  return all;
}

}  // namespace seteli::exports
