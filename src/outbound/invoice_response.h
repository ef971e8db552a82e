// The Peppol BIS Invoice Response 3 (UBL 2.1 ApplicationResponse,
// transaction T111) the organizer sends a provider about an invoice: RE
// (rejected) with one Status per reason, or AP (accepted).
//
//   InvoiceResponse r;
//   r.id = "IR-2024-06-0042";
//   r.issue_date = Date::FromYmd(2024, 6, 4);
//   r.code = ResponseCode::kRejected;
//   r.sender = PartyOf(rulebook.organizer);
//   r.receiver = PartyOf(provider);
//   r.invoice_number = "1043";
//   r.invoice_date = Date::FromYmd(2024, 6, 2);
//   r.reasons = {{"total_mismatch", "Laskun summa ...", "The invoice total ...", "1234.00"}};
//   Result<std::string> xml = BuildInvoiceResponse(r);
//
// Each reason becomes a Status with StatusReasonCode listID="OPStatusReason"
// (from the engine's code by the table below), the Finnish and English
// sentences in StatusReason, and a Condition naming the EN 16931 business
// term at fault; then one Status per distinct requested action
// (listID="OPStatusAction", e.g. NIN: issue a new invoice). Validates
// against the UBL 2.1 ApplicationResponse schema (tests/outbound).
#ifndef SETELI_OUTBOUND_INVOICE_RESPONSE_H_
#define SETELI_OUTBOUND_INVOICE_RESPONSE_H_

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "seteli/date.h"
#include "seteli/provider.h"
#include "seteli/rulebook.h"
#include "seteli/status.h"

namespace seteli::outbound {

enum class ResponseCode { kRejected, kAccepted };  // UNCL 4343: RE, AP

// A party of the response: the organizer sends, the provider receives.
struct ResponseParty {
  std::string name;
  std::string business_id;       // "1234567-8"
  std::string einvoice_address;  // OVT "0037..." (Peppol scheme 0216)
};

ResponseParty PartyOf(const Organizer& organizer);
ResponseParty PartyOf(const Provider& provider);

// One reason for the response, as `seteli validate` reports it.
struct ResponseReason {
  std::string code;        // the engine's invoice error code (contract.md)
  std::string message_fi;
  std::string message_en;
  std::string value;       // the value at fault, if known (Condition/Description)
};

struct InvoiceResponse {
  std::string id;
  Date issue_date;
  ResponseCode code = ResponseCode::kRejected;
  ResponseParty sender;
  ResponseParty receiver;
  // The provider's invoice this answers.
  std::string invoice_number;
  std::optional<Date> invoice_date;
  std::string invoice_type_code = "380";  // UNTDID 1001 of the invoice (381 credit note)
  std::vector<ResponseReason> reasons;
};

// The engine's invoice error codes and what the response says for each.
struct StatusReasonMapping {
  const char* engine_code;
  const char* op_status_reason;  // OPStatusReason: LEG, REF, REC, UNR, PRI, ITM, OTH ...
  const char* op_status_action;  // OPStatusAction: NIN, NOA ...
  const char* business_term;     // EN 16931 term at fault, e.g. "BT-112"
};

std::span<const StatusReasonMapping> StatusReasonMappings();
// The row for `engine_code`; an unknown code maps to OTH / NIN / BT-1.
StatusReasonMapping MapStatusReason(std::string_view engine_code);

// Code "invalid_response" when the id, a party name or endpoint, or the
// invoice number is missing, or a rejection gives no reason;
// "xml_write_failed".
Result<std::string> BuildInvoiceResponse(const InvoiceResponse& response);

}  // namespace seteli::outbound

#endif  // SETELI_OUTBOUND_INVOICE_RESPONSE_H_
