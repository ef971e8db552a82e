// Organizer credits through the daemon, on SQLite and on PostgreSQL: May
// is run, finance credits a visit (a provider may not), the provider reads
// the credit, and June's run carries it on the provider's statement.
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "daemon_process.h"
#include "pg_test_db.h"

namespace seteli::testing {
namespace {

using Poco::JSON::Object;

Object::Ptr ParseObject(const std::string& body) {
  return Poco::JSON::Parser().parse(body).extract<Object::Ptr>();
}

class CreditApiTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    DaemonOptions o;
    auto url = FreshStoreUrl(GetParam());
    if (!url) GTEST_SKIP() << "no test PostgreSQL (run through ctest)";
    o.store_url = *url;
    daemon_ = std::make_unique<DaemonProcess>(TempDir("credit-" + GetParam()), o);
    ASSERT_TRUE(daemon_->Start()) << daemon_->log();
    HttpReply posted = Http(port(), "POST", "/v1/events", kProviderToken, ValidEvent("E-CR-1"));
    ASSERT_EQ(posted.status, 200) << posted.body;
    ASSERT_NE(posted.body.find("\"accepted\":1"), std::string::npos) << posted.body;
  }

  int port() const { return daemon_->port(); }

  // Runs `month` through POST /v1/runs and waits until it is done.
  void RunMonth(const std::string& month) {
    HttpReply r = Http(port(), "POST", "/v1/runs", kFinanceToken, "{\"month\":\"" + month + "\"}");
    ASSERT_EQ(r.status, 202) << r.body;
    const std::string id = ParseObject(r.body)->getValue<std::string>("run_id");
    for (int i = 0; i < 300; ++i) {
      HttpReply run = Http(port(), "GET", "/v1/runs/" + id, kFinanceToken);
      if (run.status == 200 && ParseObject(run.body)->getValue<std::string>("state") == "done") {
        return;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    FAIL() << "run " << id << " did not finish";
  }

  std::unique_ptr<DaemonProcess> daemon_;
};

TEST_P(CreditApiTest, FinanceCreditsASettledVisitAndJunesStatementCarriesIt) {
  const std::string credit =
      R"({"provider":"2345678-0","event_id":"E-CR-1","amount_cents":500,)"
      R"("reason_code":"wrong_price","text":"Hinta oli väärä / the price was wrong"})";
  // Not settled yet.
  EXPECT_EQ(Http(port(), "POST", "/v1/credits", kFinanceToken, credit).status, 409);
  RunMonth("2024-05");

  EXPECT_EQ(Http(port(), "POST", "/v1/credits", kProviderToken, credit).status, 403);
  HttpReply given = Http(port(), "POST", "/v1/credits", kFinanceToken, credit);
  ASSERT_EQ(given.status, 201) << given.body;
  auto c = ParseObject(given.body);
  EXPECT_EQ(c->getValue<std::string>("month"), "2024-05");
  EXPECT_EQ(c->getValue<std::string>("amount"), "5.00");
  EXPECT_EQ(c->getValue<std::string>("applied_month"), "");
  EXPECT_EQ(Http(port(), "POST", "/v1/credits", kFinanceToken, credit).status, 200);  // a retry
  HttpReply over = Http(port(), "POST", "/v1/credits", kFinanceToken,
                        R"({"provider":"2345678-0","event_id":"E-CR-1","amount_cents":999999,)"
                        R"("reason_code":"other","text":"x"})");
  EXPECT_EQ(over.status, 400) << over.body;
  EXPECT_NE(over.body.find("credit_exceeds_settled"), std::string::npos) << over.body;

  // The provider reads it; another provider does not.
  HttpReply own = Http(port(), "GET", "/v1/credits?month=2024-05", kProviderToken);
  ASSERT_EQ(own.status, 200) << own.body;
  EXPECT_NE(own.body.find("the price was wrong"), std::string::npos) << own.body;
  HttpReply other = Http(port(), "GET", "/v1/credits?month=2024-05", kOtherProviderToken);
  ASSERT_EQ(other.status, 200) << other.body;
  EXPECT_NE(other.body.find("\"count\":0"), std::string::npos) << other.body;

  RunMonth("2024-06");
  HttpReply applied = Http(port(), "GET", "/v1/credits?month=2024-05", kFinanceToken);
  EXPECT_NE(applied.body.find(R"("applied_month":"2024-06")"), std::string::npos) << applied.body;
  HttpReply statement =
      Http(port(), "GET", "/v1/settlements/2345678-0/2024-06/statement", kProviderToken);
  ASSERT_EQ(statement.status, 200) << statement.body;
  EXPECT_NE(statement.body.find("hyvitys / organizer credit: Väärä hinta / Wrong price: Hinta oli väärä"),
            std::string::npos);
  EXPECT_NE(statement.body.find("-5,00 €"), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Backends, CreditApiTest, ::testing::Values("sqlite", "postgresql"));

}  // namespace
}  // namespace seteli::testing
