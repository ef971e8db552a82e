#include "finvoice/account_check.h"

#include "seteli/reference.h"

namespace seteli::finvoice {
namespace {

InvoiceError Mismatch(const Field& f, std::string fi, std::string en) {
  return MakeError(Layer::kOrganizer, "account_mismatch", f.path(), f.line, std::move(fi),
                   std::move(en));
}

}  // namespace

std::string CompactIban(std::string_view text) { return CompactReference(text); }

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
