#include "export/csv_writer.h"

#include <charconv>
#include <stdexcept>

#include "formats/sha256.h"

namespace seteli::exports {

namespace {

constexpr size_t kBlock = 1 << 20;

bool NeedsQuotes(std::string_view text, char delimiter) {
  for (char c : text) {
    if (c == delimiter || c == '"' || c == '\n' || c == '\r') return true;
  }
  return false;
}

void AppendTwoDigits(std::string& out, int n) {
  out.push_back(static_cast<char>('0' + n / 10));
  out.push_back(static_cast<char>('0' + n % 10));
}

// "2024-05": a month cell, and the start of a date cell.
void AppendYearMonth(std::string& out, int year, int month) {
  char digits[8];
  auto r = std::to_chars(digits, digits + sizeof digits, year);
  out.append(digits, r.ptr);
  out.push_back('-');
  AppendTwoDigits(out, month);
}

}  // namespace

struct CsvWriter::Digest {
  formats::Sha256 sha256;
};

Result<Dialect> ParseDialect(std::string_view name) {
  if (name.empty() || name == "rfc4180") return Dialect::kRfc4180;
  if (name == "fi") return Dialect::kFinnish;
  return Error{"usage", "unknown dialect '" + std::string(name) + "': use fi or rfc4180"};
}

const char* DialectName(Dialect d) { return d == Dialect::kFinnish ? "fi" : "rfc4180"; }

CsvWriter::CsvWriter(std::ostream& out, Dialect dialect, std::span<const Column> columns)
    : out_(out),
      dialect_(dialect),
      columns_(columns),
      delimiter_(dialect == Dialect::kFinnish ? ';' : ','),
      decimal_(dialect == Dialect::kFinnish ? ',' : '.'),
      column_totals_(columns.size()),
      digest_(std::make_unique<Digest>()) {
  buffer_.reserve(kBlock + 64 * 1024);
  if (dialect_ == Dialect::kFinnish) buffer_.append("\xEF\xBB\xBF");
  for (size_t i = 0; i < columns_.size(); ++i) {
    if (i) buffer_.push_back(delimiter_);
    buffer_.append(columns_[i].name);
  }
  buffer_.append("\r\n");
}

CsvWriter::~CsvWriter() = default;

void CsvWriter::BeginCell(ColumnKind kind) {
  if (cell_ >= columns_.size() || columns_[cell_].kind != kind) {
    throw std::logic_error("CSV cell " + std::to_string(cell_) + " of the wrong kind or too many");
  }
  if (cell_) buffer_.push_back(delimiter_);
  ++cell_;
}

void CsvWriter::Text(std::string_view text) {
  BeginCell(ColumnKind::kText);
  if (!NeedsQuotes(text, delimiter_)) {
    buffer_.append(text);
    return;
  }
  buffer_.push_back('"');
  for (char c : text) {
    if (c == '"') buffer_.push_back('"');
    buffer_.push_back(c);
  }
  buffer_.push_back('"');
}

// value / 10^scale as a decimal; `trim` drops trailing zero decimals (and
// the separator when none are left).
void CsvWriter::AppendDecimal(int64_t value, int scale, bool trim) {
  uint64_t magnitude = value < 0 ? 0 - static_cast<uint64_t>(value) : static_cast<uint64_t>(value);
  if (value < 0) buffer_.push_back('-');
  uint64_t unit = scale == 2 ? 100 : 1000;
  char digits[24];
  auto r = std::to_chars(digits, digits + sizeof digits, magnitude / unit);
  buffer_.append(digits, r.ptr);
  uint64_t frac = magnitude % unit;
  if (trim && frac == 0) return;
  char f[3];
  for (int i = scale - 1; i >= 0; --i) {
    f[i] = static_cast<char>('0' + frac % 10);
    frac /= 10;
  }
  int n = scale;
  if (trim) {
    while (n > 0 && f[n - 1] == '0') --n;
  }
  buffer_.push_back(decimal_);
  buffer_.append(f, static_cast<size_t>(n));
}

void CsvWriter::Amount(Money m) {
  BeginCell(ColumnKind::kAmount);
  column_totals_[cell_ - 1] += m;
  AppendDecimal(m.cents(), 2, false);
}

void CsvWriter::Integer(int64_t n) {
  BeginCell(ColumnKind::kInteger);
  char digits[24];
  auto r = std::to_chars(digits, digits + sizeof digits, n);
  buffer_.append(digits, r.ptr);
}

void CsvWriter::QuantityCell(Quantity q) {
  BeginCell(ColumnKind::kQuantity);
  AppendDecimal(q.milli(), 3, true);
}

void CsvWriter::DateCell(Date d) {
  BeginCell(ColumnKind::kDate);
  AppendYearMonth(buffer_, d.year(), d.month());
  buffer_.push_back('-');
  AppendTwoDigits(buffer_, d.day());
}

void CsvWriter::MonthCell(YearMonth m) {
  BeginCell(ColumnKind::kMonth);
  AppendYearMonth(buffer_, m.year(), m.month());
}

void CsvWriter::EndRow() {
  if (cell_ != columns_.size()) {
    throw std::logic_error("CSV row with " + std::to_string(cell_) + " cells, expected " +
                           std::to_string(columns_.size()));
  }
  buffer_.append("\r\n");
  cell_ = 0;
  ++rows_;
  if (buffer_.size() >= kBlock) FlushBuffer();
}

void CsvWriter::FlushBuffer() {
  if (buffer_.empty()) return;
  digest_->sha256.Update(buffer_);
  out_.write(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
  bytes_ += static_cast<int64_t>(buffer_.size());
  buffer_.clear();
}

CsvSummary CsvWriter::Finish() {
  if (finished_) throw std::logic_error("CsvWriter::Finish called twice");
  if (cell_ != 0) throw std::logic_error("CsvWriter::Finish inside a row");
  finished_ = true;
  FlushBuffer();
  out_.flush();
  CsvSummary s;
  s.rows = rows_;
  s.bytes = bytes_;
  s.sha256 = digest_->sha256.FinishHex();
  for (size_t i = 0; i < columns_.size(); ++i) {
    if (columns_[i].kind == ColumnKind::kAmount) {
      s.totals.push_back({std::string(columns_[i].name), column_totals_[i]});
    }
  }
  return s;
}

}  // namespace seteli::exports
