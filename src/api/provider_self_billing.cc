#include "api/provider_self_billing.h"

#include "api/page_html.h"
#include "outbound/self_billing_invoice.h"

namespace seteli::api {

std::string SelfBillingInvoicesHtml(ApiState& state, const std::string& provider) {
  auto heads = state.store->ListSettlementHeads("", provider);
  if (!heads.ok()) return "";
  std::string rows;
  // Listed by month: the newest first.
  for (auto it = heads.value().rbegin(); it != heads.value().rend(); ++it) {
    const store::SettlementRecord& s = *it;
    if (!s.invoice_number) continue;
    const bool credit_note = s.voucher_total < 0;
    rows += "<tr data-self-billing=\"" + Html(s.month) + "\"><td>" + Html(s.month) +
            "</td><td>" + Html(outbound::SelfBillingInvoiceNumber(*s.invoice_number)) +
            "</td><td>" +
            (credit_note ? FiEn("Hyvityslasku", "Credit note") : FiEn("Lasku", "Invoice")) +
            "</td><td>" + Html(s.reference) + "</td><td class=\"num\">" +
            Amount(Money::FromCents(s.voucher_total)) + "&nbsp;€</td><td><a href=\"" +
            "/portal/settlement?month=" + Html(s.month) + "\">" + FiEn("Tilitys", "Statement") +
            "</a></td></tr>\n";
  }
  if (rows.empty()) return "";
  return "<h2>" + FiEn("Puolestasi laaditut laskut", "Invoices drawn up for you") +
         "</h2><p class=\"note\">" +
         FiEn("Olet itselaskutuksessa: järjestäjä laatii laskun puolestasi jokaisesta "
              "tilityksestä, etkä lähetä omaa laskua.",
              "You are on self-billing: the organizer draws up the invoice for each settlement "
              "in your name, and you send no invoice of your own.") +
         "</p><div class=\"scroll\"><table id=\"self-billing\"><tr><th>" +
         FiEn("Kuukausi", "Month") + "</th><th>" + FiEn("Laskunumero", "Invoice number") +
         "</th><th>" + FiEn("Laji", "Kind") + "</th><th>" + FiEn("Laskuviite", "Reference") +
         "</th><th>" + FiEn("Summa", "Total") + "</th><th></th></tr>\n" + rows +
         "</table></div>";
}

}  // namespace seteli::api
