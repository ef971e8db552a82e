// The access-control matrix: every route of the daemon times every kind of
// caller (no token, a bad token, the provider whose data it is, another
// provider, finance, admin, the operator). Each cell says what must come
// back; every refused request is checked to leave the store exactly as it
// was (every table of the SQLite file, row by row).
//
// One daemon serves the whole matrix (SetUpTestSuite): the fixture month's
// events, its monthly run and two received invoices are in the store
// before the first cell. ctest runs the binary as one test (add_test), so
// the daemon starts once.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <array>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "api/token_auth.h"
#include "daemon_process.h"
#include "pg_test_db.h"

namespace seteli::testing {
namespace {

constexpr char kOperatorToken[] = "operator-token";
constexpr char kBadToken[] = "no-such-token";
// The provider whose data every row is about; the "foreign" caller is
// 1960387-2 (kOtherProviderToken).
constexpr char kOwn[] = "2345678-0";

enum Caller { kNoToken, kBad, kOwnProvider, kForeignProvider, kFinance, kAdmin, kOperator, kCallers };
constexpr std::array<const char*, kCallers> kCallerNames = {
    "NoToken", "BadToken", "OwnProvider", "ForeignProvider", "Finance", "Admin", "Operator"};
constexpr std::array<const char*, kCallers> kTokens = {
    "", kBadToken, kProviderToken, kOtherProviderToken, kFinanceToken, kAdminToken, kOperatorToken};

// What one cell expects:
//   A  2xx
//   L  2xx, and nothing of provider 2345678-0 in the body (a filtered list)
//   P  passes access control: not 401/403 and no server error (a 404, 409
//      or 422 about the request itself is fine)
//   F  refused: 403, or 404 where existence is hidden; store unchanged
//   V  200 but the batch's verdict refuses it ("accepted":0); store unchanged
//   U  401; store unchanged
//   S  303 to /portal/sign-in (a page without a session); store unchanged
struct Row {
  const char* name;
  const char* method;
  const char* path;  // {invoice} and {run} are filled in from the setup
  const char* body;  // a key of Bodies(), or ""
  const char* expect;  // one letter per caller, in Caller order
};

// clang-format off
const std::vector<Row>& Rows() {
  static const std::vector<Row> rows = {
    {"Healthz",            "GET",  "/healthz",                                   "",         "AAAAAAA"},
    {"Metrics",            "GET",  "/metrics",                                   "",         "AAAAAAA"},
    {"PostEvents",         "POST", "/v1/events",                                 "event",    "UUAVFAF"},
    {"GetEventsOfOwn",     "GET",  "/v1/events?provider=2345678-0",              "",         "UUAFAAF"},
    {"GetEvents",          "GET",  "/v1/events",                                 "",         "UUALAAF"},
    {"PostProviders",      "POST", "/v1/providers",                              "provider", "UUFFFAF"},
    {"GetProviders",       "GET",  "/v1/providers",                              "",         "UUALAAF"},
    {"PostDecisions",      "POST", "/v1/decisions",                              "decision", "UUFFFAF"},
    {"GetDecisions",       "GET",  "/v1/decisions",                              "",         "UUALAAF"},
    {"PutRulebook",        "PUT",  "/v1/rulebook",                               "rulebook", "UUFFFPF"},
    {"GetRulebook",        "GET",  "/v1/rulebook",                               "",         "UUAAAAF"},
    {"PostInvoices",       "POST", "/v1/invoices",                               "invoice",  "UUFFFAA"},
    {"GetInvoicesOfOwn",   "GET",  "/v1/invoices?provider=2345678-0",            "",         "UUAFAAF"},
    {"GetInvoices",        "GET",  "/v1/invoices",                               "",         "UUALAAF"},
    {"GetInvoice",         "GET",  "/v1/invoices/{invoice}",                     "",         "UUAFAAF"},
    // A balance decision of provider 2987654-0: neither provider's.
    {"GetBalance",         "GET",  "/v1/decisions/D-0044/balance?month=2024-05", "",         "UUFFAAF"},
    {"PostRun",            "POST", "/v1/runs",                                   "run",      "UUFFAAF"},
    {"GetRuns",            "GET",  "/v1/runs?month=2024-05",                     "",         "UUFFAAF"},
    {"GetRun",             "GET",  "/v1/runs/{run}",                             "",         "UUFFAAF"},
    {"GetSettlementsOfOwn","GET",  "/v1/settlements?provider=2345678-0",         "",         "UUAFAAF"},
    {"GetSettlements",     "GET",  "/v1/settlements?month=2024-05",              "",         "UUALAAF"},
    {"GetSettlement",      "GET",  "/v1/settlements/2345678-0/2024-05",          "",         "UUAFAAF"},
    {"GetStatement",       "GET",  "/v1/settlements/2345678-0/2024-05/statement","",         "UUAFAAF"},
    // No provider in the path: nobody's settlement, whoever asks.
    {"GetSettlementOfNone","GET",  "/v1/settlements//2024-05",                   "",         "UUFFPPF"},
    {"PostRelease",        "POST", "/v1/settlements/2345678-0/2024-05/release",  "release",  "UUFFPPF"},
    {"GetBalances",        "GET",  "/v1/balances?month=2024-05",                 "",         "UUFFAAF"},
    {"GetJournalExport",   "GET",  "/v1/exports/journal?month=2024-05",          "",         "UUFFAAF"},
    {"GetCopaymentsExport","GET",  "/v1/exports/copayments?month=2024-05",       "",         "UUFFAAF"},
    {"GetMonth",           "GET",  "/v1/months/2024-05",                         "",         "UUFFAAF"},
    {"GetMonthPage",       "GET",  "/v1/months/2024-05/page",                    "",         "UUFFAAF"},
    {"GetReview",          "GET",  "/v1/review?month=2024-05",                   "",         "UUALAAF"},
    {"PostReview",         "POST", "/v1/review/E-KS-1",                          "review",   "UUFFPPF"},
    {"GetCredits",         "GET",  "/v1/credits?month=2024-05",                  "",         "UUALAAF"},
    {"PostCredit",         "POST", "/v1/credits",                                "credit",   "UUFFPPF"},
    // The signed-in pages take no bearer token: without a session a page
    // is sent to the sign-in and a form post is refused (provider_pages_test.py
    // signs in and checks each provider sees only its own; provider_keys_test.py
    // the same for keys).
    {"PortalVisits",       "GET",  "/portal/visits",                             "",         "SSSSSSS"},
    {"PortalMonth",        "GET",  "/portal/month?month=2024-05",                "",         "SSSSSSS"},
    {"PortalSettlement",   "GET",  "/portal/settlement?month=2024-05",           "",         "SSSSSSS"},
    {"PortalInvoices",     "GET",  "/portal/invoices",                           "",         "SSSSSSS"},
    {"PortalKeys",         "GET",  "/portal/keys",                               "",         "SSSSSSS"},
    {"PortalFinanceMonth", "GET",  "/portal/finance/month?month=2024-05",        "",         "SSSSSSS"},
    {"PortalFinanceReview","GET",  "/portal/finance/review?month=2024-05",       "",         "SSSSSSS"},
    {"PortalCredits",      "GET",  "/portal/finance/credits?month=2024-05",      "",         "SSSSSSS"},
    {"PortalPostVisit",    "POST", "/portal/visits",                             "event",    "FFFFFFF"},
    {"PortalPostVoid",     "POST", "/portal/month/void",                         "event",    "FFFFFFF"},
    {"PortalPostKey",      "POST", "/portal/keys",                               "event",    "FFFFFFF"},
    {"PortalPostRevoke",   "POST", "/portal/keys/revoke",                        "event",    "FFFFFFF"},
    {"PortalPostReview",   "POST", "/portal/finance/review",                     "review",   "FFFFFFF"},
    {"PortalPostRelease",  "POST", "/portal/finance/release",                    "release",  "FFFFFFF"},
    {"PortalPostCredit",   "POST", "/portal/finance/credits",                    "credit",   "FFFFFFF"},
  };
  return rows;
}
// clang-format on

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

Poco::JSON::Object::Ptr ParseObject(const std::string& body) {
  return Poco::JSON::Parser().parse(body).extract<Poco::JSON::Object::Ptr>();
}

// Every row of every table of the SQLite file, as text, in a stable order.
std::string StoreContents(const std::string& path) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    sqlite3_close(db);
    return "cannot open " + path;
  }
  sqlite3_busy_timeout(db, 5000);
  auto rows = [db](const std::string& sql) {
    std::vector<std::string> out;
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) != SQLITE_OK) {
      return std::vector<std::string>{"bad query " + sql + ": " + sqlite3_errmsg(db)};
    }
    while (sqlite3_step(st) == SQLITE_ROW) {
      std::string row;
      for (int c = 0; c < sqlite3_column_count(st); ++c) {
        const unsigned char* v = sqlite3_column_text(st, c);
        row += (c ? "|" : "") + (v ? std::string(reinterpret_cast<const char*>(v)) : "NULL");
      }
      out.push_back(row);
    }
    sqlite3_finalize(st);
    return out;
  };
  std::string all;
  for (const std::string& table :
       rows("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")) {
    all += "## " + table + "\n";
    for (const std::string& row : rows("SELECT * FROM \"" + table + "\" ORDER BY 1")) all += row + "\n";
  }
  sqlite3_close(db);
  return all;
}

