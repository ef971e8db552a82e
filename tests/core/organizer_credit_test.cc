// The arithmetic of organizer credits: what may be credited of an event's
// settled voucher part, and the line a credit becomes.
#include "seteli/organizer_credit.h"

#include <gtest/gtest.h>

namespace seteli {
namespace {

Money Eur(int64_t cents) { return Money::FromCents(cents); }

TEST(CreditAmount, WithoutAnAmountCreditsAllThatIsLeft) {
  EXPECT_EQ(CreditAmount(Eur(8750), Eur(0), std::nullopt).value(), Eur(8750));
  EXPECT_EQ(CreditAmount(Eur(8750), Eur(2000), std::nullopt).value(), Eur(6750));
}

TEST(CreditAmount, APartUpToWhatIsLeft) {
  EXPECT_EQ(CreditAmount(Eur(8750), Eur(0), Eur(1)).value(), Eur(1));
  EXPECT_EQ(CreditAmount(Eur(8750), Eur(2000), Eur(6750)).value(), Eur(6750));
}

TEST(CreditAmount, NeverMoreThanWasSettledNetOfEarlierCredits) {
  auto over = CreditAmount(Eur(8750), Eur(2000), Eur(6751));
  ASSERT_FALSE(over.ok());
  EXPECT_EQ(over.error().code, "credit_exceeds_settled");
  EXPECT_EQ(over.error().kind, ErrorKind::kInvalid);
  EXPECT_NE(over.error().message.find("67,50 €"), std::string::npos) << over.error().message;
  EXPECT_EQ(over.error().message.find("67.50"), std::string::npos) << over.error().message;
  // Nothing left: a whole credit again is refused, not a credit of zero.
  EXPECT_EQ(CreditAmount(Eur(8750), Eur(8750), std::nullopt).error().code,
            "credit_exceeds_settled");
  EXPECT_EQ(CreditAmount(Eur(0), Eur(0), std::nullopt).error().code, "credit_exceeds_settled");
}

TEST(CreditAmount, RefusesZeroAndNegativeAmounts) {
  EXPECT_EQ(CreditAmount(Eur(8750), Eur(0), Eur(0)).error().code, "invalid_amount");
  EXPECT_EQ(CreditAmount(Eur(8750), Eur(0), Eur(-100)).error().code, "invalid_amount");
}

TEST(CreditReasons, AreASmallFixedList) {
  EXPECT_TRUE(IsCreditReason("service_not_delivered"));
  EXPECT_TRUE(IsCreditReason("wrong_price"));
  EXPECT_TRUE(IsCreditReason("duplicate"));
  EXPECT_TRUE(IsCreditReason("other"));
  EXPECT_FALSE(IsCreditReason(""));
  EXPECT_FALSE(IsCreditReason("because"));
  EXPECT_EQ(CreditReasons().size(), 4u);
}

TEST(CreditReasons, EachHasWordsTheProviderReads) {
  for (std::string_view code : CreditReasons()) {
    const CreditReasonName name = NameOfCreditReason(code);
    EXPECT_FALSE(name.fi.empty()) << code;
    EXPECT_NE(name.fi, name.en) << code;
  }
  EXPECT_EQ(NameOfCreditReason("wrong_price").fi, "Väärä hinta");
  EXPECT_EQ(NameOfCreditReason("nonsense").en, "Another reason");
  EXPECT_EQ(CreditNote("duplicate", "kahdesti / twice"),
            "Sama käynti kahdesti / The same visit twice: kahdesti / twice");
}

TEST(CreditLine, IsANegativePriorPeriodLineOfItsOwn) {
  SettlementLine event;
  event.event_id = "E-1";
  event.decision_id = "D-1";
  event.client = "C-1";
  event.provider = "2345678-0";
  event.service = "kotihoito";
  event.municipality = "Lappeenranta";
  event.service_class = ServiceClass::kHealth;
  event.date = Date::Parse("2024-05-13").value();
  event.quantity = Quantity::Units(2);
  event.minutes = 120;
  event.unit_price = Eur(3000);
  event.price = Eur(6000);
  event.voucher = Eur(5000);
  event.copay = Eur(1000);
  event.flags = kLateRecording;

  SettlementLine l = CreditLine(event, Eur(1250), "C-9", YearMonth(2024, 5), "wrong_price: x");
  EXPECT_EQ(l.event_id, "credit:C-9");
  EXPECT_TRUE(IsCreditLine(l));
  EXPECT_FALSE(IsCreditLine(event));
  EXPECT_EQ(l.price, Eur(-1250));
  EXPECT_EQ(l.voucher, Eur(-1250));
  EXPECT_EQ(l.copay, Eur(0));
  EXPECT_EQ(l.price, l.voucher + l.copay);
  EXPECT_EQ(l.quantity.milli(), 0);
  EXPECT_FALSE(l.minutes);
  EXPECT_EQ(l.flags, static_cast<uint32_t>(kPriorPeriod));
  EXPECT_EQ(l.original_month, YearMonth(2024, 5));
  EXPECT_EQ(l.service, "kotihoito");
  EXPECT_EQ(l.municipality, "Lappeenranta");
  EXPECT_EQ(l.service_class, ServiceClass::kHealth);
  EXPECT_EQ(l.decision_id, "D-1");
  EXPECT_EQ(l.note, "wrong_price: x");
}

}  // namespace
}  // namespace seteli
