// Reading service events (and housing absences, which travel in the same
// stream) from JSON Lines or CSV with the same column names. A bad line
// never stops the rest: it becomes a `malformed_event` rejection that names
// the file and line.
#ifndef SETELI_FORMATS_EVENTS_INPUT_H_
#define SETELI_FORMATS_EVENTS_INPUT_H_

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "formats/event_file_chunks.h"
#include "seteli/decision.h"
#include "seteli/event.h"
#include "seteli/money.h"
#include "seteli/settlement.h"
#include "seteli/status.h"

namespace seteli::formats {

// The most units one counted event may give. No service is bought by the
// million in one visit; the bound keeps the products of a provider's
// quantity (prices, cap accounting in thousandths of a minute) in 64 bits.
inline constexpr Quantity kMaxEventQuantity = Quantity::Units(1000000);

struct EventStream {
  std::vector<Event> events;         // in input order
  std::vector<Absence> absences;
  std::vector<Rejection> malformed;  // code malformed_event
};

// One event from one JSON object. `source` and `line` are kept on the event.
// Errors: code "malformed_event", the message naming the field.
Result<Event> ParseEventJson(std::string_view json, const std::string& source, int line);
// The same for an event read back from the store, where its ID is unique:
// without the fingerprint, which tells a resent event from a conflicting
// one on the way in (a tenth of the monthly run's parsing).
Result<Event> ParseStoredEventJson(std::string_view json, const std::string& source, int line);

// The event's content in one canonical string (Event::fingerprint): the
// same event sent twice, whatever its key order or spacing, gives the same.
std::string EventFingerprint(const Event& e);

// `first_line` numbers the text's first line, for a piece of a longer file
// (EventFileChunks); for CSV that is the header's line.
EventStream ParseEventLines(const std::string& text, const std::string& file, int first_line = 1);
EventStream ParseEventCsv(const std::string& text, const std::string& file, int first_line = 1);

// One chunk of an events file (event_file_chunks.h), JSON Lines or CSV;
// JSON Lines events come without their fingerprints.
EventStream ParseEventChunk(const EventFileChunk& chunk, const std::string& file, bool csv);

// One data row of an events CSV, read but not yet judged: its non-empty
// cells in the input format (FromSpreadsheet), by column name, or why the
// row cannot be read (a wrong number of columns, a local time that does
// not exist). ParseEventCsv is built on it; POST /v1/events takes CSV
// through it, each row then judged as a JSON event is.
struct CsvEventRow {
  int line = 0;  // where the row starts
  std::vector<std::pair<std::string, std::string>> cells;
  std::string error;
  std::string event_id;  // the event_id cell as written, also when the row has an error
};
std::vector<CsvEventRow> ReadEventCsvRows(const std::string& text, int first_line = 1);
// Every event of a file as LoadPackedEvents reads it (packed_events.h: by
// the file name, ".csv" is CSV, anything else JSON Lines; read a chunk at a
// time and parsed on every core), unpacked. Only events that share an ID
// with another carry a fingerprint: the rest need none to be settled.
Result<EventStream> LoadEvents(const std::string& path);

}  // namespace seteli::formats

#endif  // SETELI_FORMATS_EVENTS_INPUT_H_
