// The monthly run reads only what it needs: a month after a settled one
// starts from that month's balance statements and reads only the events
// that reach it, unless something of the earlier months changed since. Two
// stores get the same events month after month; one runs as usual, the
// other settles every group from its first month (RunOptions::full_history,
// the way every run read before): their settlements, lines, references and
// balance statements must be the same, on SQLite and PostgreSQL alike.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "books/store_books.h"
#include "daemon/daemon_setup.h"
#include "formats/events_input.h"
#include "invoicing/monthly_run.h"
#include "pg_test_db.h"
#include "test_state.h"

namespace seteli::invoicing {
namespace {

namespace fs = std::filesystem;

// Personal budgets (balances) of three clients with one provider.
const std::string kWorld = std::string(SETELI_SCENARIOS) + "/balance_carry_over";
constexpr char kKoivu[] = "2471234-4";

// One event of hb-kotihoito (40.00/h) under `decision`, recorded the day
// after it ended unless `recorded` says otherwise.
std::string Visit(const std::string& id, const std::string& decision, const std::string& from,
                  const std::string& to, const std::string& recorded = "") {
  return R"({"event_id": ")" + id + R"(", "provider": "2471234-4", "decision_id": ")" + decision +
         R"(", "service": "hb-kotihoito", "start": ")" + from + R"(+03:00", "end": ")" + to +
         R"(+03:00", "recorded_at": ")" + (recorded.empty() ? to.substr(0, 10) + "T23:00:00" : recorded) +
         "+03:00\"}";
}

// The events of a month: each client's visits, each using some of the
// balance (some more than is left: over_balance).
std::vector<std::string> MonthOfVisits(YearMonth m) {
  const std::string p = m.ToString() + "-";
  const std::string id = "E-" + m.ToString() + "-";
  return {Visit(id + "1", "D-CO-1", p + "07T08:00:00", p + "07T14:00:00"),
          Visit(id + "2", "D-CO-1", p + "14T08:00:00", p + "14T15:00:00"),
          Visit(id + "3", "D-CO-2", p + "20T08:00:00", p + "20T18:00:00"),
          Visit(id + "4", "D-CO-3", p + "15T08:00:00", p + "15T10:00:00")};
}

class RunHistoryTest : public ::testing::TestWithParam<std::string> {
 protected:
  struct World {
    fs::path dir;
    std::unique_ptr<daemon::DaemonState> state;
    SettleContext ctx;
  };

  void SetUp() override {
    for (World* w : {&usual_, &whole_}) {
      auto fresh = seteli::testing::FreshStoreUrl(GetParam());
      if (!fresh) GTEST_SKIP() << "no test PostgreSQL (run through ctest)";
      const std::string url = *fresh;
      w->dir = fs::temp_directory_path() / ("seteli-history-" + std::to_string(::getpid()) + "-" +
                                            std::to_string(counter_++));
      fs::create_directories(w->dir);
      std::ofstream(w->dir / "seteli.conf") << "listen: 127.0.0.1:0\nstore: " << url
                                            << "\nrulebook: " << world_ << "/rulebook.yaml"
                                            << "\nproviders: " << world_ << "/providers.yaml"
                                            << "\ndecisions: " << world_ << "/decisions.jsonl"
                                            << "\ntokens: []\n";
      auto config = config::LoadServeConfig((w->dir / "seteli.conf").string());
      ASSERT_TRUE(config.ok()) << ToLine(config.error());
      auto state = daemon::OpenDaemonState(config.value(), "test");
      ASSERT_TRUE(state.ok()) << ToLine(state.error());
      w->state = std::move(state.value());
    }
  }

  void TearDown() override {
    for (World* w : {&usual_, &whole_}) {
      w->state.reset();
      if (!w->dir.empty()) fs::remove_all(w->dir);
    }
  }

  // Records `lines` (JSON Lines) in both stores.
  void Ingest(const std::vector<std::string>& lines) {
    for (World* w : {&usual_, &whole_}) {
      auto taken = seteli::testing::Ingest(*w->state, lines);
      ASSERT_TRUE(taken.ok()) << ToLine(taken.error());
      ingested_ += w == &usual_ ? static_cast<int64_t>(taken.value().size()) : 0;
    }
  }

