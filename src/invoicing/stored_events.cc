#include "invoicing/stored_events.h"

#include "formats/events_input.h"

namespace seteli::invoicing {

Result<StoredEventSet> LoadStoredEvents(store::EventStore& store, YearMonth last) {
  StoredEventSet out;
  const std::string last_month = last.ToString();
  store::EventQuery q;
  q.limit = 20000;
  for (;;) {
    auto page = store.ListEvents(q);
    if (!page.ok()) return page.error();
    for (const store::StoredEvent& s : page.value()) {
      q.after_seq = s.seq;
      if (s.row.month_from > last_month) continue;
      auto e = formats::ParseEventJson(s.row.body, "store", static_cast<int>(s.seq));
      if (!e.ok()) {
        return Error{"store_corrupt", "stored event " + s.row.event_id + " does not parse: " +
                                          e.error().message};
      }
      out.events.push_back(std::move(e.value()));
      for (auto m = YearMonth::Parse(s.row.month_from), to = YearMonth::Parse(s.row.month_to);
           m.ok() && to.ok() && m.value() <= to.value(); m = m.value().next()) {
        out.months.insert(m.value());
      }
    }
    if (static_cast<int>(page.value().size()) < q.limit) break;
  }
  return out;
}

Result<std::map<std::string, std::vector<Absence>>> LoadAbsencesByDecision(store::RegistryStore& store) {
  auto rows = store.ListAbsences();
  if (!rows.ok()) return rows.error();
  std::map<std::string, std::vector<Absence>> out;
  for (const store::AbsenceRow& r : rows.value()) {
    auto from = Date::Parse(r.from);
    auto to = r.to.empty() ? Result<Date>(Date()) : Date::Parse(r.to);
    if (!from.ok() || !to.ok()) return Error{"store_corrupt", "absence " + r.absence_id + " has bad dates"};
    std::optional<Date> end;
    if (!r.to.empty()) end = to.value();
    out[r.decision_id].push_back({r.absence_id, r.decision_id, {from.value(), end}});
  }
  return out;
}

Result<DecisionBook> LoadStoredAbsences(store::RegistryStore& store, const DecisionBook& decisions) {
  auto absences = LoadAbsencesByDecision(store);
  if (!absences.ok()) return absences.error();
  DecisionBook book = decisions;
  for (auto& [id, list] : absences.value()) {
    for (Absence& a : list) book.AddAbsence(std::move(a));
  }
  return book;
}

}  // namespace seteli::invoicing
