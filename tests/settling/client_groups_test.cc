#include "settling/client_groups.h"

#include <gtest/gtest.h>

#include "../core/test_world.h"

namespace seteli::testing {
namespace {

std::vector<std::vector<std::string_view>> DecisionsOf(const settling::ClientGroups& g) {
  std::vector<std::vector<std::string_view>> out;
  for (const settling::ClientGroup& group : g.groups) out.push_back(group.decision_ids);
  return out;
}

class ClientGroupsTest : public ::testing::Test {
 protected:
  ClientGroupsTest() {
    w.AddService("apu", Unit::kHour, "25.00");
    w.AddDecision("D1", "C1", "apu");
    w.AddDecision("D2", "C1", "apu");  // the same client
    w.AddDecision("D3", "C3", "apu");
    w.AddDecision("D4", "C4", "apu");
    w.AddDecision("D5", "C5", "apu").balance = BalancePlan{M("100.00"), M("300.00")};
    w.AddDecision("D6", "C6", "apu");  // no events, no balance
    ctx = w.Context();
  }
  void Add(Event e) {
    e.line = static_cast<int>(events.size()) + 1;
    events.Add(e);
  }
  Event Visit(const std::string& id, const std::string& decision) {
    return w.Hourly(id, decision, "apu", "2024-05-02T10:00:00+03:00", "2024-05-02T11:00:00+03:00");
  }

  TestWorld w;
  SettleContext ctx;
  formats::PackedEvents events{"events.jsonl"};
};

TEST_F(ClientGroupsTest, AClientsDecisionsSettleTogetherAndIdleBalancesAreKept) {
  Add(Visit("E1", "D1"));
  Add(Visit("E2", "D2"));
  Add(Visit("E3", "D3"));
  Add(Visit("E4", "D-unknown"));
  settling::ClientGroups g = settling::PlanClientGroups(events, *ctx.decisions);
  using V = std::vector<std::string_view>;
  EXPECT_EQ(DecisionsOf(g), (std::vector<V>{{"D-unknown"}, {"D1", "D2"}, {"D3"}, {"D5"}}));
  EXPECT_EQ(g.groups[1].events, (std::vector<uint32_t>{0, 1}));
  EXPECT_TRUE(g.groups[3].events.empty());
  EXPECT_EQ(g.shared_id, (std::vector<bool>{false, false, false, false}));
}

TEST_F(ClientGroupsTest, ACorrectionAndAResendJoinTheGroupOfWhatTheyName) {
  Add(Visit("E1", "D1"));
  Add(Visit("E3", "D3"));
  Event replace = Visit("R1", "D4");
  replace.replaces = "E1";  // under another client's decision
  Add(replace);
  Add(Visit("E3", "D5"));  // the same ID again, under another decision
  Event void_event = Visit("V1", "");
  void_event.voids = "E1";
  Add(void_event);
  settling::ClientGroups g = settling::PlanClientGroups(events, *ctx.decisions);
  using V = std::vector<std::string_view>;
  EXPECT_EQ(DecisionsOf(g), (std::vector<V>{{"", "D1", "D2", "D4"}, {"D3", "D5"}}));
  EXPECT_EQ(g.groups[0].events, (std::vector<uint32_t>{0, 2, 4}));
  EXPECT_EQ(g.groups[1].events, (std::vector<uint32_t>{1, 3}));
  EXPECT_EQ(g.shared_id, (std::vector<bool>{false, true, false, true, false}));
}

}  // namespace
}  // namespace seteli::testing
