#include "api/provider_month_notes.h"

#include "api/page_html.h"
#include "api/verdict_words.h"

namespace seteli::api {

std::map<std::string, std::string> ReviewNotes(ApiState& state, const std::string& provider,
                                               const std::string& month) {
  std::map<std::string, std::string> notes;
  auto reviews = state.store->ListReviews({.through_month = month, .provider = provider});
  if (!reviews.ok()) return notes;
  for (const store::ReviewRecord& rv : reviews.value()) {
    if (rv.month != month) continue;
    std::string& note = notes[rv.event_id];
    if (rv.state == store::kReviewPending) {
      note = "<span class=\"duplicate\" data-review=\"pending\">" +
             FiEn("Odottaa järjestäjän tarkastusta; maksetaan, kun se hyväksytään.",
                  "Waits for the organizer's review; paid once approved.") +
             "</span>";
    } else if (rv.state == store::kReviewApproved) {
      note = "<span class=\"accepted\" data-review=\"approved\">" +
             FiEn("Järjestäjä hyväksyi maksettavaksi.", "The organizer approved it for payment.") +
             "</span>";
    } else {
      const Words why = ReviewRefusalWords(rv.reason_code);
      note = "<span class=\"rejected\" data-review=\"refused\">" +
             FiEn("Järjestäjä hylkäsi: " + why.fi + ". Käyntiä ei makseta.",
                  "Refused by the organizer: " + why.en + ". The visit is not paid.") +
             "</span><br>" + Html(rv.text);
    }
  }
  return notes;
}

std::string CreditNotes(ApiState& state, const std::string& provider, const std::string& month) {
  auto credits = state.store->ListCredits({.month = month, .provider = provider});
  if (!credits.ok() || credits.value().empty()) return "";
  std::string rows;
  for (const store::CreditRecord& c : credits.value()) {
    const Words why = CreditReasonWords(c.reason_code);
    rows += "<tr data-credit-id=\"" + Html(c.credit_id) + "\"><td>" + Html(c.event_id) +
            "</td><td class=\"num\">−" + Amount(Money::FromCents(c.amount)) + "</td><td>" +
            FiEn(why.fi, why.en) + "<br>" + Html(c.text) + "</td><td>" +
            (c.applied_month.empty()
                 ? FiEn("Vähennetään seuraavassa tilityksessä", "Deducted in the next settlement")
                 : FiEn("Vähennetty tilityksessä " + Html(c.applied_month),
                        "Deducted in the settlement of " + Html(c.applied_month))) +
            "</td></tr>\n";
  }
  return "<h2>" + FiEn("Järjestäjän hyvitykset", "The organizer's credits") +
         "</h2><p class=\"note\">" +
         FiEn(
             "Järjestäjä on ottanut takaisin osan tämän kuun tilitetyistä käynneistä. "
             "Tilitystä ei muuteta; hyvitys vähennetään seuraavasta tilityksestä.",
             "The organizer has taken back some of this month's settled visits. The "
             "settlement is not changed; the credit is deducted from the next one.") +
         "</p><div class=\"scroll\"><table id=\"credits\"><tr><th>" + FiEn("Käynti", "Event") +
         "</th><th>" + FiEn("Summa €", "Amount €") + "</th><th>" + FiEn("Syy", "Reason") +
         "</th><th>" + FiEn("Tila", "State") + "</th></tr>\n" + rows + "</table></div>";
}

}  // namespace seteli::api
