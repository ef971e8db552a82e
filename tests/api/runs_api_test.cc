// The monthly run through the daemon: POST /v1/runs queues it, GET
// /v1/runs/{id} shows it done, settlements and statements are read with
// each role's rights, on SQLite and on PostgreSQL.
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>
#include <thread>

#include "daemon_process.h"
#include "formats/settlement_json.h"
#include "pg_test_db.h"
#include "store/store.h"

namespace seteli::testing {
namespace {

Poco::Dynamic::Var Parse(const std::string& body) { return Poco::JSON::Parser().parse(body); }

// Queues a run of `month` on the daemon at `port` and waits until it ends;
// returns its record (null after 30 s).
Poco::JSON::Object::Ptr RunAndWait(int port, const std::string& month) {
  HttpReply r = Http(port, "POST", "/v1/runs", kFinanceToken, "{\"month\":\"" + month + "\"}");
  EXPECT_EQ(r.status, 202) << r.body;
  if (r.status != 202) return nullptr;
  std::string id = Parse(r.body).extract<Poco::JSON::Object::Ptr>()->getValue<std::string>("run_id");
  for (int i = 0; i < 300; ++i) {
    HttpReply run = Http(port, "GET", "/v1/runs/" + id, kFinanceToken);
    if (run.status == 200) {
      auto o = Parse(run.body).extract<Poco::JSON::Object::Ptr>();
      std::string state = o->getValue<std::string>("state");
      if (state == "done" || state == "done_dry_run" || state == "failed") return o;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ADD_FAILURE() << "run " << id << " did not finish";
  return nullptr;
}


class RunsApiTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    DaemonOptions o;
    auto url = FreshStoreUrl(GetParam());
    if (!url) GTEST_SKIP() << "no test PostgreSQL (run through ctest)";
    o.store_url = *url;
    store_url_ = o.store_url;
    // The ledger exports' coding; no Treasury code for the social class.
    o.extra_config =
        "cost_coding:\n  default: {cost_centre: \"7000\"}\n"
        "  treasury: {classes: {health: P2100}}\n";
    daemon_ = std::make_unique<DaemonProcess>(TempDir(GetParam()), o);
    ASSERT_TRUE(daemon_->Start()) << daemon_->log();
    std::ifstream in(FixturesDir() + "/events.jsonl");
    std::stringstream events;
    events << in.rdbuf();
    HttpReply r = Http(port(), "POST", "/v1/events", kAdminToken, events.str());
    ASSERT_EQ(r.status, 200) << r.body;
  }

  int port() const { return daemon_->port(); }

  Poco::JSON::Object::Ptr RunMonth(const std::string& month) { return RunAndWait(port(), month); }

  std::string store_url_;
  std::unique_ptr<DaemonProcess> daemon_;
};

TEST_P(RunsApiTest, FinanceRunsTheMonthAndEachProviderReadsItsOwn) {
  EXPECT_EQ(Http(port(), "POST", "/v1/runs", kProviderToken, R"({"month":"2024-05"})").status, 403);
  EXPECT_EQ(Http(port(), "POST", "/v1/runs", kFinanceToken, R"({"month":"2024-13"})").status, 400);

  auto run = RunMonth("2024-05");
  ASSERT_TRUE(run);
  EXPECT_EQ(run->getValue<std::string>("state"), "done") << run->getValue<std::string>("message");
  EXPECT_EQ(run->getValue<int>("settled"), 7);
  EXPECT_EQ(run->getValue<int>("providers_done"), 7);

  HttpReply all = Http(port(), "GET", "/v1/settlements?month=2024-05", kFinanceToken);
  ASSERT_EQ(all.status, 200) << all.body;
  EXPECT_EQ(Parse(all.body).extract<Poco::JSON::Array::Ptr>()->size(), 7u);
  HttpReply own = Http(port(), "GET", "/v1/settlements?month=2024-05", kProviderToken);
  auto list = Parse(own.body).extract<Poco::JSON::Array::Ptr>();
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ(list->getObject(0)->getValue<std::string>("provider"), kProvider);
  EXPECT_EQ(list->getObject(0)->getValue<std::string>("voucher_total"), "4315.69");
  EXPECT_EQ(Http(port(), "GET", "/v1/settlements?provider=1960387-2", kProviderToken).status, 403);
  EXPECT_EQ(Http(port(), "GET", "/v1/settlements/1960387-2/2024-05", kProviderToken).status, 403);

  HttpReply one = Http(port(), "GET", std::string("/v1/settlements/") + kProvider + "/2024-05", kProviderToken);
  ASSERT_EQ(one.status, 200) << one.body;
  auto settlement = Parse(one.body).extract<Poco::JSON::Object::Ptr>()->getObject("settlement");
  EXPECT_EQ(settlement->getArray("lines")->size(), 118u);
  HttpReply statement = Http(port(), "GET",
                             std::string("/v1/settlements/") + kProvider + "/2024-05/statement",
                             kProviderToken);
  ASSERT_EQ(statement.status, 200);
  EXPECT_NE(statement.body.find("2345 67820 24058"), std::string::npos);
  EXPECT_NE(statement.body.find("<html"), std::string::npos);

  EXPECT_EQ(Http(port(), "POST", std::string("/v1/settlements/") + kProvider + "/2024-05/release",
                 kFinanceToken, R"({"reason":"checked"})").status,
            409);  // not held
  HttpReply balances = Http(port(), "GET", "/v1/balances?month=2024-05", kFinanceToken);
  ASSERT_EQ(balances.status, 200);
  EXPECT_GE(Parse(balances.body).extract<Poco::JSON::Array::Ptr>()->size(), 1u);
  EXPECT_EQ(Http(port(), "GET", "/v1/balances?month=2024-05", kProviderToken).status, 403);

  HttpReply dry = Http(port(), "POST", "/v1/runs", kFinanceToken, R"({"month":"2024-06","dry_run":true})");
  ASSERT_EQ(dry.status, 202);
  std::string dry_id = Parse(dry.body).extract<Poco::JSON::Object::Ptr>()->getValue<std::string>("run_id");
  std::string dry_state;
  for (int i = 0; i < 300 && dry_state != "done_dry_run"; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    HttpReply r = Http(port(), "GET", "/v1/runs/" + dry_id, kFinanceToken);
    if (r.status == 200) {
      dry_state = Parse(r.body).extract<Poco::JSON::Object::Ptr>()->getValue<std::string>("state");
    }
  }
  EXPECT_EQ(dry_state, "done_dry_run");  // recorded, though it settled nothing

  auto again = RunMonth("2024-05");
  ASSERT_TRUE(again);
  EXPECT_EQ(again->getValue<int>("settled"), 0);
  EXPECT_NE(again->getValue<std::string>("message").find("nothing new"), std::string::npos);
}

// A settled month run again creates nothing: its balance statements stay
// as the clients got them (a late visit of the month waits for the next
// month's run) and the run is done. A run that leaves its month failing
// the books check is failed, not done.
TEST_P(RunsApiTest, RunningASettledMonthAgainKeepsItsStatementsAndFailsWhenItsBooksDoNot) {
  auto first = RunMonth("2024-05");
  ASSERT_TRUE(first);
  EXPECT_EQ(first->getValue<std::string>("state"), "done")
      << first->getValue<std::string>("message");
  HttpReply before = Http(port(), "GET", "/v1/balances?month=2024-05", kFinanceToken);
  ASSERT_EQ(before.status, 200);
  HttpReply late =
      Http(port(), "POST", "/v1/events", kAdminToken,
           R"({"event_id": "LATE-1", "provider": "2987654-0", "decision_id": "D-0042", )"
           R"("service": "veteraani-siivous", "start": "2024-05-28T09:00:00+03:00", )"
           R"("end": "2024-05-28T10:00:00+03:00", "recorded_at": "2024-06-07T09:00:00+03:00"})");
  ASSERT_EQ(late.status, 200);
  ASSERT_NE(late.body.find("\"accepted\":1"), std::string::npos) << late.body;

  auto again = RunMonth("2024-05");
  ASSERT_TRUE(again);
  EXPECT_EQ(again->getValue<std::string>("state"), "done")
      << again->getValue<std::string>("message");
  EXPECT_EQ(again->getValue<int>("settled"), 0);
  EXPECT_EQ(Http(port(), "GET", "/v1/balances?month=2024-05", kFinanceToken).body, before.body);

  // A statement that no longer agrees with the month's lines.
  auto store = store::OpenStore(store_url_);
  ASSERT_TRUE(store.ok()) << ToLine(store.error());
  auto rows = store.value()->ListBalanceStatements("2024-05");
  ASSERT_TRUE(rows.ok() && !rows.value().empty());
  store::BalanceRow wrong = rows.value().front();
  wrong.used += 100;
  wrong.closing -= 100;
  ASSERT_TRUE(store.value()->PutBalanceStatements({wrong}).ok());
  auto failed = RunMonth("2024-05");
  ASSERT_TRUE(failed);
  EXPECT_EQ(failed->getValue<std::string>("state"), "failed");
  EXPECT_EQ(failed->getValue<std::string>("message").rfind("month_does_not_reconcile", 0), 0u)
      << failed->getValue<std::string>("message");
  EXPECT_NE(failed->getValue<std::string>("message").find("balance_use_mismatch"),
            std::string::npos);
}

// A correction belongs to the month of the visit it corrects: a void
// recorded on 3 June for a May visit, before the May run, keeps the visit
// out of May; one recorded after the run is credited once in June.
TEST_P(RunsApiTest, AVoidCountsForTheMonthOfTheVisitItVoids) {
  auto post = [&](const std::string& id, const std::string& target, const std::string& at) {
    HttpReply r = Http(port(), "POST", "/v1/events", kProviderToken,
                       R"({"event_id": ")" + id + R"(", "provider": "2345678-0", "voids": ")" +
                           target + R"(", "recorded_at": ")" + at + R"("})");
    ASSERT_EQ(r.status, 200) << r.body;
    ASSERT_NE(r.body.find("\"accepted\":1"), std::string::npos) << r.body;
  };
  // Lines of a settlement of provider 2345678-0, as (event_id, original_month).
  auto lines = [&](const std::string& month) {
    std::multiset<std::pair<std::string, std::string>> out;
    HttpReply r = Http(port(), "GET", std::string("/v1/settlements/") + kProvider + "/" + month,
                       kFinanceToken);
    EXPECT_EQ(r.status, 200) << r.body;
    if (r.status != 200) return out;
    auto list = Parse(r.body)
                    .extract<Poco::JSON::Object::Ptr>()
                    ->getObject("settlement")
                    ->getArray("lines");
    for (size_t i = 0; i < list->size(); ++i) {
      auto l = list->getObject(static_cast<unsigned>(i));
      out.emplace(l->getValue<std::string>("event_id"),
                  l->optValue<std::string>("original_month", ""));
    }
    return out;
  };
  post("V-1", "HK-1305", "2024-06-03T12:00:00+03:00");
  auto may = RunMonth("2024-05");
  ASSERT_TRUE(may);
  EXPECT_EQ(may->getValue<std::string>("state"), "done") << may->getValue<std::string>("message");
  auto settled = lines("2024-05");
  EXPECT_EQ(settled.count({"HK-1305", ""}), 0u);
  EXPECT_EQ(settled.count({"HK-1210", ""}), 1u);

