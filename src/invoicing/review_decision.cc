#include "invoicing/review_decision.h"

namespace seteli::invoicing {
namespace {

bool IsReasonCode(const std::string& code) {
  if (code.empty() || code.size() > 64) return false;
  for (char c : code) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  }
  return true;
}

}  // namespace

Result<store::ReviewRecord> DecideReview(store::ReviewStore& store, const std::string& event_id,
                                         const std::string& decision,
                                         const std::string& reason_code, const std::string& text,
                                         const std::string& actor) {
  if (decision != "approve" && decision != "refuse") {
    return Error{
        "invalid_decision",
        "päätös on approve tai refuse / the decision is approve or refuse, not '" + decision + "'",
        ""};
  }
  const bool refuse = decision == "refuse";
  if (refuse && (reason_code.empty() || text.empty())) {
    return Error{"missing_reason",
                 "hylkäys tarvitsee syykoodin ja selityksen / a refusal needs a reason code and "
                 "a text",
                 ""};
  }
  if (!reason_code.empty() && !IsReasonCode(reason_code)) {
    return Error{"invalid_reason_code",
                 "syykoodi: pienet kirjaimet, numerot ja _ / a reason code is lower-case letters, "
                 "digits and '_', at most 64: '" +
                     reason_code + "'",
                 ""};
  }
  const std::string state = refuse ? store::kReviewRefused : store::kReviewApproved;
  const std::string reason = reason_code.empty() && text.empty() ? "" : reason_code + ": " + text;
  return store.DecideReview(event_id, state, reason_code, text,
                            {actor, refuse ? "review.refuse" : "review.approve", event_id, reason});
}

}  // namespace seteli::invoicing
