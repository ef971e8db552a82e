#include "invoicing/review_queue.h"

#include <algorithm>
#include <map>

namespace seteli::invoicing {

Result<ReviewGate> ReviewGate::Load(store::ReviewStore& store, const Rulebook& rulebook,
                                    const std::string& run_id) {
  ReviewGate gate;
  gate.flags_ = rulebook.review_flags;
  gate.run_id_ = run_id;
  // Every review is read, decided ones too: a refused event stays out
  // whatever the rulebook says now, and an approved one is not queued again.
  auto reviews = store.ListReviews({});
  if (!reviews.ok()) return reviews.error();
  for (const store::ReviewRecord& r : reviews.value()) {
    gate.state_[r.event_id] = r.state;
    if (auto m = YearMonth::Parse(r.month); m.ok()) gate.month_.emplace(r.event_id, m.value());
  }
  return gate;
}

bool ReviewGate::Excluded(const std::string& event_id) const {
  auto it = state_.find(event_id);
  return it != state_.end() && it->second != store::kReviewApproved;
}

bool ReviewGate::Waiting(const std::string& event_id) const {
  auto it = state_.find(event_id);
  return it != state_.end() && it->second == store::kReviewPending;
}

bool ReviewGate::Admit(std::span<const Event> events, std::vector<Event>* admitted) const {
  if (state_.empty()) return false;
  bool any = false;
  for (const Event& e : events) any = any || Excluded(e.id);
  if (!any) return false;
  admitted->clear();
  for (const Event& e : events) {
    if (!Excluded(e.id)) admitted->push_back(e);
  }
  return true;
}

bool ReviewGate::Flag(std::span<const MonthSettlement* const> months,
                      const std::set<std::string>& paid_before) {
  if (!flags_) return false;
  // Per event, its review flags over all its lines and its first line.
  std::map<std::string, std::pair<uint32_t, const SettlementLine*>> found;
  for (const MonthSettlement* m : months) {
    for (const Settlement& s : m->settlements) {
      for (const SettlementLine& l : s.lines) {
        const uint32_t hit = l.flags & flags_;
        if (!hit || state_.count(l.event_id) || paid_before.count(l.event_id)) continue;
        auto& [bits, first] = found[l.event_id];
        bits |= hit;
        if (!first || l.date < first->date) first = &l;
      }
    }
  }
  for (const auto& [event_id, f] : found) {
    const SettlementLine& l = *f.second;
    std::string names;
    for (const std::string& n : FlagNames(f.first)) names += (names.empty() ? "" : ",") + n;
    const YearMonth month = YearMonth::Of(l.date);
    queued_.push_back({event_id, l.provider, l.decision_id, month.ToString(), names,
                       store::kReviewPending, run_id_});
    state_[event_id] = store::kReviewPending;
    month_.emplace(event_id, month);
  }
  return !found.empty();
}

std::vector<std::string> ReviewGate::WaitingThrough(YearMonth month) const {
  std::vector<std::string> out;
  for (const auto& [event_id, state] : state_) {
    auto m = month_.find(event_id);
    if (state == store::kReviewPending && m != month_.end() && m->second <= month) {
      out.push_back(event_id);
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

Result<int> OpenReviewCount(store::ReviewStore& store, YearMonth month) {
  auto pending = store.CountReviews({month.ToString(), store::kReviewPending});
  if (!pending.ok()) return pending.error();
  return static_cast<int>(pending.value());
}

}  // namespace seteli::invoicing
