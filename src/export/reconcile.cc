#include "export/reconcile.h"

#include <algorithm>
#include <cstdint>
#include <functional>
#include <map>
#include <span>
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

std::string FiAmount(Money m) {
  std::string s = m.ToString();
  std::replace(s.begin(), s.end(), '.', ',');
  return s;
}

namespace {

// The checks over lines, each fed the books' settlements in order: Begin
// before a settlement's lines, Line for each of them (in chunks or all at
// once, the check cannot tell), End after them, and Take for the failures.
// Reconcile feeds them all in one pass; a check keeps sums and the failures
// it reports, never the lines.

class TotalsCheck {
 public:
  explicit TotalsCheck(const MonthBooks& books) : books_(books) {}

  void Begin(const Settlement& s) {
    s_ = &s;
    price_ = voucher_ = copay_ = Money();
    if (++per_provider_[s.provider] == 2) {
      out_.Add("duplicate_settlement", "provider " + s.provider + " has more than one settlement for " +
                                           books_.month.ToString() + ".");
    }
    if (s.month != books_.month) {
      out_.Add("settlement_month_mismatch", "settlement " + s.reference + " of provider " +
                                                s.provider + " is for " + s.month.ToString() +
                                                ", not " + books_.month.ToString() + ".");
    }
  }

  void Line(const SettlementLine& l) {
    const Settlement& s = *s_;
    price_ += l.price;
    voucher_ += l.voucher;
    copay_ += l.copay;
    if (l.price != l.voucher + l.copay) {
      AddLimited(out_, "line_split_mismatch", [&] {
        return "event " + l.event_id + " on " + l.date.ToString() + ": price " + M(l.price) +
               " is not voucher " + M(l.voucher) + " + copay " + M(l.copay) + ".";
      });
    }
    if (l.provider != s.provider) {
      AddLimited(out_, "line_provider_mismatch", [&] {
        return "event " + l.event_id + " of provider " + l.provider +
               " is in the settlement of provider " + s.provider + ".";
      });
    }
    if ((l.flags & kPriorPeriod) && !l.original_month) {
      AddLimited(out_, "prior_period_without_month", [&] {
        return "prior-period line of event " + l.event_id + " does not name the month it corrects.";
      });
    }
  }

  void End() {
    const Settlement& s = *s_;
    auto total = [&](const char* code, const char* what, Money sum, Money stated) {
      if (sum != stated) {
        out_.Add(code, std::string("settlement ") + s.reference + " of provider " + s.provider +
                           ": " + what + " total " + M(stated) + " but its lines sum to " + M(sum) +
                           ".");
      }
    };
    total("price_total_mismatch", "price", price_, s.price_total);
    total("voucher_total_mismatch", "voucher", voucher_, s.voucher_total);
    total("copay_total_mismatch", "co-payment", copay_, s.copay_total);
  }

  std::vector<Failure> Take() { return out_.Take(); }

 private:
  const MonthBooks& books_;
  const Settlement* s_ = nullptr;
  Money price_, voucher_, copay_;
  std::map<std::string_view, int> per_provider_;
  FailureList out_;
};

// Finds, as the lines go by, the event IDs that may have lines in more
// than one settlement: a table of the hash of each ID and the first
// settlement it came in, 16 bytes an event, without the IDs themselves.
// An ID whose hash another settlement holds is a suspect. Two IDs of one
// hash make a suspect too; SettledOnceCheck, which compares the IDs, then
// finds nothing wrong with it.
class SharedEventFinder {
 public:
  void Begin(const Settlement&) { ++settlement_; }

  void Line(const SettlementLine& l) {
    if (2 * (used_ + 1) > slots_.size()) Grow();
    const uint64_t hash = std::hash<std::string_view>()(l.event_id) | 1;  // 0: an empty slot
    Slot& slot = Find(slots_, hash);
    if (slot.hash == 0) {
      slot = {hash, settlement_};
      ++used_;
    } else if (slot.settlement != settlement_) {
      suspects_.push_back(l.event_id);
    }
  }

  void End() {}

  // Each suspect once.
  std::vector<std::string> Take() {
    std::sort(suspects_.begin(), suspects_.end());
    suspects_.erase(std::unique(suspects_.begin(), suspects_.end()), suspects_.end());
    return std::move(suspects_);
  }

