#include "formats/packed_events.h"

#include <filesystem>
#include <iterator>

#include "formats/chunked_parse.h"
#include "formats/events_input.h"
#include "formats/json_lines.h"

namespace seteli::formats {

void PackedEvents::Add(const Event& e) {
  auto view = [](const std::optional<std::string>& s) {
    return s ? std::string_view(*s) : std::string_view();
  };
  PlainEventLine plain{e.id,       e.provider,       e.decision_id, e.service,
                       e.worker,   view(e.replaces), view(e.voids), e.start,
                       e.end,      e.date,           e.quantity,    e.recorded_at,
                       e.cancelled};
  Add(plain, e.line);
}

void PackedEvents::Add(const PlainEventLine& e, int line) {
  Packed p;
  p.text = arena_.size();
  const std::string_view target = e.voids.empty() ? e.replaces : e.voids;
  const std::string_view fields[kFields] = {e.id,      e.provider, e.decision_id,
                                            e.service, e.worker,   target};
  for (int f = 0; f < kFields; ++f) {
    p.length[f] = static_cast<uint32_t>(fields[f].size());
    arena_ += fields[f];
  }
  p.line = line;
  p.bits = (e.cancelled ? kCancelled : 0) | (e.replaces.empty() ? 0 : kReplaces) |
           (e.voids.empty() ? 0 : kVoids);
  if (e.start) {
    p.bits |= kHourly;
    p.first = e.start->unix_seconds();
    p.second = e.end->unix_seconds();
  } else if (e.date) {
    p.bits |= kCounted;
    p.first = e.date->days();
    p.second = e.quantity->milli();
  }
  p.recorded_at = e.recorded_at.unix_seconds();
  events_.push_back(p);
}

void PackedEvents::Append(const PackedEvents& more) {
  const uint64_t base = arena_.size();
  arena_ += more.arena_;
  for (Packed p : more.events_) {
    p.text += base;
    events_.push_back(p);
  }
}

std::string_view PackedEvents::Text(size_t i, Field f) const {
  const Packed& p = events_[i];
  uint64_t at = p.text;
  for (int k = 0; k < f; ++k) at += p.length[k];
  return std::string_view(arena_).substr(at, p.length[f]);
}

Event PackedEvents::Unpack(size_t i, bool with_fingerprint) const {
  const Packed& p = events_[i];
  std::string_view text[kFields];
  for (size_t f = 0, at = p.text; f < kFields; at += p.length[f], ++f) {
    text[f] = std::string_view(arena_).substr(at, p.length[f]);
  }
  Event e;
  e.id = text[kId];
  e.provider = text[kProvider];
  e.decision_id = text[kDecision];
  e.service = text[kService];
  e.worker = text[kWorker];
  if (p.bits & kReplaces) e.replaces = std::string(text[kTarget]);
  if (p.bits & kVoids) e.voids = std::string(text[kTarget]);
  e.cancelled = (p.bits & kCancelled) != 0;
  if (p.bits & kHourly) {
    e.start = Instant::FromUnixSeconds(p.first);
    e.end = Instant::FromUnixSeconds(p.second);
  } else if (p.bits & kCounted) {
    e.date = Date::FromDays(static_cast<int32_t>(p.first));
    e.quantity = Quantity::FromMilli(p.second);
  }
  e.recorded_at = Instant::FromUnixSeconds(p.recorded_at);
  e.source = source_;
  e.line = p.line;
  if (with_fingerprint) e.fingerprint = EventFingerprint(e);
  return e;
}

namespace {

struct PackedChunk {
  PackedEvents events;
  std::vector<Absence> absences;
  std::vector<Rejection> malformed;
};

// The chunk's lines in the common shape straight into `out`, the others
// through the full reader.
void PackLines(const EventFileChunk& c, const std::string& path, PackedChunk& out) {
  PlainEventLine plain;
  ForEachJsonLine(
      c.text,
      [&](std::string_view row, int line) {
        if (ScanPlainEventLine(row, plain)) {
          out.events.Add(plain, line);
          return true;
        }
        EventStream parsed = ParseEventLines(std::string(row), path, line);
        for (const Event& e : parsed.events) out.events.Add(e);
        std::move(parsed.absences.begin(), parsed.absences.end(), std::back_inserter(out.absences));
        std::move(parsed.malformed.begin(), parsed.malformed.end(),
                  std::back_inserter(out.malformed));
        return true;
      },
      c.first_line);
}

void PackCsv(const EventFileChunk& c, const std::string& path, PackedChunk& out) {
  EventStream parsed = ParseEventChunk(c, path, /*csv=*/true);
  for (const Event& e : parsed.events) out.events.Add(e);
  out.absences = std::move(parsed.absences);
  out.malformed = std::move(parsed.malformed);
}

}  // namespace

Result<PackedEventFile> LoadPackedEvents(const std::string& path) {
  const bool csv = path.size() >= 4 && path.compare(path.size() - 4, 4, ".csv") == 0;
  PackedEventFile out{PackedEvents(path), {}, {}};
  // An event takes a line of 100 bytes at the least, and its texts are
  // less than the line.
  std::error_code failed;
  const uintmax_t bytes = std::filesystem::file_size(path, failed);
  if (!failed) out.events.Reserve(bytes / 100, bytes);
  auto read = ParseInChunks<PackedChunk>(
      path, csv, kEventChunkRecords,
      [&path, csv](const EventFileChunk& c) {
        PackedChunk packed{PackedEvents(path), {}, {}};
        packed.events.Reserve(kEventChunkRecords, c.text.size());
        if (csv) {
          PackCsv(c, path, packed);
        } else {
          PackLines(c, path, packed);
        }
        return packed;
      },
      [&out](PackedChunk part) {
        out.events.Append(part.events);
        std::move(part.absences.begin(), part.absences.end(), std::back_inserter(out.absences));
        std::move(part.malformed.begin(), part.malformed.end(), std::back_inserter(out.malformed));
      });
  if (!read.ok()) return read.error();
  return out;
}

}  // namespace seteli::formats
