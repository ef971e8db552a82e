#include "finvoice/exemption_basis.h"

namespace seteli::finvoice {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// ASCII letters, digits and '_', as a word boundary is drawn in regular
// expressions; the bytes of UTF-8 letters such as ä are not word characters.
bool IsWordChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

bool WordStartsAt(std::string_view s, size_t i) { return i == 0 || !IsWordChar(s[i - 1]); }
bool WordEndsAt(std::string_view s, size_t i) { return i >= s.size() || !IsWordChar(s[i]); }

// Whether `w` occurs in `s` starting a word and, with `whole`, ending one.
bool HasWord(std::string_view s, std::string_view w, bool whole) {
  for (size_t i = s.find(w); i != std::string_view::npos; i = s.find(w, i + 1)) {
    if (WordStartsAt(s, i) && (!whole || WordEndsAt(s, i + w.size()))) return true;
  }
  return false;
}

size_t SkipSpaces(std::string_view s, size_t i) {
  while (i < s.size() && s[i] == ' ') ++i;
  return i;
}

constexpr std::string_view kSection = "\xC2\xA7";  // § in UTF-8

// What each byte folds to on its own (A-Z to a-z, any other byte to
// itself), or 0 for a byte the fold has to look at: a space, tab or line
// end, the first byte of a no-break space or of Ä, Å, Ö (C2, C3), and NUL.
struct FoldTable {
  char to[256];
  constexpr FoldTable() : to() {
    for (int c = 0; c < 256; ++c)
      to[c] = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    for (int c : {0, int{' '}, int{'\t'}, int{'\r'}, int{'\n'}, 0xC2, 0xC3}) to[c] = 0;
  }
};
constexpr FoldTable kFold;

}  // namespace

std::string FoldForCompare(std::string_view text) {
  std::string out;
  FoldForCompareInto(text, out);
  return out;
}

void FoldForCompareInto(std::string_view text, std::string& out) {
  // Written in place: the folded text is never longer than the text, and
  // this runs on several texts of every row.
  out.resize(text.size());
  char* o = out.data();
  size_t n = 0;
  bool pending_space = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    char folded = kFold.to[static_cast<unsigned char>(c)];
    if (folded != 0 && !pending_space) {  // most bytes
      o[n++] = folded;
      continue;
    }
    if (IsSpace(c)) {
      pending_space = n > 0;
      continue;
    }
    if (c == '\xC2' && i + 1 < text.size() && text[i + 1] == '\xA0') {  // no-break space
      pending_space = n > 0;
      ++i;
      continue;
    }
    if (pending_space) o[n++] = ' ';
    pending_space = false;
    if (c >= 'A' && c <= 'Z') {
      o[n++] = static_cast<char>(c - 'A' + 'a');
    } else if (c == '\xC3' && i + 1 < text.size()) {
      // Ä (C3 84) Å (C3 85) Ö (C3 96) -> ä å ö: +0x20 on the second byte.
      char d = text[i + 1];
      if (d == '\x84' || d == '\x85' || d == '\x96') d = static_cast<char>(d + 0x20);
      o[n++] = c;
      o[n++] = d;
      ++i;
    } else {
      o[n++] = c;
    }
  }
  out.resize(n);
}

std::string_view FoldedText(std::string_view text) {
  thread_local std::string last_text;
  thread_local std::string last_fold;
  if (text != last_text) {
    last_text.assign(text);
    FoldForCompareInto(text, last_fold);
  }
  return last_fold;
}

// Scans instead of std::regex: the checks run on every row of every
// invoice, and libstdc++'s regex made them most of a validation's time.
bool LooksLikeExemptionBasis(std::string_view text) {
  std::string_view f = FoldedText(text);
  for (std::string_view word : {"avl", "alv", "132"}) {
    if (HasWord(f, word, true)) return true;
  }
  for (std::string_view prefix : {"veroton", "verovapa", "momsfri", "exempt"}) {
    if (HasWord(f, prefix, false)) return true;
  }
  for (std::string_view part : {std::string_view("arvonlis"), std::string_view("vatex"), kSection}) {
    if (f.find(part) != std::string_view::npos) return true;
  }
  return false;
}

