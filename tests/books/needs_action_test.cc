// What needs action in a month, read from a real store on both back ends
// (issue 22): the month overview that GET /v1/months/{month} serves lists
// a held settlement with its reason, a rejected and a missing invoice with
// their amounts, self-billing invoices not delivered, a notice that
// reached no one and a failed outbox message, and who released what; the
// month "reconciles" only when nothing is open, and a month no run went
// through says so instead of reconciling empty.
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <gtest/gtest.h>

#include "book_lines.h"
#include "books/month_activity.h"
#include "books/overview_page.h"
#include "books/stored_overview.h"
#include "formats/settlement_json.h"
#include "pg_test_db.h"
#include "store/store.h"

namespace seteli::books {
namespace {

using Poco::JSON::Array;
using Poco::JSON::Object;

const YearMonth kMay(2024, 5);
constexpr char kHeldP[] = "1000000-1";      // held
constexpr char kRejectedP[] = "2000000-2";  // its one invoice rejected
constexpr char kMissingP[] = "3000000-3";   // no invoice came
constexpr char kFailedSb[] = "4000000-4";   // self-billing, sending failed
constexpr char kQueuedSb[] = "5000000-5";   // self-billing, still queued
constexpr char kReleased[] = "7000000-7";   // self-billing, held and released

class NeedsActionTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    std::string url = testing::FreshSqliteUrl();
    if (GetParam() == "postgresql") {
      auto pg = testing::FreshPostgresUrl();
      if (!pg) GTEST_SKIP() << "no test PostgreSQL (run through ctest)";
      url = *pg;
    }
    auto opened = store::OpenStore(url);
    ASSERT_TRUE(opened.ok()) << ToLine(opened.error());
    store_ = std::move(opened).value();
    chart_.expense_by_class[ServiceClass::kHealth] = "4341";
    chart_.accounts_payable = "2871";
    chart_.prior_period = "4349";
  }

  // One settlement of one visit (voucher 20.00) for `provider`; with
  // `self_billing`, its invoice is numbered and queued as the run does.
  void Settle(const std::string& provider, const char* state, const std::string& held_reason,
              bool self_billing = false) {
    SettlementLine l = test_lines::Line(provider, "E-" + provider, "30.00", "20.00");
    Settlement s;
    s.provider = provider;
    s.month = kMay;
    s.reference = "RF-" + provider;
    s.price_total = l.price;
    s.voucher_total = l.voucher;
    s.copay_total = l.copay;
    store::SettlementWrite w;
    w.settlement = {provider,
                    "2024-05",
                    state,
                    s.reference,
                    "test",
                    s.price_total.cents(),
                    s.voucher_total.cents(),
                    s.copay_total.cents(),
                    1,
                    held_reason,
                    "run-1",
                    std::nullopt,
                    formats::SettlementHeadJsonText(s, 1)};
    w.lines.push_back({provider, "2024-05", 1, l.event_id, l.decision_id, "", l.service,
                       l.price.cents(), l.voucher.cents(), l.copay.cents(),
                       formats::LineJsonText(l)});
    if (self_billing) {
      w.self_billing_message = [provider](int64_t n) {
        return store::OutboxMessage{"SB-" + provider, "self_billing_invoice", provider,
                                    "2024-05",        std::to_string(n),      "<Finvoice/>"};
      };
    }
    auto written = store_->CommitSettlement(w, {"test", "settlements.commit", provider, ""});
    ASSERT_TRUE(written.ok() && written.value());
  }

  void RunDone(const std::string& month, const char* state = "done",
               const std::string& message = "") {
    store::RunRecord r{"run-" + month,
                       month,
                       "",
                       state,
                       "2024-06-05T06:00:00Z",
                       "2024-06-05T06:01:00Z",
                       7,
                       7,
                       6,
                       1,
                       0,
                       message};
    ASSERT_TRUE(store_->PutRun(r).ok());
  }

  void RejectedInvoice(const std::string& provider, const char* number,
                       const char* notice_outcome) {
    auto t = store_->SaveTransmission({0, "", "api", std::string(64, 'a'), "<Finvoice/>"},
                                      {"test", "invoices.receive", "", ""}, nullptr);
    ASSERT_TRUE(t.ok());
    store::InvoiceRecord rec;
    rec.transmission_id = t.value();
    rec.ordinal = 1;
    rec.seller = provider;
    rec.invoice_number = number;
    rec.invoice_date = "20240603";
    rec.reference = "RF-" + provider;
    rec.total_cents = 2500;
    rec.state = store::kInvoiceRejected;
    rec.reasons =
        R"([{"code":"total_mismatch","layer":"organizer","path":"","message_fi":"","message_en":""}])";
    rec.provider = provider;
    rec.month = "2024-05";
    auto stored = store_->RecordInvoice(rec, {"test", "invoices.verdict", "", ""}, nullptr);
    ASSERT_TRUE(stored.ok()) << ToLine(stored.error());
    ASSERT_TRUE(store_
                    ->SetInvoiceNotice(stored.value().id, "invoice_response", "<x/>", "email",
                                       notice_outcome, nullptr)
                    .ok());
  }

