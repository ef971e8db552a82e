#include "export/purchase_ledger.h"

#include <algorithm>
#include <map>
#include <set>
#include <string_view>
#include <tuple>

#include "export/export_columns.h"

namespace seteli::exports {
namespace {

// Voucher parts summed by cost coding (account, cost centre).
using PartSums = std::map<std::pair<std::string, std::string>, Money>;

std::vector<LedgerPart> PartsOf(const PartSums& sums) {
  std::vector<LedgerPart> parts;
  for (const auto& [key, amount] : sums) {
    if (amount != Money()) parts.push_back({{key.first, key.second}, amount});
  }
  return parts;
}

}  // namespace

const char* LedgerSourceName(LedgerSource s) {
  return s == LedgerSource::kSelfBilling ? "self_billing" : "invoice";
}

Money LedgerInvoice::Total() const { return SumOf(parts, &LedgerPart::amount); }

Money PurchaseLedger::Total() const { return SumOf(invoices, &LedgerInvoice::Total); }

PurchaseLedger BuildPurchaseLedger(const MonthBooks& books) {
  BooksLines lines(books);
  return BuildPurchaseLedger(books, lines).value();  // the books' own lines cannot fail to read
}

Result<PurchaseLedger> BuildPurchaseLedger(const MonthBooks& books, LineSource& lines) {
  // Each provider's first settlement (a second one is reconcile's
  // duplicate_settlement) and its lines' sums.
  std::map<std::string_view, const Settlement*> settlements;
  for (const Settlement& s : books.settlements) settlements.try_emplace(s.provider, &s);
  std::map<const Settlement*, PartSums> sums;
  const Settlement* last = nullptr;
  PartSums* into = nullptr;
  auto read = ForEachLine(books, lines, [&](const Settlement& s, const SettlementLine& l) {
    if (&s != last) {
      last = &s;
      into = settlements.at(s.provider) == &s ? &sums[&s] : nullptr;
    }
    if (!into) return;
    Coding c = books.CodingOf(l);
    (*into)[{c.account, c.cost_centre}] += l.voucher;
  });
  if (!read.ok()) return read.error();
  PurchaseLedger ledger;
  ledger.month = books.month;
  auto add = [&](LedgerSource source, const std::string& provider, const std::string& number,
                 std::string reference, Date date, std::optional<Date> due,
                 std::optional<Money> total) {
    LedgerInvoice i{source,
                    provider,
                    books.ProviderName(provider),
                    number,
                    std::move(reference),
                    date,
                    due.value_or(date.AddDays(books.cost_coding.payment_days)),
                    books.StatusOf(provider).state};
    i.stated_total = total;
    auto s = settlements.find(provider);
    if (s != settlements.end()) {
      i.has_settlement = true;
      if (i.reference.empty()) i.reference = s->second->reference;
      i.parts = PartsOf(sums[s->second]);
    } else if (total) {
      i.parts.push_back({{}, *total});  // shown, and refused by the check
    }
    ledger.invoices.push_back(std::move(i));
  };
  for (const ReceivedInvoice& r : books.invoices) {
    if (r.status != InvoiceStatus::kAccepted) continue;
    add(LedgerSource::kProviderInvoice, r.provider, r.number, r.reference, r.date, r.due_date,
        r.total);
  }
  for (const IssuedInvoice& r : books.self_billing_invoices) {
    add(LedgerSource::kSelfBilling, r.provider, r.number, "", r.date, r.due_date, r.total);
  }
  std::sort(ledger.invoices.begin(), ledger.invoices.end(),
            [](const LedgerInvoice& a, const LedgerInvoice& b) {
              return std::tie(a.provider, a.source, a.number) <
                     std::tie(b.provider, b.source, b.number);
            });
  return ledger;
}

std::vector<Failure> CheckPurchaseLedger(const PurchaseLedger& ledger, const Journal& journal) {
  std::vector<Failure> out;
  std::set<std::string_view> providers;
  for (const LedgerInvoice& i : ledger.invoices) {
    providers.insert(i.provider);
    std::string which = i.number + " (" + i.provider + ")";
    if (!i.has_settlement) {
      out.push_back({"ledger_invoice_mismatch",
                     "laskulla " + which + " ei ole tilitystä kuukaudelta " +
                         ledger.month.ToString() + " / invoice " + which +
                         " has no settlement in " + ledger.month.ToString() + "."});
    } else if (i.stated_total && *i.stated_total != i.Total()) {
      out.push_back({"ledger_invoice_mismatch",
                     "laskun " + which + " summa " + FiAmount(*i.stated_total) +
                         " ei ole sen tilitysrivien summa " + FiAmount(i.Total()) + " / invoice " +
                         which + " says " + i.stated_total->ToString() +
                         " but its settlement's lines sum to " + i.Total().ToString() + "."});
    }
    for (const LedgerPart& p : i.parts) {
      if (!p.coding.account.empty()) continue;
      out.push_back(
          {"cost_coding_missing", "laskun " + which + " osalle " + FiAmount(p.amount) +
                                      " ei ole tiliä: lisää se kohtaan cost_coding / part " +
                                      p.amount.ToString() + " of invoice " + which +
                                      " has no account: add it to cost_coding."});
    }
  }
  Money payable;
  for (const Posting& p : journal.postings) {
    if (p.kind == PostingKind::kPayable && providers.count(p.provider)) {
      payable += p.credit - p.debit;
    }
  }
  if (ledger.Total() != payable) {
    out.push_back({"ledger_total_mismatch",
                   "ostoreskontran summa " + FiAmount(ledger.Total()) +
                       " ei ole päiväkirjan ostovelka samoilta palveluntuottajilta " +
                       FiAmount(payable) + " / purchase ledger total " + ledger.Total().ToString() +
                       " is not the journal's accounts payable of its providers, " +
                       payable.ToString() + "."});
  }
  return out;
}

CsvSummary WritePurchaseLedger(const PurchaseLedger& ledger, std::ostream& out, Dialect dialect) {
  CsvWriter w(out, dialect, kPurchaseLedgerColumns);
  for (const LedgerInvoice& i : ledger.invoices) {
    for (const LedgerPart& p : i.parts) {
      w.MonthCell(ledger.month);
      w.Text(LedgerSourceName(i.source));
      w.Text(i.provider);
      w.Text(i.provider_name);
      w.Text(i.number);
      w.Text(i.reference);
      w.DateCell(i.date);
      w.DateCell(i.due_date);
      w.Text(p.coding.account);
      w.Text(p.coding.cost_centre);
      w.Amount(p.amount);
      w.Text(ToString(i.state));
      w.EndRow();
    }
  }
  return w.Finish();
}

}  // namespace seteli::exports
