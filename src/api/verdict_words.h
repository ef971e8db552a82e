// What an event's verdict or an invoice's state means to a provider, in
// plain Finnish and English, and what to do about it: the pages show these
// beside the stable codes (docs/providers.md).
//
//   Words w = VerdictWords("duplicate_conflict");
//   // w.fi: "Tällä tunnuksella on jo tallennettu eri tiedot..."
#ifndef SETELI_API_VERDICT_WORDS_H_
#define SETELI_API_VERDICT_WORDS_H_

#include <string>
#include <vector>

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
// Why finance refused an event in review: the codes its review page offers
// (ReviewRefusalCodes()), in the words the provider reads too.
const std::vector<std::string>& ReviewRefusalCodes();
Words ReviewRefusalWords(const std::string& code);
// Why finance credited an event (seteli::NameOfCreditReason, which the
// provider's statement uses too).
Words CreditReasonWords(const std::string& code);

}  // namespace seteli::api

#endif  // SETELI_API_VERDICT_WORDS_H_
