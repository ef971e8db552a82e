// What an event's verdict or an invoice's state means to a provider, in
// plain Finnish and English, and what to do about it: the pages show these
// beside the stable codes (docs/providers.md).
//
//   Words w = VerdictWords("duplicate_conflict");
//   // w.fi: "Tällä tunnuksella on jo tallennettu eri tiedot..."
#ifndef SETELI_API_VERDICT_WORDS_H_
#define SETELI_API_VERDICT_WORDS_H_

#include <string>

namespace seteli::api {

struct Words {
  std::string fi;
  std::string en;
};

// "accepted", "duplicate", "rejected": the verdict's name.
Words StatusWords(const std::string& status);
// A rejection code (docs/api.md, POST /v1/events): what it means and what
// to do instead. An unknown code gets a general sentence.
Words VerdictWords(const std::string& code);
// A flag on a settled line (domain.md, "Flags on accepted lines").
Words FlagWords(const std::string& flag);
// An invoice state (received, accepted, rejected).
Words InvoiceStateWords(const std::string& state);

}  // namespace seteli::api

#endif  // SETELI_API_VERDICT_WORDS_H_