  // The self-billing providers in the registry, as the import stores them.
  void Registry() {
    std::vector<store::Document> docs;
    for (const char* p : {kFailedSb, kQueuedSb, kReleased}) {
      docs.push_back({p, std::string(R"({"name":"Itse )") + p + R"(","self_billing":true})", ""});
    }
    docs.push_back({kMissingP, R"({"name":"Puuttuva Oy","self_billing":false})", ""});
    ASSERT_TRUE(store_->PutProviders(docs, {"test", "providers.put", "", ""}).ok());
  }

  // The month with one of each thing that needs action.
  void BusyMonth() {
    Registry();
    Settle(kHeldP, store::kHeld, "over the decision's grant");
    Settle(kRejectedP, store::kSettled, "");
    RejectedInvoice(kRejectedP, "R-17", "no_email");
    Settle(kMissingP, store::kSettled, "");
    Settle(kFailedSb, store::kSettled, "", true);
    ASSERT_TRUE(store_->MarkFailed("SB-" + std::string(kFailedSb), "operator said 503").ok());
    Settle(kQueuedSb, store::kSettled, "", true);
    Settle(kReleased, store::kHeld, "checks failed");
    ASSERT_TRUE(
        store_
            ->ReleaseHeld(kReleased, "2024-05", nullptr,
                          {"finance:fin", "settlements.release",
                           std::string(kReleased) + " 2024-05", "checked with the provider"})
            .ok());
    store::OutboxMessage response{"IR-1", "invoice_response", kRejectedP, "2024-05", "R-16",
                                  "<x/>"};
    ASSERT_TRUE(store_->QueueMessage(response, {"test", "outbox.queue", "", ""}).ok());
    ASSERT_TRUE(store_->MarkFailed("IR-1", "refused by the operator").ok());
    RunDone("2024-05");
  }

  Object::Ptr OverviewOf(YearMonth month) {
    auto o = LoadMonthOverview(*store_, month, chart_, Rulebook{}, {});
    EXPECT_TRUE(o.ok()) << ToLine(o.error());
    json_ = OverviewJson(o.value());
    html_ = OverviewHtml(o.value());
    return Poco::JSON::Parser().parse(json_).extract<Object::Ptr>();
  }

  std::unique_ptr<store::Store> store_;
  exports::ChartOfAccounts chart_;
  std::string json_, html_;
};

std::vector<std::string> Ids(const Array::Ptr& a, const char* key = "business_id") {
  std::vector<std::string> out;
  for (size_t i = 0; i < a->size(); ++i) out.push_back(a->getObject(i)->getValue<std::string>(key));
  return out;
}

TEST_P(NeedsActionTest, TheBlockListsEveryOpenItemWithItsAmountAndReason) {
  BusyMonth();
  Object::Ptr o = OverviewOf(kMay);
  EXPECT_EQ(o->getValue<std::string>("headline"), "needs_action");
  // The books themselves hold: it is what is open that keeps the month open.
  EXPECT_TRUE(o->getValue<bool>("reconciles")) << json_;
  Object::Ptr n = o->getObject("needs_action");
  EXPECT_EQ(n->getValue<int>("count"), 7) << json_;

  Array::Ptr held = n->getArray("held");
  ASSERT_EQ(Ids(held), std::vector<std::string>{kHeldP});
  EXPECT_EQ(held->getObject(0)->getValue<std::string>("reason"), "over the decision's grant");
  EXPECT_EQ(held->getObject(0)->getValue<std::string>("voucher_total"), "20.00");

  Array::Ptr rejected = n->getArray("rejected_invoices");
  ASSERT_EQ(Ids(rejected), std::vector<std::string>{kRejectedP});
  EXPECT_EQ(rejected->getObject(0)->getValue<std::string>("voucher_total"), "20.00");
  Object::Ptr invoice = rejected->getObject(0)->getArray("invoices")->getObject(0);
  EXPECT_EQ(invoice->getValue<std::string>("invoice_number"), "R-17");
  EXPECT_EQ(invoice->getValue<std::string>("total"), "25.00");
  EXPECT_EQ(invoice->getArray("codes")->getElement<std::string>(0), "total_mismatch");

  // Self-billing providers, the released one too, are never missing.
  Array::Ptr missing = n->getArray("missing_invoices");
  ASSERT_EQ(Ids(missing), std::vector<std::string>{kMissingP});
  EXPECT_EQ(missing->getObject(0)->getValue<std::string>("voucher_total"), "20.00");
  for (size_t i = 0; i < o->getArray("providers")->size(); ++i) {
    Object::Ptr p = o->getArray("providers")->getObject(i);
    if (p->getValue<std::string>("business_id") == kReleased) {
      EXPECT_EQ(p->getValue<std::string>("status"), "self_billed");
    }
  }

  EXPECT_EQ(n->getObject("review_queue")->getValue<int>("count"), 0);

  Array::Ptr self_billing = n->getArray("self_billing_undelivered");
  ASSERT_EQ(Ids(self_billing), (std::vector<std::string>{kQueuedSb, kFailedSb}));
  EXPECT_EQ(self_billing->getObject(0)->getValue<std::string>("state"), "queued");
  EXPECT_EQ(self_billing->getObject(1)->getValue<std::string>("state"), "failed");
  EXPECT_EQ(self_billing->getObject(1)->getValue<std::string>("last_error"), "operator said 503");

  Array::Ptr notices = n->getArray("notices_undelivered");
  ASSERT_EQ(Ids(notices), std::vector<std::string>{kRejectedP});
  EXPECT_EQ(notices->getObject(0)->getValue<std::string>("outcome"), "no_email");
  EXPECT_EQ(notices->getObject(0)->getValue<std::string>("invoice_number"), "R-17");

  Array::Ptr failures = n->getArray("outbox_failures");
  ASSERT_EQ(Ids(failures, "kind"), std::vector<std::string>{"invoice_response"});
  EXPECT_EQ(failures->getObject(0)->getValue<std::string>("last_error"), "refused by the operator");

  Array::Ptr releases = o->getArray("releases");
  ASSERT_EQ(Ids(releases), std::vector<std::string>{kReleased});
  EXPECT_EQ(releases->getObject(0)->getValue<std::string>("actor"), "finance:fin");
  EXPECT_EQ(releases->getObject(0)->getValue<std::string>("reason"), "checked with the provider");
  EXPECT_EQ(o->getObject("run")->getValue<std::string>("run_id"), "run-2024-05");
}

TEST_P(NeedsActionTest, TheJsonOpensWithTheHeadlineTheRunAndWhatNeedsAction) {
  BusyMonth();
  OverviewOf(kMay);
  EXPECT_EQ(json_.rfind(R"({"month":"2024-05","headline":"needs_action","run":{)", 0), 0u) << json_;
  EXPECT_LT(json_.find(R"("needs_action":)"), json_.find(R"("totals":)"));
}

TEST_P(NeedsActionTest, ThePageSaysNotReconcilesAndListsEachItemFirst) {
  BusyMonth();
  OverviewOf(kMay);
  EXPECT_EQ(html_.find("Kuukausi täsmää"), std::string::npos);
  size_t block = html_.find("id=\"needs-action\"");
  ASSERT_NE(block, std::string::npos);
  EXPECT_LT(block, html_.find("id=\"providers\""));
  for (const char* kind : {"held", "rejected_invoice", "missing_invoice",
                           "self_billing_undelivered", "notice_undelivered", "outbox_failure"}) {
    EXPECT_NE(html_.find(std::string("data-kind=\"") + kind + "\""), std::string::npos) << kind;
  }
  EXPECT_NE(html_.find("checked with the provider"), std::string::npos);
  EXPECT_NE(html_.find("finance:fin"), std::string::npos);
}

TEST_P(NeedsActionTest, AMonthWithNothingOpenReconciles) {
  Registry();
  Settle(kQueuedSb, store::kSettled, "", true);
  ASSERT_TRUE(store_->MarkSent("SB-" + std::string(kQueuedSb)).ok());
  RunDone("2024-05");
  Object::Ptr o = OverviewOf(kMay);
  EXPECT_EQ(o->getValue<std::string>("headline"), "reconciles") << json_;
  EXPECT_EQ(o->getObject("needs_action")->getValue<int>("count"), 0);
  EXPECT_NE(html_.find("Kuukausi täsmää"), std::string::npos);
}

TEST_P(NeedsActionTest, AMonthNeverRunSaysSoInsteadOfReconciling) {
  Object::Ptr o = OverviewOf(YearMonth(2024, 6));
  EXPECT_EQ(o->getValue<std::string>("headline"), "not_run");
  EXPECT_FALSE(o->getValue<bool>("reconciles"));
  EXPECT_FALSE(o->getObject("run")->getValue<bool>("ran"));
  EXPECT_EQ(o->getArray("failures")->getObject(0)->getValue<std::string>("code"), "month_not_run");
  EXPECT_NE(html_.find("Kuukautta ei ole ajettu"), std::string::npos);
  EXPECT_EQ(html_.find("Kuukausi täsmää"), std::string::npos);
}

// A run that went through every provider but failed the books check closed
// the month: its failures are what finance must see, not "not run".
TEST_P(NeedsActionTest, ARunThatFailedOnlyTheBooksCheckRanTheMonth) {
  RunDone("2024-05", "failed", std::string(store::kMonthDoesNotReconcile) + ": 1 check fails");
  EXPECT_FALSE(MonthNotRun(*store_, kMay).has_value());
  RunDone("2024-06", "failed", "store_unavailable: lost the connection");
  ASSERT_TRUE(MonthNotRun(*store_, YearMonth(2024, 6)).has_value());
  EXPECT_EQ(MonthNotRun(*store_, YearMonth(2024, 6))->code, "month_not_run");
}

INSTANTIATE_TEST_SUITE_P(Backends, NeedsActionTest, ::testing::Values("sqlite", "postgresql"));

}  // namespace
}  // namespace seteli::books
