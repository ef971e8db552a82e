#include "seteli/organizer_credit.h"

#include <algorithm>
#include <array>

namespace seteli {
namespace {

constexpr std::array<std::string_view, 4> kReasons = {"service_not_delivered", "wrong_price",
                                                      "duplicate", "other"};
constexpr std::string_view kLinePrefix = "credit:";

// "12,50 €": finance and providers read amounts with a decimal comma.
std::string Euros(Money m) {
  std::string text = m.ToString();
  std::replace(text.begin(), text.end(), '.', ',');
  return text + " €";
}

}  // namespace

std::span<const std::string_view> CreditReasons() { return kReasons; }

bool IsCreditReason(std::string_view code) {
  return std::find(kReasons.begin(), kReasons.end(), code) != kReasons.end();
}

CreditReasonName NameOfCreditReason(std::string_view code) {
  if (code == "service_not_delivered") return {"Palvelua ei annettu", "Service not delivered"};
  if (code == "wrong_price") return {"Väärä hinta", "Wrong price"};
  if (code == "duplicate") return {"Sama käynti kahdesti", "The same visit twice"};
  return {"Muu syy", "Another reason"};
}

std::string CreditNote(std::string_view reason_code, const std::string& text) {
  const CreditReasonName name = NameOfCreditReason(reason_code);
  return std::string(name.fi) + " / " + std::string(name.en) + ": " + text;
}

Result<Money> CreditAmount(Money settled, Money earlier, std::optional<Money> asked) {
  const Money left = settled - earlier;
  if (asked && *asked <= Money()) {
    return Error{"invalid_amount", "hyvitettävän summan on oltava positiivinen, ei " +
                                       Euros(*asked) + " / the amount to credit must be positive"};
  }
  const Money amount = asked.value_or(left);
  if (left <= Money() || amount > left) {
    const std::string most = Euros(std::max(left, Money()));
    return Error{"credit_exceeds_settled", "hyvitettävissä on enintään " + most + " (tilitetty " +
                                               Euros(settled) + ", hyvitetty aiemmin " +
                                               Euros(earlier) + ") / at most " + most +
                                               " can be credited (settled " + Euros(settled) +
                                               ", credited before " + Euros(earlier) + ")"};
  }
  return amount;
}

SettlementLine CreditLine(const SettlementLine& of, Money amount, const std::string& credit_id,
                          YearMonth original_month, const std::string& note) {
  SettlementLine l;
  l.event_id = CreditLineId(credit_id);
  l.decision_id = of.decision_id;
  l.client = of.client;
  l.provider = of.provider;
  l.service = of.service;
  l.municipality = of.municipality;
  l.service_class = of.service_class;
  l.unit = of.unit;
  l.date = of.date;
  l.price = -amount;
  l.voucher = -amount;
  l.flags = kPriorPeriod;
  l.rulebook_version = of.rulebook_version;
  l.original_month = original_month;
  l.note = note;
  return l;
}

std::string CreditLineId(const std::string& credit_id) {
  return std::string(kLinePrefix) + credit_id;
}

bool IsCreditLine(const SettlementLine& line) { return line.event_id.starts_with(kLinePrefix); }

}  // namespace seteli
