#include "receiving/rejection_notice.h"

#include "outbound/finvoice_ack.h"
#include "outbound/invoice_response.h"
#include "receiving/ubl_schema.h"

namespace seteli::receiving {
namespace {

using finvoice::InvoiceError;
using finvoice::Layer;

bool IsTechnicalReason(const InvoiceError& e) {
  return e.layer == Layer::kParse || e.layer == Layer::kSchema || e.code == kDuplicateMessage;
}

// The first technical reason decides the acknowledgement's reason code.
outbound::AckReason AckReasonOf(const std::vector<InvoiceError>& reasons) {
  for (const InvoiceError& e : reasons) {
    if (e.code == kDuplicateMessage) return outbound::AckReason::kDuplicateMessageId;
    if (auto r = outbound::AckReasonForErrorCode(e.code)) return *r;
  }
  return outbound::AckReason::kOther;
}

// What an unverified sender (a frame from a seller the registry does not
// know) may read: the faults of the bytes it sent itself, nothing the
// organizer's books say.
std::vector<InvoiceError> TechnicalOnly(const std::vector<InvoiceError>& reasons) {
  std::vector<InvoiceError> out;
  for (const InvoiceError& e : reasons) {
    if (IsTechnicalReason(e)) out.push_back(e);
  }
  return out;
}

Result<Notice> BuildAck(const RejectionFacts& f) {
  outbound::FinvoiceAck ack;
  std::vector<InvoiceError> shown = f.reasons;
  if (f.provider) {  // to the registered address, whoever framed the message
    ack.original.routing.sender = {f.provider->einvoice_address, f.provider->einvoice_operator};
    ack.original.routing.receiver = {f.organizer->einvoice_address, f.organizer->einvoice_operator};
    ack.original.message_id = f.frame ? f.frame->message_id : f.received_message_id;
    ack.original.timestamp = f.frame ? f.frame->timestamp : f.timestamp;
  } else if (f.frame) {  // an unknown seller: back to its From, naming its MessageId
    ack.original = {f.frame->routing, f.frame->message_id, f.frame->timestamp};
    shown = TechnicalOnly(f.reasons);
  } else {
    ack.original.routing.receiver = {f.organizer->einvoice_address, f.organizer->einvoice_operator};
    ack.original.message_id = f.received_message_id;
    ack.original.timestamp = f.timestamp;
  }
  if (ack.original.timestamp.empty()) ack.original.timestamp = f.timestamp;
  ack.reason = AckReasonOf(shown);
  for (const InvoiceError& e : shown) ack.details.push_back({e.message_fi, e.message_en, e.path});
  ack.message_id = f.notice_id;
  ack.timestamp = f.timestamp;
  // UTF-8, not Finvoice's ISO-8859-15 default: the notice is kept in text
  // columns (outbox, invoices) that PostgreSQL holds to UTF-8.
  auto xml = outbound::BuildFramedFinvoiceAck(ack, outbound::Encoding::kUtf8);
  if (!xml.ok()) return xml.error();
  return Notice{kNoticeFinvoiceAck, xml.value()};
}

std::optional<Date> FinvoiceDate(const std::string& ccyymmdd) {
  if (ccyymmdd.size() != 8) return std::nullopt;
  auto d = Date::Parse(ccyymmdd.substr(0, 4) + "-" + ccyymmdd.substr(4, 2) + "-" + ccyymmdd.substr(6, 2));
  if (!d.ok()) return std::nullopt;
  return d.value();
}

Result<Notice> BuildResponse(const RejectionFacts& f) {
  if (!f.provider) return Error{"invalid_response", "the seller is no known provider: no party to answer"};
  outbound::InvoiceResponse r;
  r.id = f.notice_id;
  r.issue_date = f.today;
  r.code = outbound::ResponseCode::kRejected;
  r.sender = outbound::PartyOf(*f.organizer);
  r.receiver = outbound::PartyOf(*f.provider);
  r.invoice_number = f.invoice_number.empty() ? "(none)" : f.invoice_number;
  r.invoice_date = FinvoiceDate(f.invoice_date);
  r.invoice_type_code = f.credit_note ? "381" : "380";
  for (const InvoiceError& e : f.reasons) r.reasons.push_back({e.code, e.message_fi, e.message_en, e.path});
  auto xml = outbound::BuildInvoiceResponse(r);
  if (!xml.ok()) return xml.error();
  if (auto problem = InvoiceResponseSchemaProblem(xml.value())) {
    return Error{"invalid_notice", "the invoice response fails the UBL schema: " + *problem};
  }
  return Notice{kNoticeInvoiceResponse, xml.value()};
}

}  // namespace

bool IsTechnical(const std::vector<InvoiceError>& reasons) {
  for (const InvoiceError& e : reasons) {
    if (IsTechnicalReason(e)) return true;
  }
  return false;
}

Result<Notice> BuildRejectionNotice(const RejectionFacts& f) {
  if (!f.organizer) return Error{"invalid_notice", "no organizer"};
  return IsTechnical(f.reasons) ? BuildAck(f) : BuildResponse(f);
}

std::string LetterText(const RejectionFacts& f) {
  std::string number = f.invoice_number.empty() ? "(ei numeroa)" : f.invoice_number;
  std::string fi = "Hyvä palveluntuottaja,\n\n" + f.organizer->name + " ei voi hyväksyä laskuanne " + number +
                   " seuraavista syistä:\n\n";
  std::string en = "Dear service provider,\n\n" + f.organizer->name + " cannot accept your invoice " +
                   (f.invoice_number.empty() ? "(no number)" : f.invoice_number) + " for these reasons:\n\n";
  for (const InvoiceError& e : f.reasons) {
    fi += "- " + e.message_fi + " (" + e.code + ")\n";
    en += "- " + e.message_en + " (" + e.code + ")\n";
  }
  fi += "\nKorjatkaa lasku ja lähettäkää uusi lasku. Vastaus on liitteenä (Peppol-laskuvastaus).\n";
  en += "\nPlease correct the invoice and send a new one. The response is attached (Peppol invoice "
        "response).\n";
  return fi + "\n---\n\n" + en;
}

}  // namespace seteli::receiving
