// What the store keeps of provider invoices (docs/receiving.md): each
// transmission exactly as received, with its SHA-256, and each invoice in it
// with the verdict, the reasons and the notice sent back. Amounts are
// integer cents; months are "YYYY-MM".
//
//   int64_t t = store.SaveTransmission({.channel = "api", .sha256 = d, .raw = bytes}, audit).value();
//   InvoiceRecord r{...};  r.transmission_id = t;  r.state = kInvoiceAccepted;
//   Result<InvoiceRecord> saved = store.RecordInvoice(r, audit);  // settled -> invoiced too
#ifndef SETELI_STORE_INVOICE_RECORDS_H_
#define SETELI_STORE_INVOICE_RECORDS_H_

#include <cstdint>
#include <optional>
#include <string>

namespace seteli::store {

// Invoice states: received (stored, no verdict yet) -> accepted | rejected.
inline constexpr char kInvoiceReceived[] = "received";
inline constexpr char kInvoiceAccepted[] = "accepted";
inline constexpr char kInvoiceRejected[] = "rejected";

// Invoice types.
inline constexpr char kTypeInvoice[] = "invoice";
inline constexpr char kTypeCreditNote[] = "credit_note";

// One transmission (a file, an API body, an operator delivery) as received:
// the bytes are kept unchanged (stored base64-encoded so that any encoding
// survives both back ends) and can be checked against `sha256`.
struct InvoiceTransmission {
  int64_t id = 0;
  std::string received_at = {};
  std::string channel;  // "api", "operator", ...
  std::string sha256;   // lowercase hex of the raw bytes
  std::string raw;      // the bytes exactly as received
};

struct InvoiceRecord {
  int64_t id = 0;
  int64_t transmission_id = 0;
  int ordinal = 0;  // 1-based position of the message in its transmission
  std::string received_at = {};
  std::string sha256 = {};  // of the transmission
  std::string seller;       // business ID as read ("" when unreadable)
  std::string invoice_number;
  std::string invoice_date;  // CCYYMMDD as written
  std::string due_date = {};  // CCYYMMDD as written (eräpäivä), may be empty
  std::string reference;     // laskuviite as written
  std::optional<int64_t> total_cents = {};
  std::string type = kTypeInvoice;
  std::string original_invoice_number = {};  // credit notes
  std::string state = kInvoiceReceived;
  std::string reasons = "[]";  // JSON array of {code, layer, path, message_fi, message_en}
  std::string provider = {};   // the settlement's provider-month, when matched
  std::string month = {};
  // Credit notes accepted against this invoice, summed (negative or zero).
  int64_t credited_cents = 0;
  // The notice sent back: kind (finvoice_ack, invoice_response or ""),
  // the document, the channel (operator, email, api) and what happened.
  std::string notice_kind = {};
  std::string notice = {};
  std::string notice_channel = {};
  std::string notice_outcome = {};
  std::string updated_at = {};
};

struct InvoiceQuery {
  std::string provider = {};  // seller; "" all
  std::string month = {};     // "" all
  // The invoices of one transmission (the receiver resuming one); 0 all.
  int64_t transmission_id = 0;
  int limit = 1000;
};

}  // namespace seteli::store

#endif  // SETELI_STORE_INVOICE_RECORDS_H_
