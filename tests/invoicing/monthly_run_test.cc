// The monthly run on a real store, SQLite and PostgreSQL alike: settling
// and closing a month, re-running it, holding and releasing, late events
// and voids in a closed month, self-billing invoice numbers.
#include "invoicing/monthly_run.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>

#include "daemon/daemon_setup.h"
#include "daemon/registry_import.h"
#include "formats/events_input.h"
#include "formats/settlement_json.h"
#include "invoicing/release.h"
#include "invoicing/stored_events.h"
#include "pg_test_db.h"
#include "test_state.h"

namespace seteli::invoicing {
namespace {

namespace fs = std::filesystem;

const std::string kData = SETELI_TEST_DATA;  // tests/app/data: a small world

class MonthlyRunTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    auto fresh = seteli::testing::FreshStoreUrl(GetParam());
    if (!fresh) GTEST_SKIP() << "no test PostgreSQL (run through ctest)";
    const std::string url = *fresh;
    dir_ = fs::temp_directory_path() / ("seteli-run-" + std::to_string(::getpid()) + "-" +
                                        std::to_string(counter_++));
    fs::create_directories(dir_);
    providers_ = dir_ / "providers.yaml";
    fs::copy_file(kData + "/providers.yaml", providers_);
    std::ofstream(dir_ / "seteli.conf") << "listen: 127.0.0.1:0\nstore: " << url
                                        << "\nrulebook: " << kData << "/rulebook.yaml"
                                        << "\nproviders: " << providers_.string()
                                        << "\ndecisions: " << kData << "/decisions.jsonl"
                                        << "\ntokens: []\n";
    Open();
    Ingest(kData + "/events.jsonl");
  }

  void TearDown() override { fs::remove_all(dir_); }

  // (Re)opens the daemon state: store, registries from the config, catalog.
  void Open() {
    state_.reset();
    auto config = config::LoadServeConfig((dir_ / "seteli.conf").string());
    ASSERT_TRUE(config.ok()) << ToLine(config.error());
    auto state = daemon::OpenDaemonState(config.value(), "test");
    ASSERT_TRUE(state.ok()) << ToLine(state.error());
    state_ = std::move(state.value());
  }

  void Ingest(const std::string& path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    auto taken = seteli::testing::Ingest(*state_, text.str());
    ASSERT_TRUE(taken.ok()) << path << ": " << ToLine(taken.error());
  }

  void IngestLine(const std::string& json) {
    fs::path p = dir_ / "more.jsonl";
    std::ofstream(p) << json << "\n";
    Ingest(p.string());
  }

  // A drafter that records what it drew up; fails for a provider without a
  // bank account, as the real one does.
  SelfBillingDrafter Drafter() {
    return [](const SelfBillingDraft& d) -> Result<store::OutboxMessage> {
      const Settlement& s = d.settlement;
      const Provider& p = d.provider;
      const int64_t n = d.invoice_number;
      if (p.iban.empty()) return Error{"invalid_invoice_input", "provider has no bank account"};
      std::string id = "SB-" + p.business_id + "-" + s.month.ToString() + "-" + std::to_string(n);
      return store::OutboxMessage{id, "self_billing_invoice", p.business_id, s.month.ToString(),
                                  std::to_string(n), "<Finvoice/> " + s.voucher_total.ToString()};
    };
  }

  RunReport Run(const char* month, bool dry_run = false) {
    auto catalog = state_->catalogs.Get();
    ctx_ = catalog->context();
    MonthlyRun run(*state_->store, ctx_, Drafter());
    RunOptions o{YearMonth::Parse(month).value()};
    o.dry_run = dry_run;
    o.keep_lines = true;
    auto r = run.Execute(o);
    EXPECT_TRUE(r.ok()) << ToLine(r.error());
    return r.ok() ? r.value() : RunReport{};
  }

  void PutAbsence(const store::AbsenceRow& a) {
    ASSERT_TRUE(state_->store
                    ->PutAbsences(std::vector<store::AbsenceRow>{a},
                                  {"test", "absences.put", a.absence_id, ""})
                    .ok());
  }

  const ProviderOutcome* Find(const RunReport& r, const std::string& provider) {
    for (const auto& p : r.providers) {
      if (p.provider == provider) return &p;
    }
    return nullptr;
  }

  std::vector<store::SettlementRecord> Settlements(const std::string& month = "") {
    return state_->store->ListSettlements(month, "").value();
  }

