// The purchase ledger and the State Treasury cost table (issue 22): rows
// per accepted and self-billing invoice with the configured cost coding,
// rejected invoices left out, the Finnish dialect byte for byte, side files
// as the other exports have, and the checks against the journal.
#include "export/purchase_ledger.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>

#include "export/export_month.h"
#include "export/treasury_costs.h"
#include "test_books.h"

namespace seteli::exports {
namespace {

namespace fs = std::filesystem;
using testing::AddLine;
using testing::D;
using testing::Line;
using testing::M;

constexpr char kHoiva[] = "1000000-1";    // invoices; lines in two municipalities
constexpr char kKunto[] = "2000000-2";    // self-billing, a health service
constexpr char kHylatty[] = "3000000-3";  // its one invoice rejected

// Three providers: one with an accepted invoice whose lines fall under two
// cost centres, one self-billing, one whose invoice was rejected.
MonthBooks SmallBooks() {
  MonthBooks b;
  b.month = YearMonth(2024, 5);
  b.accounts.expense_by_class[ServiceClass::kHealth] = "4341";
  b.accounts.expense_by_class[ServiceClass::kSocial] = "4342";
  b.accounts.accounts_payable = "2871";
  b.accounts.prior_period = "4349";
  AddLine(b, Line("E-1", kHoiva, "C-1", "kotihoito", M("20.00"), M("5.00")));
  SettlementLine juva = Line("E-2", kHoiva, "C-2", "kotihoito", M("12.50"), M("0.00"));
  juva.municipality = "Juva";
  AddLine(b, juva);
  SettlementLine physio = Line("E-3", kKunto, "C-3", "fysioterapia", M("45.00"), M("0.00"));
  physio.service_class = ServiceClass::kHealth;
  AddLine(b, physio);
  AddLine(b, Line("E-4", kHylatty, "C-4", "kotihoito", M("30.00"), M("0.00")));
  b.settlements[0].reference = "10000 00012";
  b.settlements[1].reference = "20000 00025";
  b.settlements[2].reference = "30000 00038";
  b.provider_names[kHoiva] = "Hoiva Oy";
  b.provider_names[kKunto] = "Kunto; Terveys Oy";
  b.provider_names[kHylatty] = "Hylätty Oy";
  b.invoices.push_back(
      {kHoiva, "10000 00012", "1001", D("2024-06-03"), M("32.50"), InvoiceStatus::kAccepted, {}});
  b.invoices.push_back({kHylatty,
                        "30000 00038",
                        "R-9",
                        D("2024-06-04"),
                        M("31.00"),
                        InvoiceStatus::kRejected,
                        {"total_mismatch"}});
  b.self_billing_invoices.push_back(
      {kKunto, "IL-000001", D("2024-06-05"), D("2024-06-19"), M("45.00")});
  b.statuses[kHoiva] = {SettlementState::kInvoiced, ""};
  b.statuses[kKunto] = {SettlementState::kInvoiced, "", true};
  b.statuses[kHylatty] = {SettlementState::kSettled, ""};
  CostCoding& c = b.cost_coding;
  c.default_coding = {"", "5000"};
  c.rules.push_back({std::nullopt, "Mikkeli", {"", "5100"}});
  c.rules.push_back({ServiceClass::kHealth, "", {"4341", ""}});
  c.treasury.accounts = {{"4341", "4340"}, {"4342", "4340"}};
  c.treasury.by_class = {{ServiceClass::kHealth, "P2100"}, {ServiceClass::kSocial, "P3100"}};
  return b;
}

std::string Written(ExportKind kind, const MonthBooks& books, Dialect dialect,
                    std::vector<Failure>* failures = nullptr) {
  std::ostringstream out;
  auto r = ExportMonth(kind, books, dialect, out, failures);
  EXPECT_TRUE(r.ok()) << ToLine(r.error());
  return out.str();
}

std::vector<std::string> Codes(const std::vector<Failure>& failures) {
  std::vector<std::string> out;
  for (const Failure& f : failures) out.push_back(f.code);
  return out;
}

TEST(PurchaseLedger, FinnishDialectByteForByte) {
  EXPECT_EQ(Written(ExportKind::kPurchaseLedger, SmallBooks(), Dialect::kFinnish),
            "\xEF\xBB\xBF"
            "month;source;business_id;provider_name;invoice_number;reference;invoice_date;"
            "due_date;account;cost_centre;amount;settlement_state\r\n"
            "2024-05;invoice;1000000-1;Hoiva Oy;1001;10000 00012;2024-06-03;2024-06-17;4342;"
            "5000;12,50;invoiced\r\n"
            "2024-05;invoice;1000000-1;Hoiva Oy;1001;10000 00012;2024-06-03;2024-06-17;4342;"
            "5100;20,00;invoiced\r\n"
            "2024-05;self_billing;2000000-2;\"Kunto; Terveys Oy\";IL-000001;20000 00025;"
            "2024-06-05;2024-06-19;4341;5100;45,00;invoiced\r\n");
}

TEST(PurchaseLedger, StandardDialectHasCommasAndDecimalPoints) {
  std::string csv = Written(ExportKind::kPurchaseLedger, SmallBooks(), Dialect::kRfc4180);
  auto rows = testing::ReadCsv(csv, ',');
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[3][3], "Kunto; Terveys Oy");
  EXPECT_EQ(rows[3][10], "45.00");
  EXPECT_EQ(csv.substr(0, 5), "month");  // no BOM
}

TEST(PurchaseLedger, ARejectedInvoiceIsLeftOut) {
  PurchaseLedger ledger = BuildPurchaseLedger(SmallBooks());
  for (const LedgerInvoice& i : ledger.invoices) {
    EXPECT_NE(i.provider, kHylatty);
    EXPECT_NE(i.number, "R-9");
  }
  EXPECT_EQ(ledger.Total(), M("77.50"));
}

TEST(PurchaseLedger, ASelfBillingInvoiceIsItsOwnRow) {
  PurchaseLedger ledger = BuildPurchaseLedger(SmallBooks());
  ASSERT_EQ(ledger.invoices.size(), 2u);
  const LedgerInvoice& sb = ledger.invoices[1];
  EXPECT_EQ(sb.source, LedgerSource::kSelfBilling);
  EXPECT_EQ(sb.number, "IL-000001");
  EXPECT_EQ(sb.reference, "20000 00025");  // the settlement's
  EXPECT_TRUE(CheckPurchaseLedger(ledger, BuildJournal(SmallBooks())).empty());
}

TEST(PurchaseLedger, AnInvoiceWithoutADueDateIsDueAfterThePaymentTerm) {
  MonthBooks b = SmallBooks();
  b.cost_coding.payment_days = 30;
  EXPECT_EQ(BuildPurchaseLedger(b).invoices[0].due_date, D("2024-07-03"));
  b.invoices[0].due_date = D("2024-06-20");
  EXPECT_EQ(BuildPurchaseLedger(b).invoices[0].due_date, D("2024-06-20"));
}

TEST(PurchaseLedger, ASelfBillingInvoiceThatDisagreesIsRefused) {
  MonthBooks b = SmallBooks();
  b.self_billing_invoices[0].total = M("40.00");
  std::ostringstream out;
  std::vector<Failure> failures;
  auto r = ExportMonth(ExportKind::kPurchaseLedger, b, Dialect::kFinnish, out, &failures);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "ledger_does_not_reconcile");
  EXPECT_EQ(Codes(failures), std::vector<std::string>{"ledger_invoice_mismatch"});
  EXPECT_NE(failures[0].message.find("45,00"), std::string::npos) << failures[0].message;
  EXPECT_TRUE(out.str().empty());
  // The month itself reconciles: the other exports still go out.
  EXPECT_TRUE(ExportMonth(ExportKind::kJournal, b, Dialect::kFinnish, out).ok());
}

