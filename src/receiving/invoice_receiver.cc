#include "receiving/invoice_receiver.h"

#include <ctime>

#include "finvoice/invoice_fields.h"
#include "finvoice/invoice_validator.h"
#include "finvoice/vat_check.h"
#include "formats/sha256.h"
#include "receiving/notice_delivery.h"
#include "receiving/reasons_json.h"
#include "receiving/rejection_notice.h"
#include "receiving/stored_invoice_numbers.h"
#include "receiving/stored_settlements.h"

namespace seteli::receiving {
namespace {

using finvoice::InvoiceError;
using finvoice::InvoiceReport;
using finvoice::Layer;

InvoiceError Reason(const char* code, Layer layer, std::string path, std::string fi, std::string en) {
  InvoiceError e;
  e.code = code;
  e.layer = layer;
  e.path = std::move(path);
  e.message_fi = std::move(fi);
  e.message_en = std::move(en);
  return e;
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

}  // namespace

Result<Receipt> InvoiceReceiver::Receive(std::string_view bytes, const std::string& channel,
                                         const std::string& actor) {
  Receipt receipt;
  receipt.sha256 = formats::Sha256Hex(bytes);
  // Stored before anything reads it: whatever happens next, the bytes and
  // their digest are there.
  auto saved = ctx_.store->SaveTransmission(
      {0, "", channel, receipt.sha256, std::string(bytes)},
      {actor, "invoices.receive", std::to_string(bytes.size()) + " bytes", receipt.sha256});
  if (!saved.ok()) return saved.error();
  receipt.transmission_id = saved.value();
  auto earlier = ctx_.store->EarlierTransmission(receipt.sha256, receipt.transmission_id);
  if (!earlier.ok()) return earlier.error();
  auto settlements = LoadStoredSettlements(*ctx_.store);
  if (!settlements.ok()) return settlements.error();

  StoredInvoiceNumbers numbers(ctx_.store);
  finvoice::OrganizerContext organizer{ctx_.rulebook, ctx_.providers, &settlements.value().index};
  finvoice::ValidateOptions options;
  options.organizer = &organizer;
  options.numbers = &numbers;
  finvoice::InvoiceValidator validator(options);
  std::vector<InvoiceReport> reports =
      validator.ValidateBytes(bytes, "transmission " + std::to_string(receipt.transmission_id));
  if (numbers.store_error()) return *numbers.store_error();

  int ordinal = 0;
  for (InvoiceReport& report : reports) {
    if (earlier.value()) report.errors = {DuplicateMessage(*earlier.value())};
    store::InvoiceRecord rec = RecordOf(report, settlements.value(), receipt.transmission_id, ++ordinal,
                                        receipt.sha256);
    if (rec.seller.empty() && reports.size() == 1) rec.seller = SellerHint(bytes);
    auto verdict = Decide(report, std::move(rec), actor);
    if (!verdict.ok()) return verdict.error();
    if (verdict.value().record.state == store::kInvoiceRejected) SendNotice(verdict.value());
    receipt.invoices.push_back(std::move(verdict.value()));
  }
  return receipt;
}

Result<InvoiceVerdict> InvoiceReceiver::Decide(const InvoiceReport& report, store::InvoiceRecord rec,
                                               const std::string& actor) {
  InvoiceVerdict v;
  v.reasons = report.errors;
  store::AuditEntry audit{actor, "invoices.verdict", rec.seller + " " + rec.invoice_number, ""};
  if (v.reasons.empty()) {
    rec.state = store::kInvoiceAccepted;
    audit.detail = store::kInvoiceAccepted;
    auto stored = ctx_.store->RecordInvoice(rec, audit);
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
  auto stored = ctx_.store->RecordInvoice(rec, audit);
  if (!stored.ok()) return stored.error();
  v.record = stored.value();
  return v;
}

void InvoiceReceiver::SendNotice(InvoiceVerdict& v) {
  store::InvoiceRecord& rec = v.record;
  auto now = ctx_.clock();
  RejectionFacts facts;
  facts.reasons = v.reasons;
  facts.organizer = &ctx_.rulebook->organizer;
  facts.provider = KnownProvider(*ctx_.providers, rec.seller);
  facts.invoice_number = rec.invoice_number;
  facts.invoice_date = rec.invoice_date;
  facts.credit_note = rec.type == store::kTypeCreditNote;
  facts.received_message_id = "SETELI-IN-" + std::to_string(rec.transmission_id) + "-" + std::to_string(rec.ordinal);
  facts.timestamp = IsoTimestamp(now);
  facts.today = UtcDate(now);
  facts.notice_id = std::string(IsTechnical(v.reasons) ? "SETELI-ACK-" : "SETELI-IR-") + std::to_string(rec.id);

  Delivered d{"api", ""};
  auto notice = BuildRejectionNotice(facts);
  if (notice.ok()) {
    rec.notice_kind = notice.value().kind;
    rec.notice = notice.value().xml;
    d = NoticeDelivery(ctx_.store, ctx_.mailer).Deliver(notice.value(), facts, rec.month);
  } else {
    d.outcome = "not_built: " + notice.error().message;
  }
  rec.notice_channel = d.channel;
  rec.notice_outcome = d.outcome;
  // Best effort: the verdict is stored already; a failed update leaves the
  // notice out of the API view but the outbox or the mail has it.
  (void)ctx_.store->SetInvoiceNotice(rec.id, rec.notice_kind, rec.notice, rec.notice_channel, rec.notice_outcome);
}

}  // namespace seteli::receiving