struct Cell {
  size_t row;
  Caller caller;
};

class AccessMatrixTest : public ::testing::TestWithParam<Cell> {
 public:
  static void SetUpTestSuite() {
    std::string url = FreshSqliteUrl();
    store_path_ = url.substr(std::string("sqlite:").size());
    DaemonOptions o;
    o.store_url = url;
    o.extra_config = "  - {name: op, role: operator, sha256: " + api::TokenHash(kOperatorToken) + "}\n";
    auto dir = std::filesystem::temp_directory_path() / ("seteli-access-" + std::to_string(getpid()));
    std::filesystem::remove_all(dir);
    daemon_ = new DaemonProcess(dir.string(), o);
    if (!daemon_->Start()) {
      setup_error_ = "daemon did not start: " + daemon_->log();
      return;
    }
    setup_error_ = Populate();
  }

  static void TearDownTestSuite() {
    delete daemon_;
    daemon_ = nullptr;
  }

 protected:
  static int port() { return daemon_->port(); }

  // The fixture month's events, its run, and one received invoice of each
  // provider; returns what went wrong, or "".
  static std::string Populate() {
    std::string f = FixturesDir();
    HttpReply r = Http(port(), "POST", "/v1/events", kAdminToken, ReadFile(f + "/events.jsonl"));
    if (r.status != 200) return "events: " + r.body;
    r = Http(port(), "POST", "/v1/runs", kFinanceToken, R"({"month":"2024-05"})");
    if (r.status != 202) return "run: " + r.body;
    run_id_ = ParseObject(r.body)->getValue<std::string>("run_id");
    if (!WaitForRun(run_id_)) return "run " + run_id_ + " did not finish";
    for (const char* seller : {"1960387-2", "2345678-0"}) {
      r = Http(port(), "POST", "/v1/invoices", kAdminToken,
               ReadFile(f + "/invoices/good/" + seller + "-2024-05.xml"));
      if (r.status != 200) return std::string("invoice of ") + seller + ": " + r.body;
      auto invoices = ParseObject(r.body)->getArray("invoices");
      if (!invoices || invoices->size() != 1) return "invoice of " + std::string(seller) + ": " + r.body;
      invoice_id_ = std::to_string(invoices->getObject(0)->getValue<Poco::Int64>("id"));
    }
    r = Http(port(), "GET", "/v1/providers", kProviderToken);
    if (r.status != 200) return "providers: " + r.body;
    provider_body_ = r.body;
    std::istringstream decisions(ReadFile(f + "/decisions.jsonl"));
    for (std::string line; std::getline(decisions, line);) {
      if (line.find("\"D-0002\"") != std::string::npos) decision_body_ = line;
    }
    invoice_body_ = ReadFile(f + "/invoices/good/2345678-0-2024-05.xml");
    rulebook_body_ = ReadFile(f + "/rulebook.yaml");
    return "";
  }

