#include "outbound/invoice_response.h"

#include <algorithm>

#include "outbound/xml_writer.h"

namespace seteli::outbound {
namespace {

constexpr const char* kMainNs = "urn:oasis:names:specification:ubl:schema:xsd:ApplicationResponse-2";
constexpr const char* kCacNs = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2";
constexpr const char* kCbcNs = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2";
constexpr const char* kCustomizationId = "urn:fdc:peppol.eu:poacc:trns:invoice_response:3";
constexpr const char* kProfileId = "urn:fdc:peppol.eu:poacc:bis:invoice_response:3";
// Peppol electronic address schemes (EAS) and identifier schemes (ICD).
constexpr const char* kSchemeOvt = "0216";
constexpr const char* kSchemeFinnishOrg = "0212";

// Why each engine code rejects, in OpenPeppol's words. The VAT Act
// markings are legal requirements (LEG); a wrong or unknown laskuviite or a
// missing original invoice are references (REF); a buyer that is not the
// organizer is an unknown receiver (REC); a seller the organizer has not
// approved is a transaction it does not recognise (UNR); a total that is
// not the settled voucher total is a price matter (PRI); surcharge rows the
// organizer does not pay are wrong items (ITM). A duplicate invoice number
// asks for no new invoice (NOA): the first one is being processed. The
// parse and schema codes normally go back as a Finvoiceack; they are here
// for channels without one.
constexpr StatusReasonMapping kMappings[] = {
    {"not_well_formed", "OTH", "NIN", "BT-1"},
    {"forbidden_dtd", "OTH", "NIN", "BT-1"},
    {"too_large", "OTH", "NIN", "BT-1"},
    {"schema_invalid", "OTH", "NIN", "BT-1"},
    {"missing_invoice_date", "LEG", "NIN", "BT-2"},
    {"missing_invoice_number", "LEG", "NIN", "BT-1"},
    {"missing_seller_id", "LEG", "NIN", "BT-30"},
    {"invalid_business_id", "LEG", "NIN", "BT-30"},
    {"missing_seller_name_address", "LEG", "NIN", "BG-5"},
    {"missing_buyer_name_address", "LEG", "NIN", "BG-8"},
    {"missing_exemption_basis", "LEG", "NIN", "BT-120"},
    {"vat_on_exempt_service", "LEG", "NIN", "BT-118"},
    {"credit_note_without_original", "REF", "NIN", "BT-25"},
    {"invalid_reference", "REF", "NIN", "BT-83"},
    {"buyer_mismatch", "REC", "NIN", "BT-44"},
    {"unknown_seller", "UNR", "NIN", "BT-30"},
    {"sender_mismatch", "UNR", "NIN", "BT-34"},
    {"account_mismatch", "PAY", "NIN", "BT-84"},
    {"missing_reference", "REF", "NIN", "BT-83"},
    {"unknown_reference", "REF", "NIN", "BT-83"},
    {"total_mismatch", "PRI", "NIN", "BT-112"},
    {"exemption_basis_mismatch", "LEG", "NIN", "BT-120"},
    {"non_payable_row", "ITM", "NIN", "BT-153"},
    {"duplicate_invoice_number", "OTH", "NOA", "BT-1"},
};

constexpr StatusReasonMapping kUnknown = {"", "OTH", "NIN", "BT-1"};

bool IsOvt(const std::string& a) {
  return a.size() >= 12 && a.size() <= 17 && a.rfind("0037", 0) == 0;
}

std::optional<Error> CheckResponse(const InvoiceResponse& r) {
  auto bad = [](std::string m) { return Error{"invalid_response", std::move(m)}; };
  if (r.id.empty()) return bad("the response needs an id");
  if (r.invoice_number.empty()) return bad("the response needs the invoice number it answers");
  for (const ResponseParty* p : {&r.sender, &r.receiver}) {
    if (p->name.empty()) return bad("a party has no name");
    if (!IsOvt(p->einvoice_address) && p->business_id.empty()) {
      return bad("party " + p->name + " has neither an OVT address nor a business ID");
    }
  }
  if (r.code == ResponseCode::kRejected && r.reasons.empty()) return bad("a rejection must give its reasons");
  return std::nullopt;
}

void Party(internal::XmlWriter& w, const char* element, const ResponseParty& p) {
  w.StartNs("cac", element);
  // An OVT is the party's Peppol endpoint in Finland (0216); without one,
  // the business ID (0212) is the only address there is.
  w.StartNs("cbc", "EndpointID");
  bool ovt = IsOvt(p.einvoice_address);
  w.Attribute("schemeID", ovt ? kSchemeOvt : kSchemeFinnishOrg);
  w.Text(ovt ? p.einvoice_address : p.business_id);
  w.End();
  if (!p.business_id.empty()) {
    w.StartNs("cac", "PartyIdentification");
    w.StartNs("cbc", "ID");
    w.Attribute("schemeID", kSchemeFinnishOrg);
    w.Text(p.business_id);
    w.End();
    w.End();
  }
  w.StartNs("cac", "PartyLegalEntity");
  w.ElementNs("cbc", "RegistrationName", p.name);
  w.End();
  w.End();
}

void ReasonStatus(internal::XmlWriter& w, const ResponseReason& reason) {
  StatusReasonMapping m = MapStatusReason(reason.code);
  w.StartNs("cac", "Status");
  w.StartNs("cbc", "StatusReasonCode");
  w.Attribute("listID", "OPStatusReason");
  w.Text(m.op_status_reason);
  w.End();
  // Peppol allows one StatusReason per Status, so both languages share it.
  w.ElementNs("cbc", "StatusReason", reason.message_fi + " / " + reason.message_en);
  w.StartNs("cac", "Condition");
  w.ElementNs("cbc", "AttributeID", m.business_term);
  if (!reason.value.empty()) w.ElementNs("cbc", "Description", reason.value);
  w.End();
  w.End();
}

void ActionStatus(internal::XmlWriter& w, const std::string& action) {
  w.StartNs("cac", "Status");
  w.StartNs("cbc", "StatusReasonCode");
  w.Attribute("listID", "OPStatusAction");
  w.Text(action);
  w.End();
  w.End();
}

void DocumentResponse(internal::XmlWriter& w, const InvoiceResponse& r) {
  w.StartNs("cac", "DocumentResponse");
  w.StartNs("cac", "Response");
  w.ElementNs("cbc", "ResponseCode", r.code == ResponseCode::kRejected ? "RE" : "AP");
  w.ElementNs("cbc", "EffectiveDate", r.issue_date.ToString());
  std::vector<std::string> actions;
  for (const ResponseReason& reason : r.reasons) {
    ReasonStatus(w, reason);
    std::string action = MapStatusReason(reason.code).op_status_action;
    if (std::find(actions.begin(), actions.end(), action) == actions.end()) actions.push_back(action);
  }
  // One new invoice answers every reason that asks for one; NOA alone
  // only when nothing else is asked.
  if (actions.size() > 1) actions.erase(std::remove(actions.begin(), actions.end(), "NOA"), actions.end());
  if (r.code == ResponseCode::kRejected) {
    for (const std::string& a : actions) ActionStatus(w, a);
  }
  w.End();  // Response
  w.StartNs("cac", "DocumentReference");
  w.ElementNs("cbc", "ID", r.invoice_number);
  if (r.invoice_date) w.ElementNs("cbc", "IssueDate", r.invoice_date->ToString());
  w.ElementNs("cbc", "DocumentTypeCode", r.invoice_type_code);
  w.End();
  w.End();  // DocumentResponse
}

}  // namespace

ResponseParty PartyOf(const Organizer& organizer) {
  return {organizer.name, organizer.business_id, organizer.einvoice_address};
}

ResponseParty PartyOf(const Provider& provider) {
  return {provider.name, provider.business_id, provider.einvoice_address};
}

std::span<const StatusReasonMapping> StatusReasonMappings() { return kMappings; }

StatusReasonMapping MapStatusReason(std::string_view engine_code) {
  for (const StatusReasonMapping& m : kMappings) {
    if (engine_code == m.engine_code) return m;
  }
  return kUnknown;
}

Result<std::string> BuildInvoiceResponse(const InvoiceResponse& r) {
  if (auto bad = CheckResponse(r)) return *bad;
  internal::XmlWriter w(Encoding::kUtf8, /*declaration=*/true);
  w.StartNs(nullptr, "ApplicationResponse", kMainNs);
  w.AttributeNs("xmlns", "cac", kCacNs);
  w.AttributeNs("xmlns", "cbc", kCbcNs);
  w.ElementNs("cbc", "CustomizationID", kCustomizationId);
  w.ElementNs("cbc", "ProfileID", kProfileId);
  w.ElementNs("cbc", "ID", r.id);
  w.ElementNs("cbc", "IssueDate", r.issue_date.ToString());
  Party(w, "SenderParty", r.sender);
  Party(w, "ReceiverParty", r.receiver);
  DocumentResponse(w, r);
  w.End();
  return w.Finish();
}

}  // namespace seteli::outbound