  post("V-2", "HK-1210", "2024-06-07T12:00:00+03:00");
  auto june = RunMonth("2024-06");
  ASSERT_TRUE(june);
  EXPECT_EQ(june->getValue<std::string>("state"), "done") << june->getValue<std::string>("message");
  // One credit of HK-1210 (the client's other May visits may be adjusted
  // too: the cap it used is theirs now); HK-1305 was never paid.
  auto june_lines = lines("2024-06");
  EXPECT_EQ(june_lines.count({"HK-1210", "2024-05"}), 1u);
  EXPECT_EQ(june_lines.count({"HK-1305", "2024-05"}), 0u);
}

// Two daemons on one PostgreSQL are asked to run the same month at the same
// moment: they share the providers out between them (each takes the
// provider-month lock in turn, starting at a different provider), and every
// provider-month is settled exactly once, by one of them.
TEST(TwoDaemons, SplitAMonthRunByProvider) {
  auto url = FreshPostgresUrl();
  if (!url) GTEST_SKIP() << "no test PostgreSQL (run through ctest)";
  DaemonProcess a(TempDir("pg-a"), {*url, ""}), b(TempDir("pg-b"), {*url, ""});
  ASSERT_TRUE(a.Start()) << a.log();
  ASSERT_TRUE(b.Start()) << b.log();
  std::ifstream in(FixturesDir() + "/events.jsonl");
  std::stringstream events;
  events << in.rdbuf();
  ASSERT_EQ(Http(a.port(), "POST", "/v1/events", kAdminToken, events.str()).status, 200);

  Poco::JSON::Object::Ptr run_a, run_b;
  std::thread other([&] { run_b = RunAndWait(b.port(), "2024-05"); });
  run_a = RunAndWait(a.port(), "2024-05");
  other.join();
  ASSERT_TRUE(run_a && run_b);
  EXPECT_EQ(run_a->getValue<std::string>("state"), "done") << run_a->getValue<std::string>("message");
  EXPECT_EQ(run_b->getValue<std::string>("state"), "done") << run_b->getValue<std::string>("message");
  int settled_a = run_a->getValue<int>("settled"), settled_b = run_b->getValue<int>("settled");
  EXPECT_EQ(settled_a + settled_b, 7) << "a settled " << settled_a << ", b settled " << settled_b;

  HttpReply all = Http(b.port(), "GET", "/v1/settlements?month=2024-05", kFinanceToken);
  ASSERT_EQ(all.status, 200) << all.body;
  auto list = Parse(all.body).extract<Poco::JSON::Array::Ptr>();
  std::set<std::string> providers;
  for (size_t i = 0; i < list->size(); ++i) {
    providers.insert(list->getObject(static_cast<unsigned>(i))->getValue<std::string>("provider"));
  }
  EXPECT_EQ(list->size(), 7u);
  EXPECT_EQ(providers.size(), 7u) << all.body;
  std::cout << "daemon a settled " << settled_a << ", daemon b settled " << settled_b << "\n";
}

