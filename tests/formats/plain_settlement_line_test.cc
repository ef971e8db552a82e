// A stored settlement line read in its common shape gives what the full
// reader gives, and every line the full reader refuses is left to it.
#include "formats/plain_settlement_line.h"

#include <gtest/gtest.h>

#include "formats/settlement_json.h"

namespace seteli::formats {
namespace {

// The full reader alone: a settlement around the line, read by
// ParseSettlementJson (which does not take the plain path).
Result<SettlementLine> FullReader(const std::string& line) {
  auto s = ParseSettlementJson(
      R"({"provider":"P","month":"2024-05","reference":"R","price_total":"0",)"
      R"("voucher_total":"0","copay_total":"0","lines":[)" +
      line + "]}");
  if (!s.ok()) return s.error();
  if (s.value().lines.size() != 1) return Error{"not_one_line", line};
  return s.value().lines[0];
}

void ExpectSameAsFullReader(const std::string& line) {
  auto full = FullReader(line);
  SettlementLine plain;
  const bool scanned = ScanPlainSettlementLine(line, plain);
  if (!full.ok()) {
    EXPECT_FALSE(scanned) << line;
    return;
  }
  if (!scanned) return;  // valid, but left to the full reader
  EXPECT_EQ(LineJsonText(plain), LineJsonText(full.value())) << line;
}

SettlementLine Meal() {
  SettlementLine l;
  l.event_id = "E-1";
  l.decision_id = "D-1";
  l.client = "C-1";
  l.provider = "2345678-0";
  l.service = "ateriapalvelu";
  l.municipality = "Mikkeli";
  l.unit = Unit::kMeal;
  l.date = Date::Parse("2024-05-04").value();
  l.quantity = Quantity::Units(1);
  l.unit_price = Money::Parse("8.50").value();
  l.price = l.unit_price;
  l.voucher = Money::Parse("3.00").value();
  l.copay = Money::Parse("5.50").value();
  l.rulebook_version = "2024-26c04cf4f601";
  return l;
}

// A prior month's visit taken back: negative, timed, flagged and noted.
SettlementLine CreditedVisit() {
  SettlementLine l = Meal();
  l.service = "kotihoito";
  l.service_class = ServiceClass::kHealth;
  l.unit = Unit::kHour;
  l.quantity = Quantity::FromMilli(-1500);
  l.minutes = -90;
  l.from = Instant::Parse("2024-04-30T10:00:00+03:00").value();
  l.to = Instant::Parse("2024-04-30T11:30:00+03:00").value();
  l.unit_price = Money::Parse("30.00").value();
  l.price = Money::Parse("-45.00").value();
  l.voucher = Money::Parse("-37.50").value();
  l.copay = Money::Parse("-7.50").value();
  l.flags = kLateRecording | kPriorPeriod;
  l.original_month = YearMonth(2024, 4);
  l.note = "reason-code";
  return l;
}

std::string With(const std::string& from, const std::string& to) {
  std::string line = LineJsonText(CreditedVisit());
  const size_t at = line.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  line.replace(at, from.size(), to);
  return line;
}

TEST(PlainSettlementLine, WhatTheStoreWritesReadsAsTheFullReaderReadsIt) {
  for (const SettlementLine& l : {Meal(), CreditedVisit()}) {
    const std::string text = LineJsonText(l);
    SettlementLine plain;
    ASSERT_TRUE(ScanPlainSettlementLine(text, plain)) << text;
    EXPECT_EQ(LineJsonText(plain), text);
    ExpectSameAsFullReader(text);
  }
  SettlementLine plain;
  ASSERT_TRUE(ScanPlainSettlementLine(LineJsonText(CreditedVisit()), plain));
  EXPECT_EQ(plain.minutes, -90);
  EXPECT_EQ(plain.flags, kLateRecording | kPriorPeriod);
  EXPECT_EQ(plain.quantity.milli(), -1500);
  EXPECT_EQ(plain.service_class, ServiceClass::kHealth);
  EXPECT_EQ(plain.original_month->ToString(), "2024-04");
}

TEST(PlainSettlementLine, SpacesAndUnknownFlagsReadAsTheFullReaderReadsThem) {
  for (const std::string& line :
       {With(",", " ,\n "), With("{", "{ "), With("\"flags\":[\"late_recording\"",
                                                   "\"flags\":[\"someday\",\"late_recording\""),
        With("\"flags\":[\"late_recording\",\"prior_period\"]", "\"flags\":[]")}) {
    SettlementLine plain;
    EXPECT_TRUE(ScanPlainSettlementLine(line, plain)) << line;
    ExpectSameAsFullReader(line);
  }
}

TEST(PlainSettlementLine, AnythingUncommonIsLeftToTheFullReader) {
  for (const std::string& line : std::vector<std::string>{
           With("reason-code", "reason\\u00e4"), With("reason-code", "reason \xc3\xa4"),
           With("\"note\"", "\"colour\""), With("\"note\":\"reason-code\"", "\"note\":\"\""),
           With("\"note\":\"reason-code\"", "\"event_id\":\"E-2\""),
           With("\"note\":\"reason-code\"", "\"note\":null"), With("\"-1.5\"", "-1.5"),
           With("-90", "\"-90\""), With("-90", "-090"), With("-90", "-0"), With("-90", "1000001"),
           With("-90", "100001"), With("-90", "-911111111111111111111"), With("-90", "1.5"), With("-90", "9e1"),
           With("\"flags\":[\"late_recording\",", "\"flags\":[7,"),
           With("\"flags\":[\"late_recording\",\"prior_period\"],", ""),
           With("\"date\":\"2024-05-04\",", ""), With("2024-05-04", "2024-13-04"),
           With("\"hour\"", "\"litre\""), With("\"health\"", "\"dental\""),
           With("\"minutes\":-90,", ""), With(",\"to\":\"2024-04-30T11:30:00+03:00\"", ""),
           With("\"E-1\"", "\"\""), With("-45.00", "-45.001"), With("2024-04\"", "2024-4\""),
           LineJsonText(Meal()) + " x", LineJsonText(Meal()).substr(1), "[]", ""}) {
    SettlementLine plain;
    EXPECT_FALSE(ScanPlainSettlementLine(line, plain)) << line;
    ExpectSameAsFullReader(line);
  }
}

TEST(PlainSettlementLine, ParseLineJsonGivesTheSameLineOrErrorEitherWay) {
  for (const std::string& line :
       {LineJsonText(CreditedVisit()), With("reason-code", "reason \xc3\xa4"),
        With("2024-05-04", "2024-13-04"), With("\"flags\":[\"late_recording\",", "\"flags\":[7,")}) {
    auto either = ParseLineJson(line);
    auto full = FullReader(line);
    ASSERT_EQ(either.ok(), full.ok()) << line;
    if (full.ok()) {
      EXPECT_EQ(LineJsonText(either.value()), LineJsonText(full.value()));
    } else {
      EXPECT_EQ(either.error().code, full.error().code);
    }
  }
}

}  // namespace
}  // namespace seteli::formats
