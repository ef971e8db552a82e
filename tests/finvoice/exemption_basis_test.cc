// The exempting provisions a basis text names (exemption_basis.h): the
// section of the VAT Act in its usual spellings, and the VATEX codes.
#include "finvoice/exemption_basis.h"

#include <gtest/gtest.h>

namespace seteli::finvoice {
namespace {

// The classes `text` cites, in order, as "health"/"social" names.
std::vector<std::string> Classes(std::string_view text) {
  std::vector<std::string> out;
  for (const ExemptionCitation& c : CitedExemptions(text))
    out.push_back(ServiceClassName(c.service_class));
  return out;
}

using Names = std::vector<std::string>;

TEST(CitedExemptions, TheSectionsInTheirUsualSpellings) {
  EXPECT_EQ(Classes("veroton AVL 34 §:n terveyden- ja sairaanhoitopalvelun myynti"),
            Names{"health"});
  EXPECT_EQ(Classes("ALV 34 §"), Names{"health"});
  EXPECT_EQ(Classes("AVL 34§"), Names{"health"});
  EXPECT_EQ(Classes("arvonlisäverolain 34 §"), Names{"health"});
  EXPECT_EQ(Classes("Arvonlisäverolain 37 §:n mukainen sosiaalipalvelujen myynti"),
            Names{"social"});
  EXPECT_EQ(Classes("ARVONLISÄVEROLAKI 37 §"), Names{"social"});
  EXPECT_EQ(Classes("Veroton, AVL:n 37 § 1 mom."), Names{"social"});
  EXPECT_EQ(Classes("AVL § 37"), Names{"social"});
  EXPECT_EQ(Classes("momsfri enligt mervärdesskattelagen 37 §"), Names{"social"});
  EXPECT_EQ(Classes("AVL 34 § ja 37 §"), (Names{"health", "social"}));
}

TEST(CitedExemptions, TheVatexCodes) {
  EXPECT_EQ(Classes("VATEX-EU-132-1B"), Names{"health"});
  EXPECT_EQ(Classes("exempt, vatex-eu-132-1c"), Names{"health"});
  EXPECT_EQ(Classes("Verovapaa VATEX-EU-132-1G"), Names{"social"});
  EXPECT_EQ(CitedExemptions("VATEX-EU-132-1G").at(0).cited, "VATEX-EU-132-1G");
  EXPECT_EQ(CitedExemptions("alv 37 §").at(0).cited, "37 §");
  EXPECT_TRUE(Classes("VATEX-EU-132-1GX").empty());
}

TEST(CitedExemptions, NotOtherSectionsNorOtherActs) {
  EXPECT_TRUE(Classes("veroton AVL 130a §:n sosiaalipalvelun myynti").empty());
  EXPECT_TRUE(Classes("AVL 130 §").empty());
  EXPECT_TRUE(Classes("AVL 134 §").empty());
  EXPECT_TRUE(Classes("AVL 340 §").empty());
  EXPECT_TRUE(Classes("AVL 34 a §").empty());
  EXPECT_TRUE(Classes("AVL § 340").empty());
  EXPECT_TRUE(Classes("veroton AVL 40 §:n mukaan").empty());
  EXPECT_TRUE(Classes("sosiaalihuoltolain 37 §").empty());  // not the VAT Act
  EXPECT_TRUE(Classes("veroton 37 §").empty());             // no Act named
  EXPECT_TRUE(Classes("AVL 37").empty());                   // no section sign
}

TEST(CitesSomeSection, AnySectionSign) {
  EXPECT_TRUE(CitesSomeSection("veroton AVL 40 §:n mukaan"));
  EXPECT_FALSE(CitesSomeSection("veroton sosiaalipalvelu"));
}

}  // namespace
}  // namespace seteli::finvoice
