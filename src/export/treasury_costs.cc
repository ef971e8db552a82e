#include "export/treasury_costs.h"

#include <algorithm>
#include <map>
#include <utility>

#include "export/export_columns.h"

namespace seteli::exports {

Money TreasuryTable::Total() const { return SumOf(cells, &TreasuryCell::amount); }

TreasuryTable BuildTreasuryTable(const MonthBooks& books) {
  BooksLines lines(books);
  return BuildTreasuryTable(books, lines).value();  // the books' own lines cannot fail to read
}

Result<TreasuryTable> BuildTreasuryTable(const MonthBooks& books, LineSource& lines) {
  const TreasuryCodes& codes = books.cost_coding.treasury;
  std::map<std::pair<std::string, std::string>, TreasuryCell> cells;
  auto read = ForEachLine(books, lines, [&](const Settlement&, const SettlementLine& l) {
    const std::string account = codes.Account(books.CodingOf(l).account);
    const std::string& cls = codes.ServiceClassCode(l.service, l.service_class);
    TreasuryCell& cell = cells[{account, cls}];
    cell.amount += l.voucher;
    ++cell.line_count;
  });
  if (!read.ok()) return read.error();
  TreasuryTable t;
  t.month = books.month;
  for (auto& [key, cell] : cells) {
    if (cell.amount == Money()) continue;
    cell.account = key.first;
    cell.service_class = key.second;
    t.cells.push_back(std::move(cell));
  }
  return t;
}

std::vector<Failure> CheckTreasuryTable(const TreasuryTable& table, const Journal& journal) {
  std::vector<Failure> out;
  for (const TreasuryCell& c : table.cells) {
    if (!c.account.empty() && !c.service_class.empty()) continue;
    std::string cell = "'" + c.account + "' x '" + c.service_class + "'";
    out.push_back({"treasury_code_missing",
                   "Valtiokonttorin taulukon solulta " + cell + " (" + FiAmount(c.amount) +
                       ") puuttuu koodi: lisää se kohtaan cost_coding.treasury / the State "
                       "Treasury cell " +
                       cell + " (" + c.amount.ToString() +
                       ") lacks a code: add it to cost_coding.treasury."});
  }
  Money cost;
  for (const Posting& p : journal.postings) {
    if (p.kind != PostingKind::kPayable) cost += p.debit - p.credit;
  }
  if (table.Total() != cost) {
    out.push_back({"treasury_total_mismatch",
                   "Valtiokonttorin taulukon summa " + FiAmount(table.Total()) +
                       " ei ole päiväkirjan kuukauden kulut " + FiAmount(cost) +
                       " / the State Treasury table's total " + table.Total().ToString() +
                       " is not the month's cost in the journal, " + cost.ToString() + "."});
  }
  return out;
}

CsvSummary WriteTreasuryCosts(const TreasuryTable& table, std::ostream& out, Dialect dialect) {
  CsvWriter w(out, dialect, kTreasuryCostsColumns);
  for (const TreasuryCell& c : table.cells) {
    w.MonthCell(table.month);
    w.Text(c.account);
    w.Text(c.service_class);
    w.Amount(c.amount);
    w.Integer(c.line_count);
    w.EndRow();
  }
  return w.Finish();
}

}  // namespace seteli::exports