// A stored line that no longer parses is data loss: the export answers
// 500 store_corrupt, not 503, for retrying will not mend it.
TEST_P(RunsApiTest, ADamagedStoredLineAnswers500NotRetryLater) {
  auto opened = store::OpenStore(store_url_);
  ASSERT_TRUE(opened.ok()) << ToLine(opened.error());
  SettlementLine line;
  line.event_id = "E-1";
  line.decision_id = "D-1";
  line.provider = kProvider;
  line.service = "kotihoito";
  line.service_class = ServiceClass::kHealth;
  line.unit = Unit::kVisit;
  line.date = Date::FromYmd(2024, 4, 3);
  line.quantity = Quantity::Units(1);
  line.unit_price = line.price = line.voucher = Money::Parse("30.00").value();
  Settlement s;
  s.provider = kProvider;
  s.month = YearMonth(2024, 4);
  s.reference = "2345 67820 24041";
  s.price_total = s.voucher_total = line.price + line.price;
  store::SettlementWrite w;
  w.settlement = {kProvider,
                  "2024-04",
                  store::kSettled,
                  s.reference,
                  "test",
                  s.price_total.cents(),
                  s.voucher_total.cents(),
                  0,
                  2,
                  "",
                  "run-1",
                  std::nullopt,
                  formats::SettlementHeadJsonText(s, 2)};
  w.lines.push_back({kProvider, "2024-04", 1, "E-1", "D-1", "", line.service, line.price.cents(),
                     line.voucher.cents(), 0, formats::LineJsonText(line)});
  w.lines.push_back({kProvider, "2024-04", 2, "E-2", "D-1", "", line.service, line.price.cents(),
                     line.voucher.cents(), 0, "{\"event_id\": \"E-2\", \"voucher\": "});
  ASSERT_TRUE(opened.value()->CommitSettlement(w, {"test", "settle", kProvider, ""}).ok());

  HttpReply r = Http(port(), "GET", "/v1/exports/journal?month=2024-04", kFinanceToken);
  EXPECT_EQ(r.status, 500) << r.body;
  EXPECT_NE(r.body.find("\"store_corrupt\""), std::string::npos) << r.body;
}