  static inline int counter_ = 0;
  fs::path dir_, providers_;
  std::unique_ptr<daemon::DaemonState> state_;
  SettleContext ctx_;
};

constexpr char kKuusi[] = "2345678-0";   // not self-billing
constexpr char kMantty[] = "3456780-6";  // self-billing, no bank account in the data

TEST_P(MonthlyRunTest, SettlesEveryProviderAndHoldsOneWhoseInvoiceCannotBeDrawnUp) {
  RunReport r = Run("2024-05");
  const ProviderOutcome* kuusi = Find(r, kKuusi);
  ASSERT_NE(kuusi, nullptr);
  EXPECT_EQ(kuusi->outcome, Outcome::kSettled);
  EXPECT_EQ(kuusi->settlement.voucher_total.ToString(), "171.35");
  const ProviderOutcome* mantty = Find(r, kMantty);
  ASSERT_NE(mantty, nullptr);
  EXPECT_EQ(mantty->outcome, Outcome::kHeld);  // one held provider stops nothing else
  EXPECT_NE(mantty->held_reason.find("bank account"), std::string::npos);
  auto stored = Settlements("2024-05");
  ASSERT_EQ(stored.size(), 2u);
  EXPECT_EQ(stored[0].state, "settled");
  EXPECT_EQ(stored[0].reference, SettlementReference(kKuusi, YearMonth(2024, 5), ReferenceKind::kFinnish));
  EXPECT_EQ(stored[0].voucher_total, 17135);
  EXPECT_EQ(stored[1].state, "held");
  EXPECT_TRUE(state_->store->ListOutbox("queued").value().empty());
}

TEST_P(MonthlyRunTest, RunningTheSameMonthAgainCreatesNothingNew) {
  Run("2024-05");
  auto before = Settlements();
  RunReport again = Run("2024-05");
  EXPECT_TRUE(again.nothing_new);
  for (const auto& p : again.providers) EXPECT_EQ(p.outcome, Outcome::kAlreadySettled);
  auto after = Settlements();
  ASSERT_EQ(before.size(), after.size());
  for (size_t i = 0; i < before.size(); ++i) EXPECT_EQ(before[i].body, after[i].body);
}

TEST_P(MonthlyRunTest, DryRunWritesNothing) {
  RunReport r = Run("2024-05", /*dry_run=*/true);
  EXPECT_EQ(r.record.settled, 1);
  EXPECT_TRUE(Settlements().empty());
  EXPECT_TRUE(state_->store->ListRuns("2024-05").value().empty());
}

TEST_P(MonthlyRunTest, HeldSettlementIsReleasedByFinanceWithItsInvoice) {
  Run("2024-05");
  auto still = ReleaseHeld(*state_->store, ctx_, Drafter(), kMantty, YearMonth(2024, 5),
                           "bank account added", "finance");
  EXPECT_FALSE(still.ok());  // the invoice still cannot be drawn up
  EXPECT_EQ(Settlements("2024-05")[1].state, "held");

  std::string text;
  {
    std::ifstream in(providers_);
    std::stringstream s;
    s << in.rdbuf();
    text = s.str();
  }
  text.replace(text.find("  self_billing: true"), 20,
               "  bank: {iban: \"FI2112345600000785\", bic: NDEAFIHH}\n  self_billing: true");
  std::ofstream(providers_) << text;
  {  // as `seteli import` loads the corrected file over the store
    daemon::RegistryImport report;
    auto imported = daemon::ImportRegistryFiles(*state_->store, state_->config,
                                                state_->catalogs.Get()->rulebook, "test",
                                                daemon::ImportMode::kReplace, report);
    ASSERT_TRUE(imported.ok()) << ToLine(imported.error());
    EXPECT_EQ(report.providers_imported, 1);
  }
  Open();
  auto released = ReleaseHeld(*state_->store, state_->catalogs.Get()->context(), Drafter(), kMantty,
                              YearMonth(2024, 5), "bank account added", "finance");
  ASSERT_TRUE(released.ok()) << ToLine(released.error());
  EXPECT_EQ(released.value(), 1);
  auto s = Settlements("2024-05");
  EXPECT_EQ(s[1].state, "settled");
  EXPECT_EQ(s[1].invoice_number, 1);
  auto queued = state_->store->ListOutbox("queued").value();
  ASSERT_EQ(queued.size(), 1u);
  EXPECT_EQ(queued[0].body, "<Finvoice/> 315.00");
  auto again = ReleaseHeld(*state_->store, state_->catalogs.Get()->context(), Drafter(), kMantty,
                           YearMonth(2024, 5), "twice", "finance");
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, "failed_precondition");
}

