#include "books/overview_page.h"

#include <algorithm>
#include <sstream>

#include "seteli/time.h"

namespace seteli::books {
namespace {

constexpr char kNbsp[] = "\xC2\xA0";

std::string Escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string Join(const std::vector<std::string>& v) {
  std::string out;
  for (const std::string& s : v) out += (out.empty() ? "" : " ") + s;
  return out;
}

// A table cell with the amount shown the Finnish way and kept exact.
std::string AmountCell(Money m) {
  return "<td class=\"num\" data-value=\"" + m.ToString() + "\">" + FinnishAmount(m) + "</td>";
}

std::string TotalsCells(const Totals& t) {
  return "<td class=\"num\">" + std::to_string(t.line_count) + "</td>" + AmountCell(t.price) +
         AmountCell(t.voucher) + AmountCell(t.copay);
}

// A code as people read it: Finnish, English beside, the code itself in
// small print (what the API and the exports say).
struct Label {
  const char* code;
  const char* fi;
  const char* en;
};

constexpr Label kLabels[] = {
    // settlement states
    {"open", "avoin", "open"},
    {"settled", "tilitetty", "settled"},
    {"invoiced", "laskutettu", "invoiced"},
    {"held", "pidätetty", "held"},
    {"exported", "viety kirjanpitoon", "exported"},
    // reconciliation statuses
    {"accepted", "lasku hyväksytty", "invoice accepted"},
    {"rejected", "lasku hylätty", "invoice rejected"},
    {"missing", "lasku puuttuu", "invoice missing"},
    {"self_billed", "itselaskutus", "self-billing"},
    // runs and outbox messages
    {"done", "valmis", "done"},
    {"running", "käynnissä", "running"},
    {"failed", "epäonnistui", "failed"},
    {"queued", "jonossa", "queued"},
    {"self_billing_invoice", "itselaskutuslasku", "self-billing invoice"},
    {"invoice_response", "laskun palautus", "invoice response"},
    {"finvoice_ack", "Finvoice-kuittaus", "Finvoice acknowledgement"},
    // notices that reached no one
    {"no_email", "ei sähköpostiosoitetta", "no e-mail address"},
    {"no_smtp", "sähköpostipalvelinta ei ole", "no mail server"},
    {"no_route", "ei toimitusreittiä", "no route"},
    {"not_sent", "ei lähetetty", "not sent"},
    // classes
    {"health", "terveyspalvelu", "health"},
    {"social", "sosiaalipalvelu", "social"},
};

std::string Code(const std::string& code) {
  return "<small class=\"code\">" + Escape(code) + "</small>";
}

// Where the English is the code itself, the code stands for both.
std::string Named(const std::string& code) {
  for (const Label& l : kLabels) {
    if (code != l.code) continue;
    if (code == l.en) return std::string(l.fi) + " " + Code(code);
    return std::string(l.fi) + " <span class=\"en\">" + l.en + "</span> " + Code(code);
  }
  return Code(code);
}

constexpr char kStyle[] = R"(<style>
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:1.5rem;max-width:1200px;color:#1d2733;background:#fff}
h1{font-size:1.5rem;margin-bottom:.2rem}h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #d5dbe3;padding-bottom:.2rem}
.en{color:#5b6b7d;font-weight:normal;font-size:.85em}
table{border-collapse:collapse;margin:.5rem 0;font-size:.9rem}
th,td{border:1px solid #d5dbe3;padding:.3rem .6rem;text-align:left;vertical-align:top}
th{background:#eef2f7}td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}td.num{white-space:nowrap}
tr.total td{font-weight:bold;background:#f6f8fb}
.cards{display:flex;gap:1rem;flex-wrap:wrap}.card{border:1px solid #d5dbe3;border-radius:6px;padding:.7rem 1rem;min-width:12rem}
.card .v{font-size:1.4rem;font-weight:bold}.ok{color:#1b7f3b}.bad{color:#b3261e}
.sw{display:inline-block;width:.8rem;height:.8rem;margin:0 .3rem 0 1rem;vertical-align:middle}
td.id{white-space:nowrap}small.code{font-family:ui-monospace,monospace;font-size:.75em;color:#5b6b7d}
#needs-action{border:2px solid #b3261e;border-radius:6px;padding:.2rem 1rem 1rem;margin:1rem 0}
#needs-action.clear{border-color:#1b7f3b}#needs-action h2{margin-top:.6rem;border:0}
#needs-action td,#releases td{overflow-wrap:anywhere}
.headline{font-size:1.2rem;font-weight:bold}.muted{color:#5b6b7d}
</style>)";

std::string Card(const char* id, const char* fi, const char* en, Money m) {
  return "<div class=\"card\"><div>" + std::string(fi) + " <span class=\"en\">" + en +
         "</span></div><div class=\"v\" id=\"" + id + "\" data-value=\"" + m.ToString() + "\">" +
         FinnishAmount(m) + "&nbsp;€</div></div>";
}

std::string HeadlineText(const MonthOverview& o) {
  switch (o.headline) {
    case Headline::kNotRun:
      return "<span class=\"bad\">Kuukautta ei ole ajettu</span> <span class=\"en\">The month "
             "has not been run</span> <span class=\"muted\">(seteli run --month " +
             o.month.ToString() + ")</span>";
    case Headline::kDoesNotReconcile:
      return "<span class=\"bad\">Kuukausi ei täsmää</span> <span class=\"en\">The month does not "
             "reconcile</span>";
    case Headline::kNeedsAction: {
      const std::string n = std::to_string(o.needs_action.count());
      return "<span class=\"bad\">Avoimia asioita " + n + "</span> <span class=\"en\">" + n +
             " items need action</span>";
    }
    case Headline::kReconciles:
      return "<span class=\"ok\">Kuukausi täsmää</span> <span class=\"en\">The month "
             "reconciles</span>";
  }
  return "";
}

std::string RunLine(const MonthOverview& o) {
  const store::RunRecord* run = o.activity.last_run();
  if (!run) return "<p id=\"run\" class=\"muted\">Ei ajoja <span class=\"en\">No runs</span></p>\n";
  std::ostringstream p;
  p << "<p id=\"run\">Ajo <span class=\"en\">Run</span> " << Code(run->run_id) << ": "
    << Named(run->state) << ", aloitettu <span class=\"en\">started</span> "
    << Escape(HelsinkiTime(run->started_at));
  if (!run->finished_at.empty()) {
    p << ", päättyi <span class=\"en\">finished</span> " << Escape(HelsinkiTime(run->finished_at));
  }
  p << "; tilitetty <span class=\"en\">settled</span> " << run->settled
    << ", pidätetty <span class=\"en\">held</span> " << run->held << "</p>\n";
  return p.str();
}

std::string Header(const MonthOverview& o) {
  std::ostringstream h;
  h << "<h1>Palvelusetelit " << o.month.ToString()
    << " <span class=\"en\">Service vouchers, month overview</span></h1>\n";
  h << "<p id=\"headline\" class=\"headline\" data-headline=\"" << HeadlineName(o.headline) << "\">"
    << HeadlineText(o) << "</p>\n"
    << RunLine(o);
  return h.str();
}

std::string Cards(const MonthOverview& o) {
  return "<div class=\"cards\">" +
         Card("total-price", "Hinta yhteensä", "Price total", o.totals.price) +
         Card("total-voucher", "Palveluseteli", "Voucher total", o.totals.voucher) +
         Card("total-copay", "Omavastuu", "Co-payment total", o.totals.copay) + "</div>\n";
}

std::string ProviderCell(const std::string& business_id, const std::string& name) {
  return "<td>" + Escape(name.empty() ? business_id : name) + " " + Code(business_id) + "</td>";
}

std::string ActionRow(const char* kind, const std::string& what, const std::string& provider_cell,
                      const std::string& amount_cell, const std::string& detail) {
  return std::string("<tr data-kind=\"") + kind + "\"><td>" + what + "</td>" + provider_cell +
         amount_cell + "<td>" + detail + "</td></tr>\n";
}

std::string MessageDetail(const MessageGap& m) {
  return Code(m.message_id) + " " + Named(m.state) +
         (m.subject.empty() ? "" : ", nro <span class=\"en\">no.</span> " + Escape(m.subject)) +
         ", yrityksiä <span class=\"en\">attempts</span> " + std::to_string(m.attempts) +
         (m.last_error.empty() ? "" : ": " + Escape(m.last_error));
}

// The provider's name as the month's books have it, "" if they do not.
std::string NameOf(const MonthOverview& o, const std::string& business_id) {
  for (const ProviderSummary& p : o.providers) {
    if (p.business_id == business_id) return p.name;
  }
  return "";
}

// The release form of a held settlement on a signed-in page.
std::string ReleaseForm(const MonthOverview& o, const HeldItem& h, const std::string& csrf) {
  return "<form method=\"post\" action=\"/portal/finance/release\" class=\"release\">"
         "<input type=\"hidden\" name=\"csrf\" value=\"" +
         Escape(csrf) + "\"><input type=\"hidden\" name=\"provider\" value=\"" +
         Escape(h.business_id) + "\"><input type=\"hidden\" name=\"month\" value=\"" +
         o.month.ToString() +
         "\"><label>Vapautuksen syy <span class=\"en\">Reason for the release</span> "
         "<input type=\"text\" name=\"reason\" maxlength=\"500\"></label> <button "
         "type=\"submit\">Vapauta <span class=\"en\">Release</span></button></form>";
}

std::string NeedsActionRows(const MonthOverview& o, const std::string& release_csrf) {
  const NeedsAction& n = o.needs_action;
  std::string rows;
  for (const HeldItem& h : n.held) {
    rows +=
        ActionRow("held", "Pidätetty tilitys <span class=\"en\">Held settlement</span>",
                  ProviderCell(h.business_id, h.name), AmountCell(h.voucher_total),
                  Escape(h.reason) + (release_csrf.empty() ? "" : ReleaseForm(o, h, release_csrf)));
  }
  for (const InvoiceGap& g : n.rejected_invoices) {
    std::string detail;
    for (const InvoiceGap::Rejected& i : g.invoices) {
      detail +=
          (detail.empty() ? "" : "; ") + Escape(i.number) + " " + FinnishAmount(i.total) + " €";
      for (const std::string& c : i.codes) detail += " " + Code(c);
    }
    rows +=
        ActionRow("rejected_invoice", "Lasku hylätty <span class=\"en\">Invoice rejected</span>",
                  ProviderCell(g.business_id, g.name), AmountCell(g.voucher_total), detail);
  }
  for (const InvoiceGap& g : n.missing_invoices) {
    rows += ActionRow("missing_invoice", "Lasku puuttuu <span class=\"en\">Invoice missing</span>",
                      ProviderCell(g.business_id, g.name), AmountCell(g.voucher_total),
                      "viite <span class=\"en\">reference</span> " + Escape(g.reference));
  }
  if (n.review_queue > 0) {
    // A count, not an amount: said in words, with the way to the queue.
    const std::string count = std::to_string(n.review_queue);
    rows += ActionRow(
        "review_queue", "Tarkastettavia tapahtumia <span class=\"en\">Events to review</span>",
        "<td></td>", "<td></td>",
        count + " odottaa <span class=\"en\">" + count +
            " waiting</span>: <a href=\"/portal/finance/review?month=" + o.month.ToString() +
            "\">tarkastussivu <span class=\"en\">review page</span></a>");
  }
  for (const MessageGap& m : n.self_billing_undelivered) {
    rows += ActionRow("self_billing_undelivered",
                      "Itselaskutuslasku toimittamatta <span class=\"en\">Self-billing invoice not "
                      "delivered</span>",
                      ProviderCell(m.business_id, NameOf(o, m.business_id)), "<td></td>",
                      MessageDetail(m));
  }
  for (const UndeliveredNotice& u : n.notices_undelivered) {
    rows +=
        ActionRow("notice_undelivered",
                  "Palautusilmoitus toimittamatta <span class=\"en\">Notice not delivered</span>",
                  ProviderCell(u.provider, NameOf(o, u.provider)), "<td></td>",
                  "lasku <span class=\"en\">invoice</span> " + Escape(u.invoice_number) + ": " +
                      Named(u.outcome.rfind("failed", 0) == 0 ? "failed" : u.outcome) +
                      (u.outcome.rfind("failed", 0) == 0 ? " " + Escape(u.outcome) : ""));
  }
  for (const MessageGap& m : n.outbox_failures) {
    rows +=
        ActionRow("outbox_failure", "Lähetys epäonnistui <span class=\"en\">Sending failed</span>",
                  ProviderCell(m.business_id, NameOf(o, m.business_id)), "<td></td>",
                  Named(m.kind) + ": " + MessageDetail(m));
  }
  return rows;
}

// The first block of the page: everything finance must still do about the
// month, or that nothing is open.
std::string NeedsActionBlock(const MonthOverview& o, const std::string& release_csrf) {
  const NeedsAction& n = o.needs_action;
  std::ostringstream b;
  b << "<section id=\"needs-action\" data-count=\"" << n.count() << "\""
    << (n.count() == 0 ? " class=\"clear\"" : "") << ">\n<h2>Vaatii toimenpiteitä <span "
    << "class=\"en\">What needs action</span></h2>\n";
  if (n.count() == 0) {
    b << "<p>Ei avoimia asioita <span class=\"en\">Nothing is open</span></p>\n";
  } else {
    b << "<table id=\"needs-action-items\"><tr><th>Mikä <span class=\"en\">What</span></th><th>"
         "Palveluntuottaja <span class=\"en\">Provider</span></th><th class=\"num\">Tilitys "
         "<span class=\"en\">Settled</span></th><th>Tiedot <span class=\"en\">Details</span></th>"
         "</tr>\n"
      << NeedsActionRows(o, release_csrf) << "</table>\n";
  }
  b << "</section>\n";
  return b.str();
}

std::string Releases(const MonthOverview& o) {
  const std::vector<Release>& releases = o.activity.releases;
  if (releases.empty()) return "";
  std::ostringstream t;
  t << "<h2>Vapautetut tilitykset <span class=\"en\">Released settlements</span></h2>\n<table "
       "id=\"releases\"><tr><th>Aika <span class=\"en\">At</span></th><th>Kuka <span "
       "class=\"en\">Who</span></th><th>Palveluntuottaja <span class=\"en\">Provider</span></th>"
       "<th>Syy <span class=\"en\">Reason</span></th></tr>\n";
  for (const Release& r : releases) {
    t << "<tr><td class=\"id\">" << Escape(HelsinkiTime(r.at)) << "</td><td>" << Escape(r.actor)
      << "</td><td>" << Escape(NameOf(o, r.provider)) << " " << Code(r.provider) << "</td><td>"
      << Escape(r.reason) << "</td></tr>\n";
  }
  t << "</table>\n";
  return t.str();
}

std::string ServiceName(const MonthOverview& o, const std::string& code) {
  auto it = o.service_names.find(code);
  return it == o.service_names.end() ? "" : it->second;
}

std::string ProvidersTable(const MonthOverview& o) {
  std::ostringstream t;
  t << "<h2>Palveluntuottajat <span class=\"en\">Providers</span></h2>\n<table id=\"providers\">"
       "<tr><th>Y-tunnus <span class=\"en\">Business ID</span></th><th>Nimi <span "
       "class=\"en\">Name</span></th><th>Tila <span class=\"en\">State</span></th><th>Laskut "
       "<span class=\"en\">Invoices</span></th><th class=\"num\">Rivejä <span "
       "class=\"en\">Lines</span></th><th class=\"num\">Hinta <span class=\"en\">Price</span></th>"
       "<th class=\"num\">Palveluseteli <span class=\"en\">Voucher</span></th><th "
       "class=\"num\">Omavastuu <span class=\"en\">Co-payment</span></th><th "
       "class=\"num\">Laskutettu <span class=\"en\">Invoiced</span></th><th class=\"num\">Erotus "
       "<span class=\"en\">Difference</span></th></tr>\n";
  Money invoiced, difference;
  for (const ProviderSummary& p : o.providers) {
    invoiced += p.invoiced;
    difference += p.difference;
    t << "<tr data-business-id=\"" << Escape(p.business_id) << "\"><td class=\"id\">"
      << Escape(p.business_id) << "</td><td>" << Escape(p.name)
      << "</td><td class=\"state\" data-state=\"" << Escape(p.state) << "\">" << Named(p.state)
      << "</td><td data-status=\"" << Escape(p.status) << "\">" << Named(p.status)
      << (p.invoice_numbers.empty() ? "" : " (" + Escape(Join(p.invoice_numbers)) + ")") << "</td>"
      << TotalsCells(p.totals) << AmountCell(p.invoiced) << AmountCell(p.difference) << "</tr>\n";
  }
  t << "<tr class=\"total\"><td colspan=\"4\">Yhteensä <span class=\"en\">Total</span></td>"
    << TotalsCells(o.totals) << AmountCell(invoiced) << AmountCell(difference) << "</tr>\n</table>\n";
  return t.str();
}

std::string ServicesTable(const MonthOverview& o) {
  std::ostringstream t;
  t << "<h2>Palvelut <span class=\"en\">Services</span></h2>\n<table id=\"services\"><tr><th>Palvelu "
       "<span class=\"en\">Service</span></th><th>Luokka <span class=\"en\">Class</span></th><th "
       "class=\"num\">Rivejä <span class=\"en\">Lines</span></th><th class=\"num\">Hinta <span "
       "class=\"en\">Price</span></th><th class=\"num\">Palveluseteli <span "
       "class=\"en\">Voucher</span></th><th class=\"num\">Omavastuu <span "
       "class=\"en\">Co-payment</span></th></tr>\n";
  for (const ServiceSummary& s : o.services) {
    t << "<tr data-service=\"" << Escape(s.service) << "\"><td>"
      << Escape(ServiceName(o, s.service)) << " " << Code(s.service) << "</td><td>"
      << Named(ServiceClassName(s.service_class)) << "</td>" << TotalsCells(s.totals) << "</tr>\n";
  }
  t << "<tr class=\"total\"><td colspan=\"2\">Yhteensä <span class=\"en\">Total</span></td>"
    << TotalsCells(o.totals) << "</tr>\n</table>\n";
  return t.str();
}

// Per service its name, and under it two horizontal bars on one scale:
// voucher and co-payment.
std::string Chart(const MonthOverview& o) {
  const int width = 600, text = 16, bar = 14, gap = 10;
  const int row = text + 2 * bar + gap, height = static_cast<int>(o.services.size()) * row + 10;
  int64_t max = 1;
  for (const ServiceSummary& s : o.services) {
    max = std::max({max, s.totals.voucher.cents(), s.totals.copay.cents()});
  }
  auto len = [&](Money m) { return static_cast<int>(std::max<int64_t>(0, m.cents()) * width / max); };
  std::ostringstream c;
  c << "<h2>Palveluseteli ja omavastuu palveluittain <span class=\"en\">Voucher and co-payment by "
       "service</span></h2>\n<p class=\"legend\"><span class=\"sw\" "
       "style=\"background:#2f6db5\"></span>Palveluseteli "
       "<span class=\"en\">Voucher</span><span class=\"sw\" "
       "style=\"background:#e39b2d\"></span>Omavastuu <span "
       "class=\"en\">Co-payment</span></p>\n<svg id=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" "
       "width=\""
    << width + 120 << "\" height=\"" << height
    << "\" role=\"img\" aria-label=\"Voucher and co-payment by service\">\n";
  int y = 5;
  for (const ServiceSummary& s : o.services) {
    const std::string name = ServiceName(o, s.service);
    c << "<text x=\"0\" y=\"" << y + text - 4 << "\" font-size=\"12\">"
      << Escape(name.empty() ? s.service : name + " (" + s.service + ")") << "</text>\n";
    y += text;
    c << "<rect class=\"voucher\" data-value=\"" << s.totals.voucher.ToString() << "\" x=\"0\" y=\""
      << y << "\" width=\"" << len(s.totals.voucher) << "\" height=\"" << bar
      << "\" fill=\"#2f6db5\"><title>" << Escape(s.service) << ": palveluseteli "
      << FinnishAmount(s.totals.voucher) << " €</title></rect>\n";
    c << "<text x=\"" << len(s.totals.voucher) + 4 << "\" y=\"" << y + bar - 3
      << "\" font-size=\"11\">" << FinnishAmount(s.totals.voucher) << "</text>\n";
    c << "<rect class=\"copay\" data-value=\"" << s.totals.copay.ToString() << "\" x=\"0\" y=\""
      << y + bar << "\" width=\"" << len(s.totals.copay) << "\" height=\"" << bar
      << "\" fill=\"#e39b2d\"><title>" << Escape(s.service) << ": omavastuu "
      << FinnishAmount(s.totals.copay) << " €</title></rect>\n";
    c << "<text x=\"" << len(s.totals.copay) + 4 << "\" y=\"" << y + 2 * bar - 3
      << "\" font-size=\"11\">" << FinnishAmount(s.totals.copay) << "</text>\n";
    y += 2 * bar + gap;
  }
  c << "</svg>\n";
  return c.str();
}

std::string StatusCounts(const MonthOverview& o) {
  std::ostringstream t;
  t << "<h2>Laskujen tila <span class=\"en\">Invoice status</span></h2>\n<table id=\"status\">"
       "<tr><th>Tila <span class=\"en\">Status</span></th><th class=\"num\">Tuottajia <span "
       "class=\"en\">Providers</span></th></tr>\n";
  for (const char* s : {"accepted", "rejected", "missing", "held", "self_billed"}) {
    auto it = o.status_counts.find(s);
    t << "<tr><td>" << Named(s) << "</td><td class=\"num\">"
      << (it == o.status_counts.end() ? 0 : it->second) << "</td></tr>\n";
  }
  t << "</table>\n<table id=\"invoices\"><tr><th>Laskut <span class=\"en\">Invoices</span></th><th "
       "class=\"num\">Kpl <span class=\"en\">Count</span></th></tr>\n";
  for (const char* s : {"accepted", "rejected"}) {
    auto it = o.invoice_counts.find(s);
    t << "<tr><td>" << Named(s) << "</td><td class=\"num\">"
      << (it == o.invoice_counts.end() ? 0 : it->second) << "</td></tr>\n";
  }
  t << "</table>\n";
  return t.str();
}

// Held settlements and rejected invoices are in the needs-action block;
// the events settling rejects are the providers' to correct.
std::string RejectedEvents(const MonthOverview& o) {
  std::ostringstream t;
  t << "<h2>Hylätyt tapahtumat <span class=\"en\">Rejected events</span></h2>\n<table "
       "id=\"rejected-events\"><tr><th>Tapahtuma <span class=\"en\">Event</span></th><th>Syy <span "
       "class=\"en\">Reason</span></th></tr>\n";
  for (const Rejection& r : o.rejected_events) {
    t << "<tr><td class=\"id\">" << Escape(r.event_id) << "</td><td>" << Code(r.code) << " "
      << Escape(r.message) << "</td></tr>\n";
  }
  if (o.rejected_events.empty()) {
    t << "<tr><td colspan=\"2\">Ei yhtään <span class=\"en\">None</span></td></tr>\n";
  }
  t << "</table>\n";
  if (!o.failures.empty()) {
    t << "<h2 class=\"bad\">Täsmäytyksen virheet <span class=\"en\">Reconciliation failures</span></h2>\n<ul id=\"failures\">";
    for (const exports::Failure& f : o.failures) {
      t << "<li><code>" << Escape(f.code) << "</code>: " << Escape(f.message) << "</li>\n";
    }
    t << "</ul>\n";
  }
  return t.str();
}

}  // namespace

std::string FinnishAmount(Money m) {
  std::string plain = m.ToString();  // "-40065.53"
  bool negative = !plain.empty() && plain[0] == '-';
  if (negative) plain.erase(0, 1);
  size_t dot = plain.find('.');
  std::string whole = plain.substr(0, dot), cents = plain.substr(dot + 1);
  std::string grouped;
  for (size_t i = 0; i < whole.size(); ++i) {
    if (i > 0 && (whole.size() - i) % 3 == 0) grouped += kNbsp;
    grouped += whole[i];
  }
  return (negative ? "-" : "") + grouped + "," + cents;
}

std::string HelsinkiTime(const std::string& utc) {
  auto at = Instant::Parse(utc);
  if (!at.ok()) return utc;
  const LocalTime local = ToHelsinki(at.value());
  const int minute = local.minute_of_day % 60;
  return std::to_string(local.date.day()) + "." + std::to_string(local.date.month()) + "." +
         std::to_string(local.date.year()) + " klo " + std::to_string(local.minute_of_day / 60) +
         (minute < 10 ? ".0" : ".") + std::to_string(minute);
}

std::string OverviewHtml(const MonthOverview& o, const std::string& release_csrf) {
  std::ostringstream page;
  page << "<!DOCTYPE html>\n<html lang=\"fi\">\n<head>\n<meta charset=\"utf-8\">\n"
       << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
       << "<title>Palvelusetelit " << o.month.ToString() << " – seteli</title>\n"
       << kStyle << "\n</head>\n<body>\n"
       << Header(o) << NeedsActionBlock(o, release_csrf) << Releases(o) << Cards(o)
       << ProvidersTable(o) << ServicesTable(o) << Chart(o) << StatusCounts(o) << RejectedEvents(o)
       << "</body>\n</html>\n";
  return page.str();
}

}  // namespace seteli::books
