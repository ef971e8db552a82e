// Provider invoices: each transmission exactly as received and each
// invoice in it with its verdict and the notice sent back
// (invoice_records.h, docs/receiving.md).
// One role of the store (store.h): callers that need only this take it.
#ifndef SETELI_STORE_INVOICE_STORE_H_
#define SETELI_STORE_INVOICE_STORE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "seteli/status.h"
#include "store/audit_log.h"
#include "store/exchange_records.h"
#include "store/invoice_records.h"

namespace seteli::store {

class InvoiceStore {
 public:
  virtual ~InvoiceStore() = default;

  // Stores a transmission exactly as received, before anything reads it;
  // returns its ID. With `fence` (an operator message being handed on),
  // in one transaction with checking the fence still holds: otherwise
  // nothing is written and the error is claim_lost.
  virtual Result<int64_t> SaveTransmission(const InvoiceTransmission& t, const AuditEntry& audit,
                                           const InboundFence* fence) = 0;
  virtual Result<std::optional<InvoiceTransmission>> GetTransmission(int64_t id) = 0;
  // The ID of a transmission with the same digest stored before `id`.
  virtual Result<std::optional<int64_t>> EarlierTransmission(const std::string& sha256,
                                                             int64_t id) = 0;
  // True when `seller` has an accepted invoice or credit note numbered `number`.
  virtual Result<bool> InvoiceNumberTaken(const std::string& seller, const std::string& number) = 0;
  // Stores one invoice with its verdict, in one transaction with what the
  // verdict moves: an accepted invoice moves its settlement settled ->
  // invoiced; an accepted credit note adds its total to the original's
  // credited_cents and, when that cancels the invoice, moves the settlement
  // back to settled. Nothing is written, and the error says why, when an
  // acceptance cannot hold: duplicate_invoice_number, settlement_not_open,
  // unknown_original_invoice, credit_exceeds_invoice; with `fence`, also
  // claim_lost when the fence no longer holds (as for SaveTransmission).
  virtual Result<InvoiceRecord> RecordInvoice(const InvoiceRecord& invoice, const AuditEntry& audit,
                                              const InboundFence* fence) = 0;
  // Records the notice sent about an invoice: kind, document, channel,
  // outcome; with `fence`, only while it holds (else claim_lost), so a
  // daemon that lost the message cannot overwrite what its new holder
  // recorded (a failed mail over a sent one).
  virtual Result<Done> SetInvoiceNotice(int64_t id, const std::string& kind,
                                        const std::string& notice, const std::string& channel,
                                        const std::string& outcome, const InboundFence* fence) = 0;
  virtual Result<std::optional<InvoiceRecord>> GetInvoice(int64_t id) = 0;
  // Newest first.
  virtual Result<std::vector<InvoiceRecord>> ListInvoices(const InvoiceQuery& query) = 0;
};

}  // namespace seteli::store

#endif  // SETELI_STORE_INVOICE_STORE_H_
