// The accounting journal of a month: the voucher costs as postings.
//
//   Journal j = BuildJournal(books);
//   assert(j.Debits() == j.Credits());
//   CsvSummary s = WriteJournal(books, out, Dialect::kRfc4180);
//
// Postings, in this order:
//   expense      debit the expense account of each (service, municipality,
//                exemption class) with the voucher parts of the month's lines;
//   prior_period debit the prior-period adjustment account of each
//                (original month, service, municipality, class) with the
//                voucher parts of prior_period lines (a credit when the
//                corrections lower the cost);
//   payable      credit accounts payable per provider with the voucher parts
//                of all its lines (a debit if they net negative).
// Every line is counted once on each side, so debits equal credits to the
// cent. A posting of zero is left out. An account the chart lacks is left
// empty; CheckJournal (reconcile.h) reports it.
#ifndef SETELI_EXPORT_JOURNAL_EXPORT_H_
#define SETELI_EXPORT_JOURNAL_EXPORT_H_

#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "export/csv_writer.h"
#include "export/line_source.h"
#include "export/month_books.h"

namespace seteli::exports {

enum class PostingKind { kExpense, kPriorPeriod, kPayable };
const char* PostingKindName(PostingKind k);  // "expense", "prior_period", "payable"

struct Posting {
  PostingKind kind = PostingKind::kExpense;
  std::string account;
  Money debit;   // never negative; at most one of debit and credit is non-zero
  Money credit;
  std::string provider;                      // payable
  std::string service;                       // expense, prior_period
  std::string municipality;                  // expense, prior_period
  std::optional<ServiceClass> service_class; // expense, prior_period
  std::optional<YearMonth> original_month;   // prior_period
  int64_t line_count = 0;
  std::string text;                          // a description in Finnish
};

struct Journal {
  YearMonth month;
  std::vector<Posting> postings;
  Money Debits() const;
  Money Credits() const;
};

// Lines count as prior-period when flagged kPriorPeriod or carrying an
// original_month.
bool IsPriorPeriod(const SettlementLine& line);

Journal BuildJournal(const MonthBooks& books);
// The same with the lines read from `lines`. Errors: those of `lines`.
Result<Journal> BuildJournal(const MonthBooks& books, LineSource& lines);

// BuildJournal a line at a time, for books whose lines are read in chunks
// (reconcile.h's LineSource): only the sums are kept, not the lines.
//
//   JournalBuilder j;
//   for (each settlement s, each of its lines l) j.Add(s.provider, l);
//   Journal journal = j.Build(books);   // names and accounts from books
class JournalBuilder {
 public:
  JournalBuilder();
  ~JournalBuilder();
  JournalBuilder(const JournalBuilder&) = delete;
  JournalBuilder& operator=(const JournalBuilder&) = delete;

  // `provider`: the business ID of the settlement the line is in.
  void Add(const std::string& provider, const SettlementLine& line);
  Journal Build(const MonthBooks& books) const;

 private:
  struct Sums;
  std::unique_ptr<Sums> sums_;
};

// Columns: kJournalColumns (export_columns.h).
CsvSummary WriteJournal(const Journal& journal, std::ostream& out, Dialect dialect);
CsvSummary WriteJournal(const MonthBooks& books, std::ostream& out, Dialect dialect);

}  // namespace seteli::exports

#endif  // SETELI_EXPORT_JOURNAL_EXPORT_H_
