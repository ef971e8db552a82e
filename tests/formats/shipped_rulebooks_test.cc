// The shipped rulebooks (config/rulebooks/) against the organizers' own
// words: each service's figures in a table with the seed sentence they come
// from, so that a changed figure, an added service or an invented band
// fails here. Where the seeds are beside the checkout (../shared/seeds, as
// CI clones it) every quoted sentence must also be in the seed.
#include <gtest/gtest.h>

#include <cctype>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "formats/rulebook_yaml.h"

namespace seteli::formats {
namespace {

std::string SourcePath(const std::string& rel) {
  return std::string(SETELI_SOURCE_DIR) + "/" + rel;
}

Rulebook Load(const std::string& rel) {
  Result<Rulebook> rb = LoadRulebook(SourcePath(rel));
  if (!rb.ok()) ADD_FAILURE() << ToLine(rb.error());
  return rb.ok() ? rb.value() : Rulebook{};
}

// One service's figures in one line: "social day range 0.00-75.00
// monthly_voucher_cap 2280.00".
std::string Describe(const Service& s) {
  std::ostringstream o;
  o << ServiceClassName(s.service_class);
  if (s.both_classes) o << "+" << (s.service_class == ServiceClass::kHealth ? "social" : "health");
  o << " " << UnitName(s.unit) << " ";
  switch (s.value.kind) {
    case ValueRule::Kind::kFixed:
      o << s.value.fixed.ToString();
      break;
    case ValueRule::Kind::kRange:
      o << "range " << s.value.min.ToString() << "-" << s.value.max.ToString();
      break;
    case ValueRule::Kind::kIndividual:
      o << "individual";
      break;
    case ValueRule::Kind::kPerResident:
      o << "per resident " << s.value.first_resident.ToString() << "+"
        << s.value.each_further.ToString();
      break;
    case ValueRule::Kind::kBalance:
      o << "balance";
      break;
  }
  if (s.price_cap) o << " price_cap " << s.price_cap->ToString();
  if (s.monthly_voucher_cap) o << " monthly_voucher_cap " << s.monthly_voucher_cap->ToString();
  if (s.monthly_quantity_cap) o << " monthly_quantity_cap " << s.monthly_quantity_cap->ToString();
  if (s.client_free) o << " client_free";
  if (s.weekdays_only) o << " weekdays_only";
  if (s.paid_absence_days) o << " paid_absence_days " << s.paid_absence_days;
  if (s.days_from_arrival) o << " days_from_arrival";
  if (!s.bands.empty()) o << " bands " << s.bands.size();
  return o.str();
}

struct Row {
  const char* code;
  const char* figures;              // as Describe writes them
  std::vector<const char*> quotes;  // the seed's words they come from
};

// seeds/001_0cf01e18c3e7f0f1.txt. Figures the seed does not give are the
// rulebook's marked assumptions: units of the veterans' services, the 0.00
// floor of the housing ranges, one voucher a day of relief.
const std::vector<Row> kEssote = {
    {"palveluasuminen",
     "social day range 0.00-75.00 monthly_voucher_cap 2280.00",
     {"setelin arvo on tulosidonnainen",
      "Tavallisen palveluasumisen setelin arvo on 2280 € / kk (75 € / vrk)"}},
    {"tehostettu-palveluasuminen",
     "social day range 0.00-110.00 monthly_voucher_cap 3344.00",
     {"Tehostetun palveluasumisen setelin arvo on enintään 3344 € / kk (110 € / vrk)"}},
    {"henkilokohtainen-apu",
     "social hour 25.00 client_free",
     {"25 € / t", "seteli asiakkaalle maksuton"}},
    {"omaishoidon-vapaa",
     "social day 105.00 price_cap 116.40 monthly_quantity_cap 3",
     {"105 € / palveluseteli x 3 / kk", "vuorokauden hintakatto on 116,4 €"}},
    {"veteraani-kodinhoito",
     "social hour balance client_free",
     {"500 € / seteli", "eikä asiakkaille saa muodostua laskuja", "kodinhoitajan apu"}},
    {"veteraani-ateriapalvelu", "social meal balance client_free", {"ateriapalvelu"}},
    {"veteraani-pyykkipalvelu", "social visit balance client_free", {"pyykkipalvelu"}},
    {"veteraani-siivous", "social hour balance client_free", {"siivousapu"}},
    {"veteraani-kuljetus",
     "social visit balance client_free",
     {"kuljetus-, saattaja- ja keskustelupalvelut"}},
    {"veteraani-saattaja",
     "social hour balance client_free",
     {"kuljetus-, saattaja- ja keskustelupalvelut"}},
    {"veteraani-keskusteluapu",
     "social hour balance client_free",
     {"kuljetus-, saattaja- ja keskustelupalvelut"}},
    {"veteraani-polttopuut", "social hour balance client_free", {"polttopuiden pilkontaa"}},
    {"veteraani-lumityot", "social hour balance client_free", {"lumen aurausta"}},
    {"veteraani-nurmikko", "social hour balance client_free", {"nurmikon leikkausta"}},
    {"kotihoito-tilapainen",
     "health+social hour 20.00",
     {"kotipalvelut, tukipalvelut ja kotisairaanhoito", "20 € / t"}},
    {"kotihoito-saannollinen",
     "health+social hour range 7.00-27.00",
     {"setelin arvo: 27 € / seteli ja vähintään 7 €. Se määräytyy asiakkaan tulojen mukaan."}},
    {"lapsiperheiden-kotipalvelu",
     "social hour 25.00 price_cap 32.00",
     {"Setelin arvo on 25 €/ t ja hintakatto 32 € / t"}},
    {"laakinnallinen-kuntoutus",
     "health visit individual",
     {"LÄÄKINNÄLLISEN KUNTOUTUKSEN PALVELUSETELI"}},
    {"ateriapalvelu",
     "social meal 3.00 monthly_voucher_cap 60.00",
     {"palvelusetelin arvo on 3 euroa aterialta, 60 euroa kuukaudessa"}},
    {"perhehoitajan-vapaa",
     "social day per resident 105.00+70.00 monthly_quantity_cap 3 days_from_arrival",
     {"Jos perhekodissa on yksi asukas, setelin arvo on 105 €, ja jokaisesta seuraavasta "
      "asukkaasta korotus on 70€",
      "kolme vuorokautta jos hän on toiminut vähintään 21 vrk",
      "Palvelusetelillä korvattava vuorokausi alkaa perhekotiin saapumisajasta jatkuen seuraavat "
      "24 tuntia"}},
    {"vammaisasuminen-ohjattu", "social day 36.00", {"ohjattu palveluasuminen: 36 e/vrk"}},
    {"vammaisasuminen-tehostettu-1",
     "social day 80.00",
     {"tehostettu (autettu) palveluasuminen 1: 80 e/vrk"}},
    {"vammaisasuminen-tehostettu-2",
     "social day 100.00",
     {"tehostettu (autettu) palveluasuminen 2: 100 e/vrk"}},
    {"vammaisasuminen-vaativa",
     "social day 115.00",
     {"vaativa tehostettu (autettu) palveluasuminen: 115 e/vrk"}},
    {"vammaisasuminen-erityisen-vaativa",
     "social day individual",
     {"erityisen vaativa tehostettu (autettu) palveluasuminen: yksilöllinen setelin arvo"}},
    {"vammaisasuminen-tilapainen",
     "social day individual",
     {"tilapäinen palveluasuminen: setelin arvo määritellään samoin periaattein kuin muussakin "
      "palveluasumisessa"}},
    {"vammaisten-paivatoiminta",
     "social day 35.00 weekdays_only",
     {"Tämän setelin arvo on 35 e/päivätoimintapäivä (arkipäivä)."}},
};

// seeds/002_ccf50e48a443a2ce.txt: every service a balance in euros.
const std::vector<Row> kEksote = {
    {"hb-kotihoito",
     "social+health hour balance",
     {"käytettävissä olevana saldona (euroina)",
      "Kotihoidon palvelua hankittaessa henkilökohtaisella budjetilla"}},
    {"hb-kotisairaanhoito",
     "health visit balance",
     {"sosiaali- ja terveyspalvelut sekä kuntoutuksen"}},
    {"hb-siivous", "social hour balance", {"siivous- ja kotityöpalvelu"}},
    {"hb-asiointi",
     "social hour balance",
     {"sosiaalipalveluna tuotettavan kotipalvelun tukipalvelu"}},
    {"hb-ateriapalvelu",
     "social meal balance",
     {"sosiaalipalveluna tuotettavan kotipalvelun tukipalvelu"}},
    {"hb-kuljetus",
     "social visit balance",
     {"sosiaalipalveluna tuotettavan kotipalvelun tukipalvelu"}},
    {"hb-paivatoiminta",
     "social day balance",
     {"laki kehitysvammaisten erityishuollosta (519/1977)"}},
    {"hb-kuntoutus", "health visit balance", {"sosiaali- ja terveyspalvelut sekä kuntoutuksen"}},
    {"hb-omaishoidon-vapaa", "social day balance", {"Laki omaishoidon tuesta (937/2005)"}},
    {"hb-henkilokohtainen-apu",
     "social hour balance client_free",
     {"Asiakasmaksulailla maksuttomiksi säädettyjen palvelujen kohdalla palvelusetelin tulee "
      "kattaa koko hinta."}},
};

// Lower-cased ASCII, white space runs (no-break spaces too) as one space:
// the seeds are PDF text with line breaks inside sentences, no-break spaces
// and runs of spaces in tables.
std::string Folded(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    bool nbsp = c == '\xC2' && i + 1 < s.size() && s[i + 1] == '\xA0';
    if (nbsp) ++i;
    if (nbsp || std::isspace(static_cast<unsigned char>(c))) {
      if (!out.empty() && out.back() != ' ') out += ' ';
    } else {
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
  }
  return out;
}

std::string Seed(const std::string& file) {
#ifdef SETELI_SEEDS_DIR
  std::ifstream in(std::string(SETELI_SEEDS_DIR) + "/" + file);
  std::stringstream ss;
  ss << in.rdbuf();
  return Folded(ss.str());
#else
  (void)file;
  return "";
#endif
}

void ExpectTable(const Rulebook& rb, const std::vector<Row>& table) {
  std::map<std::string, const Service*> by_code;
  for (const Service& s : rb.services) by_code[s.code] = &s;
  EXPECT_EQ(rb.services.size(), table.size())
      << "a service was added or removed: update the table from the seed";
  for (const Row& row : table) {
    auto it = by_code.find(row.code);
    if (it == by_code.end()) {
      ADD_FAILURE() << row.code << " is missing";
      continue;
    }
    EXPECT_EQ(Describe(*it->second), row.figures) << row.code;
  }
}

void ExpectQuoted(const std::string& seed, const std::vector<Row>& table,
                  const std::vector<std::string>& more) {
  if (seed.empty()) GTEST_SKIP() << "the seeds are not beside the checkout";
  for (const Row& row : table) {
    for (const char* q : row.quotes)
      EXPECT_NE(seed.find(Folded(q)), std::string::npos) << row.code << ": " << q;
  }
  for (const std::string& q : more) EXPECT_NE(seed.find(Folded(q)), std::string::npos) << q;
}

TEST(ShippedRulebooks, EssoteFiguresAreTheSeeds) {
  Rulebook rb = Load("config/rulebooks/essote-2020.yaml");
  EXPECT_EQ(rb.year, 2020);
  EXPECT_EQ(rb.recording_deadline_days, 5);
  ExpectTable(rb, kEssote);
  // seed 001 gives none of the organizer's identifiers: all flagged.
  EXPECT_EQ(rb.unverified, (std::vector<std::string>{"organizer.name", "organizer.business_id",
                                                     "organizer.address", "organizer.einvoice"}));
}

TEST(ShippedRulebooks, EksoteFiguresAreTheSeeds) {
  Rulebook rb = Load("config/rulebooks/eksote-hb.yaml");
  EXPECT_EQ(rb.organizer.name, "Etelä-Karjalan sosiaali- ja terveyspiiri");
  // OVT 0037 + 07259373 + suffix 108 -> 0725937-3.
  EXPECT_EQ(rb.organizer.business_id, "0725937-3");
  EXPECT_EQ(rb.organizer.einvoice_address, "003707259373108");
  EXPECT_EQ(rb.organizer.einvoice_address.substr(4, 8), "07259373");
  EXPECT_EQ(rb.organizer.einvoice_operator, "BAWCFI22");
  EXPECT_EQ(rb.organizer.address.street, "PL 255");
  EXPECT_EQ(rb.organizer.address.postcode, "00026");
  EXPECT_EQ(rb.organizer.address.city, "BASWARE");
  EXPECT_EQ(rb.recording_deadline_days, 5);
  EXPECT_EQ(rb.non_payable_rows, (std::vector<std::string>{"toimistolisä", "varauslisä",
                                                           "materiaalilisä", "laskutuslisä"}));
  EXPECT_EQ(rb.unverified, std::vector<std::string>{"year"});  // seed 002 is undated
  ExpectTable(rb, kEksote);
}

TEST(ShippedRulebooks, EssoteQuotesAreInSeed001) {
  ExpectQuoted(Seed("001_0cf01e18c3e7f0f1.txt"), kEssote,
               {"Palvelusetelisääntökirjan yleinen osa 2020"});
}

TEST(ShippedRulebooks, EksoteQuotesAreInSeed002) {
  Rulebook rb = Load("config/rulebooks/eksote-hb.yaml");
  std::vector<std::string> more = {
      "Verkkolaskuosoite 003707259373108", "Operaattorin välittäjä tunnus: BAWCFI22",
      "Etelä-Karjalan sosiaali- ja terveyspiiri PL 255 00026 BASWARE",
      "Palvelutapahtuma täytyy kirjata viiden päivän kuluessa",
      "Eksote ei maksa erillistä toimisto-, varaus-, materiaali- tai laskutuslisää."};
  // The accepted wordings are the seed's own list.
  for (const std::string& w : rb.health_exemption_bases) more.push_back(w);
  for (const std::string& w : rb.social_exemption_bases) more.push_back(w);
  ExpectQuoted(Seed("002_ccf50e48a443a2ce.txt"), kEksote, more);
}

}  // namespace
}  // namespace seteli::formats
