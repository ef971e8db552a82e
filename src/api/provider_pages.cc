// A signed-in provider's pages (docs/providers.md), under /portal:
//
//   GET  /portal/visits[?replaces=ID]   record visits: one-visit form, CSV upload, template
//   POST /portal/visits                 one visit; its verdict at once
//   POST /portal/visits/upload          a CSV file; each line's verdict at once
//   GET  /portal/visits/template.csv    the CSV template (Finnish spreadsheet dialect)
//   GET  /portal/month?month=           my month: events, verdicts, flags, corrections
//   POST /portal/month/void             void one of my events
//   GET  /portal/settlement?month=      my statement of the month
//   GET  /portal/invoices               my invoices, returned ones with their reasons
//   GET  /portal/keys, POST ...         my keys (key_pages.cc)
//
// Every page reads and writes the session's own business ID only: events
// go through the same intake as POST /v1/events with the provider's
// identity, so another provider's event is refused there.
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <sstream>

#include "api/form_body.h"
#include "api/page_html.h"
#include "api/pages.h"
#include "api/provider_month_notes.h"
#include "api/provider_self_billing.h"
#include "api/routes.h"
#include "api/settlement_routes.h"
#include "api/upload_progress.h"
#include "api/verdict_words.h"
#include "formats/event_file_chunks.h"
#include "seteli/money.h"

