#include "export/reconciliation_export.h"

#include <algorithm>
#include <map>

#include "export/export_columns.h"

namespace seteli::exports {

namespace {

void Finalize(ReconciliationRow& row, const MonthBooks& books) {
  std::sort(row.invoices.begin(), row.invoices.end(),
            [](const ReceivedInvoice* a, const ReceivedInvoice* b) {
              return a->date != b->date ? a->date < b->date : a->number < b->number;
            });
  bool accepted = false;
  for (const ReceivedInvoice* inv : row.invoices) {
    if (inv->status == InvoiceStatus::kAccepted) {
      accepted = true;
      row.invoiced_total += inv->total;
    } else {
      row.rejection_codes.insert(row.rejection_codes.end(), inv->rejection_codes.begin(),
                                 inv->rejection_codes.end());
    }
  }
  std::sort(row.rejection_codes.begin(), row.rejection_codes.end());
  row.rejection_codes.erase(std::unique(row.rejection_codes.begin(), row.rejection_codes.end()),
                            row.rejection_codes.end());
  SettlementStatus st = books.StatusOf(row.provider);
  row.state = st.state;
  if (st.state == SettlementState::kHeld) {
    row.status = ReconciliationStatus::kHeld;
    row.held_reason = st.held_reason;
  } else if (accepted) {
    row.status = ReconciliationStatus::kAccepted;
  } else if (!row.invoices.empty()) {
    row.status = ReconciliationStatus::kRejected;
  } else if (st.self_billed) {
    row.status = ReconciliationStatus::kSelfBilled;
  } else {
    row.status = ReconciliationStatus::kMissing;
  }
  row.difference = row.voucher_total - row.invoiced_total;
}

std::string Joined(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& s : items) {
    if (!out.empty()) out.push_back(' ');
    out += s;
  }
  return out;
}

}  // namespace

const char* ReconciliationStatusName(ReconciliationStatus s) {
  switch (s) {
    case ReconciliationStatus::kAccepted: return "accepted";
    case ReconciliationStatus::kRejected: return "rejected";
    case ReconciliationStatus::kMissing: return "missing";
    case ReconciliationStatus::kHeld: return "held";
    case ReconciliationStatus::kSelfBilled:
      return "self_billed";
  }
  return "missing";
}

std::vector<ReconciliationRow> ReconciliationRows(const MonthBooks& books) {
  BooksLines lines(books);
  return ReconciliationRows(books, LineCounts(books, lines).value());  // cannot fail to read
}

std::vector<ReconciliationRow> ReconciliationRows(const MonthBooks& books,
                                                  const std::vector<int64_t>& line_counts) {
  std::map<std::string, ReconciliationRow> by_provider;
  for (size_t i = 0; i < books.settlements.size(); ++i) {
    const Settlement& s = books.settlements[i];
    ReconciliationRow& row = by_provider[s.provider];
    row.provider = s.provider;
    row.reference = s.reference;
    row.line_count += line_counts.at(i);
    row.price_total += s.price_total;
    row.voucher_total += s.voucher_total;
    row.copay_total += s.copay_total;
  }
  for (const ReceivedInvoice& inv : books.invoices) {
    ReconciliationRow& row = by_provider[inv.provider];
    row.provider = inv.provider;
    row.invoices.push_back(&inv);
  }
  std::vector<ReconciliationRow> rows;
  rows.reserve(by_provider.size());
  for (auto& [provider, row] : by_provider) {
    row.provider_name = books.ProviderName(provider);
    Finalize(row, books);
    rows.push_back(std::move(row));
  }
  return rows;
}

CsvSummary WriteReconciliation(const MonthBooks& books, std::ostream& out, Dialect dialect) {
  BooksLines lines(books);
  return WriteReconciliation(books, lines, out, dialect).value();  // cannot fail to read
}

Result<CsvSummary> WriteReconciliation(const MonthBooks& books, LineSource& lines,
                                       std::ostream& out, Dialect dialect) {
  auto counts = LineCounts(books, lines);
  if (!counts.ok()) return counts.error();
  CsvWriter w(out, dialect, kReconciliationColumns);
  for (const ReconciliationRow& row : ReconciliationRows(books, counts.value())) {
    std::vector<std::string> numbers, dates;
    for (const ReceivedInvoice* inv : row.invoices) {
      numbers.push_back(inv->number);
      dates.push_back(inv->date.ToString());
    }
    w.MonthCell(books.month);
    w.Text(row.provider);
    w.Text(row.provider_name);
    w.Text(row.reference);
    w.Text(ToString(row.state));
    w.Integer(row.line_count);
    w.Amount(row.price_total);
    w.Amount(row.voucher_total);
    w.Amount(row.copay_total);
    w.Text(Joined(numbers));
    w.Text(Joined(dates));
    w.Amount(row.invoiced_total);
    w.Text(ReconciliationStatusName(row.status));
    w.Amount(row.difference);
    w.Text(Joined(row.rejection_codes));
    w.Text(row.held_reason);
    w.EndRow();
  }
  return w.Finish();
}

}  // namespace seteli::exports
