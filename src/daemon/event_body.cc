#include "daemon/event_body.h"

#include <string>

#include "formats/events_input.h"
#include "formats/pretty_json_writer.h"

namespace seteli::daemon {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  return s;
}

Error Malformed(size_t offset, const std::string& what) {
  return Error{"malformed_json", what + " at byte " + std::to_string(offset), "body"};
}

std::vector<BodyPiece> SplitLines(std::string_view body) {
  std::vector<BodyPiece> pieces;
  int line = 0;
  while (!body.empty()) {
    ++line;
    size_t nl = body.find('\n');
    std::string_view text = Trim(body.substr(0, nl));
    if (!text.empty()) pieces.push_back({text, line});
    body = nl == std::string_view::npos ? std::string_view() : body.substr(nl + 1);
  }
  return pieces;
}

// Scans the array whose '[' is at `body[start]`, cutting at top-level commas.
Result<std::vector<BodyPiece>> SplitArray(std::string_view body, size_t start) {
  std::vector<BodyPiece> pieces;
  int depth = 0;
  bool in_string = false, escaped = false;
  size_t element_start = start + 1;
  for (size_t i = start; i < body.size(); ++i) {
    char c = body[i];
    if (in_string) {
      if (escaped)
        escaped = false;
      else if (c == '\\')
        escaped = true;
      else if (c == '"')
        in_string = false;
      continue;
    }
    if (c == '"') {
      in_string = true;
      continue;
    }
    if (c == '[' || c == '{') {
      ++depth;
      continue;
    }
    bool top_comma = c == ',' && depth == 1;
    if (c == ']' || c == '}') --depth;
    if (depth < 0) return Malformed(i, "unbalanced '" + std::string(1, c) + "'");
    if (top_comma || depth == 0) {
      std::string_view text = Trim(body.substr(element_start, i - element_start));
      if (text.empty() && (top_comma || !pieces.empty()))
        return Malformed(i, "empty array element");
      if (!text.empty()) pieces.push_back({text, static_cast<int>(pieces.size()) + 1});
      element_start = i + 1;
      if (depth == 0) {
        if (c != ']') return Malformed(i, "array closed by '}'");
        if (!Trim(body.substr(i + 1)).empty()) return Malformed(i + 1, "text after the array");
        return pieces;
      }
    }
  }
  return Malformed(body.size(), in_string ? "unterminated string" : "unterminated array");
}

}  // namespace

Result<std::vector<BodyPiece>> SplitEventBody(std::string_view body) {
  size_t first = 0;
  while (first < body.size() && IsSpace(body[first])) ++first;
  if (first < body.size() && body[first] == '[') return SplitArray(body, first);
  return SplitLines(body);
}

std::vector<BodyPiece> SplitCsvEventBody(const std::string& body, std::vector<std::string>& rows) {
  std::vector<formats::CsvEventRow> read = formats::ReadEventCsvRows(body);
  rows.clear();
  rows.reserve(read.size());  // the pieces point into it: it must not move
  std::vector<BodyPiece> pieces;
  for (const formats::CsvEventRow& row : read) {
    std::string json;
    for (const auto& [column, cell] : row.cells) {
      json += json.empty() ? "{" : ",";
      formats::AppendJsonString(json, column);
      json += ':';
      formats::AppendJsonString(json, cell);
    }
    rows.push_back(!row.error.empty() ? "" : json.empty() ? "{}" : json + "}");
    pieces.push_back({rows.back(), row.line, row.error, row.event_id});
  }
  return pieces;
}

}  // namespace seteli::daemon
