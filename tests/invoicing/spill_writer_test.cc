// SpillWriter: lines queued for several spill files reach each file in the
// order they were queued, as the same entries LineSpill::Append writes.
#include "invoicing/spill_writer.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "formats/settlement_json.h"

namespace seteli::invoicing {
namespace {

SettlementLine Visit(int n) {
  SettlementLine l;
  l.event_id = "E-" + std::to_string(n);
  l.decision_id = "D-" + std::to_string(n % 5);
  l.client = "C-" + std::to_string(n % 5);
  l.provider = "1234567-8";
  l.service = "kotihoito";
  l.municipality = "Mikkeli";
  l.service_class = ServiceClass::kHealth;
  l.unit = Unit::kVisit;
  l.date = Date::FromYmd(2024, 5, 1 + n % 31);
  l.quantity = Quantity::Units(1);
  l.unit_price = Money::FromCents(4000 + n);
  l.price = l.unit_price;
  l.voucher = Money::FromCents(3000);
  l.copay = l.price - l.voucher;
  return l;
}

// Groups of lines for two files, interleaved, with a queue far smaller
// than the groups: every line arrives, in order, each file its own.
TEST(SpillWriter, EachFileGetsItsLinesInTheOrderQueued) {
  LineSpill a, b;
  std::vector<int> want_a, want_b;
  {
    SpillWriter writer(/*max_queued_lines=*/7);
    int n = 0;
    for (int group = 0; group < 200; ++group) {
      std::vector<SettlementLine> lines;
      const bool to_a = group % 3 != 0;
      for (int k = 0; k < 1 + group % 25; ++k) {
        lines.push_back(Visit(n));
        (to_a ? want_a : want_b).push_back(n++);
      }
      writer.Add(to_a ? &a : &b, std::move(lines));
    }
    writer.Finish();
    ASSERT_EQ(a.count(), static_cast<int64_t>(want_a.size()));
    ASSERT_EQ(b.count(), static_cast<int64_t>(want_b.size()));
  }
  for (auto [spill, want] : {std::pair{&a, &want_a}, std::pair{&b, &want_b}}) {
    spill->Rewind();
    for (int n : *want) {
      auto e = spill->Next();
      ASSERT_TRUE(e.has_value());
      EXPECT_EQ(e->line.event_id, "E-" + std::to_string(n));
      EXPECT_EQ(e->line.price, Money::FromCents(4000 + n));
      EXPECT_EQ(e->json, formats::LineJsonText(Visit(n)));
    }
    EXPECT_FALSE(spill->Next().has_value());
    EXPECT_FALSE(spill->error().has_value());
  }
}

// Finish waits for the line being written, not only for the queue to empty.
TEST(SpillWriter, FinishReturnsOnlyOnceTheLastLineIsWritten) {
  for (int round = 0; round < 50; ++round) {
    LineSpill spill;
    SpillWriter writer;
    std::vector<SettlementLine> lines;
    for (int n = 0; n < 2000; ++n) lines.push_back(Visit(n));
    writer.Add(&spill, std::move(lines));
    writer.Finish();
    ASSERT_EQ(spill.count(), 2000);
  }
}

}  // namespace
}  // namespace seteli::invoicing
