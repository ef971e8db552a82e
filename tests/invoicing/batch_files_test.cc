// BatchFiles on a real store, SQLite and PostgreSQL: each batch gets back
// exactly the events Store::EventsOfDecisions would read for what it
// wanted, by sequence, though the window is read in one pass in table
// order; more events than one read by sequence takes.
#include "invoicing/batch_files.h"

#include <gtest/gtest.h>

#include "pg_test_db.h"
#include "store/store.h"

namespace seteli::invoicing {
namespace {

class BatchFilesTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    auto fresh = seteli::testing::FreshStoreUrl(GetParam());
    if (!fresh) GTEST_SKIP() << "no test PostgreSQL (run through ctest)";
    const std::string url = *fresh;
    auto s = store::OpenStore(url);
    ASSERT_TRUE(s.ok()) << ToLine(s.error());
    store_ = std::move(s).value();
    // 1,200 events of 12 decisions, interleaved as a month's recording
    // interleaves clients; every fifth starts in April and ends in May,
    // every seventh is all April.
    std::vector<store::EventRow> rows;
    for (int n = 0; n < 1200; ++n) {
      const std::string id = "E-" + std::to_string(n);
      std::string from = "2024-05", to = "2024-05";
      if (n % 5 == 0) from = "2024-04";
      if (n % 7 == 0) from = to = "2024-04";
      rows.push_back({id, "1234567-8", "D-" + std::to_string(n % 12), "kotihoito", from, to,
                      from + "-03T09:00:00+03:00", "2024-05-03T12:00:00+03:00", "fp-" + id,
                      "{\"event_id\":\"" + id + "\",\"n\":" + std::to_string(n) + "}"});
    }
    ASSERT_TRUE(store_->AppendEvents(rows, {"test", "events.append", "rows", ""}).ok());
  }

  std::unique_ptr<store::Store> store_;
};

TEST_P(BatchFilesTest, EachBatchGetsWhatItWantedBySequence) {
  const YearMonth may(2024, 5);
  const std::vector<BatchWant> wants = {
      {0, {"D-0", "D-5"}, may},           // May only: ends in May or later
      {0, {"D-1"}, std::nullopt},         // and a whole history
      {1, {"D-2", "D-3", "D-11"}, std::nullopt},
      {2, {}, may},                       // wants nothing
      {3, {"D-7"}, may}};
  auto files = BatchFiles::Fill(*store_, wants, may);
  ASSERT_TRUE(files.ok()) << ToLine(files.error());
  for (size_t batch : {0u, 1u, 2u, 3u}) {
    SCOPED_TRACE(batch);
    std::vector<store::StoredEvent> want;
    for (const BatchWant& w : wants) {
      if (w.batch != batch || w.decision_ids.empty()) continue;
      auto rows = store_->EventsOfDecisions(w.decision_ids, "2024-05", w.first ? "2024-05" : "");
      ASSERT_TRUE(rows.ok());
      want.insert(want.end(), rows.value().begin(), rows.value().end());
    }
    std::sort(want.begin(), want.end(),
              [](const store::StoredEvent& a, const store::StoredEvent& b) { return a.seq < b.seq; });
    auto got = files.value()->Take(batch);
    ASSERT_TRUE(got.ok()) << ToLine(got.error());
    ASSERT_EQ(got.value().size(), want.size());
    for (size_t i = 0; i < want.size(); ++i) {
      EXPECT_EQ(got.value()[i].seq, want[i].seq);
      EXPECT_EQ(got.value()[i].row.event_id, want[i].row.event_id);
      EXPECT_EQ(got.value()[i].row.decision_id, want[i].row.decision_id);
      EXPECT_EQ(got.value()[i].row.body, want[i].row.body);
    }
    EXPECT_EQ(batch == 2, got.value().empty());
  }
  EXPECT_TRUE(files.value()->Take(0).value().empty());  // once
}

INSTANTIATE_TEST_SUITE_P(Backends, BatchFilesTest, ::testing::Values("sqlite", "postgresql"));

}  // namespace
}  // namespace seteli::invoicing
