#include "export/line_source.h"

namespace seteli::exports {

Result<bool> BooksLines::ReadLines(size_t i, const ChunkFn& chunk) {
  const std::vector<SettlementLine>& lines = books_.settlements[i].lines;
  if (!lines.empty()) chunk(lines);
  return true;
}

Result<bool> ForEachLine(const MonthBooks& books, LineSource& lines, const LineFn& each) {
  for (size_t i = 0; i < books.settlements.size(); ++i) {
    const Settlement& s = books.settlements[i];
    auto read = lines.ReadLines(i, [&](std::span<const SettlementLine> chunk) {
      for (const SettlementLine& l : chunk) each(s, l);
    });
    if (!read.ok()) return read.error();
  }
  return true;
}

Result<std::vector<int64_t>> LineCounts(const MonthBooks& books, LineSource& lines) {
  std::vector<int64_t> counts(books.settlements.size());
  for (size_t i = 0; i < counts.size(); ++i) {
    auto read = lines.ReadLines(i, [&](std::span<const SettlementLine> chunk) {
      counts[i] += static_cast<int64_t>(chunk.size());
    });
    if (!read.ok()) return read.error();
  }
  return counts;
}

}  // namespace seteli::exports
