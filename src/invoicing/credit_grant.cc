#include "invoicing/credit_grant.h"

#include "formats/settlement_json.h"
#include "formats/sha256.h"
#include "seteli/organizer_credit.h"

namespace seteli::invoicing {
namespace {

Error NotSettled(const CreditRequest& r, const std::string& why) {
  return Error{"event_not_settled",
               "tapahtumaa " + r.event_id + " ei ole tilitetty kuukaudelta " + r.month +
                   " / event " + r.event_id + " of " + r.provider + " is not settled in " +
                   r.month + ": " + why,
               r.event_id};
}

// What is wrong with the request on its face, if anything.
std::optional<Error> Invalid(const CreditRequest& r) {
  if (r.provider.empty() || r.event_id.empty()) {
    return Error{"missing_field",
                 "provider ja event_id tarvitaan / provider and event_id are needed"};
  }
  if (!IsCreditReason(r.reason_code)) {
    std::string known;
    for (std::string_view c : CreditReasons()) {
      known += (known.empty() ? "" : ", ") + std::string(c);
    }
    return Error{"credit_reason_unknown", "syykoodi on yksi näistä / the reason code is one of: " +
                                              known + " (not '" + r.reason_code + "')"};
  }
  if (r.text.empty()) {
    return Error{"missing_reason", "hyvitys tarvitsee selityksen / a credit needs a text"};
  }
  return std::nullopt;
}

// The month of the event's service when the request names none.
Result<std::string> MonthOf(store::EventStore& store, const CreditRequest& r) {
  if (!r.month.empty()) {
    if (auto m = YearMonth::Parse(r.month); !m.ok()) return m.error();
    return r.month;
  }
  auto events = store.EventsById({r.event_id});
  if (!events.ok()) return events.error();
  for (const store::StoredEvent& e : events.value()) {
    if (e.row.provider != r.provider) continue;
    if (e.row.month_from != e.row.month_to) {
      return Error{"invalid_month", "tapahtuma " + r.event_id +
                                        " jatkuu yli kuukauden: anna kuukausi / the event spans " +
                                        e.row.month_from + " to " + e.row.month_to +
                                        ": give the month to credit"};
    }
    return e.row.month_from;
  }
  return Error{"not_found",
               "palveluntuottajalla " + r.provider + " ei ole tapahtumaa " + r.event_id +
                   " / provider " + r.provider + " has no event " + r.event_id,
               r.event_id};
}

// The same request again gives the credit it gave; another under its ID
// is refused.
Result<store::CreditAdded> Given(const store::CreditRecord& c, const CreditRequest& r) {
  if (c.provider == r.provider && c.event_id == r.event_id && c.month == r.month &&
      c.reason_code == r.reason_code && c.text == r.text && (!r.amount || *r.amount == c.amount)) {
    return store::CreditAdded{c, false};
  }
  return Error{"duplicate_conflict",
               "hyvitys " + c.credit_id + " on jo annettu toisin / credit " + c.credit_id +
                   " was given before with other content",
               c.credit_id};
}

// What the event's lines in the provider's month add up to, and the line
// a credit of it is coded as (the one with the largest voucher part).
struct SettledEvent {
  Money voucher;
  SettlementLine coded_as;
};

Result<SettledEvent> SettledOf(store::SettlementStore& store, const CreditRequest& r) {
  auto heads = store.ListSettlementHeads(r.month, r.provider);
  if (!heads.ok()) return heads.error();
  if (heads.value().empty()) return NotSettled(r, "the month has no settlement of the provider");
  if (heads.value()[0].state == store::kHeld) return NotSettled(r, "its settlement is held");
  auto rows = store.LinesForMonth(r.provider, r.month);
  if (!rows.ok()) return rows.error();
  SettledEvent out;
  const store::SettlementLineRow* largest = nullptr;
  for (const store::SettlementLineRow& row : rows.value()) {
    if (row.event_id != r.event_id) continue;
    out.voucher += Money::FromCents(row.voucher);
    if (!largest || row.voucher > largest->voucher) largest = &row;
  }
  if (!largest) return NotSettled(r, "no line of the event is in it");
  auto line = formats::ParseLineJson(largest->body);
  if (!line.ok()) return Error{"store_corrupt", line.error().message};
  out.coded_as = std::move(line.value());
  return out;
}

}  // namespace

std::string DerivedCreditId(const CreditRequest& r) {
  const std::string amount = r.amount ? std::to_string(*r.amount) : "";
  const std::string key = r.provider + "\n" + r.event_id + "\n" + r.month + "\n" + amount + "\n" +
                          r.reason_code + "\n" + r.text;
  return "C-" + formats::Sha256Hex(key).substr(0, 16);
}

Result<store::CreditAdded> GrantCredit(store::Store& store, const CreditRequest& asked,
                                       const std::string& actor) {
  if (auto invalid = Invalid(asked)) return *invalid;
  CreditRequest r = asked;
  auto month = MonthOf(store, r);
  if (!month.ok()) return month.error();
  r.month = month.value();
  if (r.credit_id.empty()) r.credit_id = DerivedCreditId(r);

  auto same_id = store.ListCredits({.credit_id = r.credit_id});
  if (!same_id.ok()) return same_id.error();
  if (!same_id.value().empty()) return Given(same_id.value()[0], r);
  auto earlier =
      store.ListCredits({.month = r.month, .provider = r.provider, .event_id = r.event_id});
  if (!earlier.ok()) return earlier.error();
  Money before;
  for (const store::CreditRecord& c : earlier.value()) before += Money::FromCents(c.amount);

  auto settled = SettledOf(store, r);
  if (!settled.ok()) return settled.error();
  std::optional<Money> amount;
  if (r.amount) amount = Money::FromCents(*r.amount);
  auto credit = CreditAmount(settled.value().voucher, before, amount);
  if (!credit.ok()) return credit.error();
  const YearMonth m = YearMonth::Parse(r.month).value();
  const SettlementLine line = CreditLine(settled.value().coded_as, credit.value(), r.credit_id, m,
                                         CreditNote(r.reason_code, r.text));
  store::CreditRecord record{r.credit_id,
                             r.provider,
                             r.event_id,
                             r.month,
                             credit.value().cents(),
                             r.reason_code,
                             r.text,
                             formats::LineJsonText(line)};
  return store.AddCredit(record, before.cents(),
                         {actor, "credit.add", r.event_id,
                          r.credit_id + " " + r.provider + " " + r.month + " " +
                              credit.value().ToString() + " " + r.reason_code + ": " + r.text});
}

}  // namespace seteli::invoicing
