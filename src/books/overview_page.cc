#include "books/overview_page.h"

#include <algorithm>
#include <sstream>

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

constexpr char kStyle[] = R"(<style>
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:2rem;color:#1d2733;background:#fff}
h1{font-size:1.5rem;margin-bottom:.2rem}h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #d5dbe3;padding-bottom:.2rem}
.en{color:#5b6b7d;font-weight:normal;font-size:.85em}
table{border-collapse:collapse;margin:.5rem 0;font-size:.9rem}
th,td{border:1px solid #d5dbe3;padding:.3rem .6rem;text-align:left;vertical-align:top}
th{background:#eef2f7}td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
tr.total td{font-weight:bold;background:#f6f8fb}
.cards{display:flex;gap:1rem;flex-wrap:wrap}.card{border:1px solid #d5dbe3;border-radius:6px;padding:.7rem 1rem;min-width:12rem}
.card .v{font-size:1.4rem;font-weight:bold}.ok{color:#1b7f3b}.bad{color:#b3261e}
.sw{display:inline-block;width:.8rem;height:.8rem;margin:0 .3rem 0 1rem;vertical-align:middle}
td.id,td.state{white-space:nowrap}
</style>)";

std::string Card(const char* id, const char* fi, const char* en, Money m) {
  return "<div class=\"card\"><div>" + std::string(fi) + " <span class=\"en\">" + en +
         "</span></div><div class=\"v\" id=\"" + id + "\" data-value=\"" + m.ToString() + "\">" +
         FinnishAmount(m) + "&nbsp;€</div></div>";
}

std::string Header(const MonthOverview& o) {
  std::ostringstream h;
  h << "<h1>Palvelusetelit " << o.month.ToString()
    << " <span class=\"en\">Service vouchers, month overview</span></h1>\n";
  h << "<p>" << (o.failures.empty()
                     ? "<span class=\"ok\" id=\"reconciles\">Kuukausi täsmää</span> <span "
                       "class=\"en\">The month reconciles</span>"
                     : "<span class=\"bad\" id=\"reconciles\">Kuukausi ei täsmää</span> <span "
                       "class=\"en\">The month does not reconcile</span>")
    << "</p>\n<div class=\"cards\">" << Card("total-price", "Hinta yhteensä", "Price total", o.totals.price)
    << Card("total-voucher", "Palveluseteli", "Voucher total", o.totals.voucher)
    << Card("total-copay", "Omavastuu", "Co-payment total", o.totals.copay) << "</div>\n";
  return h.str();
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
    t << "<tr data-business-id=\"" << Escape(p.business_id) << "\"><td class=\"id\">" << Escape(p.business_id)
      << "</td><td>" << Escape(p.name) << "</td><td class=\"state\">" << Escape(p.state) << "</td><td>"
      << Escape(p.status) << (p.invoice_numbers.empty() ? "" : " (" + Escape(Join(p.invoice_numbers)) + ")")
      << "</td>" << TotalsCells(p.totals) << AmountCell(p.invoiced) << AmountCell(p.difference)
      << "</tr>\n";
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
    t << "<tr data-service=\"" << Escape(s.service) << "\"><td>" << Escape(s.service) << "</td><td>"
      << ServiceClassName(s.service_class) << "</td>" << TotalsCells(s.totals) << "</tr>\n";
  }
  t << "<tr class=\"total\"><td colspan=\"2\">Yhteensä <span class=\"en\">Total</span></td>"
    << TotalsCells(o.totals) << "</tr>\n</table>\n";
  return t.str();
}

// Two horizontal bars per service, voucher and co-payment, on one scale.
std::string Chart(const MonthOverview& o) {
  const int label = 230, width = 460, bar = 14, gap = 12;
  const int row = 2 * bar + gap, height = static_cast<int>(o.services.size()) * row + 10;
  int64_t max = 1;
  for (const ServiceSummary& s : o.services) {
    max = std::max({max, s.totals.voucher.cents(), s.totals.copay.cents()});
  }
  auto len = [&](Money m) { return static_cast<int>(std::max<int64_t>(0, m.cents()) * width / max); };
  std::ostringstream c;
  c << "<h2>Palveluseteli ja omavastuu palveluittain <span class=\"en\">Voucher and co-payment by "
       "service</span></h2>\n<p class=\"legend\"><span class=\"sw\" style=\"background:#2f6db5\"></span>Palveluseteli "
       "<span class=\"en\">Voucher</span><span class=\"sw\" style=\"background:#e39b2d\"></span>Omavastuu <span "
       "class=\"en\">Co-payment</span></p>\n<svg id=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" "
       "width=\""
    << label + width + 120 << "\" height=\"" << height << "\" role=\"img\" aria-label=\"Voucher and co-payment by service\">\n";
  int y = 5;
  for (const ServiceSummary& s : o.services) {
    c << "<text x=\"" << label - 8 << "\" y=\"" << y + bar + 4
      << "\" text-anchor=\"end\" font-size=\"12\">" << Escape(s.service) << "</text>\n";
    c << "<rect class=\"voucher\" data-value=\"" << s.totals.voucher.ToString() << "\" x=\"" << label
      << "\" y=\"" << y << "\" width=\"" << len(s.totals.voucher) << "\" height=\"" << bar
      << "\" fill=\"#2f6db5\"><title>" << Escape(s.service) << ": palveluseteli "
      << FinnishAmount(s.totals.voucher) << " €</title></rect>\n";
    c << "<text x=\"" << label + len(s.totals.voucher) + 4 << "\" y=\"" << y + bar - 3
      << "\" font-size=\"11\">" << FinnishAmount(s.totals.voucher) << "</text>\n";
    c << "<rect class=\"copay\" data-value=\"" << s.totals.copay.ToString() << "\" x=\"" << label
      << "\" y=\"" << y + bar << "\" width=\"" << len(s.totals.copay) << "\" height=\"" << bar
      << "\" fill=\"#e39b2d\"><title>" << Escape(s.service) << ": omavastuu "
      << FinnishAmount(s.totals.copay) << " €</title></rect>\n";
    c << "<text x=\"" << label + len(s.totals.copay) + 4 << "\" y=\"" << y + 2 * bar - 3
      << "\" font-size=\"11\">" << FinnishAmount(s.totals.copay) << "</text>\n";
    y += row;
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
    t << "<tr><td>" << s << "</td><td class=\"num\">" << (it == o.status_counts.end() ? 0 : it->second)
      << "</td></tr>\n";
  }
  t << "</table>\n<table id=\"invoices\"><tr><th>Laskut <span class=\"en\">Invoices</span></th><th "
       "class=\"num\">Kpl <span class=\"en\">Count</span></th></tr>\n";
  for (const char* s : {"accepted", "rejected"}) {
    auto it = o.invoice_counts.find(s);
    t << "<tr><td>" << s << "</td><td class=\"num\">"
      << (it == o.invoice_counts.end() ? 0 : it->second) << "</td></tr>\n";
  }
  t << "</table>\n";
  return t.str();
}

std::string HeldAndRejected(const MonthOverview& o) {
  std::ostringstream t;
  t << "<h2>Pidätetyt ja hylätyt <span class=\"en\">Held and rejected</span></h2>\n<table "
       "id=\"held-rejected\"><tr><th>Mikä <span class=\"en\">What</span></th><th>Kenen <span "
       "class=\"en\">Whose</span></th><th>Syy <span class=\"en\">Reason</span></th></tr>\n";
  int n = 0;
  for (const ProviderSummary& p : o.providers) {
    if (p.state != "held") continue;
    t << "<tr><td>pidätetty tilitys <span class=\"en\">held settlement</span></td><td>"
      << Escape(p.business_id) << "</td><td>" << Escape(p.held_reason) << "</td></tr>\n";
    ++n;
  }
  for (const RejectedInvoiceItem& i : o.rejected_invoices) {
    t << "<tr><td>hylätty lasku <span class=\"en\">rejected invoice</span> " << Escape(i.number)
      << "</td><td>" << Escape(i.provider) << "</td><td>" << Escape(Join(i.codes)) << "</td></tr>\n";
    ++n;
  }
  for (const Rejection& r : o.rejected_events) {
    t << "<tr><td>hylätty tapahtuma <span class=\"en\">rejected event</span> " << Escape(r.event_id)
      << "</td><td></td><td>" << Escape(r.code) << ": " << Escape(r.message) << "</td></tr>\n";
    ++n;
  }
  if (n == 0) t << "<tr><td colspan=\"3\">Ei yhtään <span class=\"en\">None</span></td></tr>\n";
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

std::string OverviewHtml(const MonthOverview& o) {
  std::ostringstream page;
  page << "<!DOCTYPE html>\n<html lang=\"fi\">\n<head>\n<meta charset=\"utf-8\">\n"
       << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
       << "<title>Palvelusetelit " << o.month.ToString() << " – seteli</title>\n"
       << kStyle << "\n</head>\n<body>\n"
       << Header(o) << ProvidersTable(o) << ServicesTable(o) << Chart(o) << StatusCounts(o)
       << HeldAndRejected(o) << "</body>\n</html>\n";
  return page.str();
}

}  // namespace seteli::books
