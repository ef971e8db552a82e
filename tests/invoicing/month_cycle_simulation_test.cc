// The month-to-month cycle, simulated (issue 18): six months of generated
// traffic from two providers, deterministic from a seed, with visits
// recorded late, voids and replacements of earlier visits, recorded both
// before and after each month's run, on SQLite and PostgreSQL. After every
// run: (a) the month as the run settled it equals the core's SettleMonth
// over everything recorded before the run; at the end, (b) each month as
// settled plus every prior-period line for it in later months equals
// SettleMonth over the final events, per event, to the cent.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <set>

#include "daemon/daemon_setup.h"
#include "formats/events_input.h"
#include "formats/settlement_json.h"
#include "invoicing/monthly_run.h"
#include "invoicing/stored_events.h"
#include "pg_test_db.h"
#include "test_state.h"

namespace seteli::invoicing {
namespace {

namespace fs = std::filesystem;

const std::string kData = SETELI_TEST_DATA;  // tests/app/data: a small world

// Per event: price and voucher in cents.
using EventSums = std::map<std::string, std::pair<int64_t, int64_t>>;

void Add(EventSums& to, const SettlementLine& l) {
  auto& [price, voucher] = to[l.event_id];
  price += l.price.cents();
  voucher += l.voucher.cents();
}

// Drops the events whose sums are zero: a visit paid and credited is as
// one never paid.
EventSums NonZero(EventSums s) {
  std::erase_if(s, [](const auto& e) { return e.second.first == 0 && e.second.second == 0; });
  return s;
}

class MonthCycleSimulationTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    auto fresh = seteli::testing::FreshStoreUrl(GetParam());
    if (!fresh) GTEST_SKIP() << "no test PostgreSQL (run through ctest)";
    const std::string url = *fresh;
    dir_ = fs::temp_directory_path() /
           ("seteli-cycle-" + std::to_string(::getpid()) + "-" + GetParam());
    fs::create_directories(dir_);
    auto state = testing::OpenTestState(dir_, url, kData + "/rulebook.yaml", kData);
    ASSERT_TRUE(state.ok()) << ToLine(state.error());
    state_ = std::move(state.value());
  }

  void TearDown() override {
    state_.reset();
    if (!dir_.empty()) fs::remove_all(dir_);
  }

  // Records one event; remembers it as a target for later corrections
  // when it was accepted and corrects nothing.
  void Record(const std::string& json, bool visit) {
    daemon::IntakeItem item;
    item.event = formats::ParseEventJson(json, "sim", 1);
    ASSERT_TRUE(item.event.ok()) << json;
    item.body = json;
    std::vector<daemon::IntakeItem> items;
    items.push_back(std::move(item));
    auto v = state_->intake.Take(items, "test", std::nullopt);
    ASSERT_TRUE(v.ok());
    if (visit && v.value()[0].status == "accepted") visits_.push_back(v.value()[0].event_id);
  }

  // A visit of month `m` recorded at `recorded` (Helsinki local).
  std::string Visit(YearMonth m, const std::string& recorded, std::string* provider = nullptr) {
    const std::string date =
        m.first()
            .AddDays(static_cast<int32_t>(rng_() % static_cast<unsigned>(m.days())))
            .ToString();
    const std::string id = "S-" + std::to_string(++seq_);
    if (rng_() % 4 == 0) {  // family carer's relief: a day, from the other provider
      if (provider) *provider = "3456780-6";
      return R"({"event_id": ")" + id +
             R"(", "provider": "3456780-6", "decision_id": "D-OV-1", )"
             R"("service": "omaishoidon-vapaa", "date": ")" +
             date + R"(", "quantity": "1", "recorded_at": ")" + recorded + R"("})";
    }
    const bool assistance = rng_() % 2 == 0;
    const int hours = 1 + static_cast<int>(rng_() % 3);
    const std::string end = (8 + hours < 10 ? "0" : "") + std::to_string(8 + hours) + ":00";
    if (provider) *provider = "2345678-0";
    return R"({"event_id": ")" + id + R"(", "provider": "2345678-0", "decision_id": ")" +
           (assistance ? "D-PA-1" : "D-KS-1") + R"(", "service": ")" +
           (assistance ? "henkilokohtainen-apu" : "kotihoito-saannollinen") + R"(", "start": ")" +
           date + R"(T08:00:00+03:00", "end": ")" + date + "T" + end +
           R"(:00+03:00", "recorded_at": ")" + recorded + R"("})";
  }

  // A void or a replacement of a random earlier visit, recorded at `recorded`.
  void Correct(const std::string& recorded, YearMonth m) {
    if (visits_.empty()) return;
    const std::string target = visits_[rng_() % visits_.size()];
    std::erase(visits_, target);
    auto stored = state_->store->EventsById({target});
    ASSERT_TRUE(stored.ok() && stored.value().size() == 1);
    const std::string provider = stored.value()[0].row.provider;
    const std::string id = "C-" + std::to_string(++seq_);
    if (rng_() % 2 == 0) {
      Record(R"({"event_id": ")" + id + R"(", "provider": ")" + provider + R"(", "voids": ")" +
                 target + R"(", "recorded_at": ")" + recorded + R"("})",
             false);
      return;
    }
    // A replacement by a visit of the same provider in the target's month or this one.
    std::string replacement;
    std::string p;
    do {
      replacement =
          Visit(rng_() % 2 ? m : YearMonth::Parse(stored.value()[0].row.month_from).value(),
                recorded, &p);
    } while (p != provider);
    replacement.insert(replacement.size() - 1, R"(, "replaces": ")" + target + "\"");
    Record(replacement, true);
  }

  RunReport Run(YearMonth m) {
    auto catalog = state_->catalogs.Get();
    ctx_ = catalog->context();
    MonthlyRun run(*state_->store, ctx_, {});
    RunOptions o{m};
    o.keep_lines = true;
    auto r = run.Execute(o);
    EXPECT_TRUE(r.ok()) << ToLine(r.error());
    return r.ok() ? r.value() : RunReport{};
  }

  // SettleMonth over every event stored now (whatever months the store
  // filed it under), with the stored absences.
  MonthSettlement Reference(YearMonth m) {
    auto events = LoadStoredEvents(*state_->store, YearMonth(2099, 12));
    EXPECT_TRUE(events.ok());
    auto book = LoadStoredAbsences(*state_->store, *ctx_.decisions);
    EXPECT_TRUE(book.ok());
    book_ = std::move(book.value());
    const SettleContext all{ctx_.rulebook, ctx_.providers, &book_, ctx_.reference_kind};
    return SettleMonth(all, events.value().events, m);
  }

  fs::path dir_;
  std::unique_ptr<daemon::DaemonState> state_;
  SettleContext ctx_;
  DecisionBook book_;
  std::mt19937 rng_{20240601};
  int seq_ = 0;
  std::vector<std::string> visits_;
};

