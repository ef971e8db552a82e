// The co-payments export groups and orders exactly as a plain map would,
// whatever the client IDs look like (short, long, sharing a prefix).
#include "export/copayments_export.h"

#include <gtest/gtest.h>

#include <map>
#include <random>
#include <sstream>
#include <tuple>

#include "test_books.h"

namespace seteli::exports {
namespace {

TEST(Copayments, GroupsAndOrdersLikeAMap) {
  const char* clients[] = {"C-1", "C-10", "C-100000001", "C-100000002", "C-1000000", "C-2",
                           "C-10000000", "Z", "C-100000001-b"};
  const char* providers[] = {"2345678-0", "3456780-6", "2471234-4"};
  const char* services[] = {"siivous", "ateriapalvelu", "kotihoito"};
  std::mt19937_64 rng(7);
  for (int round = 0; round < 50; ++round) {
    MonthBooks b;
    b.month = YearMonth(2024, 5);
    using Key = std::tuple<std::string, std::string, std::string, int>;
    std::map<Key, std::pair<int, Money>> expected;
    for (int i = 0; i < 400; ++i) {
      SettlementLine l = testing::Line("E-" + std::to_string(i), providers[rng() % 3],
                                       clients[rng() % 9], services[rng() % 3],
                                       Money::FromCents(static_cast<int64_t>(rng() % 10000)),
                                       Money::FromCents(static_cast<int64_t>(rng() % 3000)));
      int original = 0;
      if (rng() % 6 == 0) {
        l.flags = kPriorPeriod;
        l.original_month = YearMonth(2024, 3 + static_cast<int>(rng() % 2));
        original = l.original_month->month();
      }
      auto& e = expected[Key{l.client, l.provider, l.service, original}];
      ++e.first;
      e.second += l.copay;
      testing::AddLine(b, std::move(l));
    }
    std::ostringstream out;
    CsvSummary s = WriteCopayments(b, out, Dialect::kRfc4180);
    testing::Table t = testing::ReadCsv(out.str(), ',');
    ASSERT_EQ(t.size(), expected.size() + 1);
    EXPECT_EQ(s.rows, static_cast<int64_t>(expected.size()));
    size_t r = 1;
    for (const auto& [key, sums] : expected) {
      const auto& [client, provider, service, original] = key;
      EXPECT_EQ(t[r][1], client) << "row " << r;
      EXPECT_EQ(t[r][2], provider) << "row " << r;
      EXPECT_EQ(t[r][3], service) << "row " << r;
      EXPECT_EQ(t[r][5], original ? "2024-0" + std::to_string(original) : "") << "row " << r;
      EXPECT_EQ(t[r][6], std::to_string(sums.first)) << "row " << r;
      EXPECT_EQ(t[r][11], sums.second.ToString()) << "row " << r;
      ++r;
    }
  }
}

}  // namespace
}  // namespace seteli::exports
