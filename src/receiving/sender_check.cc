#include "receiving/sender_check.h"

#include <cctype>
#include <string>
#include <string_view>

namespace seteli::receiving {
namespace {

std::string Compact(std::string_view text, bool fold_case) {
  std::string s;
  for (char c : text) {
    if (std::isspace(static_cast<unsigned char>(c))) continue;
    s += fold_case ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
  }
  return s;
}

std::string Shown(const outbound::FrameParty& p) {
  return p.address + " (" + p.intermediator + ")";
}

}  // namespace

bool IsRegisteredSender(const outbound::FrameParty& from, const Provider& p) {
  // An address itself may be an IBAN: letters in it are compared folded too.
  std::string registered = Compact(p.einvoice_address, true);
  return !registered.empty() && Compact(from.address, true) == registered &&
         Compact(from.intermediator, true) == Compact(p.einvoice_operator, true);
}

std::optional<finvoice::InvoiceError> CheckSender(const outbound::TransmissionHeader& frame,
                                                  const Provider* provider) {
  if (!provider || IsRegisteredSender(frame.routing.sender, *provider)) return std::nullopt;
  finvoice::InvoiceError e;
  e.code = "sender_mismatch";
  e.layer = finvoice::Layer::kOrganizer;
  e.path = "/SOAP-ENV:Envelope/SOAP-ENV:Header/eb:MessageHeader/eb:From";
  e.message_fi = "Lähettäjä " + Shown(frame.routing.sender) + " ei ole palveluntuottajan " +
                 provider->business_id + " rekisteröity verkkolaskuosoite; laskua ei käsitellä.";
  e.message_en = "The sender " + Shown(frame.routing.sender) +
                 " is not the registered e-invoice address of the provider " +
                 provider->business_id + "; the invoice is not processed.";
  return e;
}

}  // namespace seteli::receiving
