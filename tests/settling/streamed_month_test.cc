// Settling a month a client group at a time (settling/streamed_month.h)
// gives what settling every event at once gives: random months with
// resends, conflicting resends, replacements and voids across clients,
// balance decisions and several months, compared as settlement.json.
#include "settling/streamed_month.h"

#include <Poco/JSON/Parser.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>

#include "../core/random_month.h"
#include "formats/events_input.h"
#include "formats/settlement_json.h"

namespace seteli::testing {
namespace {

// A month's events with every kind of correction, numbered as lines of
// one file, each with the fingerprint the file reader gives it.
std::vector<Event> EventsWithCorrections(RandomMonth& r) {
  std::vector<Event> events;
  for (const char* month : {"2024-04", "2024-05", "2024-06"}) {
    std::vector<Event> some = r.Events(50, month);
    events.insert(events.end(), some.begin(), some.end());
  }
  for (int i = 0; i < 30; ++i) {
    Event e = events[static_cast<size_t>(r.Pick(0, static_cast<int>(events.size()) - 1))];
    switch (r.Pick(0, 4)) {
      case 0:  // a void
        e.voids = e.id;
        e.id = "V" + std::to_string(i);
        break;
      case 1:  // a replacement, maybe under another client's decision
        e.replaces = e.id;
        e.id = "R" + std::to_string(i);
        if (r.Pick(0, 1)) e.decision_id = "D" + std::to_string(r.Pick(0, 11));
        break;
      case 2:  // a conflicting resend
        e.recorded_at = e.recorded_at.AddSeconds(60);
        break;
      case 3:  // a correction of an event never recorded
        e.replaces = "nowhere-" + std::to_string(i);
        e.id = "N" + std::to_string(i);
        break;
      default:  // a harmless resend
        break;
    }
    events.push_back(e);
  }
  for (size_t i = 0; i < events.size(); ++i) {
    events[i].source = "events.jsonl";
    events[i].line = static_cast<int>(i) + 1;
    events[i].fingerprint = formats::EventFingerprint(events[i]);
  }
  return events;
}

// settlement.json with each settlement's lines and unpaid remainders and
// the month's unpaid remainders in one order: the orders the streamed
// month leaves open.
std::string Normalized(const std::string& json) {
  Poco::JSON::Parser parser;
  auto month = parser.parse(json).extract<Poco::JSON::Object::Ptr>();
  auto sorted = [](Poco::JSON::Array::Ptr a) {
    std::vector<std::string> texts;
    for (size_t i = 0; a && i < a->size(); ++i) {
      std::ostringstream one;
      a->getObject(static_cast<unsigned>(i))->stringify(one);
      texts.push_back(one.str());
    }
    std::sort(texts.begin(), texts.end());
    std::string out;
    for (const std::string& t : texts) out += t + "\n";
    return out;
  };
  std::string out = sorted(month->getArray("unpaid")) + sorted(month->getArray("rejected"));
  auto settlements = month->getArray("settlements");
  for (size_t i = 0; i < settlements->size(); ++i) {
    auto s = settlements->getObject(static_cast<unsigned>(i));
    out += sorted(s->getArray("lines")) + sorted(s->getArray("unpaid"));
    s->remove("lines");
    s->remove("unpaid");
  }
  month->remove("unpaid");
  month->remove("rejected");
  std::ostringstream rest;
  month->stringify(rest);
  return rest.str() + "\n" + out;
}

TEST(StreamedMonth, GivesWhatSettlingEveryEventAtOnceGives) {
  for (uint32_t seed = 1; seed <= 40; ++seed) {
    RandomMonth r(seed);
    r.w.pending_decisions[5].balance = BalancePlan{M("100.00"), M("300.00")};
    const std::vector<Event> events = EventsWithCorrections(r);
    const SettleContext ctx = r.w.Context();
    std::ostringstream whole;
    formats::WriteMonthSettlementJson(SettleMonth(ctx, events, YearMonth(2024, 5)), whole);

    formats::PackedEvents packed("events.jsonl");
    for (const Event& e : events) packed.Add(e);
    std::vector<Rejection> rejected;
    std::ostringstream streamed;
    ASSERT_TRUE(settling::SettleStreamed(ctx, packed, YearMonth(2024, 5), streamed, rejected).ok());

    ASSERT_EQ(Normalized(streamed.str()), Normalized(whole.str())) << "seed " << seed;
    EXPECT_TRUE(
        std::is_sorted(rejected.begin(), rejected.end(),
                       [](const Rejection& a, const Rejection& b) { return a.line < b.line; }));
  }
}

TEST(StreamedMonth, AMonthWithoutEventsStillStatesItsBalances) {
  RandomMonth r(7);
  r.w.pending_decisions[5].balance = BalancePlan{M("100.00"), M("300.00")};
  const SettleContext ctx = r.w.Context();
  std::ostringstream whole, streamed;
  formats::WriteMonthSettlementJson(SettleMonth(ctx, {}, YearMonth(2024, 5)), whole);
  std::vector<Rejection> rejected;
  ASSERT_TRUE(settling::SettleStreamed(ctx, formats::PackedEvents("e"), YearMonth(2024, 5),
                                       streamed, rejected)
                  .ok());
  EXPECT_EQ(streamed.str(), whole.str());
  EXPECT_NE(whole.str().find("\"decision_id\": \"D5\""), std::string::npos);
}

}  // namespace
}  // namespace seteli::testing
