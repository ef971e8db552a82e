// Internal to formats: CSV cells as Finnish spreadsheet programs save them,
// read into the input format: decimal commas ("1,5"), dates as "3.6.2024",
// times without an offset ("3.6.2024 16:00", "2024-06-03 16:00"), which
// are Europe/Helsinki local time, and truth values as TRUE/FALSE or
// Finnish Excel's TOSI/EPÄTOSI.
//
//   std::string q = FromSpreadsheet("quantity", "1,5");   // "1.5"
//   std::string t = FromSpreadsheet("start", "3.6.2024 16:00");
//   // "2024-06-03T16:00:00+03:00"
#ifndef SETELI_FORMATS_SPREADSHEET_CELLS_H_
#define SETELI_FORMATS_SPREADSHEET_CELLS_H_

#include <string>
#include <string_view>

namespace seteli::formats {

// The cell of `column` in the input format. A cell already in it, or one
// that reads as neither, is returned unchanged for the reader to judge. A
// local time that does not exist or occurs twice at a change of daylight
// saving time throws a FieldError saying so.
std::string FromSpreadsheet(std::string_view column, std::string cell);

// The separator of a CSV file, from its header line: a semicolon where the
// header has one (Finnish spreadsheets), else a comma.
char CsvSeparator(std::string_view header_line);

}  // namespace seteli::formats

#endif  // SETELI_FORMATS_SPREADSHEET_CELLS_H_
