#include "formats/spreadsheet_cells.h"

#include <cctype>
#include <cstdio>
#include <optional>

#include "formats/json_fields.h"
#include "seteli/time.h"

namespace seteli::formats {
namespace {

bool AllDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

int ToInt(std::string_view s) {
  int v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  return v;
}

// "3.6.2024" or "03.06.2024", a real calendar day.
std::optional<Date> FinnishDate(std::string_view s) {
  size_t a = s.find('.'), b = s.find('.', a == std::string_view::npos ? a : a + 1);
  if (a == std::string_view::npos || b == std::string_view::npos) return std::nullopt;
  std::string_view d = s.substr(0, a), m = s.substr(a + 1, b - a - 1), y = s.substr(b + 1);
  if (!AllDigits(d) || !AllDigits(m) || y.size() != 4 || !AllDigits(y) || d.size() > 2 ||
      m.size() > 2) {
    return std::nullopt;
  }
  char iso[32];
  std::snprintf(iso, sizeof iso, "%04d-%02d-%02d", ToInt(y), ToInt(m), ToInt(d));
  auto date = Date::Parse(iso);
  if (!date.ok()) return std::nullopt;
  return date.value();
}

std::optional<Date> AnyDate(std::string_view s) {
  if (auto iso = Date::Parse(s); iso.ok()) return iso.value();
  return FinnishDate(s);
}

// "H:MM" or "HH:MM:SS": minute of day and second.
std::optional<std::pair<int, int>> ClockTime(std::string_view s) {
  std::string_view h = s.substr(0, s.find(':'));
  if (h.size() == s.size()) return std::nullopt;
  std::string_view rest = s.substr(h.size() + 1);
  std::string_view m = rest.substr(0, 2), sec = rest.size() > 2 ? rest.substr(2) : "";
  if (!sec.empty()) {
    if (sec.size() != 3 || sec[0] != ':' || !AllDigits(sec.substr(1))) return std::nullopt;
    sec = sec.substr(1);
  }
  if (h.size() > 2 || !AllDigits(h) || m.size() != 2 || !AllDigits(m)) return std::nullopt;
  int hour = ToInt(h), minute = ToInt(m), second = sec.empty() ? 0 : ToInt(sec);
  if (hour > 23 || minute > 59 || second > 59) return std::nullopt;
  return std::make_pair(hour * 60 + minute, second);
}

// A date and a time of day without an offset, as Helsinki local time.
std::optional<std::string> LocalTimeCell(std::string_view column, std::string_view cell) {
  size_t cut = cell.find_first_of(" T");
  if (cut == std::string_view::npos) return std::nullopt;
  auto date = AnyDate(cell.substr(0, cut));
  auto clock = ClockTime(cell.substr(cut + 1));
  if (!date || !clock) return std::nullopt;
  auto at = FromHelsinki(*date, clock->first, clock->second);
  if (!at.ok()) JsonFields::Fail("invalid_time", std::string(column) + ": " + at.error().message);
  return at.value().ToHelsinkiString();
}

// TRUE/FALSE as spreadsheets write them, Finnish Excel's TOSI/EPÄTOSI too.
std::string Truth(std::string cell) {
  std::string lower;
  for (char c : cell) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (lower == "true" || lower == "tosi" || lower == "1") return "true";
  if (lower == "false" || lower == "ep\xc3\xa4tosi" || lower == "ep\xc3\x84tosi" || lower == "0")
    return "false";
  return cell;
}

}  // namespace

std::string FromSpreadsheet(std::string_view column, std::string cell) {
  if (column == "quantity") {
    size_t comma = cell.find(',');
    if (comma != std::string::npos && AllDigits(std::string_view(cell).substr(0, comma)) &&
        AllDigits(std::string_view(cell).substr(comma + 1))) {
      cell[comma] = '.';
    }
  } else if (column == "cancelled") {
    return Truth(std::move(cell));
  } else if (column == "date" || column == "from" || column == "to") {
    if (auto d = FinnishDate(cell)) return d->ToString();
  } else if (column == "start" || column == "end" || column == "recorded_at") {
    if (Instant::Parse(cell).ok()) return cell;
    if (auto t = LocalTimeCell(column, cell)) return *t;
  }
  return cell;
}

char CsvSeparator(std::string_view header_line) {
  return header_line.substr(0, header_line.find('\n')).find(';') != std::string_view::npos ? ';'
                                                                                           : ',';
}

}  // namespace seteli::formats
