// Settling one group of clients into its outcome, with no store: the
// registries from tests/app/data, the plan made by hand. The month's lines
// are SettleMonth's; a closed earlier month gets prior_period lines for a
// provider this run commits and leaves the group unclean for one it does
// not; a stored line that no longer parses is an error value.
#include "invoicing/group_settlement.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "formats/decisions_jsonl.h"
#include "formats/events_input.h"
#include "formats/providers_yaml.h"
#include "formats/rulebook_yaml.h"
#include "formats/settlement_json.h"

namespace seteli::invoicing {
namespace {

const std::string kData = SETELI_TEST_DATA;  // tests/app/data: a small world
constexpr char kKuusi[] = "2345678-0";
constexpr char kMantty[] = "3456780-6";
const YearMonth kApril(2024, 4), kMay(2024, 5);

// Personal assistance for one client (D-PA-1, Kuusi), in April and May.
constexpr char kEvents[] =
    R"({"event_id": "E-PA-0", "provider": "2345678-0", "decision_id": "D-PA-1", )"
    R"("service": "henkilokohtainen-apu", "start": "2024-04-08T09:00:00+03:00", )"
    R"("end": "2024-04-08T11:00:00+03:00", "recorded_at": "2024-04-08T15:00:00+03:00"})"
    "\n"
    R"({"event_id": "E-PA-1", "provider": "2345678-0", "decision_id": "D-PA-1", )"
    R"("service": "henkilokohtainen-apu", "start": "2024-05-06T09:00:00+03:00", )"
    R"("end": "2024-05-06T12:30:00+03:00", "recorded_at": "2024-05-06T15:00:00+03:00"})"
    "\n";

std::multiset<std::string> Texts(const std::vector<SettlementLine>& lines) {
  std::multiset<std::string> out;
  for (const SettlementLine& l : lines) out.insert(formats::LineJsonText(l));
  return out;
}

class GroupSettlementTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto rulebook = formats::LoadRulebook(kData + "/rulebook.yaml");
    ASSERT_TRUE(rulebook.ok()) << ToLine(rulebook.error());
    rulebook_ = std::move(rulebook.value());
    auto providers = formats::LoadProviders(kData + "/providers.yaml");
    ASSERT_TRUE(providers.ok()) << ToLine(providers.error());
    providers_ = std::move(providers.value());
    auto decisions = formats::LoadDecisions(kData + "/decisions.jsonl", rulebook_);
    ASSERT_TRUE(decisions.ok()) << ToLine(decisions.error());
    decisions_ = std::move(decisions.value());
    ctx_ = {&rulebook_, &providers_, &decisions_, ReferenceKind::kFinnish};
    events_ = formats::ParseEventLines(kEvents, "test").events;
    ASSERT_EQ(events_.size(), 2u);
    plan_.month = kMay;
    plan_.previous = kApril;
    plan_.events.groups = {EventGroup{{"D-PA-1"}, {kApril, kMay}}};
    plan_.carries.after = {std::nullopt};  // from its first month
  }

  Result<GroupOutcome> Settle(const std::vector<const store::SettlementLineRow*>& stored = {}) {
    GroupSettler settler(plan_, ctx_, review_);
    return settler.Settle(0, events_, plan_.carries.after[0], stored);
  }

  // Kuusi's lines of `month` as SettleMonth settles the events.
  std::vector<SettlementLine> Want(YearMonth month) {
    for (const Settlement& s : SettleMonth(ctx_, events_, month).settlements) {
      if (s.provider == kKuusi) return s.lines;
    }
    return {};
  }

  Rulebook rulebook_;
  ProviderRegistry providers_;
  DecisionBook decisions_;
  SettleContext ctx_;
  std::vector<Event> events_;
  RunPlan plan_;
  ReviewGate review_;  // flags nothing
};

