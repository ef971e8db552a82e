// Sends a rejection notice by the provider's channel and says what
// happened: a Finvoiceack, and an invoice response to a provider registered
// to receive those, go to the outbox for the operator; any other invoice
// response is e-mailed. What goes to the operator is addressed to the
// seller's e-invoice address in the provider registry, never to the frame's
// From when that is another address: the reasons may state the
// settlement's voucher total, which only the provider may learn. A seller
// the registry does not know is answered along the frame (to its From)
// with a Finvoiceack of the technical faults only. Every notice is also in
// the provider's own API view, whatever the channel did.
//
// With a fence (an operator delivery's claim), an e-mail goes out only if
// the claim still holds at the last moment before the SMTP server takes it
// (SmtpMailer: just before the end of DATA). A mail can still go twice (a
// stall after that check, a crash before the outcome is stored): SMTP
// cannot join the store's transaction; every copy carries the notice's
// own Message-ID, so the second is recognisable (docs/receiving.md).
//
//   NoticeDelivery delivery(&store, mailer, &fence);  // mailer, fence may be null
//   Result<Delivered> d = delivery.Deliver(notice, facts, month);
//   // d.channel "operator" | "email" | "api", d.outcome "queued" | "sent" | "failed: ..."
#ifndef SETELI_RECEIVING_NOTICE_DELIVERY_H_
#define SETELI_RECEIVING_NOTICE_DELIVERY_H_

#include <string>

#include "receiving/notice_mailer.h"
#include "receiving/rejection_notice.h"
#include "store/store.h"

namespace seteli::receiving {

struct Delivered {
  std::string channel;  // operator, email, api
  // queued, sent, failed: ... (the store or SMTP refused: may succeed
  // later), invalid: ... (cannot be framed), no_route, no_email, no_smtp
  std::string outcome;
};

class NoticeDelivery {
 public:
  NoticeDelivery(store::Store* store, NoticeMailer* mailer, const store::InboundFence* fence = nullptr)
      : store_(store), mailer_(mailer), fence_(fence) {}

  // `month` is the settlement month the invoice matched ("" when none).
  // Errors only from checking the fence before a mail is sent: claim_lost
  // (nothing was sent), or the store's error checking it (nothing sent:
  // the caller hands the message on again later).
  Result<Delivered> Deliver(const Notice& notice, const RejectionFacts& facts, const std::string& month);

 private:
  Delivered ToOperator(const Notice& notice, const RejectionFacts& facts, const std::string& month);
  Result<Delivered> ByEmail(const Notice& notice, const RejectionFacts& facts);

  store::Store* store_;
  NoticeMailer* mailer_;
  const store::InboundFence* fence_;
};

}  // namespace seteli::receiving

#endif  // SETELI_RECEIVING_NOTICE_DELIVERY_H_