TEST(PurchaseLedger, AProviderInvoicedTwiceDoesNotTieToTheJournal) {
  MonthBooks b = SmallBooks();
  b.self_billing_invoices.push_back({kHoiva, "IL-000002", D("2024-06-05"), {}, M("32.50")});
  std::vector<Failure> failures = CheckPurchaseLedger(BuildPurchaseLedger(b), BuildJournal(b));
  EXPECT_EQ(Codes(failures), std::vector<std::string>{"ledger_total_mismatch"});
}

TEST(PurchaseLedger, AnInvoiceWithoutSettlementOrAccountFails) {
  MonthBooks b = SmallBooks();
  b.self_billing_invoices.push_back({"9999999-9", "IL-000009", D("2024-06-05"), {}, M("1.00")});
  b.accounts.expense_by_class.erase(ServiceClass::kSocial);
  std::vector<Failure> failures = CheckPurchaseLedger(BuildPurchaseLedger(b), BuildJournal(b));
  EXPECT_EQ(Codes(failures),
            (std::vector<std::string>{"cost_coding_missing", "cost_coding_missing",
                                      "ledger_invoice_mismatch", "cost_coding_missing",
                                      "ledger_total_mismatch"}));
}

TEST(TreasuryCosts, FinnishDialectByteForByte) {
  EXPECT_EQ(Written(ExportKind::kTreasuryCosts, SmallBooks(), Dialect::kFinnish),
            "\xEF\xBB\xBF"
            "month;account;service_class;amount;line_count\r\n"
            "2024-05;4340;P2100;45,00;1\r\n"
            "2024-05;4340;P3100;62,50;3\r\n");
}