  RunReport Run(World& w, YearMonth month, bool full_history, bool dry_run = false) {
    auto catalog = w.state->catalogs.Get();
    w.ctx = catalog->context();
    MonthlyRun run(*w.state->store, w.ctx, {});
    RunOptions o{month};
    o.dry_run = dry_run;
    o.full_history = full_history;
    if (&w == &usual_) {
      o.batch_events = usual_batch_events_;
      o.window_batches = usual_window_batches_;
    }
    auto r = run.Execute(o);
    EXPECT_TRUE(r.ok()) << ToLine(r.error());
    return r.ok() ? r.value() : RunReport{};
  }

  // Runs `month` in both stores and checks they agree; the usual run's
  // report.
  RunReport RunBoth(YearMonth month) {
    RunReport usual = Run(usual_, month, false);
    RunReport whole = Run(whole_, month, true);
    EXPECT_EQ(whole.groups_carried, 0);
    EXPECT_EQ(whole.events_read, ingested_) << "the whole history reads every event";
    ExpectSameOutcomes(usual, whole, month);
    ExpectSameStores(month);
    return usual;
  }

  void ExpectSameOutcomes(const RunReport& a, const RunReport& b, YearMonth month) {
    ASSERT_EQ(a.providers.size(), b.providers.size()) << month.ToString();
    for (size_t i = 0; i < a.providers.size(); ++i) {
      const ProviderOutcome &x = a.providers[i], &y = b.providers[i];
      EXPECT_EQ(x.provider, y.provider);
      EXPECT_EQ(x.outcome, y.outcome) << month.ToString();
      EXPECT_EQ(x.line_count, y.line_count) << month.ToString();
      EXPECT_EQ(x.adjustment_lines, y.adjustment_lines) << month.ToString();
      EXPECT_EQ(x.settlement.reference, y.settlement.reference);
      EXPECT_EQ(x.settlement.voucher_total, y.settlement.voucher_total) << month.ToString();
      EXPECT_EQ(x.settlement.copay_total, y.settlement.copay_total) << month.ToString();
    }
    ASSERT_EQ(a.rejected.size(), b.rejected.size()) << month.ToString();
    for (size_t i = 0; i < a.rejected.size(); ++i) {
      EXPECT_EQ(a.rejected[i].event_id, b.rejected[i].event_id);
      EXPECT_EQ(a.rejected[i].code, b.rejected[i].code);
    }
  }

  // Every settlement with its lines, and the month's balance statements.
  void ExpectSameStores(YearMonth month) {
    auto a = usual_.state->store->ListSettlements("", "").value();
    auto b = whole_.state->store->ListSettlements("", "").value();
    ASSERT_EQ(a.size(), b.size()) << month.ToString();
    for (size_t i = 0; i < a.size(); ++i) {
      EXPECT_EQ(a[i].provider + " " + a[i].month, b[i].provider + " " + b[i].month);
      EXPECT_EQ(a[i].state, b[i].state);
      EXPECT_EQ(a[i].reference, b[i].reference);
      EXPECT_EQ(a[i].voucher_total, b[i].voucher_total) << a[i].month;
      EXPECT_EQ(a[i].line_count, b[i].line_count) << a[i].month;
      EXPECT_EQ(a[i].body, b[i].body) << a[i].month;  // with every line
    }
    auto x = Statements(usual_, month), y = Statements(whole_, month);
    ASSERT_EQ(x.size(), y.size()) << month.ToString();
    for (size_t i = 0; i < x.size(); ++i) {
      EXPECT_EQ(x[i].decision_id, y[i].decision_id);
      EXPECT_EQ(x[i].opening, y[i].opening) << x[i].decision_id << " " << month.ToString();
      EXPECT_EQ(x[i].accrual, y[i].accrual) << x[i].decision_id << " " << month.ToString();
      EXPECT_EQ(x[i].used, y[i].used) << x[i].decision_id << " " << month.ToString();
      EXPECT_EQ(x[i].closing, y[i].closing) << x[i].decision_id << " " << month.ToString();
    }
  }

  // Each month from `first` to `last`: its visits recorded and the month
  // run in both stores.
  void RunMonthsOfVisits(YearMonth first, YearMonth last) {
    for (YearMonth m = first; m <= last; m = m.next()) {
      Ingest(MonthOfVisits(m));
      RunBoth(m);
    }
  }

  std::vector<store::BalanceRow> Statements(World& w, YearMonth month) {
    return w.state->store->ListBalanceStatements(month.ToString()).value();
  }