TEST_P(MonthCycleSimulationTest,
       EveryRunSettlesWhatWasRecordedAndCorrectionsAddUpToTheFinalMonths) {
  const YearMonth first(2024, 5), last(2024, 10);
  std::map<YearMonth, EventSums> settled;  // month -> its lines and later prior-period lines
  std::vector<std::string> late;           // recorded after the month's run, for the next days
  int prior_period_lines = 0;
  for (YearMonth m = first; m <= last; m = m.next()) {
    const std::string in_month = m.ToString() + "-28T20:00:00+03:00";
    const std::string early_next = m.next().ToString() + "-03T12:00:00+03:00";
    const std::string after_run = m.next().ToString() + "-07T12:00:00+03:00";
    for (const std::string& json : late) Record(json, true);
    late.clear();
    for (int i = 0; i < 24; ++i) {
      const std::string visit = Visit(m, rng_() % 5 == 0 ? early_next : in_month);
      if (rng_() % 6 == 0) {
        std::string recorded_late = visit;
        recorded_late.replace(recorded_late.find(in_month) != std::string::npos
                                  ? recorded_late.find(in_month)
                                  : recorded_late.find(early_next),
                              in_month.size(), after_run);
        late.push_back(recorded_late);  // after the run: a prior-period line next month
      } else {
        Record(visit, true);
      }
    }
    for (int i = 0; i < 3; ++i)
      Correct(early_next, m);  // before the run, for this month or earlier

    RunReport r = Run(m);
    // (a) the month as the run settled it: SettleMonth over what was recorded before it.
    MonthSettlement want = Reference(m);
    std::map<std::string, std::multiset<std::string>> want_lines, got_lines;
    for (const Settlement& s : want.settlements) {
      for (const SettlementLine& l : s.lines)
        want_lines[s.provider].insert(formats::LineJsonText(l));
    }
    for (const ProviderOutcome& p : r.providers) {
      for (const SettlementLine& l : p.settlement.lines) {
        if (l.original_month) {
          Add(settled[*l.original_month], l);
          ++prior_period_lines;
          continue;
        }
        got_lines[p.provider].insert(formats::LineJsonText(l));
        Add(settled[m], l);
      }
    }
    std::erase_if(got_lines, [](const auto& p) { return p.second.empty(); });
    EXPECT_EQ(got_lines, want_lines) << m.ToString();
    for (int i = 0; i < 2; ++i) Correct(after_run, m);  // after the run: next month's prior period
  }
  // The months after the last, once more, for what was recorded after its run.
  for (const std::string& json : late) Record(json, true);
  RunReport closing = Run(last.next());
  for (const ProviderOutcome& p : closing.providers) {
    for (const SettlementLine& l : p.settlement.lines) {
      if (l.original_month) Add(settled[*l.original_month], l);
    }
  }
  EXPECT_GT(prior_period_lines, 10);  // the simulation corrects closed months
  // (b) each month settled plus its prior-period lines is the month as it settles finally.
  for (YearMonth m = first; m <= last; m = m.next()) {
    EventSums want;
    for (const Settlement& s : Reference(m).settlements) {
      for (const SettlementLine& l : s.lines) Add(want, l);
    }
    EXPECT_EQ(NonZero(settled[m]), NonZero(want)) << m.ToString();
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, MonthCycleSimulationTest,
                         ::testing::Values("sqlite", "postgresql"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace seteli::invoicing
