#include "export/line_source.h"

#include <string_view>

namespace seteli::exports {

Result<bool> BooksLines::ReadLines(size_t i, const ChunkFn& chunk) {
  const std::vector<SettlementLine>& lines = books_.settlements[i].lines;
  if (!lines.empty()) chunk(lines);
  return true;
}

// An open-addressing table of the first settlement of every event ID: no
// allocation per line (this runs over a million lines before each export).
Result<std::vector<std::string>> BooksLines::SharedEvents() {
  size_t n = 0;
  for (const Settlement& s : books_.settlements) n += s.lines.size();
  struct Slot {
    const std::string* event_id = nullptr;
    const Settlement* settlement = nullptr;
  };
  size_t size = 16;
  while (size < 2 * n) size <<= 1;
  std::vector<Slot> table(size);
  std::hash<std::string_view> hash;
  std::vector<std::string> shared;
  for (const Settlement& s : books_.settlements) {
    for (const SettlementLine& l : s.lines) {
      size_t i = hash(l.event_id) & (size - 1);
      while (table[i].event_id && *table[i].event_id != l.event_id) i = (i + 1) & (size - 1);
      Slot& slot = table[i];
      if (!slot.event_id) {
        slot = {&l.event_id, &s};
      } else if (slot.settlement != &s) {
        shared.push_back(l.event_id);
      }
    }
  }
  return shared;
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
