#include "outbound/settlement_statement.h"

#include <algorithm>
#include <map>
#include <set>

#include "outbound/finvoice_values.h"
#include "outbound/xml_writer.h"

namespace seteli::outbound {
namespace {

using internal::XmlWriter;

// No '<', '>' or '&' here: the writer escapes text, and HTML reads a
// <style> element's content raw.
constexpr const char* kCss = R"(
body { font-family: "Helvetica Neue", Arial, sans-serif; font-size: 10pt; color: #111; margin: 2em; }
h1 { font-size: 15pt; margin-bottom: 0.2em; }
h2 { font-size: 12pt; margin-top: 1.6em; }
.en { color: #555; font-weight: normal; font-size: 0.9em; }
table { border-collapse: collapse; width: 100%; }
th, td { border-bottom: 1px solid #ccc; padding: 3px 6px; text-align: left; vertical-align: top; }
th { background: #eee; }
td.num, th.num { text-align: right; white-space: nowrap; }
tr.total td { font-weight: bold; border-top: 2px solid #111; }
table.facts { width: auto; }
table.facts th { background: none; }
@page { size: A4 landscape; margin: 12mm; }
@media print { body { margin: 0; } th { background: #eee; -webkit-print-color-adjust: exact; print-color-adjust: exact; } tr { page-break-inside: avoid; } }
)";

struct FlagLabel {
  const char* name;
  const char* fi;
};

constexpr FlagLabel kFlagLabels[] = {
    {"late_recording", "myöhässä kirjattu"}, {"monthly_cap", "kuukausikatto"},
    {"quantity_cap", "määräkatto"},          {"over_grant", "yli myönnetyn"},
    {"over_balance", "yli saldon"},          {"prior_period", "aiemman kauden oikaisu"},
    {"cancelled", "myöhään peruttu käynti"},
};

std::string FlagText(uint32_t flags) {
  std::string out;
  for (const std::string& name : FlagNames(flags)) {
    std::string fi = name;
    for (const FlagLabel& l : kFlagLabels) {
      if (name == l.name) fi = l.fi;
    }
    out += (out.empty() ? "" : ", ") + fi + " (" + name + ")";
  }
  return out.empty() ? "–" : out;
}

// An organizer credit's line says why: "hyvitys / organizer credit:
// wrong_price: <finance's text>".
std::string CreditText(const std::string& note) { return "hyvitys / organizer credit: " + note; }

std::string Euros(Money m) { return internal::FinvoiceAmount(m) + " €"; }

std::string UnitWord(Unit u) {
  switch (u) {
    case Unit::kHour: return "h";
    case Unit::kDay: return "vrk";
    case Unit::kMeal: return "ateriaa";
    case Unit::kVisit: return "käyntiä";
    case Unit::kVoucher: return "kpl";
  }
  return "";
}

std::string QuantityText(const SettlementLine& l) {
  std::string q = internal::FinvoiceQuantity(l.quantity.milli()) + " " + UnitWord(l.unit);
  if (l.minutes) q += " (" + std::to_string(*l.minutes) + " min)";
  return q;
}

// "2024-05-03 09:00–12:30" for hourly parts, the date alone otherwise.
std::string DateText(const SettlementLine& l) {
  std::string d = l.date.ToString();
  if (l.from && l.to) {
    d += " " + l.from->ToHelsinkiString().substr(11, 5) + "–" + l.to->ToHelsinkiString().substr(11, 5);
  }
  if (l.original_month) d += " (kausi " + l.original_month->ToString() + ")";
  return d;
}

std::string ServiceText(const Rulebook& rb, const std::string& code) {
  const Service* s = rb.Find(code);
  return s ? s->name : code;
}

// A bilingual label: "Finnish <span class=en>/ English</span>".
// An element with its Finnish text and the English beside it, smaller.
void FinnishEnglish(XmlWriter& w, const char* element, const std::string& fi,
                    const std::string& en) {
  w.Start(element);
  w.Text(fi);
  w.Start("span");
  w.Attribute("class", "en");
  w.Text(en);
  w.EndFull();
  w.EndFull();
}

void Label(XmlWriter& w, const char* element, const char* fi, const char* en, bool numeric = false) {
  w.Start(element);
  if (numeric) w.Attribute("class", "num");
  w.Text(fi);
  w.Text(" ");
  w.Start("span");
  w.Attribute("class", "en");
  w.Text(std::string("/ ") + en);
  w.EndFull();
  w.EndFull();
}

void Cell(XmlWriter& w, const std::string& text, bool numeric = false) {
  w.Start("td");
  if (numeric) w.Attribute("class", "num");
  w.Text(text.empty() ? "–" : text);
  w.EndFull();
}

void Fact(XmlWriter& w, const char* fi, const char* en, const std::string& value) {
  w.Start("tr");
  Label(w, "th", fi, en);
  Cell(w, value);
  w.EndFull();
}

void Head(XmlWriter& w, const Settlement& s, const Provider& p) {
  w.Start("head");
  w.Start("meta");
  w.Attribute("charset", "utf-8");
  w.End();
  w.Element("title", "Tilitysilmoitus " + s.month.ToString() + " – " + p.name);
  w.Element("style", kCss);
  w.EndFull();
}

void Facts(XmlWriter& w, const Settlement& s, const Provider& p, const Rulebook& rb) {
  w.Start("table");
  w.Attribute("class", "facts");
  Fact(w, "Palveluntuottaja", "Provider", p.name + " (" + p.business_id + ")");
  Fact(w, "Järjestäjä", "Organizer", rb.organizer.name + " (" + rb.organizer.business_id + ")");
  Fact(w, "Kausi", "Month", s.month.ToString());
  Fact(w, "Laskuviite", "Invoice reference", s.reference);
  // A month of corrections that lower the cost more than it adds (credits
  // only, typically) is a credit to the organizer: a credit note, not an
  // invoice, and shown as the amount credited.
  if (s.voucher_total.negative()) {
    Fact(w, "Hyvitys: setelin osuus (hyvityslasku)", "Credit: voucher part (credit note)",
         Euros(-s.voucher_total));
  } else {
    Fact(w, "Laskutettava setelin osuus", "Voucher total to invoice", Euros(s.voucher_total));
  }
  w.EndFull();
}

void LinesTable(XmlWriter& w, const Settlement& s, const Rulebook& rb) {
  FinnishEnglish(w, "h2", "Tapahtumat ", "/ Lines");
  w.Start("table");
  w.Start("thead");
  w.Start("tr");
  Label(w, "th", "Päivä", "Date");
  Label(w, "th", "Tapahtuma", "Event");
  Label(w, "th", "Asiakas", "Client");
  Label(w, "th", "Palvelu", "Service");
  Label(w, "th", "Määrä", "Quantity", true);
  Label(w, "th", "Yksikköhinta", "Unit price", true);
  Label(w, "th", "Hinta", "Price", true);
  Label(w, "th", "Seteli", "Voucher", true);
  Label(w, "th", "Omavastuu", "Co-payment", true);
  Label(w, "th", "Merkinnät", "Flags");
  w.EndFull();
  w.EndFull();
  w.Start("tbody");
  for (const SettlementLine& l : s.lines) {
    w.Start("tr");
    Cell(w, DateText(l));
    Cell(w, l.event_id);
    Cell(w, l.client);
    Cell(w, ServiceText(rb, l.service));
    Cell(w, QuantityText(l), true);
    Cell(w, Euros(l.unit_price), true);
    Cell(w, Euros(l.price), true);
    Cell(w, Euros(l.voucher), true);
    Cell(w, Euros(l.copay), true);
    Cell(w, l.note.empty() ? FlagText(l.flags) : FlagText(l.flags) + "; " + CreditText(l.note));
    w.EndFull();
  }
  w.Start("tr");
  w.Attribute("class", "total");
  w.Start("td");
  w.Attribute("colspan", "6");
  w.Text("Yhteensä / Total (" + std::to_string(s.lines.size()) + ")");
  w.EndFull();
  Cell(w, Euros(s.price_total), true);
  Cell(w, Euros(s.voucher_total), true);
  Cell(w, Euros(s.copay_total), true);
  Cell(w, "");
  w.EndFull();
  w.EndFull();  // tbody
  w.EndFull();  // table
}

// What to bill each client: the provider invoices co-payments from the
// clients itself, so it needs each client's sum, not only the month's.
struct ClientSum {
  int lines = 0;
  Money voucher;
  Money copay;
};

void ClientsTable(XmlWriter& w, const Settlement& s) {
  std::map<std::string, ClientSum> sums;  // by pseudonym, in order
  for (const SettlementLine& l : s.lines) {
    ClientSum& c = sums[l.client];
    ++c.lines;
    c.voucher += l.voucher;
    c.copay += l.copay;
  }
  FinnishEnglish(w, "h2", "Omavastuut asiakkaittain ", "/ Co-payments by client");
  w.Start("table");
  w.Attribute("class", "clients");
  w.Start("thead");
  w.Start("tr");
  Label(w, "th", "Asiakas", "Client");
  Label(w, "th", "Rivejä", "Lines", true);
  Label(w, "th", "Seteli", "Voucher", true);
  Label(w, "th", "Asiakkaan omavastuu", "Client's co-payment", true);
  w.EndFull();
  w.EndFull();
  w.Start("tbody");
  for (const auto& [client, c] : sums) {
    w.Start("tr");
    Cell(w, client);
    Cell(w, std::to_string(c.lines), true);
    Cell(w, Euros(c.voucher), true);
    Cell(w, Euros(c.copay), true);
    w.EndFull();
  }
  w.Start("tr");
  w.Attribute("class", "total");
  Cell(w, "Yhteensä / Total (" + std::to_string(sums.size()) + ")");
  Cell(w, std::to_string(s.lines.size()), true);
  Cell(w, Euros(s.voucher_total), true);
  Cell(w, Euros(s.copay_total), true);
  w.EndFull();
  w.EndFull();  // tbody
  w.EndFull();  // table
}

// What a client-free event delivered beyond its grant or cap: the voucher
// does not pay it and the client may not be billed for it.
void UnpaidTable(XmlWriter& w, const Settlement& s, const Rulebook& rb) {
  FinnishEnglish(w, "h2", "Maksamatta jäävät palvelut ", "/ Services no one pays");
  FinnishEnglish(
      w, "p",
      "Asiakkaalle maksuttoman palvelun osa, jonka päätöksen myönnetty määrä tai kuukauden "
      "enimmäismäärä ylitti: seteli ei maksa sitä, eikä sitä saa laskuttaa asiakkaalta. ",
      "The part of a service free to the client beyond the decision's grant or the monthly "
      "cap: the voucher does not pay it and the client may not be billed for it.");
  w.Start("table");
  w.Start("thead");
  w.Start("tr");
  Label(w, "th", "Päivä", "Date");
  Label(w, "th", "Tapahtuma", "Event");
  Label(w, "th", "Palvelu", "Service");
  Label(w, "th", "Määrä", "Quantity", true);
  Label(w, "th", "Hinta", "Price", true);
  Label(w, "th", "Syy", "Reason");
  w.EndFull();
  w.EndFull();
  w.Start("tbody");
  for (const UnpaidRemainder& u : s.unpaid) {
    w.Start("tr");
    Cell(w, u.date.ToString());
    Cell(w, u.event_id);
    Cell(w, ServiceText(rb, u.service));
    std::string quantity = internal::FinvoiceQuantity(u.quantity.milli());
    if (u.minutes) quantity += " h (" + std::to_string(*u.minutes) + " min)";
    Cell(w, quantity, true);
    Cell(w, Euros(u.price), true);
    Cell(w, FlagText(u.code == "over_grant" ? kOverGrant : kQuantityCap));
    w.EndFull();
  }
  w.EndFull();
  w.EndFull();
}

void BalancesTable(XmlWriter& w, std::span<const BalanceStatement> balances) {
  FinnishEnglish(w, "h2", "Saldotiliote ", "/ Balance statements");
  w.Start("table");
  w.Start("thead");
  w.Start("tr");
  Label(w, "th", "Päätös", "Decision");
  Label(w, "th", "Asiakas", "Client");
  Label(w, "th", "Alkusaldo", "Opening", true);
  Label(w, "th", "Kertymä", "Accrual", true);
  Label(w, "th", "Käyttö", "Used", true);
  Label(w, "th", "Loppusaldo", "Closing", true);
  Label(w, "th", "Keskeytyspäivät", "Suspension days", true);
  w.EndFull();
  w.EndFull();
  w.Start("tbody");
  for (const BalanceStatement& b : balances) {
    w.Start("tr");
    Cell(w, b.decision_id);
    Cell(w, b.client);
    Cell(w, Euros(b.opening), true);
    Cell(w, Euros(b.accrual), true);
    Cell(w, Euros(b.used), true);
    Cell(w, Euros(b.closing), true);
    Cell(w, std::to_string(b.suspension_days), true);
    w.EndFull();
  }
  w.EndFull();
  w.EndFull();
}

// Who pays whom: the voucher part and the co-payments each on its own, as
// either may be a credit (corrections of an earlier month that lower it).
void Closing(XmlWriter& w, const Settlement& s) {
  std::string fi, en;
  if (s.voucher_total.negative()) {
    fi = "Hyvitys: palveluntuottaja hyvittää järjestäjälle setelin osuuden " +
         Euros(-s.voucher_total) + " (hyvityslasku). ";
    en = "Credit: the provider credits the organizer the voucher part " + Euros(-s.voucher_total) +
         " (a credit note); ";
  } else {
    fi = "Järjestäjä maksaa setelin osuuden " + Euros(s.voucher_total) + ". ";
    en = "The organizer pays the voucher part " + Euros(s.voucher_total) + "; ";
  }
  if (s.copay_total.negative()) {
    fi += "Asiakkaille palautetaan omavastuita " + Euros(-s.copay_total) +
          " (hyvitys palveluntuottajalta asiakkaille). ";
    en +=
        "the provider refunds the clients " + Euros(-s.copay_total) + " of co-payments (a credit).";
  } else {
    fi += "Asiakkaiden omavastuut (" + Euros(s.copay_total) +
          ") palveluntuottaja laskuttaa suoraan asiakkailta. ";
    en += "the provider invoices the clients' co-payments (" + Euros(s.copay_total) +
          ") from the clients.";
  }
  FinnishEnglish(w, "p", fi, en);
}

}  // namespace

std::vector<BalanceStatement> BalancesFor(const Settlement& settlement, std::span<const BalanceStatement> all) {
  std::set<std::string> decisions;
  for (const SettlementLine& l : settlement.lines) decisions.insert(l.decision_id);
  std::vector<BalanceStatement> out;
  for (const BalanceStatement& b : all) {
    if (decisions.count(b.decision_id)) out.push_back(b);
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const BalanceStatement& a, const BalanceStatement& b) { return a.decision_id < b.decision_id; });
  return out;
}

Result<std::string> BuildSettlementStatement(const Settlement& settlement, const Provider& provider,
                                             const Rulebook& rulebook, std::span<const BalanceStatement> balances) {
  XmlWriter w(Encoding::kUtf8, /*declaration=*/false);
  w.Doctype("html");
  w.Start("html");
  w.Attribute("lang", "fi");
  Head(w, settlement, provider);
  w.Start("body");
  w.Start("h1");
  w.Text("Palvelusetelitilitys " + settlement.month.ToString() + " ");
  w.Start("span");
  w.Attribute("class", "en");
  w.Text("/ Service voucher settlement statement");
  w.EndFull();
  w.EndFull();
  Facts(w, settlement, provider, rulebook);
  LinesTable(w, settlement, rulebook);
  if (!settlement.lines.empty()) ClientsTable(w, settlement);
  if (!settlement.unpaid.empty()) UnpaidTable(w, settlement, rulebook);
  if (!balances.empty()) BalancesTable(w, balances);
  Closing(w, settlement);
  w.EndFull();  // body
  w.EndFull();  // html
  return w.Finish();
}

}  // namespace seteli::outbound
