#include "api/verdict_words.h"

#include <map>

#include "seteli/organizer_credit.h"

namespace seteli::api {

Words StatusWords(const std::string& status) {
  if (status == "accepted") return {"Hyväksytty", "Accepted"};
  if (status == "duplicate") return {"Jo tallennettu", "Already stored"};
  return {"Hylätty", "Rejected"};
}

Words VerdictWords(const std::string& code) {
  static const std::map<std::string, Words> kWords = {
      {"malformed_event",
       {"Rivin tietoja ei voitu lukea. Tarkista viestissä mainittu kenttä ja lähetä rivi "
        "uudelleen.",
        "The line could not be read. Check the field the message names and send the line again."}},
      {"duplicate_conflict",
       {"Tällä tunnuksella on jo tallennettu käynti eri tiedoin. Jos korjaat käyntiä, anna uusi "
        "tunnus ja merkitse korvattavaksi vanha tunnus (korvaa). Jos kyse on eri käynnistä, anna "
        "sille oma tunnus.",
        "A visit with this ID is already stored with other details. To correct it, give a new ID "
        "and name the old one as replaced (replaces). If it is another visit, give it its own "
        "ID."}},
      {"forbidden_provider",
       {"Rivillä on toisen palveluntuottajan Y-tunnus. Voit kirjata vain omia käyntejäsi.",
        "The line has another provider's business ID. You may record only your own visits."}},
      {"unknown_correction_target",
       {"Korjattavaa käyntiä ei löydy. Tarkista korvattavan tai mitätöitävän käynnin tunnus.",
        "The visit to correct is not found. Check the ID of the visit to replace or void."}},
      {"foreign_correction_target",
       {"Korjattava käynti on toisen palveluntuottajan. Korjaa vain omia käyntejäsi.",
        "The visit to correct is another provider's. Correct only your own visits."}},
      {"unknown_decision",
       {"Päätöstunnusta ei löydy. Tarkista se asiakkaan palvelusetelipäätöksestä.",
        "The decision ID is not found. Check it on the client's voucher decision."}},
      {"unknown_service",
       {"Palvelua ei ole sääntökirjassa. Tarkista palvelun koodi mallitiedostosta.",
        "The service is not in the rulebook. Check the service code in the template."}},
      {"unknown_provider",
       {"Y-tunnusta ei ole hyväksyttyjen palveluntuottajien joukossa.",
        "The business ID is not among the approved providers."}},
      {"provider_not_approved",
       {"Sinulla ei ole hyväksyntää tähän palveluun tälle päivälle. Ota yhteys järjestäjään.",
        "You are not approved for this service on this day. Contact the organizer."}},
      {"provider_not_chosen",
       {"Asiakas ei ole valinnut sinua tämän päätöksen palveluntuottajaksi.",
        "The client has not chosen you as the provider for this decision."}},
      {"decision_not_valid",
       {"Päätös ei ole voimassa käynnin päivänä. Tarkista päivämäärä.",
        "The decision is not valid on the day of the visit. Check the date."}},
      {"service_mismatch",
       {"Palvelu ei ole sama kuin päätöksessä. Tarkista palvelun koodi.",
        "The service is not the decision's. Check the service code."}},
      {"price_over_cap",
       {"Hintasi ylittää palvelun enimmäishinnan. Ota yhteys järjestäjään hinnastasi.",
        "Your price is over the service's price cap. Contact the organizer about your price."}},
      {"price_exceeds_free_voucher",
       {"Maksuttomassa palvelussa hinta ei saa ylittää setelin arvoa.",
        "In a free service the price may not exceed the voucher's value."}},
      {"invalid_time_range",
       {"Loppuaika on ennen alkuaikaa tai käynti on liian pitkä. Tarkista ajat.",
        "The end is before the start, or the visit is too long. Check the times."}},
      {"not_a_weekday",
       {"Palvelu annetaan vain arkipäivisin. Tarkista päivämäärä.",
        "The service is given on weekdays only. Check the date."}},
  };
  auto it = kWords.find(code);
  if (it != kWords.end()) return it->second;
  return {"Riviä ei hyväksytty. Tarkista tiedot viestin mukaan tai ota yhteys järjestäjään.",
          "The line was not accepted. Check it as the message says, or contact the organizer."};
}

Words FlagWords(const std::string& flag) {
  static const std::map<std::string, Words> kWords = {
      {"late_recording",
       {"kirjattu myöhässä (yli 5 päivää käynnin jälkeen)",
        "recorded late (over 5 days after the visit)"}},
      {"monthly_cap",
       {"setelin kuukausikatto täyttyi; asiakas maksaa loput",
        "the voucher's monthly cap was reached; the client pays the rest"}},
      {"quantity_cap",
       {"palvelun määräkatto täyttyi; asiakas maksaa loput",
        "the service's quantity cap was reached; the client pays the rest"}},
      {"over_grant",
       {"yli myönnetyn määrän: ylitys on asiakkaan omaa ostoa",
        "over the granted quantity: the excess is the client's own purchase"}},
      {"over_balance",
       {"saldo ei riittänyt; asiakas maksaa loput",
        "the balance did not cover it; the client pays the rest"}},
      {"prior_period",
       {"korjaus jo tilitettyyn kuukauteen", "a correction to a month already settled"}},
      {"cancelled", {"myöhään peruttu käynti", "a visit cancelled too late"}},
  };
  auto it = kWords.find(flag);
  return it != kWords.end() ? it->second : Words{flag, flag};
}

Words InvoiceStateWords(const std::string& state) {
  if (state == "accepted") return {"Hyväksytty maksettavaksi", "Accepted for payment"};
  if (state == "rejected") return {"Palautettu", "Returned"};
  return {"Vastaanotettu, tarkastetaan", "Received, being checked"};
}

const std::vector<std::string>& ReviewRefusalCodes() {
  static const std::vector<std::string> kCodes = {"not_delivered", "late_without_cause",
                                                  "not_granted", "duplicate_visit", "other"};
  return kCodes;
}

Words ReviewRefusalWords(const std::string& code) {
  static const std::map<std::string, Words> kWords = {
      {"not_delivered", {"Käyntiä ei tehty", "The visit did not take place"}},
      {"late_without_cause", {"Kirjattu myöhässä ilman syytä", "Recorded late without cause"}},
      {"not_granted", {"Ei kuulu päätökseen", "Not covered by the decision"}},
      {"duplicate_visit", {"Sama käynti kahdesti", "The same visit twice"}},
  };
  auto it = kWords.find(code);
  return it != kWords.end() ? it->second : Words{"Muu syy", "Another reason"};
}

Words CreditReasonWords(const std::string& code) {
  const CreditReasonName name = NameOfCreditReason(code);
  return {std::string(name.fi), std::string(name.en)};
}

}  // namespace seteli::api