namespace seteli::api {
namespace {

using Poco::JSON::Array;
using Poco::JSON::Object;

constexpr char kTemplateHeader[] =
    "event_id;provider;decision_id;service;start;end;date;quantity;recorded_at;worker;replaces;"
    "voids";

// A CSV cell in quotes, so a ';' or '"' typed in a form stays in its cell.
std::string Cell(const std::string& s) {
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string NowUtc() {
  std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S+00:00", &tm);
  return buf;
}

Object::Ptr ParseObject(const std::string& json) {
  return Poco::JSON::Parser().parse(json).extract<Object::Ptr>();
}

std::string Str(const Object::Ptr& o, const std::string& key) {
  return o && o->has(key) && !o->isNull(key) ? o->getValue<std::string>(key) : "";
}

// Events posted with the session's identity, through POST /v1/events.
Reply PostAsSession(ApiState& state, const Session& s, const std::string& type, std::string body) {
  Request r;
  r.method = "POST";
  r.path = "/v1/events";
  r.principal = s.principal;
  r.content_type = type;
  r.body = std::move(body);
  return PostEvents(state, r);
}

// A file's verdicts, gathered over the batches it was posted in.
struct VerdictTable {
  int counts[3] = {0, 0, 0};  // accepted, duplicate, rejected
  std::string rows;           // <tr> per verdict (accepted ones only for a short file)
  std::string error;          // a batch refused as a whole
};

// A file this long shows its accepted lines as a count only.
constexpr int kAllRowsUpTo = 1000;

std::string VerdictRow(const Object::Ptr& x, int line) {
  const std::string status = Str(x, "status"), code = Str(x, "code");
  const std::string id = x->has("event_id") ? Str(x, "event_id") : Str(x, "absence_id");
  Words w = StatusWords(status);
  std::string why;
  if (status == "rejected") {
    Words todo = VerdictWords(code);
    why = "<code>" + Html(code) + "</code> " + Html(Str(x, "message")) + "<br>" +
          FiEn(todo.fi, todo.en);
  } else if (status == "duplicate") {
    why = FiEn("Sama käynti on jo tallennettu; mitään ei muutettu.",
               "The same visit is already stored; nothing changed.");
  }
  return "<tr data-line=\"" + std::to_string(line) + "\" data-status=\"" + Html(status) +
         "\"><td class=\"num\">" + std::to_string(line) + "</td><td>" + Html(id) +
         "</td><td class=\"" + Html(status) + "\">" + FiEn(w.fi, w.en) + "</td><td>" + why +
         "</td></tr>\n";
}

// Adds one POST /v1/events reply; its lines are counted from `first_line`
// (the file's line of the batch's header).
void AddVerdicts(VerdictTable& t, const Reply& reply, int first_line, bool all_rows) {
  if (reply.status != 200) {
    Object::Ptr err = ParseObject(reply.body)->getObject("error");
    t.error += "<p class=\"error\" id=\"verdict-error\">" +
               FiEn("Riviä ei otettu vastaan: ", "Lines not taken: ") + "<code>" +
               Html(Str(err, "code")) + "</code> " + Html(Str(err, "message")) + "</p>";
    return;
  }
  Array::Ptr results = ParseObject(reply.body)->getArray("results");
  for (size_t i = 0; i < results->size(); ++i) {
    Object::Ptr x = results->getObject(static_cast<unsigned>(i));
    const std::string status = Str(x, "status");
    ++t.counts[status == "accepted" ? 0 : status == "duplicate" ? 1 : 2];
    if (all_rows || status != "accepted")
      t.rows += VerdictRow(x, x->getValue<int>("line") + first_line - 1);
  }
}

// The verdicts as a summary and a table, each rejection with what to do.
std::string VerdictsHtml(const VerdictTable& t) {
  const std::string a = std::to_string(t.counts[0]), d = std::to_string(t.counts[1]),
                    r = std::to_string(t.counts[2]);
  return t.error + "<p id=\"verdict-summary\">" +
         FiEn("Hyväksytty " + a + ", jo tallennettu " + d + ", hylätty " + r + ".",
              "Accepted " + a + ", already stored " + d + ", rejected " + r + ".") +
         "</p>\n<div class=\"scroll\"><table id=\"verdicts\"><tr><th>" + FiEn("Rivi", "Line") +
         "</th><th>" + FiEn("Tunnus", "ID") + "</th><th>" + FiEn("Tulos", "Verdict") + "</th><th>" +
         FiEn("Syy ja mitä tehdä", "Why, and what to do") + "</th></tr>\n" + t.rows +
         "</table></div>\n";
}

std::string VerdictsHtml(const Reply& reply) {
  VerdictTable t;
  AddVerdicts(t, reply, 1, true);
  return VerdictsHtml(t);
}

std::string VisitForm(const Session& s, const std::string& replaces) {
  auto input = [](const char* name, const std::string& fi, const std::string& en, const char* type,
                  const std::string& value = "") {
    return "<label for=\"" + std::string(name) + "\">" + FiEn(fi, en) + "</label><input type=\"" +
           type + "\" id=\"" + name + "\" name=\"" + name + "\" value=\"" + Html(value) + "\">";
  };
  return "<form class=\"card\" method=\"post\" action=\"/portal/visits\">" + CsrfField(s.csrf) +
         "<h2>" + FiEn("Yksi käynti", "One visit") + "</h2>" +
         input("event_id", "Käynnin tunnus (oma, yksilöllinen)", "Visit ID (yours, unique)",
               "text") +
         input("decision_id", "Päätöksen tunnus", "Decision ID", "text") +
         input("service", "Palvelun koodi", "Service code", "text") +
         input("date", "Päivä", "Date", "date") +
         input("start", "Alkoi klo (tuntipalvelut)", "Started at (hourly services)", "time") +
         input("end", "Päättyi klo", "Ended at", "time") +
         input("quantity", "Määrä (muut palvelut, esim. 1,5)",
               "Quantity (other services, e.g. 1,5)", "text") +
         input("worker", "Työntekijä (valinnainen)", "Worker (optional)", "text") +
         input("replaces", "Korvaa käynnin (korjaus)", "Replaces visit (a correction)", "text",
               replaces) +
         "<button type=\"submit\">" + FiEn("Tallenna", "Save") + "</button></form>\n";
}

std::string UploadForm(const Session& s) {
  return "<form class=\"card\" id=\"upload\" method=\"post\" action=\"/portal/visits/upload\" "
         "enctype=\"multipart/form-data\">" +
         CsrfField(s.csrf) + "<h2>" +
         FiEn("Käynnit tiedostosta (CSV)", "Visits from a file (CSV)") + "</h2><p>" +
         FiEn(
             "Tallenna taulukko CSV-muodossa (puolipiste erottimena) ja lähetä se tästä. Jokaisen "
             "rivin tulos näytetään heti.",
             "Save the spreadsheet as CSV (semicolon separated) and send it here. Each line's "
             "verdict is shown at once.") +
         "</p><label for=\"file\">" + FiEn("Tiedosto", "File") +
         "</label><input type=\"file\" id=\"file\" name=\"file\" accept=\".csv,text/csv\">"
         "<button type=\"submit\">" +
         FiEn("Lähetä", "Send") +
         "</button> <progress id=\"upload-progress\" hidden></progress> "
         "<span id=\"upload-state\" role=\"status\"></span>"
         "<p><a href=\"/portal/visits/template.csv\" id=\"template\">" +
         FiEn("Lataa mallitiedosto", "Download the template") + "</a></p></form>\n" +
         UploadProgressScript();
}

Reply VisitsPage(const Session& s, const std::string& replaces, const std::string& verdicts) {
  std::string body =
      verdicts.empty() ? "" : "<h2>" + FiEn("Tulos", "Verdicts") + "</h2>" + verdicts;
  body += "<p class=\"note\">" +
          FiEn("Ajat ovat Suomen aikaa. Päivät muodossa 3.6.2024, desimaalit pilkulla.",
               "Times are Finnish time. Dates as 3.6.2024, decimals with a comma.") +
          "</p>";
  return PageReply("Kirjaa käynnit", "Record visits", PortalNav(s),
                   body + VisitForm(s, replaces) + UploadForm(s));
}

Reply PostOneVisit(ApiState& state, const Session& s, const std::map<std::string, std::string>& f) {
  const std::string date = FormField(f, "date");
  const bool timed = !FormField(f, "start").empty() || !FormField(f, "end").empty();
  std::string row = Cell(FormField(f, "event_id")) + ";" + Cell(s.principal.business_id) + ";" +
                    Cell(FormField(f, "decision_id")) + ";" + Cell(FormField(f, "service")) + ";" +
                    Cell(timed ? date + " " + FormField(f, "start") : "") + ";" +
                    Cell(timed ? date + " " + FormField(f, "end") : "") + ";" +
                    Cell(timed ? "" : date) + ";" + Cell(timed ? "" : FormField(f, "quantity")) +
                    ";" + Cell(NowUtc()) + ";" + Cell(FormField(f, "worker")) + ";" +
                    Cell(FormField(f, "replaces")) + ";\"\"";
  Reply posted =
      PostAsSession(state, s, "text/csv", std::string(kTemplateHeader) + "\r\n" + row + "\r\n");
  return VisitsPage(s, "", VerdictsHtml(posted));
}

// A file of any length is posted a batch of max_events rows at a time,
// as `seteli ingest` reads one; the verdicts keep the file's line numbers.
Reply PostUpload(ApiState& state, const Session& s, const std::map<std::string, std::string>& f) {
  const std::string file = FormField(f, "file");
  const bool all_rows = std::count(file.begin(), file.end(), '\n') <= kAllRowsUpTo + 1;
  std::istringstream in(file);
  formats::EventFileChunks chunks(in, /*csv=*/true);
  formats::EventFileChunk chunk;
  VerdictTable table;
  bool posted = false;
  while (chunks.Next(static_cast<size_t>(state.config.max_events_per_request), chunk)) {
    AddVerdicts(table, PostAsSession(state, s, "text/csv", std::move(chunk.text)), chunk.first_line,
                all_rows);
    posted = true;
  }
  // A file of no rows: the reply says so (empty_batch).
  if (!posted) AddVerdicts(table, PostAsSession(state, s, "text/csv", file), 1, true);
  return VisitsPage(s, "", VerdictsHtml(table));
}

Reply Template(const Session& s) {
  const std::string& me = s.principal.business_id;
  Reply r;
  r.content_type = "text/csv; charset=utf-8";
  r.route = "pages";
  r.body = "\xEF\xBB\xBF" + std::string(kTemplateHeader) + "\r\nK-1001;" + me +
           ";D-0001;kotihoito-saannollinen;3.6.2024 16:00;3.6.2024 17:30;;;3.6.2024 18:00;T-1;;\r\n"
           "A-2001;" +
           me + ";D-0002;ateriapalvelu;;;4.6.2024;1,5;4.6.2024 12:00;;;\r\n";
  r.headers["Content-Disposition"] = "attachment; filename=\"kaynnit-malli.csv\"";
  return r;
}

// event_id -> the flags of its settled lines, in words (HTML), from the
// month's settlement.
std::map<std::string, std::string> FlagsOf(ApiState& state, const std::string& provider,
                                           const std::string& month) {
  std::map<std::string, std::string> flags;
  auto records = state.store->ListSettlements(month, provider);
  if (!records.ok() || records.value().empty()) return flags;
  Object::Ptr body = ParseObject(records.value()[0].body);
  Array::Ptr lines = body->getArray("lines");
  for (size_t i = 0; lines && i < lines->size(); ++i) {
    Object::Ptr line = lines->getObject(static_cast<unsigned>(i));
    Array::Ptr f = line->getArray("flags");
    for (size_t k = 0; f && k < f->size(); ++k) {
      const std::string flag = f->getElement<std::string>(static_cast<unsigned>(k));
      const Words w = FlagWords(flag);
      std::string& to = flags[Str(line, "event_id")];
      if (to.find("<code>" + Html(flag) + "</code>") != std::string::npos) continue;  // split lines
      to += (to.empty() ? "" : "<br>") + FiEn(w.fi, w.en) + " <small><code>" + Html(flag) +
            "</code></small>";
    }
  }
  return flags;
}

std::string MonthForm(const char* action, const std::string& month) {
  return std::string("<form method=\"get\" action=\"") + action + "\"><label for=\"month\">" +
         FiEn("Kuukausi", "Month") +
         "</label><input type=\"month\" id=\"month\" name=\"month\" value=\"" + Html(month) +
         "\"> <button type=\"submit\">" + FiEn("Näytä", "Show") + "</button></form>";
}

// When and how much: "3.6.2024 16:00-17:30" is left to the JSON's own
// words; the page shows the times as stored.
std::string WhenOf(const Object::Ptr& e) {
  if (e->has("start")) return Str(e, "start") + " – " + Str(e, "end");
  return Str(e, "date") + " × " + Str(e, "quantity");
}

Reply MonthPage(ApiState& state, const Session& s, const std::string& month,
                const std::string& notice = "") {
  store::EventQuery q;
  q.provider = s.principal.business_id;
  q.month = month;
  q.limit = 10000;
  auto events = state.store->ListEvents(q);
  if (!events.ok())
    return PageReply("Oma kuukausi", "My month", PortalNav(s),
                     "<p class=\"error\">" + Html(events.error().message) + "</p>", 503);
  std::map<std::string, std::string> flags = FlagsOf(state, s.principal.business_id, month);
  std::map<std::string, std::string> reviews = ReviewNotes(state, s.principal.business_id, month);
  std::string rows;
  for (const store::StoredEvent& stored : events.value()) {
    Object::Ptr e = ParseObject(stored.row.body);
    const std::string id = Str(e, "event_id");
    std::string what = Str(e, "service");
    if (e->has("replaces"))
      what +=
          " — " + FiEn("korvaa käynnin " + Str(e, "replaces"), "replaces " + Str(e, "replaces"));
    if (e->has("voids"))
      what = FiEn("mitätöi käynnin " + Str(e, "voids"), "voids " + Str(e, "voids"));
    const std::string f = flags.count(id) ? flags[id] : "";
    std::string actions;
    if (!e->has("voids")) {
      actions = "<a href=\"/portal/visits?replaces=" + Html(id) + "\">" +
                FiEn("Korjaa", "Correct") +
                "</a><form method=\"post\" action=\"/portal/month/void\">" + CsrfField(s.csrf) +
                "<input type=\"hidden\" name=\"event_id\" value=\"" + Html(id) +
                "\"><input type=\"hidden\" name=\"month\" value=\"" + Html(month) +
                "\"><button type=\"submit\">" + FiEn("Mitätöi", "Void") + "</button></form>";
    }
    rows += "<tr data-event-id=\"" + Html(id) + "\"><td>" + Html(id) + "</td><td>" +
            Html(Str(e, "decision_id")) + "</td><td>" + what + "</td><td>" + Html(WhenOf(e)) +
            "</td><td><span class=\"accepted\">" + FiEn("Hyväksytty", "Accepted") + "</span>" +
            (reviews.count(id) ? "<br>" + reviews[id] : "") + "</td><td>" + f + "</td><td>" +
            actions + "</td></tr>\n";
  }
  std::string body =
      notice + MonthForm("/portal/month", month) + "<p class=\"note\">" +
      FiEn(
          "Korjaa käynti antamalla uusi käynti, joka korvaa vanhan (Korjaa), tai mitätöi se. "
          "Samaa tunnusta ei voi käyttää uudelleen eri tiedoin.",
          "Correct a visit by giving a new one that replaces the old (Correct), or void it. "
          "An ID cannot be used again with other details.") +
      "</p>";
  body += TableOrNone(
      "events",
      {FiEn("Tunnus", "ID"), FiEn("Päätös", "Decision"), FiEn("Palvelu", "Service"),
       FiEn("Aika tai määrä", "Time or quantity"), FiEn("Tulos", "Verdict"),
       FiEn("Liput tilityksessä", "Flags in the settlement"), FiEn("Korjaus", "Correction")},
      rows, FiEn("Ei käyntejä tässä kuussa.", "No visits this month."));
  body += CreditNotes(state, s.principal.business_id, month);
  return PageReply("Oma kuukausi " + month, "My month " + month, PortalNav(s), body);
}

Reply PostVoid(ApiState& state, const Session& s, const std::map<std::string, std::string>& f) {
  const std::string target = FormField(f, "event_id");
  std::string json = "{\"event_id\":" + JsonQuote(target + "-mitatointi") +
                     ",\"provider\":" + JsonQuote(s.principal.business_id) +
                     ",\"voids\":" + JsonQuote(target) + ",\"recorded_at\":" + JsonQuote(NowUtc()) +
                     "}";
  Reply posted = PostAsSession(state, s, "application/json", json);
  return MonthPage(state, s, FormField(f, "month"),
                   "<h2>" + FiEn("Mitätöinti", "Void") + "</h2>" + VerdictsHtml(posted));
}

// The provider's statement (the one sent with its settlement), under the
// portal's navigation.
Reply SettlementPage(ApiState& state, const Request& r, const Session& s,
                     const std::string& month) {
  Request as = r;
  as.method = "GET";
  as.path = "/v1/settlements/" + s.principal.business_id + "/" + month + "/statement";
  as.principal = s.principal;
  std::optional<Reply> statement = RouteSettlements(state, as);
  if (!statement || statement->status != 200) {
    return PageReply("Tilitys " + month, "Settlement " + month, PortalNav(s),
                     MonthForm("/portal/settlement", month) + "<p id=\"no-settlement\">" +
                         FiEn("Tälle kuukaudelle ei ole vielä tilitystä.",
                              "There is no settlement for this month yet.") +
                         "</p>");
  }
  std::string document = statement->body;
  size_t body = document.find("<body");
  if (body != std::string::npos) {
    document.insert(document.find('>', body) + 1, MonthForm("/portal/settlement", month));
  }
  return FramedPage(std::move(document), s);
}

std::string ReasonsHtml(const std::string& reasons_json) {
  Array::Ptr reasons = Poco::JSON::Parser().parse(reasons_json).extract<Array::Ptr>();
  std::string html = "<ul class=\"reasons\">";
  for (size_t i = 0; reasons && i < reasons->size(); ++i) {
    Object::Ptr x = reasons->getObject(static_cast<unsigned>(i));
    html += "<li>" + Html(Str(x, "message_fi")) + " <span class=\"en\">" +
            Html(Str(x, "message_en")) + "</span> <small><code>" + Html(Str(x, "code")) +
            "</code></small></li>";
  }
  return html + "</ul>";
}

Reply InvoicesPage(ApiState& state, const Session& s) {
  store::InvoiceQuery q;
  q.provider = s.principal.business_id;
  auto found = state.store->ListInvoices(q);
  if (!found.ok())
    return PageReply("Laskut", "Invoices", PortalNav(s),
                     "<p class=\"error\">" + Html(found.error().message) + "</p>", 503);
  std::string rows;
  for (const store::InvoiceRecord& inv : found.value()) {
    Words state_words = InvoiceStateWords(inv.state);
    std::string detail;
    if (inv.state == store::kInvoiceRejected) {
      detail =
          ReasonsHtml(inv.reasons) + "<p>" +
          FiEn(
              "Korjaa lasku ja lähetä uusi lasku uudella laskunumerolla samalla laskuviitteellä "
              "ja tilityksen mukaisella summalla.",
              "Correct the invoice and send a new one with a new invoice number, the same "
              "invoice reference and the settlement's total.") +
          "</p>";
    }
    rows += "<tr data-invoice=\"" + Html(inv.invoice_number) + "\" data-state=\"" +
            Html(inv.state) + "\"><td>" + Html(inv.invoice_number) + "</td><td>" + Html(inv.month) +
            "</td><td>" + Html(inv.reference) + "</td><td class=\"num\">" +
            (inv.total_cents ? Amount(Money::FromCents(*inv.total_cents)) + "&nbsp;€" : "") +
            "</td><td><span class=\"" +
            (inv.state == store::kInvoiceRejected ? "rejected" : "accepted") + "\">" +
            FiEn(state_words.fi, state_words.en) + "</span>" + detail + "</td></tr>\n";
  }
  const Provider* me = state.catalogs.Get()->providers.Find(s.principal.business_id);
  std::string body =
      me && me->self_billing
          ? ""
          : "<p class=\"note\">" +
                FiEn("Laskuta järjestäjää verkkolaskulla tilityksen laskuviitteellä ja setelien "
                     "summalla.",
                     "Invoice the organizer by e-invoice with the settlement's invoice reference "
                     "and the voucher total.") +
                "</p>";
  body +=
      TableOrNone("invoices",
                  {FiEn("Laskunumero", "Invoice number"), FiEn("Kuukausi", "Month"),
                   FiEn("Laskuviite", "Reference"), FiEn("Summa", "Total"), FiEn("Tila", "State")},
                  rows, FiEn("Ei vastaanotettuja laskuja.", "No invoices received."));
  body += SelfBillingInvoicesHtml(state, s.principal.business_id);
  return PageReply("Laskut", "Invoices", PortalNav(s), body);
}

}  // namespace

std::string PortalNav(const Session& s) {
  std::string links;
  if (s.principal.role == Role::kProvider) {
    links = "<a href=\"/portal/visits\">" + FiEn("Kirjaa käynnit", "Record visits") +
            "</a><a href=\"/portal/month\">" + FiEn("Oma kuukausi", "My month") +
            "</a><a href=\"/portal/settlement\">" + FiEn("Tilitys", "Settlement") +
            "</a><a href=\"/portal/invoices\">" + FiEn("Laskut", "Invoices") +
            "</a><a href=\"/portal/keys\">" + FiEn("Avaimet", "Keys") + "</a>";
  } else {
    links = "<a href=\"/portal/finance/month\">" + FiEn("Kuukausi", "Month") +
            "</a><a href=\"/portal/finance/review\">" + FiEn("Tarkastus", "Review") +
            "</a><a href=\"/portal/finance/credits\">" + FiEn("Hyvitykset", "Credits") + "</a>";
  }
  return "<nav>" + links + "<form method=\"post\" action=\"/portal/sign-out\">" +
         CsrfField(s.csrf) + "<button type=\"submit\" id=\"sign-out\">" +
         FiEn("Kirjaudu ulos", "Sign out") + "</button></form></nav>";
}

std::string PageMonth(const Request& r, const std::map<std::string, std::string>& form) {
  auto q = r.query.find("month");
  std::string month = q != r.query.end() ? q->second : FormField(form, "month");
  return YearMonth::Parse(month).ok() ? month : NowUtc().substr(0, 7);
}

std::optional<Reply> RouteProviderPages(ApiState& state, const Request& r, const Session& s,
                                        const std::map<std::string, std::string>& form) {
  const bool get = r.method == "GET", post = r.method == "POST";
  if (r.path == "/portal/visits" && get) {
    auto replaces = r.query.find("replaces");
    return VisitsPage(s, replaces == r.query.end() ? "" : replaces->second, "");
  }
  if (r.path == "/portal/visits" && post) return PostOneVisit(state, s, form);
  if (r.path == "/portal/visits/upload" && post) return PostUpload(state, s, form);
  if (r.path == "/portal/visits/template.csv" && get) return Template(s);
  if (r.path == "/portal/month" && get) return MonthPage(state, s, PageMonth(r, form));
  if (r.path == "/portal/month/void" && post) return PostVoid(state, s, form);
  if (r.path == "/portal/settlement" && get) return SettlementPage(state, r, s, PageMonth(r, form));
  if (r.path == "/portal/invoices" && get) return InvoicesPage(state, s);
  return RouteKeyPages(state, r, s, form);
}

}  // namespace seteli::api
