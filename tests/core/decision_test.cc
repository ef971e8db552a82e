// The decision book finds a decision by ID in a copy, after a copy is
// assigned, after a move and after a decision is replaced: its hashed
// index always points into its own decisions.
#include "seteli/decision.h"

#include <gtest/gtest.h>

namespace seteli {
namespace {

Decision Named(const std::string& id, const std::string& client) {
  Decision d;
  d.id = id;
  d.client = client;
  return d;
}

TEST(DecisionBookTest, FindsEachDecisionAndNothingElse) {
  DecisionBook book;
  book.Add(Named("D-1", "C-1"));
  book.Add(Named("D-2", "C-2"));
  ASSERT_NE(book.Find("D-2"), nullptr);
  EXPECT_EQ(book.Find("D-2")->client, "C-2");
  EXPECT_EQ(book.Find("D-3"), nullptr);
}

TEST(DecisionBookTest, TheSameIdAgainReplacesTheDecision) {
  DecisionBook book;
  book.Add(Named("D-1", "C-1"));
  book.Add(Named("D-1", "C-9"));
  EXPECT_EQ(book.Find("D-1")->client, "C-9");
  EXPECT_EQ(book.all().size(), 1u);
}

TEST(DecisionBookTest, ACopyFindsItsOwnDecisions) {
  auto original = std::make_unique<DecisionBook>();
  original->Add(Named("D-1", "C-1"));
  DecisionBook copy = *original;
  DecisionBook assigned;
  assigned.Add(Named("D-7", "C-7"));
  assigned = *original;
  original.reset();
  EXPECT_EQ(copy.Find("D-1"), &copy.all().at("D-1"));
  EXPECT_EQ(assigned.Find("D-1"), &assigned.all().at("D-1"));
  EXPECT_EQ(assigned.Find("D-7"), nullptr);
  DecisionBook moved = std::move(copy);
  EXPECT_EQ(moved.Find("D-1"), &moved.all().at("D-1"));
}

}  // namespace
}  // namespace seteli
