// The streaming writer gives the same texts as Poco's objects stringified:
// stored lines and settlements stay as they were.
#include <gtest/gtest.h>

#include <sstream>

#include "formats/settlement_json.h"

namespace seteli::formats {
namespace {

std::string Stringify(const Poco::JSON::Object::Ptr& o) {
  std::ostringstream s;
  o->stringify(s);
  return s.str();
}

SettlementLine HourlyLine() {
  SettlementLine l;
  l.event_id = "E-1";
  l.decision_id = "D-1";
  l.client = "C-1";
  l.provider = "2345678-0";
  l.service = "kotihoito-saannollinen";
  l.service_class = ServiceClass::kHealth;
  l.municipality = "Mikkeli";
  l.unit = Unit::kHour;
  l.date = Date::FromYmd(2024, 5, 6);
  l.quantity = Quantity::FromMilli(1500);
  l.minutes = 90;
  l.from = Instant::FromUnixSeconds(1714978800);
  l.to = Instant::FromUnixSeconds(1714984200);
  l.unit_price = Money::FromCents(3600);
  l.price = Money::FromCents(5400);
  l.voucher = Money::FromCents(4000);
  l.copay = Money::FromCents(1400);
  l.flags = kMonthlyCap | kLateRecording;
  l.rulebook_version = "2024.1";
  return l;
}

TEST(SettlementJsonTest, LineTextIsPocosText) {
  SettlementLine l = HourlyLine();
  EXPECT_EQ(LineJsonText(l), Stringify(LineJson(l)));
}

TEST(SettlementJsonTest, LineTextOfACreditWithoutMinutesIsPocosText) {
  SettlementLine l = HourlyLine();
  l.unit = Unit::kMeal;
  l.minutes.reset();
  l.from.reset();
  l.to.reset();
  l.quantity = Quantity::FromMilli(-2000);
  l.price = Money::FromCents(-1700);
  l.voucher = Money::FromCents(-600);
  l.copay = Money::FromCents(-1100);
  l.flags = kPriorPeriod;
  l.original_month = YearMonth(2024, 4);
  l.rulebook_version.clear();
  EXPECT_EQ(LineJsonText(l), Stringify(LineJson(l)));
}

TEST(SettlementJsonTest, StringsThatNeedEscapingAreEscapedAsPocoDoes) {
  SettlementLine l = HourlyLine();
  l.event_id = "E/\"1\"\\x\ty\n";
  l.client = "Äänekoski \xe2\x82\xac";
  l.municipality = std::string("ctl\x01\x7f", 5);
  EXPECT_EQ(LineJsonText(l), Stringify(LineJson(l)));
}

TEST(SettlementJsonTest, HeadTextIsPocosTextWithTheLinesLeftOut) {
  Settlement s;
  s.provider = "2345678-0";
  s.month = YearMonth(2024, 5);
  s.reference = "2345678202405";
  s.price_total = Money::FromCents(5400);
  s.voucher_total = Money::FromCents(4000);
  s.copay_total = Money::FromCents(1400);
  s.lines = {HourlyLine(), HourlyLine()};
  std::string full = Stringify(SettlementJson(s));
  std::string head = SettlementHeadJsonText(s, 2);
  ASSERT_TRUE(head.ends_with("\"lines\":[]}"));
  std::string lines = LineJsonText(s.lines[0]) + "," + LineJsonText(s.lines[1]);
  EXPECT_EQ(head.substr(0, head.size() - 2) + lines + "]}", full);
}

TEST(SettlementJsonTest, UnpaidRemaindersComeBeforeTheLinesAndReadBack) {
  Settlement s;
  s.provider = "2345678-0";
  s.month = YearMonth(2024, 5);
  s.reference = "2345678202405";
  s.lines = {HourlyLine()};
  UnpaidRemainder u;
  u.event_id = "E-2";
  u.provider = "2345678-0";
  u.service = "henkilokohtainen-apu";
  u.date = Date::FromYmd(2024, 5, 7);
  u.quantity = Quantity::FromMilli(2000);
  u.minutes = 120;
  u.price = Money::FromCents(5000);
  u.code = "over_grant";
  s.unpaid = {u};
  std::string full = Stringify(SettlementJson(s));
  std::string head = SettlementHeadJsonText(s, 1);
  ASSERT_TRUE(head.ends_with("\"lines\":[]}"));  // the store splices the lines in there
  EXPECT_EQ(head.substr(0, head.size() - 2) + LineJsonText(s.lines[0]) + "]}", full);
  auto back = ParseSettlementJson(full);
  ASSERT_TRUE(back.ok()) << back.error().message;
  ASSERT_EQ(back.value().unpaid.size(), 1u);
  EXPECT_EQ(back.value().unpaid[0].price, Money::FromCents(5000));
  EXPECT_EQ(back.value().unpaid[0].minutes, 120);
  EXPECT_EQ(back.value().unpaid[0].code, "over_grant");
}

}  // namespace
}  // namespace seteli::formats