TEST_P(MonthlyRunTest, LateEventForAClosedMonthBecomesPriorPeriodLinesOnce) {
  Run("2024-05");
  std::string may_body = Settlements("2024-05")[0].body;
  IngestLine(R"({"event_id": "E-LATE", "provider": "2345678-0", "decision_id": "D-KS-1", "service": "kotihoito-saannollinen", "start": "2024-05-20T08:00:00+03:00", "end": "2024-05-20T10:00:00+03:00", "recorded_at": "2024-06-03T12:00:00+03:00"})");
  EXPECT_TRUE(Run("2024-05").nothing_new);  // closed: nothing new in May itself
  RunReport june = Run("2024-06");
  const ProviderOutcome* kuusi = Find(june, kKuusi);
  ASSERT_NE(kuusi, nullptr);
  EXPECT_EQ(kuusi->outcome, Outcome::kSettled);
  EXPECT_EQ(kuusi->adjustment_lines, 1);
  const SettlementLine& line = kuusi->settlement.lines.at(0);
  EXPECT_EQ(line.event_id, "E-LATE");
  EXPECT_TRUE(line.flags & kPriorPeriod);
  EXPECT_EQ(line.original_month, YearMonth(2024, 5));
  EXPECT_EQ(line.voucher.ToString(), "36.80");  // 18.40 x 2 h
  EXPECT_EQ(Settlements("2024-05")[0].body, may_body);  // May is never rewritten
  RunReport july = Run("2024-07");
  ASSERT_NE(Find(july, kKuusi), nullptr);
  EXPECT_EQ(Find(july, kKuusi)->outcome, Outcome::kNothingToSettle);  // applied once only
}

TEST_P(MonthlyRunTest, AVoidInAClosedMonthIsCreditedInTheNextRun) {
  Run("2024-05");
  IngestLine(R"({"event_id": "V-1", "provider": "2345678-0", "voids": "E-LK-1", "recorded_at": "2024-06-02T12:00:00+03:00"})");
  RunReport june = Run("2024-06");
  const ProviderOutcome* kuusi = Find(june, kKuusi);
  ASSERT_NE(kuusi, nullptr);
  ASSERT_EQ(kuusi->settlement.lines.size(), 1u);
  const SettlementLine& credit = kuusi->settlement.lines[0];
  EXPECT_EQ(credit.event_id, "E-LK-1");
  EXPECT_EQ(credit.voucher.ToString(), "-56.25");
  EXPECT_EQ(credit.price.ToString(), "-67.50");
  EXPECT_EQ(kuusi->settlement.voucher_total.ToString(), "-56.25");
}

// A correction belongs to the month of the service it corrects: a void
// recorded on 3 June for a May visit changes May while May is open, and
// gives a prior-period credit in June once May is closed.
TEST_P(MonthlyRunTest, AVoidRecordedAfterTheMonthChangesItWhileItIsOpen) {
  IngestLine(
      R"({"event_id": "V-1", "provider": "2345678-0", "voids": "E-LK-1", "recorded_at": "2024-06-03T12:00:00+03:00"})");
  RunReport may = Run("2024-05");
  const ProviderOutcome* kuusi = Find(may, kKuusi);
  ASSERT_NE(kuusi, nullptr);
  for (const SettlementLine& l : kuusi->settlement.lines) EXPECT_NE(l.event_id, "E-LK-1");
  EXPECT_EQ(kuusi->settlement.voucher_total.ToString(), "115.10");  // 171.35 - 56.25

  IngestLine(
      R"({"event_id": "V-2", "provider": "2345678-0", "voids": "E-PA-1", "recorded_at": "2024-06-07T12:00:00+03:00"})");
  RunReport june = Run("2024-06");
  kuusi = Find(june, kKuusi);
  ASSERT_NE(kuusi, nullptr);
  ASSERT_EQ(kuusi->settlement.lines.size(), 1u);  // V-1's May visit is not credited again
  const SettlementLine& credit = kuusi->settlement.lines[0];
  EXPECT_EQ(credit.event_id, "E-PA-1");
  EXPECT_TRUE(credit.flags & kPriorPeriod);
  EXPECT_EQ(credit.original_month, YearMonth(2024, 5));
  EXPECT_EQ(credit.voucher.ToString(), "-87.50");
}

