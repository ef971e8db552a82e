#include "invoicing/batch_reader.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>

namespace seteli::invoicing {

std::vector<const store::SettlementLineRow*> BatchRead::StoredOf(size_t gi) const {
  std::vector<const store::SettlementLineRow*> out;
  if (auto it = stored_by_group.find(gi); it != stored_by_group.end()) {
    for (size_t k : it->second) out.push_back(&stored[k]);
  }
  return out;
}

BatchReader::BatchReader(store::Store& store, const RunPlan& plan, size_t window_batches)
    : store_(store), plan_(plan), window_batches_(std::max<size_t>(1, window_batches)) {}

Result<store::Done> BatchReader::FillWindow(size_t from) {
  const auto& batches = plan_.events.batches;
  const auto& carry = plan_.carries.after;
  files_end_ = std::min(batches.size(), from + window_batches_);
  std::vector<BatchWant> wants;
  for (size_t b = from; b < files_end_; ++b) {
    // By the first month read: the month after the one a group starts
    // after; none for a group's whole history.
    std::map<std::optional<YearMonth>, BatchWant> by_first;
    const EventBatch& batch = batches[b];
    for (size_t i = batch.first; i < batch.first + batch.count; ++i) {
      std::optional<YearMonth> first;
      if (carry[i]) first = carry[i]->next();
      BatchWant& w = by_first.try_emplace(first, BatchWant{b, {}, first}).first->second;
      const auto& ids = plan_.events.groups[i].decision_ids;
      w.decision_ids.insert(w.decision_ids.end(), ids.begin(), ids.end());
    }
    for (auto& [first, w] : by_first) wants.push_back(std::move(w));
  }
  auto filled = BatchFiles::Fill(store_, wants, plan_.month);
  if (!filled.ok()) return filled.error();
  files_ = std::move(filled.value());
  return store::Done{};
}

std::vector<std::string> BatchReader::ComparedDecisions(
    const EventBatch& batch, const std::vector<size_t>& history_groups) const {
  const std::set<size_t> from_history(history_groups.begin(), history_groups.end());
  const auto& carry = plan_.carries.after;
  std::vector<std::string> out;
  for (size_t i = batch.first; i < batch.first + batch.count; ++i) {
    const bool months_before = from_history.count(i) || (carry[i] && *carry[i] < plan_.previous);
    if (plan_.rerun || (plan_.corrections && months_before)) {
      const auto& ids = plan_.events.groups[i].decision_ids;
      out.insert(out.end(), ids.begin(), ids.end());
    }
  }
  return out;
}

Result<BatchRead> BatchReader::Read(size_t b) {
  const EventBatch& batch = plan_.events.batches[b];
  const auto& carry = plan_.carries.after;
  BatchRead out;
  if (b >= files_end_) {
    if (auto r = FillWindow(b); !r.ok()) return r.error();
  }
  auto rows = files_->Take(b);
  if (!rows.ok()) return rows.error();
  auto grouped = GroupEvents(plan_.events, rows.value());
  if (!grouped.ok()) return grouped.error();
  // A carried group whose events a correction ties to earlier ones reads
  // its history after all.
  std::vector<size_t> history_groups, moved;
  for (size_t i = batch.first; i < batch.first + batch.count; ++i) {
    std::vector<Event>& events = grouped.value()[i];
    out.events_read += static_cast<int64_t>(events.size());
    if (!carry[i]) {
      history_groups.push_back(i);
      out.events_of[i] = std::move(events);
    } else if (CorrectionsWithin(plan_.events, events)) {
      out.events_of[i] = std::move(events);
    } else {
      out.to_history.push_back(i);
      moved.push_back(i);
    }
  }
  auto whole = LoadGroups(store_, plan_.events, moved, plan_.month, std::nullopt);
  if (!whole.ok()) return whole.error();
  for (size_t k = 0; k < moved.size(); ++k) {
    out.events_read += static_cast<int64_t>(whole.value()[k].size());
    out.events_of[moved[k]] = std::move(whole.value()[k]);
  }
  history_groups.insert(history_groups.end(), moved.begin(), moved.end());
  // The stored lines to compare with: of every month for the groups that
  // settle months before this one, of this month for the others.
  if (auto compared = ComparedDecisions(batch, history_groups); !compared.empty()) {
    auto stored = store_.LinesOfDecisions(compared);
    if (!stored.ok()) return stored.error();
    out.stored = std::move(stored.value());
  }
  std::unordered_map<std::string, size_t> group_of_event;
  for (const auto& [gi, events] : out.events_of) {
    for (const Event& e : events) group_of_event[e.id] = gi;
  }
  for (size_t k = 0; k < out.stored.size(); ++k) {
    if (auto it = group_of_event.find(out.stored[k].event_id); it != group_of_event.end()) {
      out.stored_by_group[it->second].push_back(k);
    }
  }
  return out;
}

}  // namespace seteli::invoicing
