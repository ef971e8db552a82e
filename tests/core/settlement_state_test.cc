// The settlement state machine: its texts and every move it allows.
#include "seteli/settlement_state.h"

#include <gtest/gtest.h>

#include <set>
#include <utility>

namespace seteli {
namespace {

using enum SettlementState;
constexpr SettlementState kAll[] = {kOpen, kSettled, kHeld, kInvoiced};

TEST(SettlementState, TextsRoundTrip) {
  for (SettlementState s : kAll) EXPECT_EQ(ParseSettlementState(ToString(s)), s) << ToString(s);
  EXPECT_EQ(ParseSettlementState("exported"), std::nullopt);  // never written: no such state
  EXPECT_EQ(ParseSettlementState(""), std::nullopt);
}

TEST(SettlementState, TheTransitionTable) {
  const std::set<std::pair<SettlementState, SettlementState>> allowed = {{kOpen, kSettled},
                                                                         {kOpen, kHeld},
                                                                         {kHeld, kSettled},
                                                                         {kSettled, kInvoiced},
                                                                         {kInvoiced, kSettled}};
  for (SettlementState from : kAll) {
    for (SettlementState to : kAll) {
      EXPECT_EQ(CanMove(from, to), allowed.count({from, to}) == 1)
          << ToString(from) << " -> " << ToString(to);
    }
  }
}

TEST(SettlementState, AnIllegalMoveIsRefusedWithAStableCode) {
  auto moved = Move(kSettled, kHeld);
  ASSERT_FALSE(moved.ok());
  EXPECT_EQ(moved.error().code, "illegal_settlement_transition");
  EXPECT_EQ(moved.error().kind, ErrorKind::kFailedPrecondition);
  EXPECT_NE(moved.error().message.find("settled to held"), std::string::npos)
      << moved.error().message;
  auto legal = Move(kHeld, kSettled);
  ASSERT_TRUE(legal.ok());
  EXPECT_EQ(legal.value(), kSettled);
}

}  // namespace
}  // namespace seteli