// A replacement recorded in June for a May visit, moving it into June,
// takes the visit out of May and settles it in June.
TEST_P(MonthlyRunTest, AReplacementCountsForItsTargetsMonthAndItsOwn) {
  IngestLine(
      R"({"event_id": "E-KS-1b", "provider": "2345678-0", "decision_id": "D-KS-1", "service": "kotihoito-saannollinen", "start": "2024-06-04T08:00:00+03:00", "end": "2024-06-04T09:30:00+03:00", "recorded_at": "2024-06-04T13:00:00+03:00", "replaces": "E-KS-1"})");
  RunReport may = Run("2024-05");
  const ProviderOutcome* kuusi = Find(may, kKuusi);
  ASSERT_NE(kuusi, nullptr);
  for (const SettlementLine& l : kuusi->settlement.lines) {
    EXPECT_NE(l.event_id, "E-KS-1");
    EXPECT_NE(l.event_id, "E-KS-1b");
  }
  RunReport june = Run("2024-06");
  kuusi = Find(june, kKuusi);
  ASSERT_NE(kuusi, nullptr);
  ASSERT_EQ(kuusi->settlement.lines.size(), 1u);
  EXPECT_EQ(kuusi->settlement.lines[0].event_id, "E-KS-1b");
  EXPECT_FALSE(kuusi->settlement.lines[0].flags & kPriorPeriod);
}

// An absence recorded in June for May days changes May while it is open,
// and gives a prior-period credit once May is closed.
TEST_P(MonthlyRunTest, AnAbsenceRecordedAfterTheMonthChangesItWhileItIsOpen) {
  PutAbsence({"A-1", "D-OV-1", "2024-05-24", "2024-05-24"});
  RunReport may = Run("2024-05", /*dry_run=*/true);
  const ProviderOutcome* mantty = Find(may, kMantty);
  ASSERT_NE(mantty, nullptr);
  for (const SettlementLine& l : mantty->settlement.lines) EXPECT_NE(l.event_id, "E-OV-2");
}

TEST_P(MonthlyRunTest, AnAbsenceRecordedAfterTheRunIsCreditedInTheNextRun) {
  Run("2024-05");
  PutAbsence({"A-1", "D-OV-1", "2024-05-24", "2024-05-24"});
  RunReport june = Run("2024-06", /*dry_run=*/true);
  const ProviderOutcome* mantty = Find(june, kMantty);
  ASSERT_NE(mantty, nullptr);
  ASSERT_EQ(mantty->settlement.lines.size(), 1u);
  EXPECT_EQ(mantty->settlement.lines[0].event_id, "E-OV-2");
  EXPECT_EQ(mantty->settlement.lines[0].original_month, YearMonth(2024, 5));
  EXPECT_TRUE(mantty->settlement.lines[0].price.negative());  // beyond the grant: voucher 0.00
}

// A correction of an event that is not stored, or that another provider
// recorded, changes nothing and says so.
TEST_P(MonthlyRunTest, ACorrectionOfAnUnknownOrForeignEventIsRejected) {
  std::vector<daemon::IntakeItem> items;
  for (
      const char* json :
      {R"({"event_id": "V-X", "provider": "2345678-0", "voids": "E-NOPE", "recorded_at": "2024-06-03T12:00:00+03:00"})",
       R"({"event_id": "V-Y", "provider": "2345678-0", "voids": "E-OV-1", "recorded_at": "2024-06-03T12:00:00+03:00"})",
       R"({"event_id": "E-Z", "provider": "2345678-0", "decision_id": "D-LK-1", "service": "lapsiperheiden-kotipalvelu", "start": "2024-05-09T10:00:00+03:00", "end": "2024-05-09T11:00:00+03:00", "recorded_at": "2024-06-03T12:00:00+03:00", "replaces": "E-NOPE"})",
       R"({"event_id": "E-W", "provider": "2345678-0", "decision_id": "D-LK-1", "service": "lapsiperheiden-kotipalvelu", "start": "2024-05-09T10:00:00+03:00", "end": "2024-05-09T11:00:00+03:00", "recorded_at": "2024-06-03T12:00:00+03:00"})",
       R"({"event_id": "V-W", "provider": "2345678-0", "voids": "E-W", "recorded_at": "2024-06-03T12:00:00+03:00"})"}) {
    daemon::IntakeItem item;
    item.event = formats::ParseEventJson(json, "body", 1);
    item.body = json;
    items.push_back(std::move(item));
  }
  auto verdicts = state_->intake.Take(items, "test", std::nullopt);
  ASSERT_TRUE(verdicts.ok());
  const std::vector<daemon::EventVerdict>& v = verdicts.value();
  EXPECT_EQ(v[0].code, "unknown_correction_target");
  EXPECT_NE(v[0].message.find("E-NOPE"), std::string::npos);
  EXPECT_EQ(v[1].code, "foreign_correction_target");
  EXPECT_EQ(v[2].code, "unknown_correction_target");
  EXPECT_EQ(v[3].status, "accepted");
  EXPECT_EQ(v[4].status, "accepted");  // its target earlier in the same batch
  auto stored = state_->store->ListEvents({.month = "2024-05"}).value();
  std::set<std::string> ids;
  for (const auto& s : stored) ids.insert(s.row.event_id);
  EXPECT_EQ(ids.count("V-X") + ids.count("V-Y") + ids.count("E-Z"), 0u);
  EXPECT_EQ(ids.count("V-W"), 1u);  // filed under its target's month
}

