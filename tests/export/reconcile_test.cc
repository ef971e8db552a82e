// reconcile: the fixture month reconciles; each deliberate corruption of it
// is reported with its own code.
#include "export/reconcile.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "test_books.h"

namespace seteli::exports {
namespace {

using testing::FixtureBooks;
using testing::M;

std::set<std::string> Codes(const std::vector<Failure>& failures) {
  std::set<std::string> codes;
  for (const Failure& f : failures) codes.insert(f.code);
  return codes;
}

std::string Lines(const std::vector<Failure>& failures) {
  std::string out;
  for (const Failure& f : failures) out += ToLine(f) + "\n";
  return out;
}

Settlement& Of(MonthBooks& b, const std::string& provider) {
  return const_cast<Settlement&>(testing::SettlementOf(b, provider));
}

TEST(Reconcile, FixtureMonthReconciles) {
  MonthBooks b = FixtureBooks();
  std::vector<Failure> f = Reconcile(b);
  EXPECT_TRUE(f.empty()) << Lines(f);
}

TEST(Reconcile, ChangedLineIsReported) {
  MonthBooks b = FixtureBooks();
  SettlementLine& line = Of(b, "2345678-0").lines[3];
  line.voucher += Money::FromCents(1);
  std::vector<Failure> f = Reconcile(b);
  std::set<std::string> codes = Codes(f);
  EXPECT_TRUE(codes.count("line_split_mismatch")) << Lines(f);
  EXPECT_TRUE(codes.count("voucher_total_mismatch")) << Lines(f);
  EXPECT_TRUE(codes.count("journal_total_mismatch")) << Lines(f);
  EXPECT_NE(Lines(f).find("event " + line.event_id), std::string::npos) << Lines(f);
}

TEST(Reconcile, ChangedSettlementTotalIsReported) {
  MonthBooks b = FixtureBooks();
  Of(b, "1960387-2").copay_total += M("1.00");
  EXPECT_EQ(Codes(Reconcile(b)), std::set<std::string>{"copay_total_mismatch"});
}

TEST(Reconcile, EventInTwoSettlementsIsReported) {
  MonthBooks b = FixtureBooks();
  // A line of Kuusi's copied into Puolukka's settlement (which has no
  // accepted invoice), totals kept consistent: only the duplicate is wrong.
  SettlementLine copy = Of(b, "2345678-0").lines[0];
  copy.provider = "2987654-0";
  Settlement& s = Of(b, "2987654-0");
  s.lines.push_back(copy);
  s.price_total += copy.price;
  s.voucher_total += copy.voucher;
  s.copay_total += copy.copay;
  std::vector<Failure> f = Reconcile(b);
  EXPECT_EQ(Codes(f), std::set<std::string>{"event_in_two_settlements"}) << Lines(f);
  EXPECT_NE(f[0].message.find(copy.event_id), std::string::npos);
}

// Events are followed by a table of their IDs' hashes, grown as lines come:
// among thousands, every event in two settlements is found wherever it is
// (first line, last, across the table's growth), an event in three is
// reported twice, and one split over lines of one settlement never.
TEST(Reconcile, EveryEventInTwoSettlementsIsFoundAmongThousands) {
  MonthBooks b;
  b.month = YearMonth(2024, 5);
  for (const char* provider : {"1111111-1", "2222222-2", "3333333-3"}) {
    Settlement s;
    s.provider = provider;
    s.month = b.month;
    for (int i = 0; i < 3000; ++i) {
      SettlementLine l;
      l.provider = provider;
      l.event_id = std::string(provider) + "-E-" + std::to_string(i);
      s.lines.push_back(l);
    }
    b.settlements.push_back(s);
  }
  auto& first = b.settlements[0].lines;
  auto& second = b.settlements[1].lines;
  auto& third = b.settlements[2].lines;
  second[0].event_id = first[2999].event_id;   // the first's last, the second's first
  second[2999].event_id = first[0].event_id;   // and the other way round
  third[1500].event_id = first[700].event_id;  // in all three
  second[1500].event_id = first[700].event_id;
  third[2].event_id = second[1].event_id;  // split over two lines there
  third[3].event_id = second[1].event_id;
  first[11].event_id = first[10].event_id;  // split within one settlement only
  std::vector<Failure> f = CheckEventsSettledOnce(b);
  std::multiset<std::string> events;
  for (const Failure& x : f) {
    EXPECT_EQ(x.code, "event_in_two_settlements");
    events.insert(x.message.substr(6, x.message.find(' ', 6) - 6));
  }
  EXPECT_EQ(events, (std::multiset<std::string>{first[2999].event_id, first[0].event_id,
                                                first[700].event_id, first[700].event_id,
                                                second[1].event_id}))
      << Lines(f);
  std::vector<Failure> all = Reconcile(b);
  EXPECT_EQ(std::count_if(all.begin(), all.end(),
                          [](const Failure& x) { return x.code == "event_in_two_settlements"; }),
            5);
}

TEST(Reconcile, TwoAcceptedInvoicesAreReported) {
  MonthBooks b = FixtureBooks();
  ReceivedInvoice again = b.invoices.front();  // Honkala's accepted one
  again.number = "HON-2024-052";
  b.invoices.push_back(again);
  std::vector<Failure> f = Reconcile(b);
  EXPECT_TRUE(Codes(f).count("two_accepted_invoices")) << Lines(f);
  EXPECT_TRUE(Codes(f).count("accepted_total_mismatch")) << Lines(f);
}

TEST(Reconcile, AcceptedInvoiceWithoutSettlementIsReported) {
  MonthBooks b = FixtureBooks();
  b.invoices.push_back({"2755301-9", "", "X-1", testing::D("2024-06-01"), M("10.00"),
                        InvoiceStatus::kAccepted, {}});
  std::vector<Failure> f = Reconcile(b);
  EXPECT_TRUE(Codes(f).count("invoice_without_settlement")) << Lines(f);
}

TEST(Reconcile, NegativeClientFreeBalanceIsReported) {
  MonthBooks b = FixtureBooks();
  ASSERT_EQ(b.balances[1].decision_id, "D-0043");
  b.balances[1].opening = M("-10.00");
  b.balances[1].closing = b.balances[1].opening + b.balances[1].accrual - b.balances[1].used;
  std::vector<Failure> f = Reconcile(b);
  EXPECT_EQ(Codes(f), std::set<std::string>{"negative_balance"}) << Lines(f);
  EXPECT_NE(f[0].message.find("D-0043"), std::string::npos);
}

TEST(Reconcile, BalanceArithmeticAndUseAreChecked) {
  MonthBooks b = FixtureBooks();
  b.balances[0].closing += M("0.01");
  b.balances[2].used += M("1.00");
  b.balances[2].closing -= M("1.00");
  std::vector<Failure> f = CheckBalances(b);
  EXPECT_EQ(Codes(f), (std::set<std::string>{"balance_arithmetic", "balance_use_mismatch"}))
      << Lines(f);
}

TEST(Reconcile, UnbalancedJournalIsReported) {
  MonthBooks b = FixtureBooks();
  Journal j = BuildJournal(b);
  ASSERT_TRUE(CheckJournal(j, b).empty());
  j.postings.back().credit += Money::FromCents(1);  // a payable
  EXPECT_EQ(Codes(CheckJournal(j, b)), std::set<std::string>{"journal_unbalanced"});
  j = BuildJournal(b);
  j.postings.front().debit -= Money::FromCents(1);  // an expense
  EXPECT_EQ(Codes(CheckJournal(j, b)),
            (std::set<std::string>{"journal_unbalanced", "journal_total_mismatch"}));
}

TEST(Reconcile, MissingAccountIsReported) {
  MonthBooks b = FixtureBooks();
  b.accounts.expense_by_class.erase(ServiceClass::kHealth);
  std::vector<Failure> f = Reconcile(b);
  EXPECT_EQ(Codes(f), std::set<std::string>{"account_missing"}) << Lines(f);
}

TEST(Reconcile, PersonalIdentityCodeIsReportedWithoutRepeatingIt) {
  MonthBooks b = FixtureBooks();
  Of(b, "2471234-4").lines[2].client = "131052-308T";
  std::vector<Failure> f = Reconcile(b);
  EXPECT_EQ(Codes(f), std::set<std::string>{"personal_identity_code"}) << Lines(f);
  EXPECT_EQ(Lines(f).find("131052-308T"), std::string::npos);
}

TEST(Reconcile, ManyFailuresOfOneKindAreCapped) {
  MonthBooks b = FixtureBooks();
  int changed = 0;
  for (SettlementLine& l : Of(b, "2345678-0").lines) {
    l.copay += Money::FromCents(1);
    ++changed;
  }
  ASSERT_GT(changed, 20);
  std::vector<Failure> f = CheckSettlementTotals(b);
  int split = 0;
  for (const Failure& x : f) split += x.code == "line_split_mismatch";
  EXPECT_EQ(split, 21);  // 20 and "and N more"
  EXPECT_NE(Lines(f).find("and " + std::to_string(changed - 20) + " more line_split_mismatch"),
            std::string::npos)
      << Lines(f);
}

TEST(Reconcile, DuplicateSettlementAndWrongMonthAreReported) {
  MonthBooks b = FixtureBooks();
  b.settlements.push_back(b.settlements.front());
  b.settlements.back().lines.clear();
  b.settlements.back().price_total = b.settlements.back().voucher_total =
      b.settlements.back().copay_total = Money();
  b.settlements[1].month = YearMonth(2024, 4);
  std::set<std::string> codes = Codes(CheckSettlementTotals(b));
  EXPECT_TRUE(codes.count("duplicate_settlement"));
  EXPECT_TRUE(codes.count("settlement_month_mismatch"));
}

}  // namespace
}  // namespace seteli::exports
