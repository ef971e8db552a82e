// Provider invoices into the daemon (docs/receiving.md). A transmission is
// stored first, exactly as received with its SHA-256; then every invoice in
// it is validated through all four layers, the organizer layer fed from the
// store (settlements by reference, accepted invoice numbers); then each is
// accepted (its settlement becomes invoiced; a credit note adjusts the
// invoice it credits) or rejected with every reason, and the rejection
// notice is built, stored and delivered. Nothing is dropped: a file that
// holds no readable invoice still gets a rejected record and a notice.
//
//   InvoiceReceiver receiver({&store, &rulebook, &providers, &mailer});
//   Result<Receipt> r = receiver.Receive(bytes, "api", "operator:ops");
//   for (const InvoiceVerdict& v : r.value().invoices) ... v.record.state ...
//   receiver.ReceiveFramed(raw, frame_header, "system:operator");  // operator delivery
//
// Thread-safe as far as the store is: each call has its own validator.
#ifndef SETELI_RECEIVING_INVOICE_RECEIVER_H_
#define SETELI_RECEIVING_INVOICE_RECEIVER_H_

#include <chrono>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "finvoice/validation_report.h"
#include "outbound/transmission_frame.h"
#include "receiving/notice_mailer.h"
#include "seteli/provider.h"
#include "seteli/rulebook.h"
#include "seteli/status.h"
#include "store/store.h"

namespace seteli::receiving {

struct ReceiverContext {
  store::Store* store = nullptr;
  const Rulebook* rulebook = nullptr;
  const ProviderRegistry* providers = nullptr;
  NoticeMailer* mailer = nullptr;  // null: no e-mail channel
  std::function<std::chrono::system_clock::time_point()> clock = std::chrono::system_clock::now;
};

struct InvoiceVerdict {
  store::InvoiceRecord record;  // as stored, notice included
  std::vector<finvoice::InvoiceError> reasons;
};

struct Receipt {
  int64_t transmission_id = 0;
  std::string sha256;
  std::vector<InvoiceVerdict> invoices;
};

class InvoiceReceiver {
 public:
  explicit InvoiceReceiver(ReceiverContext context) : ctx_(std::move(context)) {}

  // `channel` says where the bytes came from ("api", "operator"); `actor`
  // goes into the audit log. Errors only from the store (store_unavailable,
  // store_full): the caller retries; whatever was stored stays.
  Result<Receipt> Receive(std::string_view bytes, const std::string& channel, const std::string& actor);
  // The same, the bytes taken rather than copied: a large body is then
  // alive once while it is stored (docs/performance-history.md, "Memory").
  Result<Receipt> Receive(std::string&& bytes, const std::string& channel,
                          const std::string& actor);

  // One message the operator delivered (channel "operator"), its frame read
  // already. An invoice in a provider's name from any other address than
  // the provider's registered one is rejected (sender_mismatch,
  // sender_check.h). A notice goes to the seller's registered address (a
  // sender the registry does not know gets a Finvoiceack of the technical
  // faults only) and names the frame's MessageId; the notice's own
  // MessageId is derived from it. Handing
  // the same message on again (a crash before it was marked processed)
  // resumes it: the transmission and the verdicts stored before are kept,
  // only what is missing is done, and a notice keeps its MessageId, so
  // nothing is judged or answered twice. With `fence` (the claim the
  // message is handed on under), the transmission and each verdict are
  // stored only while the claim holds, and a notice is delivered only
  // after checking it (an e-mail just before the SMTP server takes it): a
  // daemon that stalled past its lease while another took the message
  // over gets claim_lost and has written or sent nothing more.
  Result<Receipt> ReceiveFramed(std::string_view bytes, const outbound::TransmissionHeader& frame,
                                const std::string& actor, const store::InboundFence* fence = nullptr);

 private:
  Result<Receipt> Run(std::string bytes, const std::string& channel, const std::string& actor,
                      const outbound::TransmissionHeader* frame, const store::InboundFence* fence);
  Result<InvoiceVerdict> Decide(const finvoice::InvoiceReport& report, store::InvoiceRecord record,
                                const std::string& actor, const store::InboundFence* fence);
  // Errors only for an operator delivery whose notice the store did not
  // take (the caller leaves the message to be handed on again) or whose
  // claim was lost (claim_lost).
  Result<store::Done> SendNotice(InvoiceVerdict& verdict, const outbound::TransmissionHeader* frame,
                                 const store::InboundFence* fence);

  ReceiverContext ctx_;
};

}  // namespace seteli::receiving

#endif  // SETELI_RECEIVING_INVOICE_RECEIVER_H_