TEST(TreasuryCosts, TheTotalIsTheMonthsCostWhateverTheInvoices) {
  MonthBooks b = SmallBooks();
  TreasuryTable t = BuildTreasuryTable(b);
  EXPECT_EQ(t.Total(), M("107.50"));  // the rejected invoice's settlement included
  EXPECT_TRUE(CheckTreasuryTable(t, BuildJournal(b)).empty());
  t.cells[0].amount += M("0.01");
  EXPECT_EQ(Codes(CheckTreasuryTable(t, BuildJournal(b))),
            std::vector<std::string>{"treasury_total_mismatch"});
}

TEST(TreasuryCosts, AnUnmappedClassRefusesTheExport) {
  MonthBooks b = SmallBooks();
  b.cost_coding.treasury.by_class.erase(ServiceClass::kHealth);
  std::ostringstream out;
  std::vector<Failure> failures;
  auto r = ExportMonth(ExportKind::kTreasuryCosts, b, Dialect::kRfc4180, out, &failures);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "ledger_does_not_reconcile");
  EXPECT_EQ(Codes(failures), std::vector<std::string>{"treasury_code_missing"});
  // A service named on its own needs no class code.
  b.cost_coding.treasury.by_service["fysioterapia"] = "P2110";
  EXPECT_NE(
      Written(ExportKind::kTreasuryCosts, b, Dialect::kRfc4180).find("2024-05,4340,P2110,45.00,1"),
      std::string::npos);
}

TEST(LedgerFiles, SideFilesAsTheOtherExports) {
  fs::path dir =
      fs::temp_directory_path() /
      ("seteli-ledger-test-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::string path = (dir / "purchase_ledger-2024-05-fi.csv").string();
  auto r = ExportMonthToFile(ExportKind::kPurchaseLedger, SmallBooks(), Dialect::kFinnish, path);
  ASSERT_TRUE(r.ok()) << ToLine(r.error());
  EXPECT_EQ(testing::ReadFile(path + ".sha256"),
            r.value().sha256 + "  purchase_ledger-2024-05-fi.csv\n");
  std::string manifest = testing::ReadFile(path + ".manifest.json");
  EXPECT_NE(manifest.find("\"kind\": \"purchase_ledger\""), std::string::npos) << manifest;
  EXPECT_NE(manifest.find("\"amount\": \"77.50\""), std::string::npos) << manifest;
  EXPECT_NE(manifest.find("\"rows\": 3"), std::string::npos) << manifest;
  fs::remove_all(dir);
}

TEST(ExportKinds, TheNewKindsParseAndName) {
  for (const char* name : {"purchase_ledger", "treasury_costs"}) {
    auto k = ParseExportKind(name);
    ASSERT_TRUE(k.ok());
    EXPECT_STREQ(ExportKindName(k.value()), name);
  }
}

}  // namespace
}  // namespace seteli::exports
