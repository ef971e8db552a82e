// The month's books read back from a real (SQLite) store: settlements with
// their lines and states, invoices with credit notes folded in and
// references matched whatever their spacing; and the overview built on
// them (JSON, the page's amounts and escaping).
#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>

#include "books/month_exports.h"
#include "books/month_overview.h"
#include "books/overview_page.h"
#include "book_lines.h"
#include "books/store_books.h"
#include "formats/settlement_json.h"
#include "store/store.h"

namespace seteli::books {
namespace {

const YearMonth kMay(2024, 5);

using test_lines::Line;
using test_lines::M;

class StoreBooks : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("seteli-books-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
            "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    store_ = std::move(store::OpenStore("sqlite:" + (dir_ / "s.db").string())).value();
    Settle("2345678-0", "2345 67820 24058", {Line("2345678-0", "E-1", "30.00", "20.00"),
                                             Line("2345678-0", "E-2", "10.00", "10.00")}, "");
    Settle("3012345-8", "3012 34520 24057", {Line("3012345-8", "E-3", "50.00", "10.00")}, "price over cap");
    std::vector<store::Document> providers = {
        {"2345678-0", R"({"business_id":"2345678-0","name":"Hoivapalvelu <Kuusi> Oy"})", ""}};
    ASSERT_TRUE(store_->PutProviders(providers, {"test", "providers.put", "", ""}).ok());
    chart_.expense_by_class[ServiceClass::kHealth] = "4341";
    chart_.accounts_payable = "2871";
    chart_.prior_period = "4349";
  }
  void TearDown() override {
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

  void Settle(const std::string& provider, const std::string& reference,
              std::vector<SettlementLine> lines, const std::string& held) {
    Settlement s;
    s.provider = provider;
    s.month = kMay;
    s.reference = reference;
    for (const SettlementLine& l : lines) {
      s.price_total += l.price;
      s.voucher_total += l.voucher;
      s.copay_total += l.copay;
    }
    s.lines = std::move(lines);
    std::ostringstream body;
    formats::WriteJson(formats::SettlementJson(s), body);
    store::SettlementWrite w;
    w.settlement = {provider, "2024-05", held.empty() ? store::kSettled : store::kHeld, reference,
                    "test", s.price_total.cents(), s.voucher_total.cents(), s.copay_total.cents(),
                    static_cast<int>(s.lines.size()), held, "run-1", std::nullopt, body.str()};
    ASSERT_TRUE(store_->CommitSettlement(w, {"test", "settle", provider, ""}).ok());
  }

  store::InvoiceRecord Invoice(const std::string& number, const std::string& reference,
                               int64_t cents, const std::string& state) {
    auto t = store_->SaveTransmission({0, "", "api", "ab", number}, {"test", "receive", "", ""}, nullptr);
    EXPECT_TRUE(t.ok());
    store::InvoiceRecord r;
    r.transmission_id = t.value();
    r.ordinal = 1;
    r.seller = "2345678-0";
    r.invoice_number = number;
    r.invoice_date = "20240603";
    r.reference = reference;
    r.total_cents = cents;
    r.state = state;
    r.provider = "2345678-0";
    r.month = "2024-05";
    return r;
  }

  std::filesystem::path dir_;
  std::unique_ptr<store::Store> store_;
  exports::ChartOfAccounts chart_;
};

TEST_F(StoreBooks, SettlementsLinesStatesAndNames) {
  auto books = LoadMonthBooks(*store_, kMay, chart_);
  ASSERT_TRUE(books.ok()) << books.error().message;
  const exports::MonthBooks& b = books.value();
  ASSERT_EQ(b.settlements.size(), 2u);
  EXPECT_EQ(b.settlements[0].lines.size(), 2u);
  EXPECT_EQ(b.settlements[0].voucher_total, M("30.00"));
  EXPECT_EQ(b.StatusOf("2345678-0").state, exports::SettlementState::kSettled);
  EXPECT_EQ(b.StatusOf("3012345-8").state, exports::SettlementState::kHeld);
  EXPECT_EQ(b.StatusOf("3012345-8").held_reason, "price over cap");
  EXPECT_EQ(b.ProviderName("2345678-0"), "Hoivapalvelu <Kuusi> Oy");
  EXPECT_EQ(b.accounts.accounts_payable, "2871");
  EXPECT_TRUE(exports::Reconcile(b).empty());
}

TEST_F(StoreBooks, InvoicesWithCreditNotesAndCompactReferences) {
  auto accepted = store_->RecordInvoice(Invoice("KU-1", "23456782024058", 3000, store::kInvoiceAccepted),
                                        {"test", "invoice", "", ""}, nullptr);
  ASSERT_TRUE(accepted.ok()) << accepted.error().message;
  store::InvoiceRecord rejected = Invoice("KU-2", "23456782024058", 9999, store::kInvoiceRejected);
  rejected.reasons = R"([{"code":"total_mismatch","layer":"organizer"}])";
  ASSERT_TRUE(store_->RecordInvoice(rejected, {"test", "invoice", "", ""}, nullptr).ok());

  auto books = LoadMonthBooks(*store_, kMay, chart_);
  ASSERT_TRUE(books.ok());
  const auto& invoices = books.value().invoices;
  ASSERT_EQ(invoices.size(), 2u);
  for (const exports::ReceivedInvoice& i : invoices) {
    EXPECT_EQ(i.reference, "2345 67820 24058");  // as the settlement spells it
    EXPECT_EQ(i.date, Date::FromYmd(2024, 6, 3));
    if (i.number == "KU-1") {
      EXPECT_EQ(i.status, exports::InvoiceStatus::kAccepted);
      EXPECT_EQ(i.total, M("30.00"));
    } else {
      EXPECT_EQ(i.status, exports::InvoiceStatus::kRejected);
      EXPECT_EQ(i.rejection_codes, std::vector<std::string>{"total_mismatch"});
    }
  }
  EXPECT_EQ(books.value().StatusOf("2345678-0").state, exports::SettlementState::kInvoiced);
  EXPECT_TRUE(exports::Reconcile(books.value()).empty());

  // A partial credit note: the invoice's net no longer equals the settlement.
  store::InvoiceRecord credit = Invoice("KU-3", "23456782024058", -500, store::kInvoiceAccepted);
  credit.type = store::kTypeCreditNote;
  credit.original_invoice_number = "KU-1";
  ASSERT_TRUE(store_->RecordInvoice(credit, {"test", "invoice", "", ""}, nullptr).ok());
  auto after = LoadMonthBooks(*store_, kMay, chart_);
  ASSERT_TRUE(after.ok());
  bool mismatch = false;
  for (const auto& f : exports::Reconcile(after.value())) mismatch |= f.code == "accepted_total_mismatch";
  EXPECT_TRUE(mismatch);
}

TEST_F(StoreBooks, AMonthWithoutSettlementsIsEmpty) {
  auto books = LoadMonthBooks(*store_, YearMonth(2024, 6), chart_);
  ASSERT_TRUE(books.ok());
  EXPECT_TRUE(books.value().settlements.empty());
}

TEST_F(StoreBooks, WriteMonthExportsWritesFourFilesWithSideFiles) {
  auto written = WriteMonthExports(*store_, kMay, chart_, (dir_ / "out").string(),
                                   exports::Dialect::kFinnish);
  ASSERT_TRUE(written.ok()) << written.error().message;
  EXPECT_TRUE(written.value().failures.empty());
  ASSERT_EQ(written.value().files.size(), 4u);
  for (const MonthExportFile& f : written.value().files) {
    EXPECT_TRUE(std::filesystem::exists(f.path)) << f.path;
    EXPECT_TRUE(std::filesystem::exists(f.path + ".sha256"));
    EXPECT_TRUE(std::filesystem::exists(f.path + ".manifest.json"));
  }
  EXPECT_EQ(std::filesystem::path(written.value().files[1].path).filename(), "journal-2024-05-fi.csv");
}

TEST_F(StoreBooks, WriteMonthExportsRefusesAMonthThatDoesNotReconcile) {
  chart_.accounts_payable.clear();
  auto written = WriteMonthExports(*store_, kMay, chart_, (dir_ / "out").string());
  ASSERT_TRUE(written.ok());
  EXPECT_TRUE(written.value().files.empty());
  ASSERT_FALSE(written.value().failures.empty());
  EXPECT_EQ(written.value().failures[0].code, "account_missing");
  EXPECT_FALSE(std::filesystem::exists(dir_ / "out" / "journal-2024-05.csv"));
}

TEST_F(StoreBooks, OverviewTotalsAndHeldItems) {
  auto books = LoadMonthBooks(*store_, kMay, chart_);
  ASSERT_TRUE(books.ok());
  MonthOverview o =
      BuildOverview(books.value(), {{"E-9", "unknown_decision", "no decision D-9", "", 0}}, {});
  EXPECT_EQ(o.totals.voucher, M("40.00"));
  EXPECT_EQ(o.totals.line_count, 3);
  ASSERT_EQ(o.services.size(), 1u);
  EXPECT_EQ(o.status_counts["held"], 1);
  EXPECT_EQ(o.status_counts["missing"], 1);
  std::string json = OverviewJson(o);
  EXPECT_NE(json.find(R"("reason":"price over cap")"), std::string::npos) << json;
  EXPECT_NE(json.find(R"("event_id":"E-9")"), std::string::npos);
  std::string html = OverviewHtml(o);
  EXPECT_EQ(html.find("<Kuusi>"), std::string::npos);
  EXPECT_NE(html.find("Hoivapalvelu &lt;Kuusi&gt; Oy"), std::string::npos);
  EXPECT_NE(html.find("price over cap"), std::string::npos);
  EXPECT_EQ(html.find("<script"), std::string::npos);
}

TEST(FinnishAmount, DecimalCommaAndGroupedThousands) {
  EXPECT_EQ(FinnishAmount(M("0.00")), "0,00");
  EXPECT_EQ(FinnishAmount(M("999.99")), "999,99");
  EXPECT_EQ(FinnishAmount(M("40065.53")), "40\u00a0065,53");
  EXPECT_EQ(FinnishAmount(M("-1234567.05")), "-1\u00a0234\u00a0567,05");
}

// Finance reads times in Helsinki time: UTC+2 in winter, +3 in summer.
TEST(HelsinkiTime, StoredUtcShownInHelsinkiTimeOnBothSidesOfSummerTime) {
  EXPECT_EQ(HelsinkiTime("2026-12-07T01:19:08.457Z"), "7.12.2026 klo 3.19");
  EXPECT_EQ(HelsinkiTime("2026-06-30T21:05:00Z"), "1.7.2026 klo 0.05");
  EXPECT_EQ(HelsinkiTime("not a time"), "not a time");
}

}  // namespace
}  // namespace seteli::books