 private:
  struct Slot {
    uint64_t hash = 0;
    uint32_t settlement = 0;
  };

  static Slot& Find(std::vector<Slot>& slots, uint64_t hash) {
    const size_t mask = slots.size() - 1;
    size_t i = hash & mask;
    while (slots[i].hash != 0 && slots[i].hash != hash) i = (i + 1) & mask;
    return slots[i];
  }

  void Grow() {
    std::vector<Slot> bigger(std::max<size_t>(1024, 2 * slots_.size()));
    for (const Slot& s : slots_) {
      if (s.hash != 0) Find(bigger, s.hash) = s;
    }
    slots_.swap(bigger);
  }

  std::vector<Slot> slots_;
  size_t used_ = 0;
  uint32_t settlement_ = 0;
  std::vector<std::string> suspects_;
};

// Follows only the events it is given (SharedEventFinder's suspects): the
// first settlement of each, and a failure for each later settlement it is
// in.
class SettledOnceCheck {
 public:
  explicit SettledOnceCheck(const std::vector<std::string>& shared) {
    for (const std::string& id : shared) first_.emplace(id, nullptr);
  }

  void Begin(const Settlement& s) {
    s_ = &s;
    has_previous_ = false;
  }

  void Line(const SettlementLine& l) {
    if (first_.empty()) return;
    if (has_previous_ && previous_ == l.event_id) return;  // a split event's next line
    previous_ = l.event_id;
    has_previous_ = true;
    auto it = first_.find(l.event_id);
    if (it == first_.end()) return;
    if (!it->second) {
      it->second = s_;
    } else if (it->second != s_) {
      const Settlement* first = it->second;
      const Settlement& s = *s_;
      AddLimited(out_, "event_in_two_settlements", [&] {
        return "event " + l.event_id + " is in settlement " + first->reference + " (provider " +
               first->provider + ") and in settlement " + s.reference + " (provider " +
               s.provider + ").";
      });
    }
  }

  void End() {}
  std::vector<Failure> Take() { return out_.Take(); }
  // Given no event to follow: feeding it lines finds nothing.
  bool Idle() const { return first_.empty(); }

 private:
  std::unordered_map<std::string, const Settlement*> first_;
  const Settlement* s_ = nullptr;
  std::string previous_;
  bool has_previous_ = false;
  FailureList out_;
};

class JournalCheck {
 public:
  void Begin(const Settlement& s) { s_ = &s; }
  void Line(const SettlementLine& l) { journal_.Add(s_->provider, l); }
  void End() {}
  std::vector<Failure> Take(const MonthBooks& books) {
    return CheckJournal(journal_.Build(books), books);
  }

 private:
  const Settlement* s_ = nullptr;
  JournalBuilder journal_;
};

// The voucher parts of the month's own lines on each decision that has a
// balance statement; the statements themselves are checked in Take.
class BalancesCheck {
 public:
  explicit BalancesCheck(const MonthBooks& books) : books_(books) {
    for (const BalanceStatement& b : books.balances) used_.try_emplace(b.decision_id);
  }

  void Begin(const Settlement&) {}
  void Line(const SettlementLine& l) {
    if (used_.empty() || IsPriorPeriod(l)) return;
    auto it = used_.find(l.decision_id);
    if (it != used_.end()) it->second += l.voucher;
  }
  void End() {}

  std::vector<Failure> Take() {
    for (const BalanceStatement& b : books_.balances) {
      std::string who = "decision " + b.decision_id + " (" + b.month.ToString() + ")";
      if (b.opening.negative() || b.closing.negative()) {
        out_.Add("negative_balance", who + ": opening " + M(b.opening) + ", closing " +
                                         M(b.closing) + "; a client-free balance never goes below zero.");
      }
      if (b.opening + b.accrual - b.used != b.closing) {
        out_.Add("balance_arithmetic", who + ": opening " + M(b.opening) + " + accrual " +
                                           M(b.accrual) + " - used " + M(b.used) + " is not closing " +
                                           M(b.closing) + ".");
      }
      if (b.month == books_.month && used_[b.decision_id] != b.used) {
        out_.Add("balance_use_mismatch", who + ": statement says used " + M(b.used) +
                                             " but the month's lines on it sum to " +
                                             M(used_[b.decision_id]) + ".");
      }
    }
    return out_.Take();
  }

