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

std::string Pretty(const MonthSettlement& m) {
  std::ostringstream s;
  WriteJson(MonthSettlementJson(m), s);
  return s.str();
}

std::string Streamed(const MonthSettlement& m) {
  std::ostringstream s;
  WriteMonthSettlementJson(m, s);
  return s.str();
}

TEST(SettlementJsonTest, StreamedMonthOfNothingIsPocosText) {
  MonthSettlement m;
  m.month = YearMonth(2024, 5);
  m.rulebook_version = "2024.1";
  EXPECT_EQ(Streamed(m), Pretty(m));
}

TEST(SettlementJsonTest, StreamedMonthIsPocosText) {
  MonthSettlement m;
  m.month = YearMonth(2024, 5);
  m.rulebook_version = "2024.1";
  SettlementLine credit = HourlyLine();
  credit.minutes.reset();
  credit.flags = 0;
  credit.original_month = YearMonth(2024, 4);
  credit.client = "Äänekoski \"/\\";
  Settlement s{"2345678-0",
               m.month,
               "2345678202405",
               Money::FromCents(5400),
               Money::FromCents(4000),
               Money::FromCents(1400),
               {HourlyLine(), credit},
               {}};
  Settlement t{"3012345-8", m.month, "3012345202405", {}, {}, {}, {HourlyLine()}, {}};
  m.settlements = {s, t};
  m.rejected = {{"E-2", "unknown_decision", "päätöstä ei ole / no decision", "events.jsonl", 3},
                {"", "malformed_event", "bad", "api", 0}};
  m.unpaid = {{"E-3", "2345678-0", "henkilokohtainen-apu", Date::FromYmd(2024, 5, 2),
               Quantity::FromMilli(500), 30, Money::FromCents(1800), "over_grant"},
              {"E-4", "2987654-0", "ateriapalvelu", Date::FromYmd(2024, 5, 3), Quantity::Units(2),
               std::nullopt, Money::FromCents(1000), "quantity_cap"}};
  m.settlements[0].unpaid = {m.unpaid[0]};
  m.balances = {{"D-9", "C-9", m.month, Money::FromCents(100000), Money::FromCents(100000),
                 Money::FromCents(2500), Money::FromCents(197500), 3}};
  EXPECT_EQ(Streamed(m), Pretty(m));
}

}  // namespace
}  // namespace seteli::formats