// The run settles one group of clients at a time. A correction recorded
// under another client's decision puts both clients in one group, so the
// month settles as SettleMonth over every stored event settles it.
TEST_P(MonthlyRunTest, SettlesGroupByGroupAsSettlingEveryEventAtOnce) {
  IngestLine(R"({"event_id": "E-KS-1b", "provider": "2345678-0", "decision_id": "D-PA-1", "service": "henkilokohtainen-apu", "start": "2024-05-13T08:00:00+03:00", "end": "2024-05-13T10:00:00+03:00", "recorded_at": "2024-05-20T12:00:00+03:00", "replaces": "E-KS-1"})");
  IngestLine(R"({"event_id": "V-OV-2", "provider": "3456780-6", "voids": "E-OV-2", "recorded_at": "2024-05-26T12:00:00+03:00"})");
  IngestLine(R"({"event_id": "E-LK-2", "provider": "2345678-0", "decision_id": "D-LK-1", "service": "lapsiperheiden-kotipalvelu", "start": "2024-05-30T23:00:00+03:00", "end": "2024-06-01T01:00:00+03:00", "recorded_at": "2024-06-01T12:00:00+03:00"})");
  RunReport r = Run("2024-05", /*dry_run=*/true);

  auto events = LoadStoredEvents(*state_->store, YearMonth(2024, 5));
  ASSERT_TRUE(events.ok());
  auto book = LoadStoredAbsences(*state_->store, *ctx_.decisions);
  ASSERT_TRUE(book.ok());
  const SettleContext all{ctx_.rulebook, ctx_.providers, &book.value(), ctx_.reference_kind};
  MonthSettlement want = SettleMonth(all, events.value().events, YearMonth(2024, 5));

  ASSERT_FALSE(want.settlements.empty());
  for (const Settlement& s : want.settlements) {
    const ProviderOutcome* got = Find(r, s.provider);
    ASSERT_NE(got, nullptr) << s.provider;
    std::multiset<std::string> want_lines, got_lines;
    for (const SettlementLine& l : s.lines) want_lines.insert(formats::LineJsonText(l));
    for (const SettlementLine& l : got->settlement.lines) got_lines.insert(formats::LineJsonText(l));
    EXPECT_EQ(got_lines, want_lines) << s.provider;
    EXPECT_EQ(got->settlement.price_total, s.price_total);
    EXPECT_EQ(got->settlement.voucher_total, s.voucher_total);
    EXPECT_EQ(got->line_count, static_cast<int>(s.lines.size()));
  }
  ASSERT_EQ(r.rejected.size(), want.rejected.size());
  for (size_t i = 0; i < want.rejected.size(); ++i) {
    EXPECT_EQ(r.rejected[i].event_id, want.rejected[i].event_id);
    EXPECT_EQ(r.rejected[i].code, want.rejected[i].code);
  }
  const ProviderOutcome* kuusi = Find(r, kKuusi);
  ASSERT_NE(kuusi, nullptr);
  bool replaced = false;
  for (const SettlementLine& l : kuusi->settlement.lines) {
    EXPECT_NE(l.event_id, "E-KS-1");  // replaced under another client's decision
    replaced = replaced || l.event_id == "E-KS-1b";
  }
  EXPECT_TRUE(replaced);
}

INSTANTIATE_TEST_SUITE_P(Backends, MonthlyRunTest, ::testing::Values("sqlite", "postgresql"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace seteli::invoicing
