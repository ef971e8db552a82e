// Provider invoices over HTTP (docs/api.md, docs/receiving.md):
// POST /v1/invoices hands a Finvoice transmission to the receiver (operator
// or admin role) and answers with the verdict of every invoice in it;
// GET /v1/invoices and /v1/invoices/{id} show invoices with their state,
// reasons and notice: a provider its own only, finance and admin all.
#include "api/routes.h"
#include "daemon/json_log.h"
#include "receiving/invoice_receiver.h"
#include "seteli/money.h"

namespace seteli::api {
namespace {

std::string MoneyJson(int64_t cents) { return JsonQuote(Money::FromCents(cents).ToString()); }

// One invoice as the API shows it; `document` adds the notice XML.
std::string InvoiceJson(const store::InvoiceRecord& r, bool document) {
  std::string notice = "{\"kind\":" + JsonQuote(r.notice_kind) + ",\"channel\":" + JsonQuote(r.notice_channel) +
                       ",\"outcome\":" + JsonQuote(r.notice_outcome);
  if (document) notice += ",\"document\":" + JsonQuote(r.notice);
  notice += "}";
  return "{\"id\":" + std::to_string(r.id) + ",\"transmission_id\":" + std::to_string(r.transmission_id) +
         ",\"received_at\":" + JsonQuote(r.received_at) + ",\"sha256\":" + JsonQuote(r.sha256) +
         ",\"seller\":" + JsonQuote(r.seller) + ",\"invoice_number\":" + JsonQuote(r.invoice_number) +
         ",\"invoice_date\":" + JsonQuote(r.invoice_date) + ",\"reference\":" + JsonQuote(r.reference) +
         ",\"total\":" + (r.total_cents ? MoneyJson(*r.total_cents) : "null") + ",\"type\":" + JsonQuote(r.type) +
         ",\"original_invoice_number\":" + JsonQuote(r.original_invoice_number) +
         ",\"state\":" + JsonQuote(r.state) + ",\"reasons\":" + r.reasons + ",\"provider\":" + JsonQuote(r.provider) +
         ",\"month\":" + JsonQuote(r.month) + ",\"credited\":" + MoneyJson(r.credited_cents) +
         ",\"notice\":" + notice + "}";
}

}  // namespace

Reply PostInvoices(ApiState& state, Request& r) {
  Role role = r.principal->role;
  if (role != Role::kOperator && role != Role::kAdmin) {
    return ErrorReply(403, "forbidden", "only the operator or admin role may post invoices");
  }
  std::shared_ptr<const daemon::Catalog> catalog = state.catalogs.Get();
  receiving::InvoiceReceiver receiver(
      {state.store.get(), &catalog->rulebook, &catalog->providers, state.mailer.get()});
  auto receipt = receiver.Receive(std::move(r.body), "api", r.principal->Label());
  if (!receipt.ok()) return StoreFailure(state, receipt.error());
  std::string items;
  for (const receiving::InvoiceVerdict& v : receipt.value().invoices) {
    items += (items.empty() ? "" : ",") + InvoiceJson(v.record, false);
  }
  Reply reply;
  reply.body = "{\"transmission_id\":" + std::to_string(receipt.value().transmission_id) +
               ",\"sha256\":" + JsonQuote(receipt.value().sha256) + ",\"invoices\":[" + items + "]}";
  return reply;
}

Reply GetInvoices(ApiState& state, const Request& r) {
  const Principal& who = *r.principal;
  store::InvoiceQuery q;
  q.provider = QueryParam(r, "provider");
  q.month = QueryParam(r, "month");
  if (!q.month.empty() && !YearMonth::Parse(q.month).ok()) {
    return ErrorReply(400, "bad_query", "month must be YYYY-MM");
  }
  if (!who.may_read_all()) {
    if (who.role != Role::kProvider) return ErrorReply(403, "forbidden", "this role reads no invoices");
    if (!q.provider.empty() && q.provider != who.business_id) {
      return ErrorReply(403, "forbidden", "a provider may read only its own invoices");
    }
    q.provider = who.business_id;
  }
  auto found = state.store->ListInvoices(q);
  if (!found.ok()) return StoreFailure(state, found.error());
  std::string items;
  for (const store::InvoiceRecord& rec : found.value()) items += (items.empty() ? "" : ",") + InvoiceJson(rec, false);
  Reply reply;
  reply.body = "{\"invoices\":[" + items + "]}";
  return reply;
}

Reply GetInvoice(ApiState& state, const Request& r, const std::string& id) {
  int64_t key = 0;
  try {
    size_t used = 0;
    key = std::stoll(id, &used);
    if (used != id.size()) throw std::invalid_argument(id);
  } catch (const std::exception&) {
    return ErrorReply(404, "not_found", "no invoice " + id);
  }
  auto found = state.store->GetInvoice(key);
  if (!found.ok()) return StoreFailure(state, found.error());
  const Principal& who = *r.principal;
  // Another provider's invoice is "not found", not "forbidden": its
  // existence is not the caller's business either.
  bool visible = found.value() && (who.may_read_all() ||
                                   (who.role == Role::kProvider && found.value()->seller == who.business_id));
  if (!visible) return ErrorReply(404, "not_found", "no invoice " + id);
  Reply reply;
  reply.body = InvoiceJson(*found.value(), true);
  return reply;
}

}  // namespace seteli::api
