// Splitting a `POST /v1/events` body into one JSON text per event, without
// parsing the events themselves: a JSON array of objects, or JSON Lines.
// Each piece keeps its original bytes, which the store keeps as they came.
// A CSV body (the contract's spreadsheet dialect) is split by rows, each
// written out as the JSON object of its cells.
#ifndef SETELI_DAEMON_EVENT_BODY_H_
#define SETELI_DAEMON_EVENT_BODY_H_

#include <string>
#include <string_view>
#include <vector>

#include "seteli/status.h"

namespace seteli::daemon {

struct BodyPiece {
  std::string_view text;
  int line = 0;               // 1-based line (JSON Lines, CSV) or element number (array)
  std::string error = {};     // a CSV row that cannot be read: why (text is empty)
  std::string event_id = {};  // a CSV row's event_id cell: names it in a malformed_event verdict
};

// A body starting with '[' is an array; anything else is JSON Lines, where
// blank lines are skipped. Errors: malformed_json (the array's brackets,
// strings or commas do not add up; the message gives the offset). A line
// or element that is not a valid event is left for the event parser.
Result<std::vector<BodyPiece>> SplitEventBody(std::string_view body);

// One piece per data row of a CSV body (header first; BOM, CRLF, ';' or
// ',' and the Finnish cells of formats::ReadEventCsvRows): its text is the
// row as a JSON object of strings, held in `rows`, which must outlive the
// pieces.
std::vector<BodyPiece> SplitCsvEventBody(const std::string& body, std::vector<std::string>& rows);

}  // namespace seteli::daemon

#endif  // SETELI_DAEMON_EVENT_BODY_H_
