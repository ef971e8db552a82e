// AppendGroups: concurrent batches merge into groups written one at a
// time, and every caller gets its own result back.
#include "store/append_groups.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <thread>

namespace seteli::store {
namespace {

EventRow Row(const std::string& id) { return EventRow{id, "", "", "", "", "", "", "", "", ""}; }

TEST(AppendGroups, BatchesWaitingForAWriteShareTheNextOne) {
  std::atomic<int> groups{0};
  std::atomic<size_t> largest{0};
  AppendGroups appends(100000, [&](std::span<AppendGroups::Batch* const> group) {
    ++groups;
    largest = std::max(largest.load(), group.size());
    std::this_thread::sleep_for(std::chrono::milliseconds(20));  // a slow commit
    for (AppendGroups::Batch* b : group) {
      // One verdict a row: kDuplicate for rows named "dup", to tell batches apart.
      std::vector<Verdict> v;
      for (const EventRow& r : b->rows) {
        v.push_back(r.event_id == "dup" ? Verdict::kDuplicate : Verdict::kAccepted);
      }
      b->result = v;
    }
  });
  constexpr int kThreads = 8;
  std::vector<std::thread> threads;
  std::vector<std::vector<Verdict>> got(kThreads);
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      std::vector<EventRow> rows(static_cast<size_t>(t + 1), Row("new"));
      rows.back() = Row("dup");
      AuditEntry audit{"test", "events.append", "", ""};
      got[t] = appends.Append(rows, audit).value();
    });
  }
  for (std::thread& t : threads) t.join();
  for (int t = 0; t < kThreads; ++t) {
    ASSERT_EQ(got[t].size(), static_cast<size_t>(t + 1));
    EXPECT_EQ(got[t].back(), Verdict::kDuplicate);
    if (t > 0) {
      EXPECT_EQ(got[t].front(), Verdict::kAccepted);
    }
  }
  EXPECT_LT(groups.load(), kThreads);  // the first write held up the rest, which then shared
  EXPECT_GT(largest.load(), 1u);
}

TEST(AppendGroups, AGroupThatThrowsFailsItsBatchesAndTheNextGoesOn) {
  std::atomic<bool> fail{true};
  AppendGroups appends(1, [&](std::span<AppendGroups::Batch* const> group) {
    if (fail.exchange(false)) throw std::runtime_error("boom");
    for (AppendGroups::Batch* b : group) b->result = std::vector<Verdict>(b->rows.size());
  });
  std::vector<EventRow> rows = {Row("E-1")};
  AuditEntry audit{"test", "events.append", "", ""};
  auto first = appends.Append(rows, audit);
  ASSERT_FALSE(first.ok());
  EXPECT_EQ(first.error().code, "store_unavailable");
  EXPECT_TRUE(appends.Append(rows, audit).ok());
}

}  // namespace
}  // namespace seteli::store