TEST_F(GroupSettlementTest, SettlesTheMonthAsSettleMonthDoes) {
  auto out = Settle();
  ASSERT_TRUE(out.ok()) << ToLine(out.error());
  const GroupOutcome& g = out.value();
  ASSERT_EQ(g.shares.count(kKuusi), 1u);
  const ProviderShare& share = g.shares.at(kKuusi);
  ASSERT_FALSE(Want(kMay).empty());
  EXPECT_EQ(Texts(share.month.lines), Texts(Want(kMay)));
  EXPECT_FALSE(share.month.hold_reason);
  EXPECT_TRUE(share.corrections.empty());  // no month is closed
  EXPECT_TRUE(g.clean);
  EXPECT_EQ(g.providers, std::set<std::string>{kKuusi});
  EXPECT_EQ(g.decisions, std::vector<std::string>{"D-PA-1"});
  EXPECT_TRUE(g.rejected.empty());
  // It settled April again on its way: a checkpoint of April is due too.
  ASSERT_TRUE(g.providers_before);
  EXPECT_EQ(*g.providers_before, std::set<std::string>{kKuusi});
}

TEST_F(GroupSettlementTest, StartingAfterThePreviousMonthSettlesOnlyThisOne) {
  plan_.carries.after = {kApril};
  events_.erase(events_.begin());  // only the events that reach May are read
  auto out = Settle();
  ASSERT_TRUE(out.ok()) << ToLine(out.error());
  EXPECT_EQ(Texts(out.value().shares.at(kKuusi).month.lines), Texts(Want(kMay)));
  EXPECT_FALSE(out.value().providers_before);
}

TEST_F(GroupSettlementTest, AClosedEarlierMonthGetsPriorPeriodLinesForAProviderItCommits) {
  plan_.closed.settled[kKuusi] = {kApril};  // closed before the April event was stored
  auto out = Settle();
  ASSERT_TRUE(out.ok()) << ToLine(out.error());
  const ProviderShare& share = out.value().shares.at(kKuusi);
  ASSERT_EQ(share.corrections.count(kApril), 1u);
  const std::vector<SettlementLine>& adj = share.corrections.at(kApril).lines;
  EXPECT_EQ(adj.size(), Want(kApril).size());
  for (const SettlementLine& l : adj) EXPECT_EQ(l.original_month, kApril);
  EXPECT_TRUE(out.value().clean);  // what differs is committed now
}

TEST_F(GroupSettlementTest, AClosedMonthThatDiffersForAProviderNotCommittedLeavesItUnclean) {
  plan_.closed.settled[kKuusi] = {kApril};
  plan_.provider = kMantty;  // a run for another provider
  auto out = Settle();
  ASSERT_TRUE(out.ok()) << ToLine(out.error());
  EXPECT_TRUE(out.value().shares.empty());
  EXPECT_FALSE(out.value().clean);
  EXPECT_EQ(out.value().providers.count(kKuusi), 1u);
}

TEST_F(GroupSettlementTest, ARerunMonthThatSettlesDifferentlyLeavesItUnclean) {
  plan_.closed.settled[kKuusi] = {kMay};  // May settled before, with no lines stored
  plan_.rerun = true;
  auto out = Settle();
  ASSERT_TRUE(out.ok()) << ToLine(out.error());
  EXPECT_TRUE(out.value().shares.empty());  // its month is closed: nothing to commit
  EXPECT_FALSE(out.value().clean);
}

TEST_F(GroupSettlementTest, AStoredLineThatDoesNotParseIsStoreCorrupt) {
  plan_.closed.settled[kKuusi] = {kApril};
  store::SettlementLineRow row;  // April's line of E-PA-0, damaged
  row.provider = kKuusi;
  row.month = "2024-04";
  row.event_id = "E-PA-0";
  row.decision_id = "D-PA-1";
  row.body = "{not json";
  auto out = Settle({&row});
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.error().code, "store_corrupt");
}

}  // namespace
}  // namespace seteli::invoicing
