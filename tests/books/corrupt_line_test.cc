// A stored settlement line whose JSON does not parse is store_corrupt on
// both back ends, for the books check (ReconcileStored) and the books
// (LoadMonthBooks) alike: the store is damaged, not unreachable, and
// retrying will not help. PostgreSQL once reported store_unavailable here,
// from its own JSON cast in a query of the lines.
#include <gtest/gtest.h>

#include "book_lines.h"
#include "books/store_books.h"
#include "formats/settlement_json.h"
#include "pg_test_db.h"
#include "store/store.h"

namespace seteli::books {
namespace {

const YearMonth kMay(2024, 5);
constexpr char kProvider[] = "2345678-0";

SettlementLine Line(const std::string& event) { return test_lines::Line(kProvider, event, "30.00", "20.00"); }

class CorruptLineTest : public ::testing::TestWithParam<std::string> {
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

  // A settlement of two lines kept apart, as the run writes it, the second
  // line's body being `second_body`.
  void Settle(const std::string& second_body) {
    std::vector<SettlementLine> lines = {Line("E-1"), Line("E-2")};
    Settlement s;
    s.provider = kProvider;
    s.month = kMay;
    s.reference = "2345 67820 24058";
    for (const SettlementLine& l : lines) {
      s.price_total += l.price;
      s.voucher_total += l.voucher;
      s.copay_total += l.copay;
    }
    store::SettlementWrite w;
    w.settlement = {kProvider, "2024-05", store::kSettled, s.reference, "test", s.price_total.cents(),
                    s.voucher_total.cents(), s.copay_total.cents(), 2, "", "run-1", std::nullopt,
                    formats::SettlementHeadJsonText(s, 2)};
    for (int i = 0; i < 2; ++i) {
      const SettlementLine& l = lines[i];
      w.lines.push_back({kProvider, "2024-05", i + 1, l.event_id, l.decision_id, "", l.service, l.price.cents(),
                         l.voucher.cents(), l.copay.cents(),
                         i == 1 ? second_body : formats::LineJsonText(l)});
    }
    ASSERT_TRUE(store_->CommitSettlement(w, {"test", "settle", kProvider, ""}).ok());
  }

  std::unique_ptr<store::Store> store_;
  exports::ChartOfAccounts chart_;
};

TEST_P(CorruptLineTest, AWellFormedMonthReconciles) {
  Settle(formats::LineJsonText(Line("E-2")));
  auto f = ReconcileStored(*store_, kMay, chart_);
  ASSERT_TRUE(f.ok()) << ToLine(f.error());
  EXPECT_TRUE(f.value().empty());
}

TEST_P(CorruptLineTest, ALineThatIsNotJsonIsStoreCorrupt) {
  Settle("{\"event_id\": \"E-2\", \"voucher\": ");  // cut off
  auto f = ReconcileStored(*store_, kMay, chart_);
  ASSERT_FALSE(f.ok());
  EXPECT_EQ(f.error().code, "store_corrupt") << ToLine(f.error());
  auto books = LoadMonthBooks(*store_, kMay, chart_);
  ASSERT_FALSE(books.ok());
  EXPECT_EQ(books.error().code, "store_corrupt") << ToLine(books.error());
}

// The events two settlements share are found by the lines' event_id
// column; a body changed to name another event is held to its column.
TEST_P(CorruptLineTest, ALineWhoseBodyNamesAnotherEventIsStoreCorrupt) {
  Settle(formats::LineJsonText(Line("E-9")));  // stored as E-2
  auto f = ReconcileStored(*store_, kMay, chart_);
  ASSERT_FALSE(f.ok());
  EXPECT_EQ(f.error().code, "store_corrupt") << ToLine(f.error());
  EXPECT_NE(f.error().message.find("names event E-9 but is stored as event E-2"),
            std::string::npos)
      << f.error().message;
}

INSTANTIATE_TEST_SUITE_P(Backends, CorruptLineTest, ::testing::Values("sqlite", "postgresql"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace seteli::books
