// The purchase ledger and the State Treasury table from a real store, on
// both back ends (issue 22): the accepted invoice (with the due date it
// stated, kept by the store) and the self-billing invoice (its number,
// dates and total read from the queued document) are rows, the rejected
// invoice is not, and a self-billing invoice that does
// not tie to the journal refuses the export.
#include <gtest/gtest.h>

#include <sstream>

#include "book_lines.h"
#include "books/self_billing_invoices.h"
#include "books/store_books.h"
#include "export/export_month.h"
#include "formats/settlement_json.h"
#include "pg_test_db.h"
#include "store/store.h"

namespace seteli::books {
namespace {

constexpr char kInvoiced[] = "1000000-1";  // an accepted invoice after a rejected one
constexpr char kSelfBilled[] = "4000000-4";

// What outbound::BuildSelfBillingInvoice writes, cut to what the books read.
std::string SelfBillingDocument(const char* total) {
  return std::string(
             "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Finvoice Version=\"3.0\">"
             "<InvoiceDetails><InvoiceTypeCode>INV07</InvoiceTypeCode>"
             "<InvoiceNumber>IL-000001</InvoiceNumber>"
             "<InvoiceDate Format=\"CCYYMMDD\">20240605</InvoiceDate>"
             "<OriginalInvoiceDate Format=\"CCYYMMDD\">20240405</OriginalInvoiceDate>"
             "<InvoiceTotalVatIncludedAmount AmountCurrencyIdentifier=\"EUR\">") +
         total +
         "</InvoiceTotalVatIncludedAmount></InvoiceDetails>"
         "<EpiDetails><EpiPaymentInstructionDetails>"
         "<EpiDateOptionDate Format=\"CCYYMMDD\">20240619</EpiDateOptionDate>"
         "</EpiPaymentInstructionDetails></EpiDetails>"
         "<InvoiceDueDate Format=\"CCYYMMDD\">20240619</InvoiceDueDate></Finvoice>";
}

class LedgerBooksTest : public ::testing::TestWithParam<std::string> {
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

  // One visit, voucher 20.00; a self-billing one queues `document`.
  void Settle(const std::string& provider, const std::string& document = "") {
    SettlementLine l = test_lines::Line(provider, "E-" + provider, "30.00", "20.00");
    Settlement s;
    s.provider = provider;
    s.month = YearMonth(2024, 5);
    s.reference = "RF-" + provider;
    s.price_total = l.price;
    s.voucher_total = l.voucher;
    s.copay_total = l.copay;
    store::SettlementWrite w;
    w.settlement = {provider,
                    "2024-05",
                    store::kSettled,
                    s.reference,
                    "test",
                    s.price_total.cents(),
                    s.voucher_total.cents(),
                    s.copay_total.cents(),
                    1,
                    "",
                    "run-1",
                    std::nullopt,
                    formats::SettlementHeadJsonText(s, 1)};
    w.lines.push_back({provider, "2024-05", 1, l.event_id, l.decision_id, "", l.service,
                       l.price.cents(), l.voucher.cents(), l.copay.cents(),
                       formats::LineJsonText(l)});
    if (!document.empty()) {
      w.self_billing_message = [provider, document](int64_t) {
        return store::OutboxMessage{
            "SB-" + provider, "self_billing_invoice", provider, "2024-05", "IL-000001", document};
      };
    }
    auto written = store_->CommitSettlement(w, {"test", "settlements.commit", provider, ""});
    ASSERT_TRUE(written.ok() && written.value());
  }

  void Invoice(const char* number, int64_t cents, const char* state, const char* due = "") {
    auto t = store_->SaveTransmission({0, "", "api", std::string(64, 'a'), "<Finvoice/>"},
                                      {"test", "invoices.receive", "", ""}, nullptr);
    ASSERT_TRUE(t.ok());
    store::InvoiceRecord r;
    r.transmission_id = t.value();
    r.ordinal = 1;
    r.seller = kInvoiced;
    r.invoice_number = number;
    r.invoice_date = "20240603";
    r.due_date = due;
    r.reference = std::string("RF-") + kInvoiced;
    r.total_cents = cents;
    r.state = state;
    r.provider = kInvoiced;
    r.month = "2024-05";
    ASSERT_TRUE(store_->RecordInvoice(r, {"test", "invoices.verdict", "", ""}, nullptr).ok());
  }

