// What goes back to a provider about a rejected invoice. Finnish operator
// rules carry only technical rejections for Finvoice, so a transport-level
// fault (not well formed, schema invalid, a transmission received before)
// gets a Finvoiceack, and a business rejection a Peppol invoice response
// (RE) with one Status per reason. The response is checked against the UBL
// schema before anyone sees it.
//
//   RejectionFacts f{...};
//   Result<Notice> n = BuildRejectionNotice(f);   // n.value().kind == "invoice_response"
#ifndef SETELI_RECEIVING_REJECTION_NOTICE_H_
#define SETELI_RECEIVING_REJECTION_NOTICE_H_

#include <string>
#include <vector>

#include "finvoice/validation_report.h"
#include "outbound/transmission_frame.h"
#include "seteli/date.h"
#include "seteli/provider.h"
#include "seteli/rulebook.h"
#include "seteli/status.h"

namespace seteli::receiving {

inline constexpr char kNoticeFinvoiceAck[] = "finvoice_ack";
inline constexpr char kNoticeInvoiceResponse[] = "invoice_response";

// The receiver's own code for a transmission received before, byte for
// byte: the Finvoiceack's "message ID already used".
inline constexpr char kDuplicateMessage[] = "duplicate_message";

struct RejectionFacts {
  std::vector<finvoice::InvoiceError> reasons;  // all of them, never empty
  const Organizer* organizer = nullptr;
  const Provider* provider = nullptr;  // the seller when it is a known provider
  // The frame the invoice came in (operator delivery), null for a bare file.
  // A notice names its MessageId; it goes to its From only when `provider`
  // is null (then with the technical reasons alone), else to the address
  // the provider registry has for the seller.
  const outbound::TransmissionHeader* frame = nullptr;
  std::string invoice_number;
  std::string invoice_date;  // CCYYMMDD as written, may be empty
  bool credit_note = false;
  std::string notice_id;            // unique, 6 to 48 characters
  std::string received_message_id;  // how the receiver names what it received
  std::string timestamp;            // ISO 8601 with offset
  Date today;
};

struct Notice {
  std::string kind;  // kNoticeFinvoiceAck or kNoticeInvoiceResponse
  std::string xml;
};

// True when a reason is a transport-level fault (layers parse and schema,
// and duplicate_message): those go back as a Finvoiceack.
bool IsTechnical(const std::vector<finvoice::InvoiceError>& reasons);

// Errors: invalid_ack / invalid_response (a party cannot be named, e.g.
// the seller is no known provider), invalid_notice (the response fails the
// UBL schema).
Result<Notice> BuildRejectionNotice(const RejectionFacts& facts);

// The e-mail letter for a notice: the reasons in Finnish, then in English.
std::string LetterText(const RejectionFacts& facts);

}  // namespace seteli::receiving

#endif  // SETELI_RECEIVING_REJECTION_NOTICE_H_
