// The journal balances for any books: random months with prior-period
// corrections (negative lines included) always give debits == credits to the
// cent, costs equal to the settlements, and payables equal per provider.
#include "export/journal_export.h"

#include <gtest/gtest.h>

#include <map>
#include <random>
#include <sstream>

#include "export/reconcile.h"
#include "test_books.h"

namespace seteli::exports {
namespace {

using testing::AddLine;
using testing::Line;

MonthBooks RandomBooks(std::mt19937_64& rng) {
  const char* providers[] = {"2345678-0", "3456780-6", "2471234-4", "3012345-8"};
  const char* services[] = {"kotihoito", "ateriapalvelu", "palveluasuminen", "siivous", "kuntoutus"};
  const char* towns[] = {"Mikkeli", "Savonlinna", "Pieksämäki"};
  MonthBooks b;
  b.month = YearMonth(2024, 5);
  b.accounts.expense_by_class[ServiceClass::kHealth] = "4341";
  b.accounts.expense_by_class[ServiceClass::kSocial] = "4342";
  b.accounts.expense_by_service["palveluasuminen"] = "4345";
  b.accounts.accounts_payable = "2871";
  b.accounts.prior_period = "4349";
  auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<uint64_t>(n)); };
  int lines = 1 + pick(300);
  for (int i = 0; i < lines; ++i) {
    Money voucher = Money::FromCents(static_cast<int64_t>(rng() % 500000));
    Money copay = Money::FromCents(static_cast<int64_t>(rng() % 20000));
    SettlementLine l = Line("E-" + std::to_string(i), providers[pick(4)],
                            "C-" + std::to_string(pick(50)), services[pick(5)], voucher, copay);
    l.municipality = towns[pick(3)];
    l.service_class = pick(2) ? ServiceClass::kHealth : ServiceClass::kSocial;
    if (pick(5) == 0) {
      // A prior-period correction: the credit of the old line, or the new one.
      l.flags |= kPriorPeriod;
      l.original_month = YearMonth(2024, 1 + pick(4));
      if (pick(2)) {
        l.voucher = -l.voucher;
        l.copay = -l.copay;
        l.price = -l.price;
      }
    }
    AddLine(b, std::move(l));
  }
  return b;
}

TEST(JournalProperty, DebitsEqualCreditsToTheCent) {
  std::mt19937_64 rng(20240531);
  for (int round = 0; round < 500; ++round) {
    MonthBooks b = RandomBooks(rng);
    Journal j = BuildJournal(b);
    ASSERT_EQ(j.Debits(), j.Credits()) << "round " << round;
    EXPECT_TRUE(CheckJournal(j, b).empty()) << "round " << round << ": "
                                            << ToLine(CheckJournal(j, b).front());

    Money settled, cost;
    std::map<std::string, Money> per_provider, payable;
    for (const Settlement& s : b.settlements) {
      settled += s.voucher_total;
      per_provider[s.provider] += s.voucher_total;
    }
    for (const Posting& p : j.postings) {
      EXPECT_FALSE(p.debit.negative() || p.credit.negative());
      EXPECT_TRUE(p.debit == Money() || p.credit == Money());
      EXPECT_FALSE(p.account.empty());
      if (p.kind == PostingKind::kPayable) {
        payable[p.provider] += p.credit - p.debit;
      } else {
        cost += p.debit - p.credit;
      }
      if (p.kind == PostingKind::kPriorPeriod) {
        EXPECT_EQ(p.account, "4349");
        EXPECT_TRUE(p.original_month.has_value());
      }
    }
    EXPECT_EQ(cost, settled);
    for (const auto& [provider, total] : per_provider) {
      EXPECT_EQ(payable[provider], total) << provider;
    }

    std::ostringstream out;
    CsvSummary s = WriteJournal(j, out, Dialect::kRfc4180);
    ASSERT_EQ(s.totals.size(), 2u);
    EXPECT_EQ(s.totals[0].total, s.totals[1].total);  // debit, credit columns
    EXPECT_EQ(s.rows, static_cast<int64_t>(j.postings.size()));
  }
}

TEST(Journal, PriorPeriodLinesAreTheirOwnPostings) {
  MonthBooks b;
  b.month = YearMonth(2024, 5);
  b.accounts.expense_by_class[ServiceClass::kSocial] = "4342";
  b.accounts.accounts_payable = "2871";
  b.accounts.prior_period = "4349";
  b.provider_names["2345678-0"] = "Hoivapalvelu Kuusi Oy";
  AddLine(b, Line("E-1", "2345678-0", "C-1", "siivous", testing::M("100.00"), Money()));
  SettlementLine credit = Line("E-0", "2345678-0", "C-1", "siivous", testing::M("-40.00"), Money());
  credit.flags = kPriorPeriod;
  credit.original_month = YearMonth(2024, 4);
  SettlementLine renewed = credit;
  renewed.voucher = renewed.price = testing::M("30.00");
  AddLine(b, credit);
  AddLine(b, renewed);
  Journal j = BuildJournal(b);
  ASSERT_EQ(j.postings.size(), 3u);
  EXPECT_EQ(j.postings[0].kind, PostingKind::kExpense);
  EXPECT_EQ(j.postings[0].account, "4342");
  EXPECT_EQ(j.postings[0].debit, testing::M("100.00"));
  EXPECT_EQ(j.postings[1].kind, PostingKind::kPriorPeriod);
  EXPECT_EQ(j.postings[1].account, "4349");
  EXPECT_EQ(j.postings[1].credit, testing::M("10.00"));  // -40.00 + 30.00
  EXPECT_EQ(j.postings[1].original_month, YearMonth(2024, 4));
  EXPECT_EQ(j.postings[1].line_count, 2);
  EXPECT_EQ(j.postings[2].kind, PostingKind::kPayable);
  EXPECT_EQ(j.postings[2].credit, testing::M("90.00"));
  EXPECT_EQ(j.postings[2].text, "Ostovelka 2345678-0 Hoivapalvelu Kuusi Oy");
  EXPECT_EQ(j.Debits(), testing::M("100.00"));
  EXPECT_EQ(j.Credits(), testing::M("100.00"));
}

}  // namespace
}  // namespace seteli::exports