  static inline int counter_ = 0;
  std::string world_ = kWorld;  // the scenario whose registries the stores get
  World usual_, whole_;
  int64_t ingested_ = 0;  // events stored (in each store)
  int64_t usual_batch_events_ = kBatchEvents;  // RunOptions::batch_events of the usual run
  size_t usual_window_batches_ = RunOptions{}.window_batches;
};

TEST_P(RunHistoryTest, AMonthAfterSettledOnesReadsOnlyItsOwnEventsAndSettlesAsTheWholeHistory) {
  for (YearMonth m = YearMonth(2024, 4); m <= YearMonth(2024, 7); m = m.next()) {
    auto visits = MonthOfVisits(m);
    Ingest(visits);
    RunReport r = RunBoth(m);
    const ProviderOutcome* koivu = r.providers.empty() ? nullptr : &r.providers[0];
    ASSERT_NE(koivu, nullptr);
    EXPECT_EQ(koivu->outcome, Outcome::kSettled);
    if (m == YearMonth(2024, 4)) {
      EXPECT_EQ(r.groups_carried, 0);  // no month before it was run
      continue;
    }
    EXPECT_EQ(r.groups_from_history, 0) << m.ToString();
    EXPECT_EQ(r.groups_carried, 3) << m.ToString();
    EXPECT_EQ(r.events_read, static_cast<int64_t>(visits.size())) << m.ToString();
  }
  // Running a month again creates nothing new, and the next month still
  // starts from it.
  RunReport again = Run(usual_, YearMonth(2024, 7), false);
  EXPECT_TRUE(again.nothing_new);
  Ingest(MonthOfVisits(YearMonth(2024, 8)));
  RunReport august = RunBoth(YearMonth(2024, 8));
  EXPECT_EQ(august.groups_carried, 3);
  EXPECT_EQ(august.events_read, 4);
}

TEST_P(RunHistoryTest, CorrectionsIntoOldClosedMonthsStillGivePriorPeriodLines) {
  RunMonthsOfVisits(YearMonth(2024, 4), YearMonth(2024, 6));
  // In July: a visit of April recorded late (D-CO-3), a May visit voided
  // (D-CO-1); D-CO-2 has nothing new.
  Ingest(MonthOfVisits(YearMonth(2024, 7)));
  Ingest({Visit("E-LATE", "D-CO-3", "2024-04-22T08:00:00", "2024-04-22T09:00:00", "2024-07-02T10:00:00"),
          R"({"event_id": "V-1", "provider": "2471234-4", "voids": "E-2024-05-1", "recorded_at": "2024-07-03T12:00:00+03:00"})"});
  RunReport july = RunBoth(YearMonth(2024, 7));
  // The two clients whose past changed: D-CO-3's from its first month,
  // D-CO-1's from April's balances (the void is filed under May, the month
  // of the visit it voids, so May's checkpoint no longer holds).
  EXPECT_EQ(july.groups_from_history, 1);
  EXPECT_EQ(july.groups_from_earlier, 1);
  EXPECT_EQ(july.groups_carried, 1);
  ASSERT_EQ(july.providers.size(), 1u);
  EXPECT_GT(july.providers[0].adjustment_lines, 0);
  std::set<std::string> corrected;
  auto lines = usual_.state->store->LinesOfDecisions({"D-CO-1", "D-CO-3"});
  ASSERT_TRUE(lines.ok());
  for (const store::SettlementLineRow& l : lines.value()) {
    if (l.month == "2024-07" && !l.original_month.empty()) corrected.insert(l.original_month);
  }
  // April (the late visit) and May (the void, and what it left of D-CO-1's
  // balance for the month after).
  EXPECT_TRUE(corrected.count("2024-04"));
  EXPECT_TRUE(corrected.count("2024-05"));
  // Applied once: August starts from July again and corrects nothing.
  Ingest(MonthOfVisits(YearMonth(2024, 8)));
  RunReport august = RunBoth(YearMonth(2024, 8));
  EXPECT_EQ(august.groups_carried, 3);
  EXPECT_EQ(august.providers[0].adjustment_lines, 0);
}

TEST_P(RunHistoryTest, BalancesCarryOverAcrossThreeMonths) {
  // Each month the same statements as from the first month.
  RunMonthsOfVisits(YearMonth(2024, 4), YearMonth(2024, 7));
  for (YearMonth m = YearMonth(2024, 5); m <= YearMonth(2024, 7); m = m.next()) {
    auto before = Statements(usual_, m.prev()), now = Statements(usual_, m);
    ASSERT_EQ(before.size(), now.size());
    ASSERT_EQ(now.size(), 3u);
    for (size_t i = 0; i < now.size(); ++i) {
      EXPECT_EQ(now[i].opening, before[i].closing) << now[i].decision_id << " " << m.ToString();
      EXPECT_EQ(now[i].closing, now[i].opening + now[i].accrual - now[i].used);
      EXPECT_GE(now[i].closing, 0);
    }
  }
}

TEST_P(RunHistoryTest, EventsRunningIntoTheMonthAndMonthsNeverRunReadTheHistory) {
  Ingest(MonthOfVisits(YearMonth(2024, 4)));
  RunBoth(YearMonth(2024, 4));
  // A visit from 31 May 22:00 to 1 June 02:00 runs into June.
  Ingest(MonthOfVisits(YearMonth(2024, 5)));
  Ingest({Visit("E-NIGHT", "D-CO-2", "2024-05-31T22:00:00", "2024-06-01T02:00:00")});
  RunReport may = RunBoth(YearMonth(2024, 5));
  EXPECT_EQ(may.groups_carried, 3);
  Ingest(MonthOfVisits(YearMonth(2024, 6)));
  RunReport june = RunBoth(YearMonth(2024, 6));
  EXPECT_EQ(june.groups_from_earlier, 1);  // D-CO-2's from April, for the night visit
  EXPECT_EQ(june.groups_carried, 2);
  EXPECT_EQ(june.groups_from_history, 0);
  // July is dry-run only and August is run after it: June's run was the
  // last to leave balances, so every group starts after June.
  Ingest(MonthOfVisits(YearMonth(2024, 7)));
  RunReport dry = Run(usual_, YearMonth(2024, 7), false, /*dry_run=*/true);
  EXPECT_EQ(dry.groups_carried, 3);
  Ingest(MonthOfVisits(YearMonth(2024, 8)));
  RunReport august = RunBoth(YearMonth(2024, 8));
  EXPECT_EQ(august.groups_carried, 0);
  EXPECT_EQ(august.groups_from_earlier, 3);
  EXPECT_EQ(august.groups_from_history, 0);
}

// A late event of a month sends its group back to the month before it,
// not to its first month: its events from that month on are read, the
// months between are compared with their stored lines, and the group's
// checkpoints of those months are no longer trusted.
TEST_P(RunHistoryTest, ALateEventSettlesItsGroupFromTheMonthBeforeIt) {
  RunMonthsOfVisits(YearMonth(2024, 4), YearMonth(2024, 7));
  Ingest(MonthOfVisits(YearMonth(2024, 8)));
  Ingest({Visit("E-LATE", "D-CO-3", "2024-06-03T08:00:00", "2024-06-03T11:00:00", "2024-08-02T10:00:00")});
  RunReport august = RunBoth(YearMonth(2024, 8));
  EXPECT_EQ(august.groups_carried, 2);
  EXPECT_EQ(august.groups_from_earlier, 1);
  EXPECT_EQ(august.groups_from_history, 0);
  // D-CO-1's and D-CO-2's August visits; D-CO-3's of June to August.
  EXPECT_EQ(august.events_read, 3 + 4);
  ASSERT_EQ(august.providers.size(), 1u);
  EXPECT_GT(august.providers[0].adjustment_lines, 0);  // June, and the balance after it
  // Another late event of June, recorded in September: June's checkpoint
  // was opened in August, so the group goes back to May again.
  Ingest(MonthOfVisits(YearMonth(2024, 9)));
  Ingest({Visit("E-LATE-2", "D-CO-3", "2024-06-10T08:00:00", "2024-06-10T09:00:00", "2024-09-02T10:00:00")});
  RunReport september = RunBoth(YearMonth(2024, 9));
  EXPECT_EQ(september.groups_from_earlier, 1);
  EXPECT_EQ(september.events_read, 3 + 6);
  Ingest(MonthOfVisits(YearMonth(2024, 10)));
  RunReport october = RunBoth(YearMonth(2024, 10));
  EXPECT_EQ(october.groups_carried, 3);
  EXPECT_EQ(october.events_read, 4);
}

// A personal budget's provider records a visit of the month before every
// month: the run settles the previous month again, to another closing
// balance than that month's statement has, and keeps that balance with
// the previous month's checkpoint, so the next late visit sends the group
// back one month, not further each time.
TEST_P(RunHistoryTest, ABalanceClientLateEveryMonthGoesBackOneMonthEachTime) {
  auto visit = [](const std::string& id, YearMonth m, const std::string& day, const std::string& to,
                  const std::string& recorded = "") {
    const std::string date = m.ToString() + "-" + day;
    return Visit(id, "D-CO-3", date + "T08:00:00", date + "T" + to, recorded);
  };
  for (YearMonth m = YearMonth(2024, 4); m <= YearMonth(2024, 5); m = m.next()) {
    Ingest({visit("E-" + m.ToString(), m, "07", "10:00:00")});
    RunBoth(m);
  }
  for (YearMonth m = YearMonth(2024, 6); m <= YearMonth(2024, 9); m = m.next()) {
    const YearMonth before = m.prev();
    auto before_closing = Statements(usual_, before);
    const std::string recorded = m.ToString() + "-02T10:00:00";
    Ingest({visit("E-" + m.ToString(), m, "07", "10:00:00"),
            visit("L-" + before.ToString(), before, "22", "09:00:00", recorded)});
    RunReport r = RunBoth(m);
    EXPECT_EQ(r.groups_from_earlier, 1) << m.ToString();
    EXPECT_EQ(r.groups_from_history, 0) << m.ToString();
    // The month before: its visit and the late one; this month's visit.
    EXPECT_EQ(r.events_read, 3) << m.ToString();
    ASSERT_EQ(r.providers.size(), 1u);
    EXPECT_GT(r.providers[0].adjustment_lines, 0) << m.ToString();
    // The late visit used some of the balance the statement of the month
    // before closed with; that statement is left as the client got it.
    auto opened = Statements(usual_, m);
    ASSERT_EQ(opened.size(), 3u);
    ASSERT_EQ(before_closing.size(), 3u);
    EXPECT_EQ(opened[2].decision_id, "D-CO-3");
    EXPECT_LT(opened[2].opening, before_closing[2].closing) << m.ToString();
    EXPECT_EQ(Statements(usual_, before)[2].closing, before_closing[2].closing);
  }
}

// A settled month's balance statements never change: running it again
// after a late visit of it was recorded creates nothing (the visit waits
// for the next month's run as a prior-period line), and the month still
// reconciles with its statements.
TEST_P(RunHistoryTest, RunningASettledMonthAgainLeavesItsStatementsAsTheyWere) {
  RunMonthsOfVisits(YearMonth(2024, 4), YearMonth(2024, 4));
  const std::vector<store::BalanceRow> before = Statements(usual_, YearMonth(2024, 4));
  Ingest({Visit("E-LATE", "D-CO-3", "2024-04-22T08:00:00", "2024-04-22T09:00:00",
                "2024-05-03T10:00:00")});
  for (World* w : {&usual_, &whole_}) {
    RunReport again = Run(*w, YearMonth(2024, 4), w == &whole_);
    EXPECT_TRUE(again.nothing_new);
    const std::vector<store::BalanceRow> after = Statements(*w, YearMonth(2024, 4));
    ASSERT_EQ(after.size(), before.size());
    for (size_t i = 0; i < before.size(); ++i) {
      EXPECT_EQ(after[i].used, before[i].used) << after[i].decision_id;
      EXPECT_EQ(after[i].closing, before[i].closing) << after[i].decision_id;
    }
    auto failures =
        books::ReconcileStored(*w->state->store, YearMonth(2024, 4), w->state->config.accounts);
    ASSERT_TRUE(failures.ok()) << ToLine(failures.error());
    for (const exports::Failure& f : failures.value()) ADD_FAILURE() << f.code << ": " << f.message;
  }
  // May credits nothing and pays the late visit, from what is really left.
  Ingest(MonthOfVisits(YearMonth(2024, 5)));
  RunReport may = RunBoth(YearMonth(2024, 5));
  ASSERT_EQ(may.providers.size(), 1u);
  EXPECT_EQ(may.providers[0].adjustment_lines, 1);
}

// With one group a batch, the run reads each batch while it settles the
// one before (on a thread of its own), and a carried group that a
// correction ties to its history moves to it in its own batch: the same
// settlements as the whole history read in one batch.
TEST_P(RunHistoryTest, BatchesReadAheadSettleAsOneBatch) {
  usual_batch_events_ = 1;
  usual_window_batches_ = 2;  // three batches: two reads of the store
  for (YearMonth m = YearMonth(2024, 4); m <= YearMonth(2024, 6); m = m.next()) {
    Ingest(MonthOfVisits(m));
    RunReport r = RunBoth(m);
    EXPECT_EQ(r.groups_carried + r.groups_from_history, 3);
  }
  // In July a May visit of D-CO-1 is replaced by one in July: the
  // replacement is filed under May to July, so its group starts from
  // April's balances. A late April visit of D-CO-3 makes its group read its
  // history from the start; D-CO-2 in between stays carried.
  Ingest(MonthOfVisits(YearMonth(2024, 7)));
  std::string replacement = Visit("E-R-1", "D-CO-1", "2024-07-09T08:00:00", "2024-07-09T12:00:00");
  replacement.insert(replacement.size() - 1, R"(, "replaces": "E-2024-05-1")");
  Ingest({replacement,
          Visit("E-LATE", "D-CO-3", "2024-04-22T08:00:00", "2024-04-22T09:00:00", "2024-07-02T10:00:00")});
  RunReport july = RunBoth(YearMonth(2024, 7));
  EXPECT_EQ(july.groups_from_history, 1);
  EXPECT_EQ(july.groups_from_earlier, 1);
  EXPECT_EQ(july.groups_carried, 1);
  ASSERT_EQ(july.providers.size(), 1u);
  EXPECT_GT(july.providers[0].adjustment_lines, 0);
  Ingest(MonthOfVisits(YearMonth(2024, 8)));
  RunReport august = RunBoth(YearMonth(2024, 8));
  EXPECT_EQ(august.groups_carried, 3);
  EXPECT_EQ(august.events_read, 4);
}

INSTANTIATE_TEST_SUITE_P(Backends, RunHistoryTest, ::testing::Values("sqlite", "postgresql"),
                         [](const auto& info) { return info.param; });

// Temporary home care (20.00/h, no balance) of one client with a provider
// that records late every month.
class LateEveryMonthTest : public RunHistoryTest {
 protected:
  LateEveryMonthTest() { world_ = std::string(SETELI_SCENARIOS) + "/late_recording"; }

