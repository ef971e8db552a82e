// Finance's signed-in pages beside the month page (docs/finance.md), under
// /portal, for the finance and admin roles:
//
//   GET  /portal/finance/review?month=   the events waiting for review, each
//                                        with an approve and a refuse form;
//                                        the decided ones below
//   POST /portal/finance/review          approve or refuse one; 303 back
//   POST /portal/finance/release         release a held settlement with a
//                                        reason (the month page's form)
//
// A decision goes through invoicing::DecideReview, as POST /v1/review does,
// and a release through invoicing::ReleaseHeld, as the API's release does,
// so the pages check and audit alike.
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/URI.h>

#include <cctype>
#include <vector>

#include "api/form_body.h"
#include "api/page_html.h"
#include "api/pages.h"
#include "api/review_routes.h"
#include "api/verdict_words.h"
#include "books/overview_page.h"
#include "invoicing/release.h"
#include "invoicing/review_decision.h"

namespace seteli::api {
namespace {

using Poco::JSON::Object;

// "2024-05-12" as "12.5.2024"; anything else as it is.
std::string FinnishDate(const std::string& iso) {
  for (size_t i = 0; i < 10; ++i) {
    const bool dash = i == 4 || i == 7;
    if (i >= iso.size() ||
        (dash ? iso[i] != '-' : !std::isdigit(static_cast<unsigned char>(iso[i]))))
      return iso;
  }
  auto part = [&](size_t at) {
    return iso.substr(iso[at] == '0' ? at + 1 : at, iso[at] == '0' ? 1 : 2);
  };
  return part(8) + "." + part(5) + "." + iso.substr(0, 4);
}

// A visit's start and end in local time as recorded: "12.5.2024 13:45–14:35".
std::string FinnishSpan(const std::string& start, const std::string& end) {
  if (start.size() < 16 || end.size() < 16) return start + " – " + end;
  const bool same_day = start.compare(0, 10, end, 0, 10) == 0;
  return FinnishDate(start.substr(0, 10)) + " " + start.substr(11, 5) + "–" +
         (same_day ? "" : FinnishDate(end.substr(0, 10)) + " ") + end.substr(11, 5);
}

// The event's service and its date (or its start and end) as stored.
struct EventFacts {
  std::string service, when;
};

std::map<std::string, EventFacts> FactsOf(ApiState& state,
                                          const std::vector<store::ReviewRecord>& reviews) {
  std::vector<std::string> ids;
  for (const auto& rv : reviews) ids.push_back(rv.event_id);
  std::map<std::string, EventFacts> facts;
  auto events = state.store->EventsById(ids);
  if (!events.ok()) return facts;  // the page still lists the reviews
  for (const store::StoredEvent& e : events.value()) {
    auto o = Poco::JSON::Parser().parse(e.row.body).extract<Object::Ptr>();
    EventFacts f{o->optValue<std::string>("service", ""),
                 FinnishDate(o->optValue<std::string>("date", ""))};
    if (o->has("start")) {
      f.when =
          FinnishSpan(o->optValue<std::string>("start", ""), o->optValue<std::string>("end", ""));
    }
    facts[o->optValue<std::string>("event_id", "")] = f;
  }
  return facts;
}

std::string ProviderName(ApiState& state, const std::string& business_id) {
  const Provider* p = state.catalogs.Get()->providers.Find(business_id);
  return (p && !p->name.empty() ? Html(p->name) + " " : "") + "<small><code>" + Html(business_id) +
         "</code></small>";
}

// The service by its rulebook name, the code in small print.
std::string ServiceHtml(ApiState& state, const std::string& code) {
  for (const Service& s : state.catalogs.Get()->rulebook.services) {
    if (s.code == code && !s.name.empty()) {
      return Html(s.name) + " <small><code>" + Html(code) + "</code></small>";
    }
  }
  return Html(code);
}

std::string FlagsHtml(const std::string& flags) {
  std::string out;
  for (size_t from = 0; from < flags.size();) {
    size_t comma = flags.find(',', from);
    if (comma == std::string::npos) comma = flags.size();
    const std::string flag = flags.substr(from, comma - from);
    const Words w = FlagWords(flag);
    out += (out.empty() ? "" : "<br>") + FiEn(w.fi, w.en) + " <small><code>" + Html(flag) +
           "</code></small>";
    from = comma + 1;
  }
  return out;
}

std::string DecideForms(const Session& s, const std::string& month, const std::string& event_id) {
  const std::string hidden =
      CsrfField(s.csrf) + "<input type=\"hidden\" name=\"event_id\" value=\"" + Html(event_id) +
      "\"><input type=\"hidden\" name=\"month\" value=\"" + Html(month) + "\">";
  std::string options;
  for (const std::string& code : ReviewRefusalCodes()) {
    const Words w = code == "other"
                        ? Words{"Muu syy (kerro tekstissä)", "Another reason (say in the text)"}
                        : ReviewRefusalWords(code);
    options += "<option value=\"" + code + "\">" + Html(w.fi) + " / " + Html(w.en) + "</option>";
  }
  return "<form method=\"post\" action=\"/portal/finance/review\" class=\"approve\">" + hidden +
         "<input type=\"hidden\" name=\"decision\" value=\"approve\"><button type=\"submit\">" +
         FiEn("Hyväksy maksettavaksi", "Approve for payment") +
         "</button></form><form method=\"post\" action=\"/portal/finance/review\" "
         "class=\"refuse\">" +
         hidden + "<input type=\"hidden\" name=\"decision\" value=\"refuse\"><label>" +
         FiEn("Syy", "Reason") + " <select name=\"reason_code\">" + options +
         "</select></label><label>" + FiEn("Teksti palveluntuottajalle", "Text to the provider") +
         " <input type=\"text\" name=\"text\" maxlength=\"500\"></label><button type=\"submit\">" +
         FiEn("Hylkää", "Refuse") + "</button></form>";
}

std::string DecisionWords(const std::string& state) {
  return state == store::kReviewApproved ? FiEn("Hyväksytty", "Approved")
                                         : FiEn("Hylätty", "Refused");
}

std::string ReviewTables(ApiState& state, const Session& s, const std::string& month,
                         const std::vector<store::ReviewRecord>& reviews) {
  const std::map<std::string, EventFacts> facts = FactsOf(state, reviews);
  std::string waiting, decided;
  for (const store::ReviewRecord& rv : reviews) {
    auto f = facts.find(rv.event_id);
    const EventFacts ef = f == facts.end() ? EventFacts{} : f->second;
    const std::string cells = "<td style=\"white-space:nowrap\">" + Html(rv.event_id) +
                              "</td><td>" + ProviderName(state, rv.provider) + "</td><td>" +
                              ServiceHtml(state, ef.service) + "</td><td>" + Html(ef.when) +
                              "</td><td>" + FlagsHtml(rv.flags) + "</td>";
    const std::string row = "<tr data-event-id=\"" + Html(rv.event_id) + "\" data-state=\"" +
                            Html(rv.state) + "\">" + cells;
    if (rv.state == store::kReviewPending) {
      waiting += row + "<td>" + DecideForms(s, month, rv.event_id) + "</td></tr>\n";
    } else {
      decided +=
          row + "<td>" + DecisionWords(rv.state) + "</td><td>" + Html(rv.decided_by) + "</td><td>" +
          Html(books::HelsinkiTime(rv.decided_at)) + "</td><td>" +
          (rv.reason_code.empty() ? ""
                                  : "<small><code>" + Html(rv.reason_code) + "</code></small> ") +
          Html(rv.text) + "</td></tr>\n";
    }
  }
  std::vector<std::string> head = {FiEn("Käynti", "Event"),    FiEn("Palveluntuottaja", "Provider"),
                                   FiEn("Palvelu", "Service"), FiEn("Aika", "Date"),
                                   FiEn("Liput", "Flags"),     FiEn("Päätös", "Decision")};
  std::string html = "<h2>" + FiEn("Odottaa tarkastusta", "Waiting for review") + "</h2>";
  html += TableOrNone("waiting", head, waiting,
                      FiEn("Mikään ei odota tarkastusta.", "Nothing waits for review."));
  html += "<h2>" + FiEn("Tarkastetut", "Decided") + "</h2>";
  head.insert(head.end(), {FiEn("Kuka", "Who"), FiEn("Milloin", "When"), FiEn("Syy", "Reason")});
  html += TableOrNone("decided", head, decided, FiEn("Ei tarkastettuja.", "None decided."));
  return html;
}

std::string MonthPicker(const std::string& month) {
  return "<form method=\"get\" action=\"/portal/finance/review\"><label for=\"month\">" +
         FiEn("Kuukausi", "Month") +
         "</label><input type=\"month\" id=\"month\" name=\"month\" value=\"" + Html(month) +
         "\"> <button type=\"submit\">" + FiEn("Näytä", "Show") + "</button></form>";
}

Reply ReviewPage(ApiState& state, const Session& s, const std::string& month,
                 const std::string& notice, int status = 200) {
  auto reviews = state.store->ListReviews({month, "", ""});
  if (!reviews.ok()) {
    state.metrics.CountStoreError();
    return PageReply("Tarkastus", "Review", PortalNav(s),
                     "<p class=\"error\">" + Html(reviews.error().message) + "</p>", 503);
  }
  const std::string body =
      notice + MonthPicker(month) + "<p class=\"note\">" +
      FiEn(
          "Sääntökirjan nimeämillä lipuilla merkityt käynnit tilitetään vasta, kun hyväksyt "
          "ne. Hylätty käynti jää maksamatta, ja palveluntuottaja näkee syyn ja tekstin.",
          "Events with the flags the rulebook names are settled only once you approve them. A "
          "refused event is not paid, and the provider sees the reason and the text.") +
      "</p>" + ReviewTables(state, s, month, reviews.value());
  return PageReply("Tarkastus " + month, "Review " + month, PortalNav(s), body, status);
}

// The outcome of the decision just made, from the redirect's query.
std::string Outcome(const Request& r) {
  const std::string done = QueryParam(r, "done"), event = Html(QueryParam(r, "event"));
  if (done == "approved") {
    return "<p class=\"note\" id=\"outcome\">" +
           FiEn("Käynti " + event + " hyväksytty; seuraava ajo tilittää sen.",
                "Event " + event + " approved; the next run settles it.") +
           "</p>";
  }
  if (done == "refused") {
    return "<p class=\"note\" id=\"outcome\">" +
           FiEn("Käynti " + event + " hylätty; sitä ei makseta.",
                "Event " + event + " refused; it is not paid.") +
           "</p>";
  }
  return "";
}

Reply PostDecision(ApiState& state, const Session& s,
                   const std::map<std::string, std::string>& form, const std::string& month) {
  const std::string event_id = FormField(form, "event_id");
  auto decided = invoicing::DecideReview(*state.store, event_id, FormField(form, "decision"),
                                         FormField(form, "reason_code"), FormField(form, "text"),
                                         s.principal.Label());
  if (!decided.ok()) {
    const std::string& code = decided.error().code;
    const int status = ReviewErrorStatus(code);
    if (status == 503) state.metrics.CountStoreError();
    return ReviewPage(state, s, month,
                      "<p class=\"error\" id=\"outcome\">" +
                          FiEn("Päätöstä ei tallennettu.", "The decision was not stored.") +
                          " <code>" + Html(code) + "</code> " + Html(decided.error().message) +
                          "</p>",
                      status);
  }
  std::string event_param;
  Poco::URI::encode(event_id, "&=#+?%/ ", event_param);
  return Redirect("/portal/finance/review?month=" + month + "&done=" + decided.value().state +
                  "&event=" + event_param);
}

// Releases a held settlement from the month page's form, as
// POST /v1/settlements/{provider}/{month}/release does; 303 back to the
// month page, which lists the release.
Reply PostRelease(ApiState& state, const Session& s, const std::map<std::string, std::string>& form,
                  const std::string& month) {
  const std::string provider = FormField(form, "provider"), reason = FormField(form, "reason");
  auto failed = [&](int status, const std::string& code, const std::string& message) {
    return PageReply("Vapautus", "Release", PortalNav(s),
                     "<p class=\"error\" id=\"outcome\">" +
                         FiEn("Tilitystä ei vapautettu.", "The settlement was not released.") +
                         " <code>" + Html(code) + "</code> " + Html(message) +
                         "</p><p><a href=\"/portal/finance/month?month=" + month + "\">" +
                         FiEn("Takaisin kuukauteen", "Back to the month") + "</a></p>",
                     status);
  };
  if (reason.empty()) return failed(400, "missing_field", "a release needs a reason");
  auto catalog = state.catalogs.Get();
  auto released =
      invoicing::ReleaseHeld(*state.store, catalog->context(), state.self_billing_drafter, provider,
                             YearMonth::Parse(month).value(), reason, s.principal.Label());
  if (!released.ok()) {
    const std::string& code = released.error().code;
    return failed(code == "not_found"             ? 404
                  : code == "failed_precondition" ? 409
                                                  : 422,
                  code, released.error().message);
  }
  return Redirect("/portal/finance/month?month=" + month);
}

}  // namespace

std::optional<Reply> RouteFinancePages(ApiState& state, const Request& r, const Session& s,
                                       const std::map<std::string, std::string>& form) {
  if (r.path == "/portal/finance/release" && r.method == "POST") {
    return PostRelease(state, s, form, PageMonth(r, form));
  }
  if (r.path != "/portal/finance/review") return std::nullopt;
  if (r.method == "GET") return ReviewPage(state, s, PageMonth(r, form), Outcome(r));
  return PostDecision(state, s, form, PageMonth(r, form));
}

}  // namespace seteli::api
