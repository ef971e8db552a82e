#include "finvoice/account_check.h"

#include <cctype>

namespace seteli::finvoice {
namespace {

InvoiceError Mismatch(const Field& f, std::string fi, std::string en) {
  InvoiceError e;
  e.code = "account_mismatch";
  e.layer = Layer::kOrganizer;
  e.path = f.path();
  e.line = f.line;
  e.message_fi = std::move(fi);
  e.message_en = std::move(en);
  return e;
}

}  // namespace

std::string CompactIban(std::string_view text) {
  std::string s;
  for (char c : text) {
    if (c != ' ') s += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return s;
}

std::optional<InvoiceError> CheckPayeeAccount(const InvoiceFields& f, const Provider& p) {
  std::string registered = CompactIban(p.iban);
  if (registered.empty()) {
    return Mismatch(f.payee_account,
                    "Palveluntuottajalle " + p.business_id +
                        " ei ole rekisteröity tiliä, joten laskua ei voi maksaa.",
                    "No bank account is registered for the provider " + p.business_id +
                        ", so the invoice cannot be paid.");
  }
  std::vector<const Field*> named{&f.payee_account};
  for (const Field& a : f.seller_accounts) named.push_back(&a);
  for (const Field* a : named) {
    if (CompactIban(a->value) == registered) continue;
    std::string shown = a->present() ? a->value : "(puuttuu)";
    std::string shown_en = a->present() ? a->value : "(missing)";
    return Mismatch(*a,
                    "Tili " + shown + " (" + a->element() + ") ei ole palveluntuottajan " +
                        p.business_id + " rekisteröity tili.",
                    "The account " + shown_en + " (" + a->element() +
                        ") is not the registered account of the provider " + p.business_id + ".");
  }
  return std::nullopt;
}

}  // namespace seteli::finvoice
