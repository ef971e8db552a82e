#include "formats/events_input.h"

#include <algorithm>
#include <unordered_map>

#include "formats/json_fields.h"
#include "formats/json_lines.h"
#include "formats/json_record.h"
#include "formats/packed_events.h"
#include "formats/spreadsheet_cells.h"
#include "formats/yaml_fields.h"

namespace seteli::formats {

std::string EventFingerprint(const Event& e) {
  std::string f;
  auto add = [&f](std::string_view v) {
    f += v;
    f += '\x1f';
  };
  add(e.provider);
  add(e.decision_id);
  add(e.service);
  add(e.start ? std::to_string(e.start->unix_seconds()) : "");
  add(e.end ? std::to_string(e.end->unix_seconds()) : "");
  add(e.date ? e.date->ToString() : "");
  add(e.quantity ? e.quantity->ToString() : "");
  add(std::to_string(e.recorded_at.unix_seconds()));
  add(e.worker);
  add(e.replaces.value_or(""));
  add(e.voids.value_or(""));
  if (e.cancelled) add("cancelled");
  return f;
}

namespace {

Event ReadEvent(const JsonRecord& f, bool fingerprint = true) {
  f.AllowOnly({"event_id", "provider", "decision_id", "service", "start", "end", "date", "quantity",
               "recorded_at", "worker", "cancelled", "replaces", "voids"});
  Event e;
  e.id = f.Text("event_id");
  e.provider = f.Text("provider");
  e.recorded_at = f.Time("recorded_at");
  e.worker = f.OptionalText("worker").value_or("");
  e.replaces = f.OptionalText("replaces");
  e.voids = f.OptionalText("voids");
  e.cancelled = f.Flag("cancelled", false);
  if (e.replaces && e.voids) JsonFields::Fail("invalid_value", "an event cannot both replace and void");
  if (e.voids) {
    // A void names what it cancels; the rest of it is optional.
    e.decision_id = f.OptionalText("decision_id").value_or("");
    e.service = f.OptionalText("service").value_or("");
  } else {
    e.decision_id = f.Text("decision_id");
    e.service = f.Text("service");
    bool timed = f.Has("start") || f.Has("end");
    bool counted = f.Has("date") || f.Has("quantity");
    if (timed == counted) {
      JsonFields::Fail("missing_field", "give either start and end, or date and quantity");
    }
    if (timed) {
      e.start = f.Time("start");
      e.end = f.Time("end");
    } else {
      e.date = f.DateField("date");
      e.quantity = f.QuantityField("quantity");
      if (e.quantity->milli() > kMaxEventQuantity.milli()) {
        JsonFields::Fail("invalid_quantity", "quantity: more than " + kMaxEventQuantity.ToString() +
                                                 " units in one event");
      }
    }
  }
  if (fingerprint) e.fingerprint = EventFingerprint(e);
  return e;
}

Absence ReadAbsence(const JsonRecord& f) {
  f.AllowOnly({"absence_id", "decision_id", "from", "to"});
  Absence a;
  a.id = f.Text("absence_id");
  a.decision_id = f.Text("decision_id");
  a.days.from = f.DateField("from");
  a.days.to = f.OptionalDate("to");
  if (a.days.to && *a.days.to < a.days.from) JsonFields::Fail("invalid_range", "to is before from");
  return a;
}

// Adds one record (a JSON line or a CSV row) to the stream.
void AddRecord(const JsonRecord& f, const std::string& file, int line, EventStream& out,
               bool fingerprint = true) {
  try {
    if (f.Has("absence_id")) {
      out.absences.push_back(ReadAbsence(f));
      return;
    }
    Event e = ReadEvent(f, fingerprint);
    e.source = file;
    e.line = line;
    out.events.push_back(std::move(e));
  } catch (const FieldError& err) {
    out.malformed.push_back({std::string(f.StringOrEmpty("event_id")), "malformed_event",
                             file + ":" + std::to_string(line) + ": " + err.message, file, line});
  }
}

// Splits one CSV record (RFC 4180) starting at `pos`; advances `pos`.
std::vector<std::string> CsvRecord(const std::string& text, size_t& pos, int& lines,
                                   char separator) {
  std::vector<std::string> cells(1);
  bool quoted = false;
  for (; pos < text.size(); ++pos) {
    char c = text[pos];
    if (quoted) {
      if (c == '"' && pos + 1 < text.size() && text[pos + 1] == '"') {
        cells.back() += '"';
        ++pos;
      } else if (c == '"') {
        quoted = false;
      } else {
        if (c == '\n') ++lines;
        cells.back() += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == separator) {
      cells.emplace_back();
    } else if (c == '\n') {
      ++pos;
      ++lines;
      break;
    } else if (c != '\r') {
      cells.back() += c;
    }
  }
  return cells;
}

EventStream ParseLines(std::string_view text, const std::string& file, int first_line,
                       bool fingerprint) {
  EventStream out;
  // One allocation for the chunk's events: grown by doubling, they would
  // be moved over and over.
  out.events.reserve(static_cast<size_t>(std::count(text.begin(), text.end(), '\n')) + 1);
  ForEachJsonLine(
      text,
      [&](std::string_view row, int line) {
        JsonRecord record;
        try {
          record = JsonRecord::Parse(row);
        } catch (const FieldError& err) {
          out.malformed.push_back({"", "malformed_event",
                                   file + ":" + std::to_string(line) + ": " + err.message, file,
                                   line});
          return true;
        }
        AddRecord(record, file, line, out, fingerprint);
        return true;
      },
      first_line);
  return out;
}

// Only events that share an ID are told apart by their fingerprints (a
// resend or a conflict); the others go without, a fifth of their memory.
void FingerprintSharedIds(std::vector<Event>& events) {
  std::unordered_map<std::string_view, int> seen;
  seen.reserve(events.size());
  for (const Event& e : events) ++seen[e.id];
  for (Event& e : events) {
    if (seen[e.id] > 1) e.fingerprint = EventFingerprint(e);
  }
}

Result<Event> ParseEvent(std::string_view json, const std::string& source, int line, bool fingerprint) {
  try {
    Event e = ReadEvent(JsonRecord::Parse(json), fingerprint);
    e.source = source;
    e.line = line;
    return e;
  } catch (const FieldError& err) {
    return Error{"malformed_event", err.message,
                 line > 0 ? source + ":" + std::to_string(line) : source};
  }
}

}  // namespace

Result<Event> ParseEventJson(std::string_view json, const std::string& source, int line) {
  return ParseEvent(json, source, line, /*fingerprint=*/true);
}

Result<Event> ParseStoredEventJson(std::string_view json, const std::string& source, int line) {
  return ParseEvent(json, source, line, /*fingerprint=*/false);
}

EventStream ParseEventChunk(const EventFileChunk& chunk, const std::string& file, bool csv) {
  if (csv) return ParseEventCsv(chunk.text, file, chunk.first_line);
  return ParseLines(chunk.text, file, chunk.first_line, /*fingerprint=*/false);
}

EventStream ParseEventLines(const std::string& text, const std::string& file, int first_line) {
  return ParseLines(text, file, first_line, /*fingerprint=*/true);
}

std::vector<CsvEventRow> ReadEventCsvRows(const std::string& text, int first_line) {
  std::vector<CsvEventRow> rows;
  size_t pos = 0;
  int lines = first_line - 1;
  if (text.compare(0, 3, "\xEF\xBB\xBF") == 0) pos = 3;
  const char separator = CsvSeparator(std::string_view(text).substr(pos));
  std::vector<std::string> header = CsvRecord(text, pos, lines, separator);
  const size_t id_column =
      static_cast<size_t>(std::find(header.begin(), header.end(), "event_id") - header.begin());
  while (pos < text.size()) {
    CsvEventRow& row = rows.emplace_back();
    row.line = lines + 1;
    std::vector<std::string> cells = CsvRecord(text, pos, lines, separator);
    if (cells.size() == 1 && cells[0].find_first_not_of(" \t") == std::string::npos) {
      rows.pop_back();
      continue;
    }
    if (id_column < cells.size()) row.event_id = cells[id_column];
    if (cells.size() != header.size()) {
      row.error = "expected " + std::to_string(header.size()) + " columns, found " +
                  std::to_string(cells.size());
      continue;
    }
    for (size_t i = 0; row.error.empty() && i < header.size(); ++i) {
      if (cells[i].empty()) continue;
      try {
        row.cells.emplace_back(header[i], FromSpreadsheet(header[i], std::move(cells[i])));
      } catch (const FieldError& err) {
        row.error = err.message;
      }
    }
  }
  return rows;
}

EventStream ParseEventCsv(const std::string& text, const std::string& file, int first_line) {
  EventStream out;
  for (CsvEventRow& row : ReadEventCsvRows(text, first_line)) {
    if (!row.error.empty()) {
      out.malformed.push_back({"", "malformed_event",
                               file + ":" + std::to_string(row.line) + ": " + row.error, file,
                               row.line});
      continue;
    }
    JsonRecord record;
    for (auto& [column, cell] : row.cells) {
      record.Set(column, {JsonRecord::Kind::kString, std::move(cell), {}});
    }
    AddRecord(record, file, row.line, out);
  }
  return out;
}

Result<EventStream> LoadEvents(const std::string& path) {
  auto file = LoadPackedEvents(path);
  if (!file.ok()) return file.error();
  PackedEventFile& packed = file.value();
  EventStream out{{}, std::move(packed.absences), std::move(packed.malformed)};
  out.events.reserve(packed.events.size());
  for (size_t i = 0; i < packed.events.size(); ++i) {
    out.events.push_back(packed.events.Unpack(i, /*with_fingerprint=*/false));
  }
  FingerprintSharedIds(out.events);
  return out;
}

}  // namespace seteli::formats