// "130 a", "130a", "130 §" or "§ 130": the municipalities' VAT refund section.
bool MentionsRefundSection(std::string_view text) {
  std::string_view f = FoldedText(text);
  for (size_t i = f.find("130"); i != std::string_view::npos; i = f.find("130", i + 1)) {
    size_t after = SkipSpaces(f, i + 3);
    if (WordStartsAt(f, i)) {
      if (after < f.size() && f[after] == 'a' && WordEndsAt(f, after + 1)) return true;
      if (f.substr(after, kSection.size()) == kSection) return true;
    }
    // "§ 130": the section sign, spaces, then 130 ending a word.
    if (WordEndsAt(f, i + 3)) {
      size_t j = i;
      while (j > 0 && f[j - 1] == ' ') --j;
      if (j >= kSection.size() && f.substr(j - kSection.size(), kSection.size()) == kSection) return true;
    }
  }
  return false;
}

std::optional<ServiceClass> ClassOfReasonCode(std::string_view code) {
  std::string c = FoldForCompare(code);
  if (c == "vatex-eu-132-1b" || c == "vatex-eu-132-1c") return ServiceClass::kHealth;
  if (c == "vatex-eu-132-1g") return ServiceClass::kSocial;
  return std::nullopt;
}

namespace {

bool NamesVatAct(std::string_view f) {
  return HasWord(f, "avl", true) || HasWord(f, "alv", true) ||
         f.find("arvonlis") != std::string_view::npos ||
         f.find("mervärdesskattelag") != std::string_view::npos;
}

// Section `number` cited in folded `f`: "34 §" / "34§" (not "134 §" or
// "34 a §"), or "§ 34" (not "§ 340").
bool CitesSection(std::string_view f, std::string_view number) {
  for (size_t i = f.find(number); i != std::string_view::npos; i = f.find(number, i + 1)) {
    if (!WordStartsAt(f, i)) continue;
    size_t after = SkipSpaces(f, i + number.size());
    if (f.substr(after, kSection.size()) == kSection) return true;
    if (!WordEndsAt(f, i + number.size())) continue;
    size_t j = i;
    while (j > 0 && f[j - 1] == ' ') --j;
    if (j >= kSection.size() && f.substr(j - kSection.size(), kSection.size()) == kSection)
      return true;
  }
  return false;
}

}  // namespace

std::vector<ExemptionCitation> CitedExemptions(std::string_view text) {
  std::string folded = FoldForCompare(text);
  std::string_view f(folded);
  std::vector<ExemptionCitation> out;
  if (NamesVatAct(f)) {
    if (CitesSection(f, "34")) out.push_back({ServiceClass::kHealth, "34 \xC2\xA7"});
    if (CitesSection(f, "37")) out.push_back({ServiceClass::kSocial, "37 \xC2\xA7"});
  }
  static const std::pair<std::string_view, ServiceClass> kCodes[] = {
      {"vatex-eu-132-1b", ServiceClass::kHealth},
      {"vatex-eu-132-1c", ServiceClass::kHealth},
      {"vatex-eu-132-1g", ServiceClass::kSocial}};
  for (const auto& [code, c] : kCodes) {
    if (HasWord(f, code, true)) {
      std::string upper(code);
      for (char& ch : upper) ch = static_cast<char>(ch >= 'a' && ch <= 'z' ? ch - 'a' + 'A' : ch);
      out.push_back({c, upper});
    }
  }
  return out;
}

bool CitesSomeSection(std::string_view text) {
  return text.find(kSection) != std::string_view::npos;
}

bool ContainsWording(std::string_view text, std::string_view wording) {
  std::string w = FoldForCompare(wording);
  return !w.empty() && FoldForCompare(text).find(w) != std::string::npos;
}

}  // namespace seteli::finvoice