  static bool WaitForRun(const std::string& id) {
    for (int i = 0; i < 600; ++i) {
      HttpReply run = Http(port(), "GET", "/v1/runs/" + id, kFinanceToken);
      if (run.status == 200) {
        std::string state = ParseObject(run.body)->getValue<std::string>("state");
        if (state == "done" || state == "failed") return true;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return false;
  }

  static std::string Body(const std::string& key) {
    if (key == "event") return ValidEvent("ACCESS-1");
    if (key == "provider") return provider_body_;
    if (key == "decision") return decision_body_;
    if (key == "rulebook") return rulebook_body_;
    if (key == "invoice") return invoice_body_;
    if (key == "run") return R"({"month":"2024-05"})";  // settled before: nothing new
    if (key == "release") return R"({"reason":"access matrix"})";
    if (key == "review") return R"({"decision":"approve"})";  // not in the queue: 404
    // A credit of no such event: 404.
    if (key == "credit") {
      return R"({"provider":"2345678-0","event_id":"NO-SUCH","reason_code":"other","text":"x"})";
    }
    return "";
  }

  static std::string Path(std::string path) {
    for (auto [key, value] : {std::pair<std::string, std::string>{"{invoice}", invoice_id_}, {"{run}", run_id_}}) {
      if (size_t at = path.find(key); at != std::string::npos) path.replace(at, key.size(), value);
    }
    return path;
  }

  static inline DaemonProcess* daemon_ = nullptr;
  static inline std::string setup_error_, store_path_, run_id_, invoice_id_;
  static inline std::string provider_body_, decision_body_, invoice_body_, rulebook_body_;
};

TEST_P(AccessMatrixTest, AnswersAsTheMatrixSays) {
  ASSERT_EQ(setup_error_, "");
  const Row& row = Rows()[GetParam().row];
  const Caller caller = GetParam().caller;
  const char expect = row.expect[caller];
  const std::string path = Path(row.path);
  const bool refused = expect == 'F' || expect == 'V' || expect == 'U' || expect == 'S';

  std::string before = refused ? StoreContents(store_path_) : "";
  HttpReply r = Http(port(), row.method, path, kTokens[caller], Body(row.body));
  SCOPED_TRACE(std::string(row.method) + " " + path + " as " + kCallerNames[caller] + " -> " +
               std::to_string(r.status) + " " + r.body.substr(0, 300));

  switch (expect) {
    case 'A':
      EXPECT_GE(r.status, 200);
      EXPECT_LT(r.status, 300);
      break;
    case 'L':
      EXPECT_EQ(r.status, 200);
      EXPECT_EQ(r.body.find(kOwn), std::string::npos) << "another provider's data in the reply";
      break;
    case 'P':
      EXPECT_NE(r.status, 0);
      EXPECT_NE(r.status, 401);
      EXPECT_NE(r.status, 403);
      EXPECT_LT(r.status, 500);
      break;
    case 'F':
      EXPECT_TRUE(r.status == 403 || r.status == 404);
      break;
    case 'V':
      EXPECT_EQ(r.status, 200);
      EXPECT_NE(r.body.find("\"accepted\":0"), std::string::npos);
      break;
    case 'U':
      EXPECT_EQ(r.status, 401);
      break;
    case 'S':
      EXPECT_EQ(r.status, 303);
      EXPECT_NE(r.body.find("/portal/sign-in"), std::string::npos);
      break;
    default:
      FAIL() << "no such expectation '" << expect << "'";
  }
  if (refused) {
    EXPECT_EQ(StoreContents(store_path_), before) << "a refused request changed the store";
    EXPECT_EQ(r.body.find(kOwn), std::string::npos) << "a refusal tells of provider " << kOwn;
  }
  // A run it queued finishes before the next cell compares the store.
  if (r.status == 202 && std::string(row.name) == "PostRun") {
    EXPECT_TRUE(WaitForRun(ParseObject(r.body)->getValue<std::string>("run_id")));
  }
}

std::vector<Cell> AllCells() {
  std::vector<Cell> cells;
  for (size_t row = 0; row < Rows().size(); ++row) {
    for (int c = 0; c < kCallers; ++c) cells.push_back({row, static_cast<Caller>(c)});
  }
  return cells;
}

INSTANTIATE_TEST_SUITE_P(EveryRouteEveryCaller, AccessMatrixTest, ::testing::ValuesIn(AllCells()),
                         [](const ::testing::TestParamInfo<Cell>& info) {
                           return std::string(Rows()[info.param.row].name) + "_" +
                                  kCallerNames[info.param.caller];
                         });

}  // namespace
}  // namespace seteli::testing