 private:
  const MonthBooks& books_;
  std::unordered_map<std::string_view, Money> used_;
  FailureList out_;
};

class PseudonymousCheck {
 public:
  explicit PseudonymousCheck(const MonthBooks& books) : books_(books) {}

  void Begin(const Settlement&) {}
  void Line(const SettlementLine& l) {
    if (formats::LooksLikePersonalIdentityCode(l.client)) {
      AddLimited(out_, "personal_identity_code", [&] {
        return "event " + l.event_id + " (decision " + l.decision_id +
               ") has a client ID shaped like a personal identity code.";
      });
    }
  }
  void End() {}

  std::vector<Failure> Take() {
    for (const BalanceStatement& b : books_.balances) {
      if (formats::LooksLikePersonalIdentityCode(b.client)) {
        out_.Add("personal_identity_code", "balance statement of decision " + b.decision_id +
                                               " has a client ID shaped like a personal identity code.");
      }
    }
    return out_.Take();
  }

 private:
  const MonthBooks& books_;
  FailureList out_;
};

// Feeds `checks` the books' settlements and the lines `source` reads.
template <class... Checks>
Result<bool> Feed(const MonthBooks& books, LineSource& source, Checks&... checks) {
  for (size_t i = 0; i < books.settlements.size(); ++i) {
    const Settlement& s = books.settlements[i];
    (checks.Begin(s), ...);
    auto read = source.ReadLines(i, [&](std::span<const SettlementLine> lines) {
      for (const SettlementLine& l : lines) (checks.Line(l), ...);
    });
    if (!read.ok()) return read.error();
    (checks.End(), ...);
  }
  return true;
}

// One check over the books' own lines (in memory: reading cannot fail).
template <class Check>
std::vector<Failure> CheckOwnLines(const MonthBooks& books, BooksLines& lines, Check check) {
  Feed(books, lines, check);
  return check.Take();
}

void Append(std::vector<Failure>& all, std::vector<Failure> more) {
  for (Failure& f : more) all.push_back(std::move(f));
}

}  // namespace

std::vector<Failure> CheckSettlementTotals(const MonthBooks& books) {
  BooksLines lines(books);
  return CheckOwnLines(books, lines, TotalsCheck(books));
}

std::vector<Failure> CheckEventsSettledOnce(const MonthBooks& books) {
  BooksLines lines(books);
  SharedEventFinder shared;
  Feed(books, lines, shared);
  return CheckOwnLines(books, lines, SettledOnceCheck(shared.Take()));
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
  BooksLines lines(books);
  return CheckOwnLines(books, lines, BalancesCheck(books));
}

std::vector<Failure> CheckPseudonymousClients(const MonthBooks& books) {
  BooksLines lines(books);
  return CheckOwnLines(books, lines, PseudonymousCheck(books));
}

std::vector<Failure> Reconcile(const MonthBooks& books) {
  BooksLines lines(books);
  return Reconcile(books, lines).value();  // the books' own lines cannot fail to read
}

Result<std::vector<Failure>> Reconcile(const MonthBooks& books, LineSource& lines) {
  TotalsCheck totals(books);
  SharedEventFinder shared;
  JournalCheck journal;
  BalancesCheck balances(books);
  PseudonymousCheck clients(books);
  auto fed = Feed(books, lines, totals, shared, journal, balances, clients);
  if (!fed.ok()) return fed.error();
  // Only a month with suspects (an event settled twice, or two IDs of one
  // hash) has its lines read a second time.
  SettledOnceCheck once(shared.Take());
  if (!once.Idle()) {
    auto again = Feed(books, lines, once);
    if (!again.ok()) return again.error();
  }
  std::vector<Failure> all;
  Append(all, totals.Take());
  Append(all, once.Take());
  Append(all, CheckInvoices(books));
  Append(all, journal.Take(books));
  Append(all, balances.Take());
  Append(all, clients.Take());
  return all;
}

}  // namespace seteli::exports
