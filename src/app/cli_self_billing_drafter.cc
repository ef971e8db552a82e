#include "app/self_billing_drafter.h"
#include "outbound/self_billing_invoice.h"
#include "outbound/transmission_frame.h"

namespace seteli::app {
namespace {

// Today in Helsinki, and now as ISO 8601 with its offset.
std::pair<Date, std::string> HelsinkiNow(const Clock& clock) {
  Instant now = clock.Now();
  return {ToHelsinki(now).date, now.ToHelsinkiString()};
}

}  // namespace

invoicing::SelfBillingDrafter MakeSelfBillingDrafter(const Clock& clock) {
  return [&clock](const invoicing::SelfBillingDraft& d) -> Result<store::OutboxMessage> {
    const Settlement& s = d.settlement;
    const Provider& provider = d.provider;
    auto [today, timestamp] = HelsinkiNow(clock);
    std::string digits;
    for (char c : provider.business_id) {
      if (c != '-') digits += c;
    }
    outbound::SelfBillingOptions o;
    o.invoice_number = outbound::SelfBillingInvoiceNumber(d.invoice_number);
    o.issue_date = today;
    o.provider_account = {provider.iban, provider.bic};
    for (const invoicing::CorrectedInvoice& c : d.corrected_invoices) {
      o.original_invoices.push_back({outbound::SelfBillingInvoiceNumber(c.number), c.month});
    }
    // UTF-8: the outbox keeps messages as text, and PostgreSQL text holds
    // UTF-8 only; Finvoice takes either encoding.
    o.encoding = outbound::Encoding::kUtf8;
    // The organizer draws the invoice up and transmits it to the provider
    // (the seller receives its self-billed invoice in its own mailbox), so
    // the frame and MessageTransmissionDetails run organizer -> provider.
    o.routing = outbound::Reverse(outbound::SelfBillingRouting(provider, d.rulebook));
    // Unique and kept across resends: provider, month and series number.
    o.message_id = "seteli-SB-" + digits + "-" + s.month.ToString() + "-" + o.invoice_number;
    o.timestamp = timestamp;
    auto xml = outbound::BuildSelfBillingInvoice(s, d.rows, provider, d.rulebook, o);
    if (!xml.ok()) return xml.error();
    return store::OutboxMessage{o.message_id, "self_billing_invoice", provider.business_id,
                                s.month.ToString(), o.invoice_number, xml.value()};
  };
}

}  // namespace seteli::app
