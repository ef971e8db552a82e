#include "finvoice/exemption_basis.h"

#include <regex>

namespace seteli::finvoice {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

}  // namespace

std::string FoldForCompare(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool pending_space = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (IsSpace(c)) {
      pending_space = !out.empty();
      continue;
    }
    if (c == '\xC2' && i + 1 < text.size() && text[i + 1] == '\xA0') {  // no-break space
      pending_space = !out.empty();
      ++i;
      continue;
    }
    if (pending_space) out += ' ';
    pending_space = false;
    if (c >= 'A' && c <= 'Z') {
      out += static_cast<char>(c - 'A' + 'a');
    } else if (c == '\xC3' && i + 1 < text.size()) {
      // Ä (C3 84) Å (C3 85) Ö (C3 96) -> ä å ö: +0x20 on the second byte.
      char d = text[i + 1];
      if (d == '\x84' || d == '\x85' || d == '\x96') d = static_cast<char>(d + 0x20);
      out += c;
      out += d;
      ++i;
    } else {
      out += c;
    }
  }
  return out;
}

bool LooksLikeExemptionBasis(std::string_view text) {
  static const std::regex kBasis(
      R"((\bavl\b|\balv\b|arvonlis|§|\bveroton|\bverovapa|\bmomsfri|\bexempt|\b132\b|vatex))",
      std::regex::ECMAScript | std::regex::optimize);
  std::string folded = FoldForCompare(text);
  return std::regex_search(folded, kBasis);
}

bool MentionsRefundSection(std::string_view text) {
  static const std::regex kRefund(R"(\b130\s*a\b|\b130\s*§|§\s*130\b)",
                                  std::regex::ECMAScript | std::regex::optimize);
  std::string folded = FoldForCompare(text);
  return std::regex_search(folded, kRefund);
}

std::optional<ServiceClass> ClassOfReasonCode(std::string_view code) {
  std::string c = FoldForCompare(code);
  if (c == "vatex-eu-132-1b" || c == "vatex-eu-132-1c") return ServiceClass::kHealth;
  if (c == "vatex-eu-132-1g") return ServiceClass::kSocial;
  return std::nullopt;
}

bool ContainsWording(std::string_view text, std::string_view wording) {
  std::string w = FoldForCompare(wording);
  return !w.empty() && FoldForCompare(text).find(w) != std::string::npos;
}

}  // namespace seteli::finvoice
