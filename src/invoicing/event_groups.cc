#include "invoicing/event_groups.h"

#include <algorithm>
#include <map>
#include <unordered_set>

#include "core/union_find.h"
#include "formats/events_input.h"

namespace seteli::invoicing {
namespace {

// A batch's size: few enough decisions for one query's bound parameters.
constexpr size_t kBatchDecisions = 500;

// Union-find over decision IDs.
class Components {
 public:
  size_t Node(const std::string& id) {
    auto [it, fresh] = index_.try_emplace(id, sets_.size());
    if (fresh) sets_.Add();
    return it->second;
  }
  size_t Root(size_t n) { return sets_.Root(n); }
  void Join(size_t a, size_t b) { sets_.Join(a, b); }
  const std::map<std::string, size_t>& index() const { return index_; }

 private:
  std::map<std::string, size_t> index_;
  UnionFind sets_;
};

Result<Event> Parse(const store::StoredEvent& s) {
  auto e = formats::ParseStoredEventJson(s.row.body, "store", static_cast<int>(s.seq));
  if (!e.ok()) {
    return Error{"store_corrupt",
                 "stored event " + s.row.event_id + " does not parse: " + e.error().message};
  }
  return e;
}

int64_t CountOf(const std::unordered_map<std::string, int64_t>& counts, const std::string& id) {
  auto n = counts.find(id);
  return n == counts.end() ? 0 : n->second;
}

}  // namespace

int64_t EventPlan::EventsThrough(const std::string& decision_id) const {
  return CountOf(events_through, decision_id);
}

int64_t EventPlan::EventsBefore(const std::string& decision_id) const {
  return CountOf(events_before, decision_id);
}

Result<EventPlan> PlanEventGroups(store::EventStore& store, const DecisionBook& decisions, YearMonth last,
                                  int64_t batch_events) {
  const std::string last_month = last.ToString();
  auto spans = store.EventMonthsByDecision(last_month);
  if (!spans.ok()) return spans.error();
  Components c;
  std::map<std::string, int64_t> counts;
  std::map<std::string, std::set<YearMonth>> months;
  std::set<std::string> runs_into_last;
  EventPlan plan;
  for (const store::DecisionMonths& d : spans.value()) {
    c.Node(d.decision_id);
    counts[d.decision_id] += d.events;
    plan.events_through[d.decision_id] += d.events;
    if (d.month_from < last_month) plan.events_before[d.decision_id] += d.events;
    if (d.month_from < last_month && d.month_to >= last_month) runs_into_last.insert(d.decision_id);
    auto from = YearMonth::Parse(d.month_from), to = YearMonth::Parse(d.month_to);
    for (YearMonth m = from.ok() ? from.value() : YearMonth(); from.ok() && to.ok() && m <= to.value();
         m = m.next()) {
      months[d.decision_id].insert(m);
    }
  }
  // One client's decisions settle together.
  std::map<std::string, size_t> first_of_client;
  for (const auto& [id, n] : c.index()) {
    const Decision* d = decisions.Find(id);
    if (!d) continue;
    auto [it, fresh] = first_of_client.try_emplace(d->client, n);
    if (!fresh) c.Join(it->second, n);
  }
  // A correction settles with the event it corrects.
  auto corrections = store.CorrectionEvents(last_month);
  if (!corrections.ok()) return corrections.error();
  std::vector<std::string> targets;
  std::vector<std::string> correcting;  // the decision of each target's correction
  std::vector<std::string> correction_ids;
  for (const store::StoredEvent& s : corrections.value()) {
    auto e = Parse(s);
    if (!e.ok()) return e.error();
    const std::optional<std::string>& target = e.value().voids ? e.value().voids : e.value().replaces;
    if (!target) continue;
    targets.push_back(*target);
    correcting.push_back(s.row.decision_id);
    correction_ids.push_back(s.row.event_id);
  }
  if (!targets.empty()) {
    auto of = store.DecisionsOfEvents(targets);
    if (!of.ok()) return of.error();
    std::unordered_map<std::string, std::string> decision_of(of.value().begin(), of.value().end());
    for (size_t i = 0; i < targets.size(); ++i) {
      auto it = decision_of.find(targets[i]);
      if (it != decision_of.end()) {
        plan.corrects[correction_ids[i]] = targets[i];
        plan.corrected_by.emplace(targets[i], correction_ids[i]);
      }
      if (it != decision_of.end() && c.index().count(it->second)) {
        c.Join(c.Node(correcting[i]), c.Node(it->second));
      }
    }
  }

  std::map<size_t, size_t> group_of_root;
  for (const auto& [id, n] : c.index()) {  // by decision ID: groups by their first
    auto [it, fresh] = group_of_root.try_emplace(c.Root(n), plan.groups.size());
    if (fresh) plan.groups.emplace_back();
    EventGroup& g = plan.groups[it->second];
    g.decision_ids.push_back(id);
    g.months.insert(months[id].begin(), months[id].end());
    g.runs_into_last = g.runs_into_last || runs_into_last.count(id) > 0;
    plan.months.insert(months[id].begin(), months[id].end());
    plan.group_of[id] = it->second;
  }
  int64_t events = 0;
  for (size_t i = 0; i < plan.groups.size(); ++i) {
    const EventGroup& g = plan.groups[i];
    int64_t n = 0;
    for (const std::string& id : g.decision_ids) n += counts[id];
    if (plan.batches.empty() ||
        (events + n > batch_events ||
         plan.batches.back().decision_ids.size() + g.decision_ids.size() > kBatchDecisions)) {
      plan.batches.push_back({i, 0, {}});
      events = 0;
    }
    EventBatch& b = plan.batches.back();
    ++b.count;
    b.decision_ids.insert(b.decision_ids.end(), g.decision_ids.begin(), g.decision_ids.end());
    events += n;
  }
  return plan;
}

Result<std::unordered_map<size_t, std::vector<Event>>> GroupEvents(
    const EventPlan& plan, const std::vector<store::StoredEvent>& rows) {
  // Each group's vector sized first: moving events (a dozen strings each)
  // as vectors grow took a fifth of this.
  std::vector<size_t> group(rows.size());
  std::unordered_map<size_t, std::vector<Event>> out;
  std::unordered_map<size_t, size_t> count;
  for (size_t i = 0; i < rows.size(); ++i) ++count[group[i] = plan.group_of.at(rows[i].row.decision_id)];
  for (const auto& [gi, n] : count) out[gi].reserve(n);
  for (size_t i = 0; i < rows.size(); ++i) {
    auto e = Parse(rows[i]);
    if (!e.ok()) return e.error();
    out[group[i]].push_back(std::move(e.value()));
  }
  return out;
}

Result<std::vector<std::vector<Event>>> LoadGroups(store::EventStore& store, const EventPlan& plan,
                                                   const std::vector<size_t>& groups, YearMonth last,
                                                   std::optional<YearMonth> first) {
  std::vector<std::vector<Event>> out(groups.size());
  if (groups.empty()) return out;
  std::vector<std::string> ids;
  for (size_t gi : groups) {
    const EventGroup& g = plan.groups[gi];
    ids.insert(ids.end(), g.decision_ids.begin(), g.decision_ids.end());
  }
  auto rows = store.EventsOfDecisions(ids, last.ToString(), first ? first->ToString() : "");
  if (!rows.ok()) return rows.error();
  auto grouped = GroupEvents(plan, rows.value());
  if (!grouped.ok()) return grouped.error();
  for (size_t i = 0; i < groups.size(); ++i) out[i] = std::move(grouped.value()[groups[i]]);
  return out;
}

bool CorrectionsWithin(const EventPlan& plan, const std::vector<Event>& events) {
  std::unordered_set<std::string> ids;
  for (const Event& e : events) ids.insert(e.id);
  for (const Event& e : events) {
    if (auto it = plan.corrects.find(e.id); it != plan.corrects.end() && !ids.count(it->second)) {
      return false;
    }
    auto [from, to] = plan.corrected_by.equal_range(e.id);
    for (auto it = from; it != to; ++it) {
      if (!ids.count(it->second)) return false;
    }
  }
  return true;
}

}  // namespace seteli::invoicing
