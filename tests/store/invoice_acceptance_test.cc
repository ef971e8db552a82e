// The decision RecordInvoice makes about an accepted invoice, as pure
// functions: no store needed.
#include "store/invoice_acceptance.h"

#include <gtest/gtest.h>

namespace seteli::store {
namespace {

InvoiceRecord Invoice(int64_t cents) {
  InvoiceRecord r;
  r.seller = "1234567-8";
  r.invoice_number = "L-1";
  r.total_cents = cents;
  r.state = kInvoiceAccepted;
  r.provider = "1234567-8";
  r.month = "2024-05";
  return r;
}

InvoiceRecord CreditNote(int64_t cents) {
  InvoiceRecord r = Invoice(cents);
  r.invoice_number = "H-1";
  r.type = kTypeCreditNote;
  r.original_invoice_number = "L-1";
  r.provider = "";
  r.month = "";
  return r;
}

// The accepted original of `CreditNote`: 100,00 € of 2024-04, id 7.
InvoiceRecord Original(int64_t credited_cents = 0) {
  InvoiceRecord r = Invoice(10000);
  r.id = 7;
  r.month = "2024-04";
  r.credited_cents = credited_cents;
  return r;
}

TEST(ApplyCreditTest, AddsTheCreditAndSaysWhenNothingIsLeft) {
  auto part = ApplyCredit(10000, 0, -2500);
  ASSERT_TRUE(part.ok());
  EXPECT_EQ(part.value().credited_cents, -2500);
  EXPECT_FALSE(part.value().cancels);
  auto rest = ApplyCredit(10000, -2500, -7500);
  ASSERT_TRUE(rest.ok());
  EXPECT_EQ(rest.value().credited_cents, -10000);
  EXPECT_TRUE(rest.value().cancels);
}

TEST(ApplyCreditTest, RefusesACreditAboveWhatIsLeft) {
  auto over = ApplyCredit(10000, -2500, -7501);
  ASSERT_FALSE(over.ok());
  EXPECT_EQ(over.error().code, "credit_exceeds_invoice");
}

TEST(DecideAcceptanceTest, AnInvoiceSettlesItsSettledMonth) {
  auto a = DecideAcceptance(Invoice(10000), {.quoted_state = SettlementState::kSettled});
  ASSERT_TRUE(a.ok());
  EXPECT_TRUE(a.value().settles_month);
  EXPECT_FALSE(a.value().credit);
  EXPECT_EQ(a.value().provider, "1234567-8");
  EXPECT_EQ(a.value().month, "2024-05");
}

TEST(DecideAcceptanceTest, AnInvoiceOfAMonthNotSettledIsRefusedWithTheStateFound) {
  auto held = DecideAcceptance(Invoice(10000), {.quoted_state = SettlementState::kHeld});
  ASSERT_FALSE(held.ok());
  EXPECT_EQ(held.error().code, "settlement_not_open");
  EXPECT_EQ(held.error().where, "held");
  auto missing = DecideAcceptance(Invoice(10000), {});
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, "settlement_not_open");
  EXPECT_EQ(missing.error().where, "");
}

TEST(DecideAcceptanceTest, ANumberTakenBeforeIsADuplicate) {
  auto a = DecideAcceptance(Invoice(10000),
                            {.number_taken = true, .quoted_state = SettlementState::kSettled});
  ASSERT_FALSE(a.ok());
  EXPECT_EQ(a.error().code, "duplicate_invoice_number");
}

TEST(DecideAcceptanceTest, ACreditNoteCreditsItsOriginalInTheOriginalsMonth) {
  auto a = DecideAcceptance(CreditNote(-10000), {.original = Original()});
  ASSERT_TRUE(a.ok());
  EXPECT_FALSE(a.value().settles_month);
  ASSERT_TRUE(a.value().credit);
  const Credit& c = *a.value().credit;
  EXPECT_EQ(c.original_id, 7);
  EXPECT_EQ(c.credited_cents, -10000);
  EXPECT_TRUE(c.cancels);
  EXPECT_EQ(a.value().month, "2024-04");  // stored with the note
  EXPECT_EQ(c.month, "2024-04");
}

TEST(DecideAcceptanceTest, ACreditNoteNeedsAnAcceptedInvoiceWithRoomLeft) {
  auto none = DecideAcceptance(CreditNote(-100), {});
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().code, "unknown_original_invoice");
  InvoiceRecord note = Original();
  note.type = kTypeCreditNote;
  auto of_a_note = DecideAcceptance(CreditNote(-100), {.original = note});
  ASSERT_FALSE(of_a_note.ok());
  EXPECT_EQ(of_a_note.error().code, "unknown_original_invoice");
  auto over = DecideAcceptance(CreditNote(-2001), {.original = Original(-8000)});
  ASSERT_FALSE(over.ok());
  EXPECT_EQ(over.error().code, "credit_exceeds_invoice");
}

TEST(DecideAcceptanceTest, ACreditNoteQuotingAMonthOfCreditsSettlesThatMonth) {
  InvoiceRecord r = CreditNote(-500);
  r.provider = "1234567-8";
  r.month = "2024-06";
  auto a = DecideAcceptance(r, {.original = Original(),
                                .quoted_state = SettlementState::kSettled,
                                .quoted_is_credit_month = true});
  ASSERT_TRUE(a.ok());
  EXPECT_TRUE(a.value().settles_month);
  EXPECT_FALSE(a.value().credit);  // the original stays whole
  EXPECT_EQ(a.value().month, "2024-06");
  // Its month must be open for it as for an invoice.
  auto invoiced = DecideAcceptance(r, {.original = Original(),
                                       .quoted_state = SettlementState::kInvoiced,
                                       .quoted_is_credit_month = true});
  ASSERT_FALSE(invoiced.ok());
  EXPECT_EQ(invoiced.error().code, "settlement_not_open");
}

TEST(SettlementAfterCreditTest, OnlyACancellingCreditReopensAnInvoicedSettlement) {
  Credit whole{.cancels = true};
  Credit part{.cancels = false};
  EXPECT_EQ(SettlementAfterCredit(whole, SettlementState::kInvoiced), SettlementState::kSettled);
  EXPECT_EQ(SettlementAfterCredit(part, SettlementState::kInvoiced), std::nullopt);
  EXPECT_EQ(SettlementAfterCredit(whole, SettlementState::kSettled), std::nullopt);
  EXPECT_EQ(SettlementAfterCredit(whole, std::nullopt), std::nullopt);
}

}  // namespace
}  // namespace seteli::store