// The purchase ledger over HTTP takes the config's cost coding; the
// Treasury table without a code for a class is refused as the CLI refuses it.
TEST_P(RunsApiTest, TheLedgerExportsUseTheConfiguredCostCoding) {
  ASSERT_TRUE(RunMonth("2024-05"));
  HttpReply ledger =
      Http(port(), "GET", "/v1/exports/purchase_ledger?month=2024-05&dialect=fi", kFinanceToken);
  ASSERT_EQ(ledger.status, 200) << ledger.body;
  EXPECT_EQ(ledger.body.rfind("\xEF\xBB\xBFmonth;source;business_id;", 0), 0u) << ledger.body;
  EXPECT_NE(ledger.body.find(";self_billing;"), std::string::npos) << ledger.body;
  EXPECT_NE(ledger.body.find(";4341;7000;"), std::string::npos) << ledger.body;

  HttpReply table = Http(port(), "GET", "/v1/exports/treasury_costs?month=2024-05", kFinanceToken);
  EXPECT_EQ(table.status, 409) << table.body;
  EXPECT_NE(table.body.find("\"ledger_does_not_reconcile\""), std::string::npos) << table.body;
  EXPECT_NE(table.body.find("\"treasury_code_missing\""), std::string::npos) << table.body;
}

INSTANTIATE_TEST_SUITE_P(Backends, RunsApiTest, ::testing::Values("sqlite", "postgresql"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace seteli::testing