  void Month(const char* self_billing_total) {
    Settle(kInvoiced);
    Invoice("R-1", 2500, store::kInvoiceRejected);
    Invoice("A-2", 2000, store::kInvoiceAccepted, "20240628");
    Settle(kSelfBilled, SelfBillingDocument(self_billing_total));
    ASSERT_TRUE(store_->MarkSent("SB-" + std::string(kSelfBilled)).ok());
  }

  exports::MonthBooks Books() {
    auto books = LoadMonthBooks(*store_, YearMonth(2024, 5), chart_);
    EXPECT_TRUE(books.ok()) << ToLine(books.error());
    exports::MonthBooks b = std::move(books).value();
    b.cost_coding.default_coding = {"", "5000"};
    b.cost_coding.rules.push_back({std::nullopt, "Mikkeli", {"", "5100"}});
    b.cost_coding.treasury.accounts["4341"] = "4340";
    b.cost_coding.treasury.by_class[ServiceClass::kHealth] = "P2100";
    return b;
  }

  std::unique_ptr<store::Store> store_;
  exports::ChartOfAccounts chart_;
};

TEST_P(LedgerBooksTest, AcceptedAndSelfBillingInvoicesAreRowsTheRejectedIsNot) {
  Month("20,00");
  std::ostringstream out;
  auto r = exports::ExportMonth(exports::ExportKind::kPurchaseLedger, Books(),
                                exports::Dialect::kRfc4180, out);
  ASSERT_TRUE(r.ok()) << ToLine(r.error());
  EXPECT_EQ(out.str(),
            "month,source,business_id,provider_name,invoice_number,reference,invoice_date,"
            "due_date,account,cost_centre,amount,settlement_state\r\n"
            "2024-05,invoice,1000000-1,,A-2,RF-1000000-1,2024-06-03,2024-06-28,4341,5100,"
            "20.00,invoiced\r\n"
            "2024-05,self_billing,4000000-4,,IL-000001,RF-4000000-4,2024-06-05,2024-06-19,"
            "4341,5100,20.00,settled\r\n");
}

TEST_P(LedgerBooksTest, TheTreasuryTableCountsEveryLine) {
  Month("20,00");
  std::ostringstream out;
  auto r = exports::ExportMonth(exports::ExportKind::kTreasuryCosts, Books(),
                                exports::Dialect::kFinnish, out);
  ASSERT_TRUE(r.ok()) << ToLine(r.error());
  EXPECT_EQ(out.str(),
            "\xEF\xBB\xBFmonth;account;service_class;amount;line_count\r\n"
            "2024-05;4340;P2100;40,00;2\r\n");
}

TEST_P(LedgerBooksTest, ASelfBillingInvoiceThatDoesNotTieRefusesTheLedger) {
  Month("25,00");
  std::ostringstream out;
  std::vector<exports::Failure> failures;
  auto r = exports::ExportMonth(exports::ExportKind::kPurchaseLedger, Books(),
                                exports::Dialect::kFinnish, out, &failures);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "ledger_does_not_reconcile");
  ASSERT_EQ(failures.size(), 1u);
  EXPECT_EQ(failures[0].code, "ledger_invoice_mismatch");
  EXPECT_TRUE(out.str().empty());
}

TEST(IssuedInvoiceOf, ReadsNumberDatesAndTotal) {
  store::OutboxMessage m{"SB-1",      "self_billing_invoice",        "4000000-4", "2024-05",
                         "IL-000001", SelfBillingDocument("1088,36")};
  exports::IssuedInvoice i = IssuedInvoiceOf(m);
  EXPECT_EQ(i.number, "IL-000001");
  EXPECT_EQ(i.date, Date::FromYmd(2024, 6, 5));
  ASSERT_TRUE(i.due_date.has_value());
  EXPECT_EQ(*i.due_date, Date::FromYmd(2024, 6, 19));
  ASSERT_TRUE(i.total.has_value());
  EXPECT_EQ(i.total->cents(), 108836);
  m.body = "<Finvoice/>";
  EXPECT_FALSE(IssuedInvoiceOf(m).total.has_value());
  EXPECT_FALSE(IssuedInvoiceOf(m).due_date.has_value());
}

INSTANTIATE_TEST_SUITE_P(Backends, LedgerBooksTest, ::testing::Values("sqlite", "postgresql"));

}  // namespace
}  // namespace seteli::books
