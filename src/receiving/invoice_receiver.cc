#include "receiving/invoice_receiver.h"

#include <ctime>
#include <limits>

#include "finvoice/invoice_fields.h"
#include "finvoice/invoice_validator.h"
#include "finvoice/vat_check.h"
#include "formats/sha256.h"
#include "receiving/notice_delivery.h"
#include "receiving/reasons_json.h"
#include "receiving/rejection_notice.h"
#include "receiving/sender_check.h"
#include "receiving/stored_invoice_numbers.h"
#include "receiving/stored_settlements.h"

namespace seteli::receiving {
namespace {

using finvoice::InvoiceError;
using finvoice::InvoiceReport;
using finvoice::Layer;

InvoiceError Reason(const char* code, Layer layer, std::string path, std::string fi, std::string en) {
  return finvoice::MakeError(layer, code, std::move(path), 0, std::move(fi), std::move(en));
}

InvoiceError DuplicateMessage(int64_t earlier) {
  std::string id = std::to_string(earlier);
  return Reason(kDuplicateMessage, Layer::kParse, "",
                "Sama aineisto on vastaanotettu jo aiemmin (vastaanotto " + id + ").",
                "The same transmission was received before (receipt " + id + ").");
}

// The store refused an acceptance: the reason, in the provider's words.
std::optional<InvoiceError> RefusalReason(const Error& e, const store::InvoiceRecord& r) {
  const std::string number = r.invoice_number, seller = r.seller;
  if (e.code == "duplicate_invoice_number") {
    return Reason("duplicate_invoice_number", Layer::kOrganizer, "/Finvoice/InvoiceDetails/InvoiceNumber",
                  "Myyjä " + seller + " on jo lähettänyt hyväksytyn laskun numerolla " + number + ".",
                  "The seller " + seller + " has already sent an accepted invoice numbered " + number + ".");
  }
  if (e.code == "settlement_not_open") {
    std::string state = e.where.empty() ? "missing" : e.where;
    return Reason("settlement_not_open", Layer::kOrganizer,
                  "/Finvoice/EpiDetails/EpiPaymentInstructionDetails/EpiRemittanceInfoIdentifier",
                  "Tilitys " + r.reference + " (" + r.month + ") on tilassa " + state +
                      " eikä ota vastaan laskua.",
                  "The settlement " + r.reference + " (" + r.month + ") is " + state +
                      " and takes no invoice.");
  }
  if (e.code == "unknown_original_invoice") {
    return Reason("unknown_original_invoice", Layer::kOrganizer, "/Finvoice/InvoiceDetails/OriginalInvoiceNumber",
                  "Hyvityslaskun alkuperäistä laskua " + r.original_invoice_number +
                      " ei ole hyväksytty.",
                  "The credited invoice " + r.original_invoice_number + " is not an accepted invoice.");
  }
  if (e.code == "credit_exceeds_invoice") {
    return Reason("credit_exceeds_invoice", Layer::kOrganizer,
                  "/Finvoice/InvoiceDetails/InvoiceTotalVatIncludedAmount",
                  "Hyvitys ylittää laskun " + r.original_invoice_number + " jäljellä olevan määrän.",
                  "The credit exceeds what is left of invoice " + r.original_invoice_number + ".");
  }
  return std::nullopt;
}

std::optional<int64_t> Cents(const std::string& text, bool credit_note) {
  if (text.empty()) return std::nullopt;
  auto m = finvoice::ParseFinvoiceAmount(text);
  if (!m.ok()) return std::nullopt;
  int64_t cents = m.value().cents();
  // A credit note's total counts against the invoice, however it is signed.
  return credit_note && cents > 0 ? -cents : cents;
}

// The seller of a message the parser could not read (cut off, broken
// encoding), so its Finvoiceack still finds the provider: the first
// SellerPartyIdentifier in the bytes, when it is a valid business ID.
std::string SellerHint(std::string_view bytes) {
  constexpr std::string_view kOpen = "<SellerPartyIdentifier>";
  size_t at = bytes.find(kOpen);
  if (at == std::string_view::npos) return "";
  size_t from = at + kOpen.size();
  size_t to = bytes.find('<', from);
  if (to == std::string_view::npos || to - from > 40) return "";
  auto id = finvoice::ReadBusinessId(std::string(bytes.substr(from, to - from)));
  return id ? id->str() : "";
}

const Provider* KnownProvider(const ProviderRegistry& providers, const std::string& seller) {
  return seller.empty() ? nullptr : providers.Find(seller);
}

store::InvoiceRecord RecordOf(const InvoiceReport& r, const StoredSettlements& settlements, int64_t transmission,
                              int ordinal, const std::string& sha256) {
  store::InvoiceRecord rec;
  rec.transmission_id = transmission;
  rec.ordinal = ordinal;
  rec.sha256 = sha256;
  rec.seller = r.seller.value_or("");
  rec.invoice_number = r.invoice_number.value_or("");
  rec.invoice_date = r.summary.invoice_date;
  rec.due_date = r.summary.due_date;
  rec.reference = r.summary.reference;
  rec.type = r.summary.credit_note ? store::kTypeCreditNote : store::kTypeInvoice;
  rec.total_cents = Cents(r.summary.total, r.summary.credit_note);
  rec.original_invoice_number = r.summary.original_invoice_number;
  // The settlement, only when the reference is the seller's own.
  if (const StoredSettlement* s = settlements.Find(rec.reference); s && s->provider == rec.seller) {
    rec.provider = s->provider;
    rec.month = s->month;
  }
  return rec;
}

std::string IsoTimestamp(std::chrono::system_clock::time_point t) {
  std::time_t secs = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[40];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S+00:00", &tm);
  return buf;
}

Date UtcDate(std::chrono::system_clock::time_point t) {
  std::time_t secs = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  return Date::FromYmd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

constexpr char kOperatorChannel[] = "operator";
constexpr int kMaxInvoicesPerTransmission = 100000;

// The transmission an earlier attempt at these same bytes stored before it
// was cut short, to be resumed rather than judged a duplicate: for an
// operator delivery, an earlier one on that channel (the same bytes, the
// frame included, whose MessageId the inbound side takes once); on another
// channel, one none of whose invoices was judged, a send answered 503 and
// sent again. One judged before makes a resend a duplicate_message.
Result<std::optional<int64_t>> Interrupted(store::InvoiceStore& store, const std::string& sha256,
                                           const std::string& channel, bool framed) {
  auto earlier = store.EarlierTransmission(sha256, std::numeric_limits<int64_t>::max());
  if (!earlier.ok() || !earlier.value()) return earlier;
  auto t = store.GetTransmission(*earlier.value());
  if (!t.ok()) return t.error();
  if (!t.value() || t.value()->channel != channel) return std::optional<int64_t>();
  if (framed) return earlier;
  store::InvoiceQuery judged;
  judged.transmission_id = *earlier.value();
  judged.limit = 1;
  auto verdicts = store.ListInvoices(judged);
  if (!verdicts.ok()) return verdicts.error();
  return verdicts.value().empty() ? earlier : std::optional<int64_t>();
}

const store::InvoiceRecord* WithOrdinal(const std::vector<store::InvoiceRecord>& records, int ordinal) {
  for (const store::InvoiceRecord& r : records) {
    if (r.ordinal == ordinal) return &r;
  }
  return nullptr;
}

// A notice's MessageId: for an operator delivery derived from the frame's
// MessageId and the invoice's place in it, so the same message always
// gets the same answer (the operator drops a resend); otherwise from the
// invoice's row.
std::string NoticeId(bool technical, const store::InvoiceRecord& rec, const outbound::TransmissionHeader* frame) {
  std::string prefix = technical ? "SETELI-ACK-" : "SETELI-IR-";
  if (!frame) return prefix + std::to_string(rec.id);
  return prefix + formats::Sha256Hex(frame->message_id + "#" + std::to_string(rec.ordinal)).substr(0, 32);
}

}  // namespace

Result<Receipt> InvoiceReceiver::Receive(std::string_view bytes, const std::string& channel,
                                         const std::string& actor) {
  return Run(std::string(bytes), channel, actor, nullptr, nullptr);
}

Result<Receipt> InvoiceReceiver::Receive(std::string&& bytes, const std::string& channel,
                                         const std::string& actor) {
  return Run(std::move(bytes), channel, actor, nullptr, nullptr);
}

Result<Receipt> InvoiceReceiver::ReceiveFramed(std::string_view bytes, const outbound::TransmissionHeader& frame,
                                               const std::string& actor, const store::InboundFence* fence) {
  return Run(std::string(bytes), kOperatorChannel, actor, &frame, fence);
}

Result<Receipt> InvoiceReceiver::Run(std::string bytes, const std::string& channel,
                                     const std::string& actor,
                                     const outbound::TransmissionHeader* frame,
                                     const store::InboundFence* fence) {
  Receipt receipt;
  receipt.sha256 = formats::Sha256Hex(bytes);
  auto interrupted = Interrupted(*ctx_.store, receipt.sha256, channel, frame != nullptr);
  if (!interrupted.ok()) return interrupted.error();
  const std::optional<int64_t> resumed = interrupted.value();
  std::optional<int64_t> earlier;
  std::vector<store::InvoiceRecord> stored_before;
  if (resumed) {
    receipt.transmission_id = *resumed;
    store::InvoiceQuery q;
    q.transmission_id = *resumed;
    q.limit = kMaxInvoicesPerTransmission;
    auto found = ctx_.store->ListInvoices(q);
    if (!found.ok()) return found.error();
    stored_before = std::move(found.value());
  } else {
    // Stored before anything reads it: whatever happens next, the bytes and
    // their digest are there. The bytes are lent to the transmission and
    // taken back, not copied.
    std::string audit_detail = std::to_string(bytes.size()) + " bytes";
    store::InvoiceTransmission transmission{0, "", channel, receipt.sha256, std::move(bytes)};
    auto saved = ctx_.store->SaveTransmission(
        transmission, {actor, "invoices.receive", audit_detail, receipt.sha256}, fence);
    bytes = std::move(transmission.raw);
    if (!saved.ok()) return saved.error();
    receipt.transmission_id = saved.value();
    auto before = ctx_.store->EarlierTransmission(receipt.sha256, receipt.transmission_id);
    if (!before.ok()) return before.error();
    earlier = before.value();
  }
  StoredSettlements settlements(ctx_.store);

  StoredInvoiceNumbers numbers(ctx_.store);
  finvoice::OrganizerContext organizer{ctx_.rulebook, ctx_.providers, &settlements};
  finvoice::ValidateOptions options;
  options.organizer = &organizer;
  options.numbers = &numbers;
  finvoice::InvoiceValidator validator(options);
  std::vector<InvoiceReport> reports =
      validator.ValidateBytes(bytes, "transmission " + std::to_string(receipt.transmission_id));
  if (numbers.store_error()) return *numbers.store_error();
  if (settlements.store_error()) return *settlements.store_error();

  int ordinal = 0;
  for (InvoiceReport& report : reports) {
    ++ordinal;
    InvoiceVerdict verdict;
    if (const store::InvoiceRecord* done = WithOrdinal(stored_before, ordinal)) {
      // Judged before the crash: the stored verdict stands.
      verdict = {*done, ReasonsFromJson(done->reasons)};
    } else {
      if (earlier) report.errors = {DuplicateMessage(*earlier)};
      store::InvoiceRecord rec =
          RecordOf(report, settlements, receipt.transmission_id, ordinal, receipt.sha256);
      if (rec.seller.empty() && reports.size() == 1) rec.seller = SellerHint(bytes);
      if (frame) {
        if (auto stranger = CheckSender(*frame, KnownProvider(*ctx_.providers, rec.seller))) {
          report.errors.push_back(std::move(*stranger));
        }
      }
      auto decided = Decide(report, std::move(rec), actor, fence);
      if (!decided.ok()) return decided.error();
      verdict = std::move(decided.value());
    }
    if (verdict.record.state == store::kInvoiceRejected && verdict.record.notice_outcome.empty()) {
      auto sent = SendNotice(verdict, frame, fence);
      if (!sent.ok()) return sent.error();
    }
    receipt.invoices.push_back(std::move(verdict));
  }
  return receipt;
}

Result<InvoiceVerdict> InvoiceReceiver::Decide(const InvoiceReport& report, store::InvoiceRecord rec,
                                               const std::string& actor, const store::InboundFence* fence) {
  InvoiceVerdict v;
  v.reasons = report.errors;
  store::AuditEntry audit{actor, "invoices.verdict", rec.seller + " " + rec.invoice_number, ""};
  if (v.reasons.empty()) {
    rec.state = store::kInvoiceAccepted;
    audit.detail = store::kInvoiceAccepted;
    auto stored = ctx_.store->RecordInvoice(rec, audit, fence);
    if (stored.ok()) {
      v.record = stored.value();
      return v;
    }
    std::optional<InvoiceError> why = RefusalReason(stored.error(), rec);
    if (!why) return stored.error();
    v.reasons.push_back(*why);
  }
  rec.state = store::kInvoiceRejected;
  rec.reasons = ReasonsJson(v.reasons);
  audit.detail = store::kInvoiceRejected;
  auto stored = ctx_.store->RecordInvoice(rec, audit, fence);
  if (!stored.ok()) return stored.error();
  v.record = stored.value();
  return v;
}

Result<store::Done> InvoiceReceiver::SendNotice(InvoiceVerdict& v, const outbound::TransmissionHeader* frame,
                                                const store::InboundFence* fence) {
  store::InvoiceRecord& rec = v.record;
  // A daemon that lost the message since storing the verdict leaves the
  // notice to the one that took it over. The outbox keeps one notice per
  // derived MessageId anyway; an e-mail is checked again at the last
  // moment before the SMTP server takes it (NoticeDelivery), as the SMTP
  // dialogue may take longer than a lease. A mail can still go twice (a
  // stall right after that check, a crash before the outcome below is
  // stored): each copy carries the same Message-ID, made from the notice's.
  if (fence) {
    auto held = ctx_.store->CheckInboundClaim(*fence);
    if (!held.ok()) return held.error();
  }
  auto now = ctx_.clock();
  RejectionFacts facts;
  facts.reasons = v.reasons;
  facts.organizer = &ctx_.rulebook->organizer;
  facts.provider = KnownProvider(*ctx_.providers, rec.seller);
  facts.frame = frame;
  facts.invoice_number = rec.invoice_number;
  facts.invoice_date = rec.invoice_date;
  facts.credit_note = rec.type == store::kTypeCreditNote;
  facts.received_message_id = "SETELI-IN-" + std::to_string(rec.transmission_id) + "-" + std::to_string(rec.ordinal);
  facts.timestamp = IsoTimestamp(now);
  facts.today = UtcDate(now);
  facts.notice_id = NoticeId(IsTechnical(v.reasons), rec, frame);

  Delivered d{"api", ""};
  auto notice = BuildRejectionNotice(facts);
  if (notice.ok()) {
    rec.notice_kind = notice.value().kind;
    rec.notice = notice.value().xml;
    auto delivered = NoticeDelivery(ctx_.store, ctx_.mailer, fence).Deliver(notice.value(), facts, rec.month);
    if (!delivered.ok()) return delivered.error();  // nothing sent; the fence decides
    d = std::move(delivered.value());
  } else {
    d.outcome = "not_built: " + notice.error().message;
  }
  // An operator delivery whose notice did not reach the outbox is handed
  // on again later (InboundEndpoint): the notice is not given up.
  bool retry_later = frame && d.channel == "operator" && d.outcome.rfind("failed:", 0) == 0;
  if (retry_later) return Error{"store_unavailable", "notice not queued: " + d.outcome};
  rec.notice_channel = d.channel;
  rec.notice_outcome = d.outcome;
  // Fenced too: a daemon that lost the message while its mail failed must
  // not record "failed" over the new holder's "sent".
  auto recorded = ctx_.store->SetInvoiceNotice(rec.id, rec.notice_kind, rec.notice, rec.notice_channel,
                                               rec.notice_outcome, fence);
  // A bare file: best effort, the verdict is stored already and the outbox
  // or the mail has the notice; an operator delivery is resumed instead.
  if (!recorded.ok() && frame) return recorded.error();
  return store::Done{};
}

}  // namespace seteli::receiving
