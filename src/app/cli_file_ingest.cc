#include "app/cli_file_ingest.h"

#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <iostream>
#include <string_view>

#include "daemon/event_intake.h"
#include "formats/event_file_chunks.h"
#include "formats/events_input.h"

namespace seteli::app {
namespace {

constexpr size_t kBatch = 1000;

std::vector<std::string_view> SplitLines(std::string_view text) {
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    size_t end = std::min(text.find('\n'), text.size());
    lines.push_back(text.substr(0, end));
    text.remove_prefix(std::min(end + 1, text.size()));
  }
  return lines;
}

// Progress through the file by bytes read: the number of events is not
// known before the end.
class Progress {
 public:
  Progress(std::string file, size_t total) : file_(std::move(file)), total_(total), tty_(isatty(2)) {}
  void Show(size_t done) const {
    if (!tty_ || total_ == 0) return;
    int width = 30, filled = static_cast<int>(width * done / total_);
    std::cerr << "\r" << file_ << " [" << std::string(filled, '#') << std::string(width - filled, ' ')
              << "] " << 100 * done / total_ << "%" << std::flush;
  }
  void Done() const {
    if (tty_) std::cerr << "\r\033[K" << std::flush;
  }

 private:
  std::string file_;
  size_t total_;
  bool tty_;
};

void Count(const daemon::EventVerdict& v, Tally& t) {
  if (v.status == "accepted") ++t.accepted;
  else if (v.status == "duplicate") ++t.duplicate;
  else {
    ++t.rejected;
    std::cerr << ToLine(Error{v.code, v.message, v.where}) << "\n";
  }
}

// One chunk's events as intake items, each with its original JSON line as
// the stored body (CSV rows are written out as JSON).
std::vector<daemon::IntakeItem> ReadItems(const std::string& path, bool csv,
                                          const formats::EventFileChunk& chunk, Tally& t,
                                          std::vector<store::AbsenceRow>& absences) {
  formats::EventStream stream = csv ? formats::ParseEventCsv(chunk.text, path, chunk.first_line)
                                    : formats::ParseEventLines(chunk.text, path, chunk.first_line);
  std::vector<std::string_view> lines = csv ? std::vector<std::string_view>() : SplitLines(chunk.text);
  std::vector<daemon::IntakeItem> items;
  items.reserve(stream.events.size());
  for (Event& e : stream.events) {
    daemon::IntakeItem item;
    int at = e.line - chunk.first_line;
    bool has_line = at >= 0 && at < static_cast<int>(lines.size());
    item.body = has_line ? std::string(lines[at]) : daemon::EventToJson(e);
    item.event = std::move(e);
    items.push_back(std::move(item));
  }
  for (const Rejection& r : stream.malformed) {
    ++t.rejected;
    std::cerr << ToLine(Error{r.code, r.message, r.source + ":" + std::to_string(r.line)}) << "\n";
  }
  for (const Absence& a : stream.absences) {
    absences.push_back({a.id, a.decision_id, a.days.from.ToString(),
                        a.days.to ? a.days.to->ToString() : ""});
  }
  t.absences += static_cast<long long>(stream.absences.size());
  return items;
}

}  // namespace

bool IngestFile(daemon::DaemonState& state, const std::string& path, Tally& t) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::cerr << path << ": unreadable: cannot open the file\n";
    return false;
  }
  in.seekg(0, std::ios::end);
  const auto size = static_cast<size_t>(std::max<std::streamoff>(0, in.tellg()));
  in.seekg(0);
  const bool csv = path.size() > 4 && path.compare(path.size() - 4, 4, ".csv") == 0;
  formats::EventFileChunks chunks(in, csv);
  formats::EventFileChunk chunk;
  Progress progress(path, size);
  while (chunks.Next(kBatch, chunk)) {
    std::vector<store::AbsenceRow> absences;
    std::vector<daemon::IntakeItem> batch = ReadItems(path, csv, chunk, t, absences);
    if (!absences.empty()) {
      auto stored = state.store->PutAbsences(
          absences, {"cli:ingest", "absences.put", std::to_string(absences.size()) + " absences", path});
      if (!stored.ok()) {
        progress.Done();
        std::cerr << path << ": " << ToLine(stored.error()) << "\n";
        return false;
      }
    }
    if (batch.empty()) continue;
    auto verdicts = state.intake.Take(batch, "cli:ingest", std::nullopt);
    if (!verdicts.ok()) {
      progress.Done();
      std::cerr << path << ": " << ToLine(verdicts.error())
                << " (earlier batches are stored; running ingest again is safe)\n";
      return false;
    }
    for (const daemon::EventVerdict& v : verdicts.value()) Count(v, t);
    progress.Show(in.eof() ? size : static_cast<size_t>(std::max<std::streamoff>(0, in.tellg())));
  }
  progress.Done();
  return true;
}

}  // namespace seteli::app
