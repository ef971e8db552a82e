// Finance's credits page (docs/finance.md, "Credits"), under /portal for
// the finance and admin roles:
//
//   GET  /portal/finance/credits?month=   the credits given for a settled
//                                         month, each with its reason and
//                                         whether a run has applied it,
//                                         and a form to give one
//   POST /portal/finance/credits          give one; 303 back to the list
//
// A credit goes through invoicing::GrantCredit, as POST /v1/credits and
// `seteli credit` do, so the page checks and audits alike.
#include <Poco/URI.h>

#include <algorithm>
#include <vector>

#include "api/credit_routes.h"
#include "api/form_body.h"
#include "api/page_html.h"
#include "api/pages.h"
#include "api/verdict_words.h"
#include "books/overview_page.h"
#include "invoicing/credit_grant.h"
#include "seteli/organizer_credit.h"

namespace seteli::api {
namespace {

constexpr char kPath[] = "/portal/finance/credits";

// "10,50", "10.50", "1 010,50" or "" (all that is left), as finance types it.
Result<std::optional<int64_t>> ParseAmount(std::string text) {
  std::erase_if(text, [](char c) { return c == ' '; });
  for (std::string_view nbsp : {std::string_view("\u00a0"), std::string_view("\u202f")}) {
    for (size_t at; (at = text.find(nbsp)) != std::string::npos;) text.erase(at, nbsp.size());
  }
  if (text.empty()) return std::optional<int64_t>();
  std::replace(text.begin(), text.end(), ',', '.');
  auto money = Money::Parse(text);
  if (!money.ok()) {
    return Error{"invalid_amount", "summa kuten 12,50 / an amount such as 12,50"};
  }
  return std::optional<int64_t>(money.value().cents());
}

std::string ProviderOptions(ApiState& state, const std::string& chosen) {
  std::string options;
  for (const auto& [id, p] : state.catalogs.Get()->providers.all()) {
    options += "<option value=\"" + Html(id) + "\"" + (id == chosen ? " selected" : "") + ">" +
               Html(p.name.empty() ? id : p.name + " (" + id + ")") + "</option>";
  }
  return options;
}

std::string GiveForm(ApiState& state, const Session& s, const std::string& month,
                     const std::map<std::string, std::string>& form) {
  std::string reasons;
  for (std::string_view code : CreditReasons()) {
    const Words w = CreditReasonWords(std::string(code));
    reasons += "<option value=\"" + std::string(code) + "\"" +
               (FormField(form, "reason_code") == code ? " selected" : "") + ">" + Html(w.fi) +
               " / " + Html(w.en) + "</option>";
  }
  auto input = [&](const char* name, const std::string& fi, const std::string& en,
                   const std::string& extra) {
    return "<label>" + FiEn(fi, en) + " <input type=\"text\" name=\"" + name + "\" value=\"" +
           Html(FormField(form, name)) + "\" " + extra + "></label>";
  };
  return "<h2>" + FiEn("Anna hyvitys", "Give a credit") + "</h2><form method=\"post\" action=\"" +
         kPath + "\" id=\"give-credit\">" + CsrfField(s.csrf) +
         "<input type=\"hidden\" name=\"month\" value=\"" + Html(month) + "\"><label>" +
         FiEn("Palveluntuottaja", "Provider") + " <select name=\"provider\">" +
         ProviderOptions(state, FormField(form, "provider")) + "</select></label>" +
         input("event_id", "Käynnin tunnus", "Event ID", "required maxlength=\"100\"") +
         input("amount", "Summa, tyhjä = koko jäljellä oleva", "Amount, empty = all that is left",
               "inputmode=\"decimal\" maxlength=\"20\" placeholder=\"12,50\"") +
         "<label>" + FiEn("Syy", "Reason") + " <select name=\"reason_code\">" + reasons +
         "</select></label>" +
         input("text", "Teksti palveluntuottajalle", "Text to the provider",
               "required maxlength=\"500\"") +
         "<button type=\"submit\">" + FiEn("Anna hyvitys", "Give the credit") + "</button></form>";
}

std::string CreditTable(ApiState& state, const std::vector<store::CreditRecord>& credits) {
  if (credits.empty()) {
    return "<p id=\"no-credits\">" +
           FiEn("Tälle kuukaudelle ei ole annettu hyvityksiä.", "No credits for this month.") +
           "</p>";
  }
  auto catalog = state.catalogs.Get();
  std::string rows;
  for (const store::CreditRecord& c : credits) {
    const Provider* p = catalog->providers.Find(c.provider);
    const Words reason = CreditReasonWords(c.reason_code);
    const std::string applied = c.applied_month.empty()
                                    ? FiEn("Odottaa seuraavaa ajoa", "Waits for the next run")
                                    : FiEn("Tilityksessä " + Html(c.applied_month),
                                           "In the settlement of " + Html(c.applied_month));
    rows += "<tr data-credit-id=\"" + Html(c.credit_id) + "\"><td>" +
            Html(p && !p->name.empty() ? p->name : "") + " <small><code>" + Html(c.provider) +
            "</code></small></td><td>" + Html(c.event_id) + "</td><td class=\"num\">" +
            Amount(Money::FromCents(c.amount)) + "</td><td>" + FiEn(reason.fi, reason.en) +
            " <small><code>" + Html(c.reason_code) + "</code></small><br>" + Html(c.text) +
            "</td><td>" + Html(c.created_by) + "<br>" + Html(books::HelsinkiTime(c.created_at)) +
            "</td><td>" + applied + "</td></tr>\n";
  }
  return "<div class=\"scroll\"><table id=\"credits\"><tr><th>" +
         FiEn("Palveluntuottaja", "Provider") + "</th><th>" + FiEn("Käynti", "Event") +
         "</th><th>" + FiEn("Summa €", "Amount €") + "</th><th>" + FiEn("Syy", "Reason") +
         "</th><th>" + FiEn("Kuka, milloin", "Who, when") + "</th><th>" + FiEn("Tila", "State") +
         "</th></tr>\n" + rows + "</table></div>";
}

Reply CreditsPage(ApiState& state, const Session& s, const std::string& month,
                  const std::string& notice, const std::map<std::string, std::string>& form,
                  int status = 200) {
  auto credits = state.store->ListCredits({.month = month});
  if (!credits.ok()) {
    state.metrics.CountStoreError();
    return PageReply("Hyvitykset", "Credits", PortalNav(s),
                     "<p class=\"error\">" + Html(credits.error().message) + "</p>", 503);
  }
  const std::string picker =
      "<form method=\"get\" action=\"" + std::string(kPath) + "\"><label for=\"month\">" +
      FiEn("Tilitetty kuukausi", "Settled month") +
      "</label><input type=\"month\" id=\"month\" name=\"month\" value=\"" + Html(month) +
      "\"> <button type=\"submit\">" + FiEn("Näytä", "Show") + "</button></form>";
  const std::string body =
      notice + picker + "<p class=\"note\">" +
      FiEn(
          "Hyvitys ottaa tilitetyn käynnin palvelusetelin osuuden takaisin kokonaan tai osin. "
          "Tilitystä ei muuteta: palveluntuottajan seuraava ajo vähentää hyvityksen kerran, ja "
          "palveluntuottaja näkee syyn ja tekstin tilitysraportissaan.",
          "A credit takes back a settled event's voucher part, whole or in part. The settlement "
          "is not changed: the provider's next run deducts the credit once, and the provider "
          "reads the reason and the text on its statement.") +
      "</p>" + CreditTable(state, credits.value()) + GiveForm(state, s, month, form);
  return PageReply("Hyvitykset " + month, "Credits " + month, PortalNav(s), body, status);
}

Reply PostCredit(ApiState& state, const Session& s, const std::map<std::string, std::string>& form,
                 const std::string& month) {
  auto failed = [&](int status, const Error& e) {
    return CreditsPage(state, s, month,
                       "<p class=\"error\" id=\"outcome\">" +
                           FiEn("Hyvitystä ei annettu.", "The credit was not given.") + " <code>" +
                           Html(e.code) + "</code> " + Html(e.message) + "</p>",
                       form, status);
  };
  auto amount = ParseAmount(FormField(form, "amount"));
  if (!amount.ok()) return failed(400, amount.error());
  auto granted = invoicing::GrantCredit(*state.store,
                                        {.provider = FormField(form, "provider"),
                                         .event_id = FormField(form, "event_id"),
                                         .month = month,
                                         .amount = amount.value(),
                                         .reason_code = FormField(form, "reason_code"),
                                         .text = FormField(form, "text")},
                                        s.principal.Label());
  if (!granted.ok()) {
    const int status = CreditErrorStatus(granted.error().code);
    if (status == 503) state.metrics.CountStoreError();
    return failed(status, granted.error());
  }
  std::string id;
  Poco::URI::encode(granted.value().credit.credit_id, "&=#+?%/ ", id);
  return Redirect(std::string(kPath) + "?month=" + month + "&given=" + id);
}

// The outcome of the credit just given, from the redirect's query.
std::string Outcome(ApiState& state, const Request& r) {
  const std::string given = QueryParam(r, "given");
  if (given.empty()) return "";
  auto credits = state.store->ListCredits({.credit_id = given});
  if (!credits.ok() || credits.value().empty()) return "";
  const store::CreditRecord& c = credits.value()[0];
  const std::string amount = Amount(Money::FromCents(c.amount));
  return "<p class=\"note\" id=\"outcome\">" +
         FiEn("Käynnistä " + Html(c.event_id) + " hyvitetään " + amount +
                  " €; palveluntuottajan seuraava ajo vähentää sen.",
              "Event " + Html(c.event_id) + " is credited " + amount +
                  " €; the provider's next run deducts it.") +
         "</p>";
}

}  // namespace

std::optional<Reply> RouteCreditPages(ApiState& state, const Request& r, const Session& s,
                                      const std::map<std::string, std::string>& form) {
  if (r.path != kPath) return std::nullopt;
  const std::string month = PageMonth(r, form);
  if (r.method == "GET") return CreditsPage(state, s, month, Outcome(state, r), {});
  return PostCredit(state, s, form, month);
}

}  // namespace seteli::api