  static std::string Care(const std::string& id, const std::string& day, const std::string& recorded = "") {
    return R"({"event_id": ")" + id +
           R"(", "provider": "2345678-0", "decision_id": "D-LR-1", "service": "kotihoito-tilapainen", "start": ")" +
           day + R"(T08:00:00+03:00", "end": ")" + day + R"(T10:00:00+03:00", "recorded_at": ")" +
           (recorded.empty() ? day : recorded) + "T23:00:00+03:00\"}";
  }
};

// Each month brings a visit of the month before, recorded late: the run of
// a month settles the previous month again, and leaves a checkpoint of it
// as well, so the next late visit sends the group back one month, not to
// its first.
TEST_P(LateEveryMonthTest, AClientLateEveryMonthGoesBackOneMonthEachTime) {
  for (YearMonth m = YearMonth(2024, 4); m <= YearMonth(2024, 6); m = m.next()) {
    Ingest({Care("E-" + m.ToString(), m.ToString() + "-10")});
    RunBoth(m);
  }
  for (YearMonth m = YearMonth(2024, 7); m <= YearMonth(2024, 10); m = m.next()) {
    const YearMonth before = m.prev();
    Ingest({Care("E-" + m.ToString(), m.ToString() + "-10"),
            Care("L-" + before.ToString(), before.ToString() + "-20", m.ToString() + "-02")});
    RunReport r = RunBoth(m);
    EXPECT_EQ(r.groups_from_earlier, 1) << m.ToString();
    EXPECT_EQ(r.groups_from_history, 0) << m.ToString();
    // The month before: its visit and the late one; this month's visit.
    EXPECT_EQ(r.events_read, 3) << m.ToString();
    ASSERT_EQ(r.providers.size(), 1u);
    EXPECT_EQ(r.providers[0].adjustment_lines, 1) << m.ToString();
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, LateEveryMonthTest, ::testing::Values("sqlite", "postgresql"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace seteli::invoicing
