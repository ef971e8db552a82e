// Sends a rejection notice by the provider's channel and says what
// happened: a Finvoiceack, and an invoice response to a provider registered
// to receive those, go to the outbox for the operator; any other invoice
// response is e-mailed. What goes to the operator is routed back along the
// frame the invoice came in (to its From: the sender's address and
// intermediator); only a bare file (API, no frame) is answered at the
// seller's e-invoice address in the provider registry. Every notice is
// also in the provider's own API view, whatever the channel did.
//
//   NoticeDelivery delivery(&store, mailer);     // mailer may be null
//   Delivered d = delivery.Deliver(notice, facts, month);
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
  NoticeDelivery(store::Store* store, NoticeMailer* mailer) : store_(store), mailer_(mailer) {}

  // `month` is the settlement month the invoice matched ("" when none).
  Delivered Deliver(const Notice& notice, const RejectionFacts& facts, const std::string& month);

 private:
  Delivered ToOperator(const Notice& notice, const RejectionFacts& facts, const std::string& month);
  Delivered ByEmail(const Notice& notice, const RejectionFacts& facts);

  store::Store* store_;
  NoticeMailer* mailer_;
};

}  // namespace seteli::receiving

#endif  // SETELI_RECEIVING_NOTICE_DELIVERY_H_
