// A streaming CSV writer for the finance exports: RFC 4180 (comma, dot
// decimals) or the Finnish Excel dialect (semicolon, decimal comma, UTF-8
// BOM). Both end every record, the header included, with CRLF, as RFC 4180
// says. While writing it keeps the SHA-256 of the exact bytes written, the
// number of data rows and the total of every amount column, for the
// integrity side files (docs/exports.md).
//
//   static constexpr Column kColumns[] = {{"provider", ColumnKind::kText},
//                                         {"voucher_total", ColumnKind::kAmount}};
//   CsvWriter w(out, Dialect::kFinnish, kColumns);   // writes BOM and header
//   w.Text("2345678-0");
//   w.Amount(Money::FromCents(431569));             // "4315,69"
//   w.EndRow();
//   CsvSummary s = w.Finish();                      // rows 1, sha256 of it all
//
// Cells are appended to an internal buffer (no allocation per cell) that is
// hashed and written to `out` in blocks of about 1 MiB. Not thread-safe.
// Writing a cell of the wrong kind for its column, or a row with the wrong
// number of cells, is a programming error and throws std::logic_error.
#ifndef SETELI_EXPORT_CSV_WRITER_H_
#define SETELI_EXPORT_CSV_WRITER_H_

#include <cstdint>
#include <memory>
#include <ostream>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "seteli/date.h"
#include "seteli/money.h"
#include "seteli/status.h"

namespace seteli::exports {

enum class Dialect { kRfc4180, kFinnish };
// "rfc4180" (or "") and "fi"; anything else is an error with code usage.
Result<Dialect> ParseDialect(std::string_view name);
const char* DialectName(Dialect d);  // "rfc4180", "fi"

enum class ColumnKind { kText, kAmount, kInteger, kQuantity, kDate, kMonth };

struct Column {
  std::string_view name;
  ColumnKind kind;
};

struct AmountTotal {
  std::string column;
  Money total;
};

// What a finished file holds, for the side files.
struct CsvSummary {
  int64_t rows = 0;                 // data rows; the header is not counted
  int64_t bytes = 0;                // every byte written, BOM included
  std::vector<AmountTotal> totals;  // one per amount column, in column order
  std::string sha256;               // lowercase hex of those bytes
};

class CsvWriter {
 public:
  // Writes the BOM (fi) and the header row. `columns` must outlive the writer.
  CsvWriter(std::ostream& out, Dialect dialect, std::span<const Column> columns);
  ~CsvWriter();
  CsvWriter(const CsvWriter&) = delete;
  CsvWriter& operator=(const CsvWriter&) = delete;

  void Text(std::string_view text);  // quoted only where needed
  void Amount(Money m);              // "1234.50" / "1234,50"; added to the column total
  void Integer(int64_t n);
  void QuantityCell(Quantity q);     // shortest decimal: "3.5" / "3,5"
  void DateCell(Date d);             // "2024-05-31" in both dialects
  void MonthCell(YearMonth m);       // "2024-05"
  void EndRow();

  // Flushes what is left and returns the summary. Call once, last. The
  // stream's own state (a full disk) is the caller's to check.
  CsvSummary Finish();

 private:
  void BeginCell(ColumnKind kind);
  void AppendDecimal(int64_t value, int scale, bool trim);
  void FlushBuffer();

  std::ostream& out_;
  Dialect dialect_;
  std::span<const Column> columns_;
  char delimiter_;
  char decimal_;
  std::string buffer_;
  size_t cell_ = 0;
  int64_t rows_ = 0;
  int64_t bytes_ = 0;
  std::vector<Money> column_totals_;  // by column index
  struct Digest;
  std::unique_ptr<Digest> digest_;
  bool finished_ = false;
};

}  // namespace seteli::exports

#endif  // SETELI_EXPORT_CSV_WRITER_H_
