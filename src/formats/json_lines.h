// Internal to formats: walking a JSON Lines text line by line.
#ifndef SETELI_FORMATS_JSON_LINES_H_
#define SETELI_FORMATS_JSON_LINES_H_

#include <string_view>

namespace seteli::formats {

// Calls `visit(row, line)` for every line of `text` that is not blank, with
// its line number (`first_line` for the first: a piece of a longer file
// keeps the file's numbers); stops early when `visit` returns false.
template <class Visit>
void ForEachJsonLine(std::string_view text, Visit&& visit, int first_line = 1) {
  size_t pos = 0;
  int line = first_line - 1;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view row = text.substr(pos, end - pos);
    pos = end + 1;
    ++line;
    if (row.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    if (!visit(row, line)) return;
  }
}

}  // namespace seteli::formats

#endif  // SETELI_FORMATS_JSON_LINES_H_
