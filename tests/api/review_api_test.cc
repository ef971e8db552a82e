// The review queue through the daemon, on SQLite and on PostgreSQL: a late
// event waits after the month's run, finance lists and refuses it, a
// provider may do neither and sees the refusal with its event.
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

#include "daemon_process.h"
#include "pg_test_db.h"

namespace seteli::testing {
namespace {

using Poco::JSON::Object;

Object::Ptr ParseObject(const std::string& body) {
  return Poco::JSON::Parser().parse(body).extract<Object::Ptr>();
}

// Recorded three weeks after the visit: late_recording.
constexpr char kLateEvent[] =
    R"({"event_id": "HK-LATE-1", "provider": "2345678-0", "decision_id": "D-0002", )"
    R"("service": "kotihoito-saannollinen", "start": "2024-05-20T10:00:00+03:00", )"
    R"("end": "2024-05-20T11:00:00+03:00", "recorded_at": "2024-06-10T09:00:00+03:00"})";

class ReviewApiTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    DaemonOptions o;
    auto url = FreshStoreUrl(GetParam());
    if (!url) GTEST_SKIP() << "no test PostgreSQL (run through ctest)";
    o.store_url = *url;
    daemon_ = std::make_unique<DaemonProcess>(TempDir(GetParam()), o);
    ASSERT_TRUE(daemon_->Start()) << daemon_->log();
    std::ifstream rulebook(FixturesDir() + "/rulebook.yaml");
    std::stringstream text;
    text << rulebook.rdbuf() << "review_flags: [late_recording]\n";
    HttpReply put = Http(port(), "PUT", "/v1/rulebook", kAdminToken, text.str());
    ASSERT_EQ(put.status, 200) << put.body;
    HttpReply posted = Http(port(), "POST", "/v1/events", kProviderToken, kLateEvent);
    ASSERT_EQ(posted.status, 200) << posted.body;
    ASSERT_NE(posted.body.find("\"accepted\":1"), std::string::npos) << posted.body;
  }

  int port() const { return daemon_->port(); }

  // Runs `month` through POST /v1/runs and returns the finished run.
  Object::Ptr RunMonth(const std::string& month) {
    HttpReply r = Http(port(), "POST", "/v1/runs", kFinanceToken, "{\"month\":\"" + month + "\"}");
    EXPECT_EQ(r.status, 202) << r.body;
    if (r.status != 202) return nullptr;
    const std::string id = ParseObject(r.body)->getValue<std::string>("run_id");
    for (int i = 0; i < 300; ++i) {
      HttpReply run = Http(port(), "GET", "/v1/runs/" + id, kFinanceToken);
      if (run.status == 200) {
        auto o = ParseObject(run.body);
        const std::string state = o->getValue<std::string>("state");
        if (state == "done" || state == "failed") return o;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    ADD_FAILURE() << "run " << id << " did not finish";
    return nullptr;
  }

  std::unique_ptr<DaemonProcess> daemon_;
};

TEST_P(ReviewApiTest, FinanceRefusesAWaitingEventAndTheProviderSeesWhy) {
  auto run = RunMonth("2024-05");
  ASSERT_TRUE(run);
  EXPECT_NE(run->getValue<std::string>("message").find("HK-LATE-1"), std::string::npos);

  // A provider reads the reviews of its own events only, whatever it asks.
  HttpReply own = Http(port(), "GET", "/v1/review?month=2024-05&provider=1960387-2", kProviderToken);
  ASSERT_EQ(own.status, 200) << own.body;
  auto own_reviews = ParseObject(own.body)->getArray("reviews");
  ASSERT_GT(own_reviews->size(), 0u) << own.body;
  for (size_t i = 0; i < own_reviews->size(); ++i) {
    EXPECT_EQ(own_reviews->getObject(static_cast<unsigned>(i))->getValue<std::string>("provider"),
              kProvider);
  }
  HttpReply other =
      Http(port(), "GET", "/v1/review?month=2024-05&provider=2345678-0", kOtherProviderToken);
  ASSERT_EQ(other.status, 200) << other.body;
  EXPECT_EQ(other.body.find("HK-LATE-1"), std::string::npos) << other.body;
  HttpReply queue = Http(port(), "GET", "/v1/review?month=2024-05", kFinanceToken);
  ASSERT_EQ(queue.status, 200) << queue.body;
  EXPECT_NE(queue.body.find(R"("event_id":"HK-LATE-1")"), std::string::npos) << queue.body;
  EXPECT_NE(queue.body.find(R"("flags":["late_recording"])"), std::string::npos) << queue.body;
  EXPECT_EQ(Http(port(), "GET", "/v1/review", kFinanceToken).status, 400);

  const std::string refusal =
      R"({"decision":"refuse","reason_code":"not_delivered","text":"Käyntiä ei tehty / no visit"})";
  EXPECT_EQ(Http(port(), "POST", "/v1/review/HK-LATE-1", kProviderToken, refusal).status, 403);
  EXPECT_EQ(Http(port(), "POST", "/v1/review/HK-LATE-1", kFinanceToken, R"({"decision":"refuse"})")
                .status,
            400);
  HttpReply refused = Http(port(), "POST", "/v1/review/HK-LATE-1", kFinanceToken, refusal);
  ASSERT_EQ(refused.status, 200) << refused.body;
  EXPECT_EQ(ParseObject(refused.body)->getValue<std::string>("state"), "refused");
  EXPECT_EQ(Http(port(), "POST", "/v1/review/HK-LATE-1", kFinanceToken, refusal).status, 409);
  EXPECT_EQ(Http(port(), "POST", "/v1/review/NO-SUCH", kFinanceToken, refusal).status, 404);

  HttpReply events = Http(port(), "GET", "/v1/events?month=2024-05&limit=10000", kProviderToken);
  ASSERT_EQ(events.status, 200);
  bool seen = false;
  auto list = ParseObject(events.body)->getArray("events");
  for (size_t i = 0; i < list->size(); ++i) {
    auto e = list->getObject(static_cast<unsigned>(i));
    if (e->getObject("event")->getValue<std::string>("event_id") != "HK-LATE-1") continue;
    seen = true;
    ASSERT_TRUE(e->has("review")) << events.body;
    EXPECT_EQ(e->getObject("review")->getValue<std::string>("state"), "refused");
    EXPECT_EQ(e->getObject("review")->getValue<std::string>("reason_code"), "not_delivered");
  }
  EXPECT_TRUE(seen);
}

INSTANTIATE_TEST_SUITE_P(Backends, ReviewApiTest, ::testing::Values("sqlite", "postgresql"));

}  // namespace
}  // namespace seteli::testing
