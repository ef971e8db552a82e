// The invoice routes over real HTTP (the daemon as a process, tests/api's
// harness): posting takes the operator or admin role; a provider sees only
// its own invoices, finance all of them, each with its reasons and notice.
#include <gtest/gtest.h>

#include <filesystem>

#include "daemon_process.h"
#include "fixture_month.h"
#include "pg_test_db.h"

namespace seteli::testing {
namespace {

std::string IdOf(const std::string& json) {
  size_t at = json.find("\"id\":");
  return at == std::string::npos ? "" : json.substr(at + 5, json.find(',', at) - at - 5);
}

TEST(InvoicesApi, ProvidersSeeOnlyTheirOwnInvoices) {
  std::string url = FreshSqliteUrl();
  {
    auto store = store::OpenStore(url);
    ASSERT_TRUE(store.ok()) << store.error().message;
    SeedFixtureMonth(*store.value());
  }
  std::string dir = std::filesystem::temp_directory_path() / ("seteli-inv-api-" + std::to_string(getpid()));
  DaemonProcess daemon(dir, {url, ""});
  ASSERT_TRUE(daemon.Start()) << daemon.log();
  int port = daemon.port();

  EXPECT_EQ(Http(port, "POST", "/v1/invoices", kProviderToken, "<x/>").status, 403);
  HttpReply mine = Http(port, "POST", "/v1/invoices", kAdminToken, InvoiceFixture("good/2345678-0-2024-05.xml"));
  ASSERT_EQ(mine.status, 200) << mine.body;
  EXPECT_NE(mine.body.find("\"state\":\"accepted\""), std::string::npos) << mine.body;
  std::string other_invoice = InvoiceFixture("good/1960387-2-2024-05.xml");
  for (size_t at; (at = other_invoice.find("20519,00")) != std::string::npos;) {
    other_invoice.replace(at, 8, "20518,00");
  }
  HttpReply theirs = Http(port, "POST", "/v1/invoices", kAdminToken, other_invoice);
  ASSERT_EQ(theirs.status, 200) << theirs.body;
  EXPECT_NE(theirs.body.find("\"state\":\"rejected\""), std::string::npos) << theirs.body;
  EXPECT_NE(theirs.body.find("total_mismatch"), std::string::npos) << theirs.body;

  HttpReply own = Http(port, "GET", "/v1/invoices", kProviderToken);
  ASSERT_EQ(own.status, 200);
  EXPECT_NE(own.body.find("KU-2024-0517"), std::string::npos);
  EXPECT_EQ(own.body.find("PH-2405-01"), std::string::npos) << own.body;
  EXPECT_EQ(Http(port, "GET", "/v1/invoices?provider=1960387-2", kProviderToken).status, 403);
  std::string their_id = IdOf(theirs.body.substr(theirs.body.find("\"invoices\"")));
  EXPECT_EQ(Http(port, "GET", "/v1/invoices/" + their_id, kProviderToken).status, 404);
  HttpReply their_view = Http(port, "GET", "/v1/invoices/" + their_id, kOtherProviderToken);
  ASSERT_EQ(their_view.status, 200);
  EXPECT_NE(their_view.body.find("\"kind\":\"invoice_response\""), std::string::npos) << their_view.body;
  EXPECT_NE(their_view.body.find("ApplicationResponse"), std::string::npos);

  HttpReply all = Http(port, "GET", "/v1/invoices?month=2024-05", kFinanceToken);
  ASSERT_EQ(all.status, 200);
  EXPECT_NE(all.body.find("KU-2024-0517"), std::string::npos);
  EXPECT_NE(all.body.find("PH-2405-01"), std::string::npos);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace seteli::testing
