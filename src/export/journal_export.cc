#include "export/journal_export.h"

#include <climits>
#include <map>
#include <set>
#include <string_view>
#include <tuple>
#include <unordered_map>

#include "export/export_columns.h"

namespace seteli::exports {

namespace {

// Prior-period key first so that the month's own postings (original 0) lead.
using CostKey = std::tuple<int, std::string_view, std::string_view, int>;

struct CostKeyHash {
  size_t operator()(const CostKey& k) const {
    size_t h = std::hash<std::string_view>()(std::get<1>(k));
    h = h * 31 + std::hash<std::string_view>()(std::get<2>(k));
    return h * 31 + static_cast<size_t>(std::get<0>(k)) * 7 + static_cast<size_t>(std::get<3>(k));
  }
};

struct Sum {
  Money amount;
  int64_t lines = 0;
};

constexpr int kUnknownMonth = INT_MAX;

int MonthKey(const std::optional<YearMonth>& m) { return m ? m->year() * 12 + m->month() : 0; }

// A net amount as debit (>= 0) or credit (< 0); `debit_side` false flips it.
void SetSides(Posting& p, Money net, bool debit_side) {
  Money n = debit_side ? net : -net;
  if (n.negative()) {
    p.credit = -n;
  } else {
    p.debit = n;
  }
}

}  // namespace

const char* PostingKindName(PostingKind k) {
  switch (k) {
    case PostingKind::kExpense: return "expense";
    case PostingKind::kPriorPeriod: return "prior_period";
    case PostingKind::kPayable: return "payable";
  }
  return "expense";
}

Money Journal::Debits() const { return SumOf(postings, &Posting::debit); }

Money Journal::Credits() const { return SumOf(postings, &Posting::credit); }

bool IsPriorPeriod(const SettlementLine& line) {
  return (line.flags & kPriorPeriod) != 0 || line.original_month.has_value();
}

// Hashed while summing (a million lines), sorted after (a few hundred keys).
// Keys view interned names, so summing a line allocates nothing.
struct JournalBuilder::Sums {
  std::set<std::string, std::less<>> names;
  std::unordered_map<CostKey, Sum, CostKeyHash> costs;
  std::map<std::string, Sum, std::less<>> payables;

  std::string_view Intern(std::string_view name) {
    auto it = names.find(name);
    if (it == names.end()) it = names.emplace(name).first;
    return *it;
  }
};

JournalBuilder::JournalBuilder() : sums_(std::make_unique<Sums>()) {}
JournalBuilder::~JournalBuilder() = default;

void JournalBuilder::Add(const std::string& provider, const SettlementLine& line) {
  auto payable = sums_->payables.find(provider);
  if (payable == sums_->payables.end()) payable = sums_->payables.emplace(provider, Sum{}).first;
  int month_key = 0;
  if (IsPriorPeriod(line)) {
    // Prior-period lines without a month still get their own postings.
    month_key = line.original_month ? MonthKey(line.original_month) : kUnknownMonth;
  }
  Sum& cost = sums_->costs[CostKey{month_key, sums_->Intern(line.service),
                                   sums_->Intern(line.municipality),
                                   static_cast<int>(line.service_class)}];
  cost.amount += line.voucher;
  ++cost.lines;
  payable->second.amount += line.voucher;
  ++payable->second.lines;
}

Journal BuildJournal(const MonthBooks& books) {
  BooksLines lines(books);
  return BuildJournal(books, lines).value();  // the books' own lines cannot fail to read
}

Result<Journal> BuildJournal(const MonthBooks& books, LineSource& lines) {
  JournalBuilder builder;
  auto read = ForEachLine(books, lines, [&](const Settlement& s, const SettlementLine& line) {
    builder.Add(s.provider, line);
  });
  if (!read.ok()) return read.error();
  return builder.Build(books);
}

Journal JournalBuilder::Build(const MonthBooks& books) const {
  const auto& cost_sums = sums_->costs;
  const auto& payables = sums_->payables;
  std::map<CostKey, Sum> costs(cost_sums.begin(), cost_sums.end());
  Journal j;
  j.month = books.month;
  for (const auto& [key, sum] : costs) {
    if (sum.amount == Money()) continue;
    const auto& [month_key, service, municipality, cls] = key;
    Posting p;
    p.service = service;
    p.municipality = municipality;
    p.service_class = static_cast<ServiceClass>(cls);
    p.line_count = sum.lines;
    if (month_key == 0) {
      p.kind = PostingKind::kExpense;
      p.account = books.accounts.ExpenseAccount(p.service, *p.service_class);
      p.text = "Palvelusetelit " + p.service + " " + p.municipality;
    } else {
      p.kind = PostingKind::kPriorPeriod;
      p.account = books.accounts.prior_period;
      if (month_key != kUnknownMonth) {
        p.original_month = YearMonth((month_key - 1) / 12, (month_key - 1) % 12 + 1);
      }
      p.text = "Edellisen kauden oikaisu " +
               (p.original_month ? p.original_month->ToString() + " " : std::string()) +
               p.service + " " + p.municipality;
    }
    SetSides(p, sum.amount, true);
    j.postings.push_back(std::move(p));
  }
  for (const auto& [provider, sum] : payables) {
    if (sum.amount == Money()) continue;
    Posting p;
    p.kind = PostingKind::kPayable;
    p.account = books.accounts.accounts_payable;
    p.provider = provider;
    p.line_count = sum.lines;
    const std::string& name = books.ProviderName(p.provider);
    p.text = "Ostovelka " + p.provider + (name.empty() ? "" : " " + name);
    SetSides(p, sum.amount, false);
    j.postings.push_back(std::move(p));
  }
  return j;
}

CsvSummary WriteJournal(const Journal& journal, std::ostream& out, Dialect dialect) {
  CsvWriter w(out, dialect, kJournalColumns);
  int64_t row = 0;
  Date posting_date = journal.month.last();
  for (const Posting& p : journal.postings) {
    w.MonthCell(journal.month);
    w.DateCell(posting_date);
    w.Integer(++row);
    w.Text(PostingKindName(p.kind));
    w.Text(p.account);
    w.Amount(p.debit);
    w.Amount(p.credit);
    w.Text(p.provider);
    w.Text(p.service);
    w.Text(p.municipality);
    w.Text(p.service_class ? ServiceClassName(*p.service_class) : "");
    w.Text(p.original_month ? p.original_month->ToString() : std::string());
    w.Integer(p.line_count);
    w.Text(p.text);
    w.EndRow();
  }
  return w.Finish();
}

CsvSummary WriteJournal(const MonthBooks& books, std::ostream& out, Dialect dialect) {
  return WriteJournal(BuildJournal(books), out, dialect);
}

}  // namespace seteli::exports
