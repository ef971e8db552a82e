#include "app/cli_file_ingest.h"

#include <unistd.h>

#include <fstream>
#include <iostream>
#include <sstream>

#include "api/event_intake.h"
#include "formats/events_input.h"

namespace seteli::app {
namespace {

constexpr size_t kBatch = 1000;

std::vector<std::string> SplitLines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

class Progress {
 public:
  Progress(std::string file, size_t total) : file_(std::move(file)), total_(total), tty_(isatty(2)) {}
  void Show(size_t done) const {
    if (!tty_ || total_ == 0) return;
    int width = 30, filled = static_cast<int>(width * done / total_);
    std::cerr << "\r" << file_ << " [" << std::string(filled, '#') << std::string(width - filled, ' ')
              << "] " << done << "/" << total_ << std::flush;
  }
  void Done() const {
    if (tty_) std::cerr << "\r\033[K" << std::flush;
  }

 private:
  std::string file_;
  size_t total_;
  bool tty_;
};

void Count(const api::EventVerdict& v, Tally& t) {
  if (v.status == "accepted") ++t.accepted;
  else if (v.status == "duplicate") ++t.duplicate;
  else {
    ++t.rejected;
    std::cerr << ToLine(Error{v.code, v.message, v.where}) << "\n";
  }
}

// The file's events as intake items, with their original line where they
// were JSON.
std::vector<api::IntakeItem> ReadItems(const std::string& path, const std::string& text, Tally& t,
                                       std::vector<store::AbsenceRow>& absences) {
  bool csv = path.size() > 4 && path.compare(path.size() - 4, 4, ".csv") == 0;
  formats::EventStream stream = csv ? formats::ParseEventCsv(text, path) : formats::ParseEventLines(text, path);
  std::vector<std::string> lines = csv ? std::vector<std::string>() : SplitLines(text);
  std::vector<api::IntakeItem> items;
  for (Event& e : stream.events) {
    api::IntakeItem item;
    bool has_line = e.line >= 1 && e.line <= static_cast<int>(lines.size());
    item.body = has_line ? lines[e.line - 1] : api::EventToJson(e);
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

bool IngestFile(api::ApiState& state, const std::string& path, Tally& t) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::cerr << path << ": unreadable: cannot open the file\n";
    return false;
  }
  std::ostringstream text;
  text << in.rdbuf();
  std::vector<store::AbsenceRow> absences;
  std::vector<api::IntakeItem> items = ReadItems(path, text.str(), t, absences);
  if (!absences.empty()) {
    auto stored = state.store->PutAbsences(
        absences, {"cli:ingest", "absences.put", std::to_string(absences.size()) + " absences", path});
    if (!stored.ok()) {
      std::cerr << path << ": " << ToLine(stored.error()) << "\n";
      return false;
    }
  }
  Progress progress(path, items.size());
  for (size_t at = 0; at < items.size(); at += kBatch) {
    std::vector<api::IntakeItem> batch(std::make_move_iterator(items.begin() + at),
                                       std::make_move_iterator(items.begin() + std::min(items.size(), at + kBatch)));
    auto verdicts = state.intake.Take(batch, "cli:ingest", std::nullopt);
    if (!verdicts.ok()) {
      progress.Done();
      std::cerr << path << ": " << ToLine(verdicts.error())
                << " (earlier batches are stored; running ingest again is safe)\n";
      return false;
    }
    for (const api::EventVerdict& v : verdicts.value()) Count(v, t);
    progress.Show(std::min(items.size(), at + kBatch));
  }
  progress.Done();
  return true;
}


}  // namespace seteli::app
