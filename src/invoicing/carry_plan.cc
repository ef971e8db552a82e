#include "invoicing/carry_plan.h"

#include <functional>

namespace seteli::invoicing {
namespace {

// What a group is checked against for one month j.
struct MonthView {
  YearMonth month;
  std::function<const store::CheckpointRow*(const std::string& id)> checkpoint;
  std::function<int64_t(const std::string& id)> events_by;  // that start by j
  std::function<bool(const std::string& id)> runs_past;     // an event runs from j on
};

// Whether `g` may start after the view's month.
bool Holds(const EventGroup& g, const MonthView& v, const DecisionBook& decisions,
           const CheckpointDigest& digest) {
  for (const std::string& id : g.decision_ids) {
    const store::CheckpointRow* c = v.checkpoint(id);
    if (!c || c->digest.empty() || c->digest != digest.Of(id, v.events_by(id))) return false;
    if (v.runs_past(id)) return false;
    const Decision* d = decisions.Find(id);
    if (d && d->balance && YearMonth::Of(d->validity.from) <= v.month && !c->closing) return false;
  }
  return true;
}

void Carry(size_t gi, const EventGroup& g, const MonthView& v, CarryPlan* out) {
  out->after[gi] = v.month;
  for (const std::string& id : g.decision_ids) {
    const store::CheckpointRow* c = v.checkpoint(id);
    if (c->closing) out->closing.emplace(id, Money::FromCents(*c->closing));
    AddProviders(c->providers, &out->providers[id]);
  }
}

}  // namespace

Result<CarryPlan> PlanCarries(store::Store& store, const EventPlan& plan,
                              const DecisionBook& decisions, const CheckpointDigest& digest,
                              YearMonth month) {
  CarryPlan out;
  out.after.resize(plan.groups.size());
  const YearMonth previous = month.prev();

  // The previous month, for every group, from the plan's own counts.
  auto rows = store.ListCheckpoints(previous.ToString());
  if (!rows.ok()) return rows.error();
  std::unordered_map<std::string, const store::CheckpointRow*> at_previous;
  for (const store::CheckpointRow& c : rows.value()) at_previous[c.decision_id] = &c;
  std::vector<size_t> late;
  for (size_t gi = 0; gi < plan.groups.size(); ++gi) {
    const EventGroup& g = plan.groups[gi];
    MonthView v{previous,
                [&](const std::string& id) {
                  auto it = at_previous.find(id);
                  return it == at_previous.end() ? nullptr : it->second;
                },
                [&](const std::string& id) { return plan.EventsBefore(id); },
                [&](const std::string&) { return g.runs_into_last; }};
    if (Holds(g, v, decisions, digest)) {
      Carry(gi, g, v, &out);
    } else {
      late.push_back(gi);
    }
  }
  if (late.empty()) return out;

  // Earlier months for the others, newest first: their decisions'
  // checkpoints and event months, read for them alone.
  std::vector<std::string> ids;
  for (size_t gi : late) {
    ids.insert(ids.end(), plan.groups[gi].decision_ids.begin(), plan.groups[gi].decision_ids.end());
  }
  auto earlier = store.CheckpointsOf(ids, previous.ToString());
  if (!earlier.ok()) return earlier.error();
  std::unordered_map<std::string, std::map<YearMonth, const store::CheckpointRow*>> checkpoints;
  for (const store::CheckpointRow& c : earlier.value()) {
    auto m = YearMonth::Parse(c.month);
    if (m.ok() && !c.digest.empty()) checkpoints[c.decision_id][m.value()] = &c;
  }
  auto spans = store.EventMonthsOfDecisions(ids, month.ToString());
  if (!spans.ok()) return spans.error();
  std::unordered_map<std::string, std::vector<const store::DecisionMonths*>> spans_of;
  for (const store::DecisionMonths& s : spans.value()) spans_of[s.decision_id].push_back(&s);
  for (size_t gi : late) {
    const EventGroup& g = plan.groups[gi];
    auto first = checkpoints.find(g.decision_ids.front());
    if (first == checkpoints.end()) continue;
    for (auto it = first->second.rbegin(); it != first->second.rend(); ++it) {
      const YearMonth j = it->first;
      const std::string last = j.ToString();
      MonthView v{j,
                  [&](const std::string& id) -> const store::CheckpointRow* {
                    auto d = checkpoints.find(id);
                    if (d == checkpoints.end()) return nullptr;
                    auto c = d->second.find(j);
                    return c == d->second.end() ? nullptr : c->second;
                  },
                  [&](const std::string& id) {
                    int64_t n = 0;
                    for (const store::DecisionMonths* s : spans_of[id])
                      n += s->month_from <= last ? s->events : 0;
                    return n;
                  },
                  [&](const std::string& id) {
                    for (const store::DecisionMonths* s : spans_of[id]) {
                      if (s->month_from <= last && s->month_to > last) return true;
                    }
                    return false;
                  }};
      if (Holds(g, v, decisions, digest)) {
        Carry(gi, g, v, &out);
        break;
      }
    }
  }
  return out;
}

}  // namespace seteli::invoicing
