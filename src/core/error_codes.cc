#include "core/error_codes.h"

#include <array>

namespace seteli {
namespace {

using enum ErrorKind;

// Grouped by kind; within a group, alphabetical.
constexpr std::array kCodes = std::to_array<CodeKind>({
    // The input is wrong: options, configuration, files, bodies, and the
    // rules' refusals of an event or invoice (docs/api.md, domain.md).
    {"bad_form", kInvalid},
    {"bad_query", kInvalid},
    {"bad_store_url", kInvalid},
    {"bad_url", kInvalid},
    {"balance_exhausted", kInvalid},
    {"config_error", kInvalid},
    {"credit_exceeds_invoice", kInvalid},
    {"credit_exceeds_settled", kInvalid},
    {"credit_reason_unknown", kInvalid},
    {"decision_not_valid", kInvalid},
    {"duplicate_conflict", kInvalid},
    {"duplicate_decision", kInvalid},
    {"duplicate_invoice_number", kInvalid},
    {"duplicate_price", kInvalid},
    {"duplicate_provider", kInvalid},
    {"duplicate_service", kInvalid},
    {"empty_batch", kInvalid},
    {"forbidden_dtd", kInvalid},
    {"foreign_correction_target", kInvalid},
    {"invalid_ack", kInvalid},
    {"invalid_amount", kInvalid},
    {"invalid_argument", kInvalid},
    {"invalid_business_id", kInvalid},
    {"invalid_date", kInvalid},
    {"invalid_einvoice_address", kInvalid},
    {"invalid_frame", kInvalid},
    {"invalid_iban", kInvalid},
    {"invalid_invoice_input", kInvalid},
    {"invalid_json", kInvalid},
    {"invalid_month", kInvalid},
    {"invalid_notice", kInvalid},
    {"invalid_quantity", kInvalid},
    {"invalid_range", kInvalid},
    {"invalid_reason_code", kInvalid},
    {"invalid_response", kInvalid},
    {"invalid_settlements", kInvalid},
    {"invalid_time", kInvalid},
    {"invalid_time_range", kInvalid},
    {"invalid_value", kInvalid},
    // A provider key asked to last longer than a year (api/key_issuer.h).
    {"key_expiry_too_long", kInvalid},
    {"key_name_invalid", kInvalid},
    {"key_name_taken", kInvalid},
    {"malformed_event", kInvalid},
    {"malformed_json", kInvalid},
    {"missing_field", kInvalid},
    {"missing_reason", kInvalid},
    {"monthly_quantity_cap", kInvalid},
    {"negative_amount", kInvalid},
    {"no_original_invoice", kInvalid},
    {"not_a_weekday", kInvalid},
    {"not_well_formed", kInvalid},
    {"outside_recording_window", kInvalid},
    {"personal_identity_code", kInvalid},
    {"price_exceeds_free_voucher", kInvalid},
    {"price_over_cap", kInvalid},
    {"provider_not_approved", kInvalid},
    {"provider_not_chosen", kInvalid},
    {"read_failed", kInvalid},
    {"service_mismatch", kInvalid},
    {"settlement_not_open", kInvalid},
    {"tls_config", kInvalid},
    {"too_large", kInvalid},
    {"unknown_band_service", kInvalid},
    {"unknown_correction_target", kInvalid},
    {"unknown_decision", kInvalid},
    {"unknown_field", kInvalid},
    {"unknown_key", kInvalid},
    {"unknown_original_invoice", kInvalid},
    {"unknown_provider", kInvalid},
    {"unknown_service", kInvalid},
    {"unreadable", kInvalid},
    {"usage", kInvalid},
    {"value_out_of_range", kInvalid},
    {"wrong_type", kInvalid},
    {"yaml_syntax", kInvalid},

    // What the request names does not exist; `month_not_run`: no run of
    // the month has finished, so it has no books yet.
    {"month_not_run", kNotFound},
    {"not_found", kNotFound},

    // The state refuses: run the month, hold the settlement, upgrade the
    // binary first.
    {"event_not_settled", kFailedPrecondition},
    {"failed_precondition", kFailedPrecondition},
    {"illegal_settlement_transition", kFailedPrecondition},
    // The month reconciles but the purchase ledger or the State Treasury
    // table does not tie to its journal (export/purchase_ledger.h).
    {"ledger_does_not_reconcile", kFailedPrecondition},
    {"month_does_not_reconcile", kFailedPrecondition},
    {"schema_too_new", kFailedPrecondition},

    {"claim_lost", kAborted},
    // A credit taken by another run or request meanwhile: try again.
    {"credit_conflict", kAborted},

    // `unavailable` is a peer or the daemon itself; `store_unavailable` the
    // store (docs/api.md promises both spellings where they appear).
    {"listen_failed", kUnavailable},
    {"mail_failed", kUnavailable},
    {"spill_failed", kUnavailable},
    {"store_unavailable", kUnavailable},
    {"store_unreachable", kUnavailable},
    {"tls_error", kUnavailable},
    {"unavailable", kUnavailable},
    {"write_failed", kUnavailable},

    {"store_full", kResourceExhausted},

    {"store_corrupt", kDataLoss},

    {"internal", kInternal},
    {"settlement_inconsistent", kInternal},
    {"xml_write_failed", kInternal},
});

}  // namespace

std::span<const CodeKind> StableErrorCodes() { return kCodes; }

ErrorKind KindOfCode(std::string_view code) {
  for (const CodeKind& c : kCodes) {
    if (c.code == code) return c.kind;
  }
  return ErrorKind::kInternal;
}

const char* ToString(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kInvalid:
      return "invalid";
    case ErrorKind::kNotFound:
      return "not_found";
    case ErrorKind::kFailedPrecondition:
      return "failed_precondition";
    case ErrorKind::kAborted:
      return "aborted";
    case ErrorKind::kUnavailable:
      return "unavailable";
    case ErrorKind::kResourceExhausted:
      return "resource_exhausted";
    case ErrorKind::kDataLoss:
      return "data_loss";
    case ErrorKind::kInternal:
      return "internal";
  }
  return "internal";
}

}  // namespace seteli
