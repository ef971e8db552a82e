// The organizer layer, one test per code, on the valid voucher invoice
// against a rulebook, providers and settlements built here.
#include "finvoice/organizer_check.h"

#include <gtest/gtest.h>

#include "finvoice/settlement_index.h"
#include "test_support.h"

namespace seteli::finvoice {
namespace {

using testing::Replace;
using testing::ValidInvoice;

class OrganizerCheckTest : public ::testing::Test {
 protected:
  OrganizerCheckTest() {
    rulebook_.organizer.name = "Etelä-Savon sosiaali- ja terveyspalvelujen kuntayhtymä";
    rulebook_.organizer.business_id = "2816165-8";
    rulebook_.health_exemption_bases = {"veroton AVL 34 §:n terveyden- ja sairaanhoitopalvelun myynti"};
    rulebook_.social_exemption_bases = {"veroton AVL 37 §:n sosiaalipalvelun myynti",
                                        "veroton AVL 130a §:n sosiaalipalvelun myynti"};
    rulebook_.non_payable_rows = {"toimistolisä", "varauslisä", "materiaalilisä", "laskutuslisä"};
    Service apu;
    apu.code = "henkilokohtainen-apu";
    apu.service_class = ServiceClass::kSocial;
    rulebook_.services.push_back(apu);
    Provider kuusi;
    kuusi.business_id = "2345678-0";
    kuusi.name = "Hoivapalvelu Kuusi Oy";
    kuusi.iban = "FI21 1234 5600 0007 85";  // as the voucher invoice names it, spaced
    providers_.Add(kuusi);
    Provider manty;
    manty.business_id = "3456780-6";
    manty.name = "Avustajat Mänty Ky";
    manty.iban = "FI4950009420028730";
    providers_.Add(manty);
    settlements_.Add({"2345678-0", "20240 50018", Money::FromCents(8750), {"henkilokohtainen-apu"}});
    settlements_.Add({"3456780-6", "20240 50021", Money::FromCents(5250), {"henkilokohtainen-apu"}});
    context_ = {&rulebook_, &providers_, &settlements_};
    options_.organizer = &context_;
  }

  std::vector<InvoiceReport> Run(const std::vector<std::string>& files) {
    InvoiceValidator v(options_);
    std::vector<InvoiceReport> out;
    for (const std::string& f : files) {
      for (InvoiceReport& r : v.ValidateBytes(f, "t.xml")) out.push_back(std::move(r));
    }
    return out;
  }

  // The one report of `xml` must carry organizer `code` at `path`.
  void ExpectOrganizerError(const std::string& xml, const std::string& code, const std::string& path) {
    auto reports = Run({xml});
    ASSERT_EQ(reports.size(), 1u);
    const InvoiceError* e = testing::FindError(reports[0], code);
    ASSERT_NE(e, nullptr) << code << " not in " << testing::Describe(reports[0]);
    EXPECT_EQ(e->layer, Layer::kOrganizer);
    EXPECT_EQ(e->path, path);
    EXPECT_FALSE(e->message_fi.empty());
    EXPECT_FALSE(e->message_en.empty());
  }

  Rulebook rulebook_;
  ProviderRegistry providers_;
  SettlementIndex settlements_;
  OrganizerContext context_;
  ValidateOptions options_;
};

const std::string kRef = "/Finvoice/EpiDetails/EpiPaymentInstructionDetails/EpiRemittanceInfoIdentifier";

TEST_F(OrganizerCheckTest, ValidInvoicePasses) {
  auto reports = Run({ValidInvoice()});
  ASSERT_EQ(reports.size(), 1u);
  EXPECT_TRUE(reports[0].valid()) << testing::Describe(reports[0]);
}

TEST_F(OrganizerCheckTest, BuyerMismatchById) {
  ExpectOrganizerError(Replace(ValidInvoice(), ">2816165-8<", ">0112038-9<"), "buyer_mismatch",
                       "/Finvoice/BuyerPartyDetails/BuyerPartyIdentifier");
}

TEST_F(OrganizerCheckTest, BuyerMismatchByName) {
  std::string s = testing::DropLine(ValidInvoice(), "<BuyerPartyIdentifier>");
  EXPECT_TRUE(Run({s}).at(0).valid());
  s = Replace(s, "<BuyerOrganisationName>Etelä-Savon", "<BuyerOrganisationName>Pohjois-Savon");
  ExpectOrganizerError(s, "buyer_mismatch", "/Finvoice/BuyerPartyDetails/BuyerOrganisationName");
}

TEST_F(OrganizerCheckTest, UnknownSeller) {
  std::string s = Replace(ValidInvoice(), ">2345678-0<", ">4567891-5<");
  s = Replace(s, ">FI23456780<", ">FI45678915<");
  ExpectOrganizerError(s, "unknown_seller", "/Finvoice/SellerPartyDetails/SellerPartyIdentifier");
}

const std::string kPayee =
    "/Finvoice/EpiDetails/EpiPartyDetails/EpiBeneficiaryPartyDetails/EpiAccountID";

TEST_F(OrganizerCheckTest, PayeeAccountNotTheRegisteredOne) {
  // Someone else's account under the provider's name: paid there otherwise.
  ExpectOrganizerError(Replace(ValidInvoice(), ">FI2112345600000785<", ">FI4950009420028730<"),
                       "account_mismatch", kPayee);
  ExpectOrganizerError(testing::DropLine(ValidInvoice(), "<EpiAccountID"), "account_mismatch",
                       kPayee);
  // Case aside, the same account passes.
  EXPECT_TRUE(
      Run({Replace(ValidInvoice(), ">FI2112345600000785<", ">fi2112345600000785<")}).at(0).valid());
}

TEST_F(OrganizerCheckTest, EverySellerAccountMustBeTheRegisteredOne) {
  auto with_accounts = [](const std::string& second) {
    return Replace(
        ValidInvoice(), "  <SellerOrganisationUnitNumber>",
        "  <SellerInformationDetails>\n"
        "    <SellerAccountDetails><SellerAccountID "
        "IdentificationSchemeName=\"IBAN\">FI2112345600000785"
        "</SellerAccountID><SellerBic IdentificationSchemeName=\"BIC\">NDEAFIHH</SellerBic>"
        "</SellerAccountDetails>\n"
        "    <SellerAccountDetails><SellerAccountID IdentificationSchemeName=\"IBAN\">" +
            second +
            "</SellerAccountID><SellerBic IdentificationSchemeName=\"BIC\">NDEAFIHH</SellerBic>"
            "</SellerAccountDetails>\n"
            "  </SellerInformationDetails>\n  <SellerOrganisationUnitNumber>");
  };
  auto same = Run({with_accounts("FI2112345600000785")});
  EXPECT_EQ(testing::FindError(same.at(0), "account_mismatch"), nullptr)
      << testing::Describe(same.at(0));
  ExpectOrganizerError(
      with_accounts("FI4950009420028730"), "account_mismatch",
      "/Finvoice/SellerInformationDetails/SellerAccountDetails[2]/SellerAccountID");
}

TEST_F(OrganizerCheckTest, NoRegisteredAccountNoPayment) {
  Provider kuusi = *providers_.Find("2345678-0");
  kuusi.iban.clear();
  providers_.Add(kuusi);
  ExpectOrganizerError(ValidInvoice(), "account_mismatch", kPayee);
}

TEST_F(OrganizerCheckTest, MissingReference) {
  ExpectOrganizerError(testing::DropLine(ValidInvoice(), "<EpiRemittanceInfoIdentifier"),
                       "missing_reference", kRef);
}

TEST_F(OrganizerCheckTest, UnknownReference) {
  // 2024050034 has a valid check digit but no settlement.
  ExpectOrganizerError(Replace(ValidInvoice(), ">2024050018</EpiRemittance", ">2024050034</EpiRemittance"),
                       "unknown_reference", kRef);
}

TEST_F(OrganizerCheckTest, ReferenceOfAnotherProvider) {
  ExpectOrganizerError(Replace(ValidInvoice(), ">2024050018</EpiRemittance", ">2024050021</EpiRemittance"),
                       "unknown_reference", kRef);
}

TEST_F(OrganizerCheckTest, TotalMismatch) {
  ExpectOrganizerError(Replace(ValidInvoice(), "<EpiInstructedAmount AmountCurrencyIdentifier=\"EUR\">87,50",
                               "<EpiInstructedAmount AmountCurrencyIdentifier=\"EUR\">87,51"),
                       "total_mismatch",
                       "/Finvoice/EpiDetails/EpiPaymentInstructionDetails/EpiInstructedAmount");
  ExpectOrganizerError(
      Replace(ValidInvoice(), "<InvoiceTotalVatIncludedAmount AmountCurrencyIdentifier=\"EUR\">87,50",
              "<InvoiceTotalVatIncludedAmount AmountCurrencyIdentifier=\"EUR\">90,00"),
      "total_mismatch", "/Finvoice/InvoiceDetails/InvoiceTotalVatIncludedAmount");
}

TEST_F(OrganizerCheckTest, WithoutSettlementsNoReferenceOrTotalCheck) {
  context_.settlements = nullptr;
  std::string s = Replace(ValidInvoice(), ">2024050018</EpiRemittance", ">2024050034</EpiRemittance");
  EXPECT_TRUE(Run({s}).at(0).valid());
}

TEST_F(OrganizerCheckTest, ExemptionBasisMismatch) {
  std::string s = Replace(ValidInvoice(), "<RowFreeText>veroton AVL 37 §:n sosiaalipalvelun myynti",
                          "<RowFreeText>veroton AVL 34 §:n terveyden- ja sairaanhoitopalvelun myynti");
  ExpectOrganizerError(s, "exemption_basis_mismatch", "/Finvoice/InvoiceRow[1]/RowFreeText");
  ExpectOrganizerError(Replace(ValidInvoice(), "VATEX-EU-132-1G", "VATEX-EU-132-1B"),
                       "exemption_basis_mismatch",
                       "/Finvoice/InvoiceDetails/VatSpecificationDetails[1]/VatExemptionReasonCode");
}

// Both texts of the valid invoice (invoice level and row) set to `basis`.
std::string WithBasis(const std::string& basis) {
  std::string s = Replace(ValidInvoice(), "<VatFreeText>veroton AVL 37 §:n sosiaalipalvelun myynti",
                          "<VatFreeText>" + basis);
  return Replace(s, "<RowFreeText>veroton AVL 37 §:n sosiaalipalvelun myynti",
                 "<RowFreeText>" + basis);
}

TEST_F(OrganizerCheckTest, BasisNamingTheSectionOfTheClassIsAccepted) {
  for (const char* basis :
       {"Arvonlisäverolain 37 §:n mukainen sosiaalipalvelujen myynti", "ALV 37§", "AVL 37 §",
        "arvonlisäverolain 37 §", "Veroton myynti, AVL § 37"}) {
    auto reports = Run({WithBasis(basis)});
    EXPECT_TRUE(reports.at(0).valid()) << basis << ": " << testing::Describe(reports[0]);
  }
}

TEST_F(OrganizerCheckTest, BasisCitingTheOtherSectionNamesWhatWasFoundAndWhatFits) {
  std::string s = WithBasis("Arvonlisäverolain 34 §:n mukainen terveydenhuollon palvelu");
  ExpectOrganizerError(s, "exemption_basis_mismatch",
                       "/Finvoice/InvoiceDetails/VatSpecificationDetails[1]/VatFreeText");
  auto reports = Run({s});  // kept: the error points into it
  const InvoiceError* e = testing::FindError(reports.at(0), "exemption_basis_mismatch");
  ASSERT_NE(e, nullptr);
  EXPECT_NE(e->message_fi.find("löytyi 34 § (health)"), std::string::npos) << e->message_fi;
  EXPECT_NE(e->message_fi.find("AVL 37 § / VATEX-EU-132-1G"), std::string::npos) << e->message_fi;
  EXPECT_NE(e->message_en.find("found 34 § (health)"), std::string::npos) << e->message_en;
  EXPECT_NE(e->message_en.find("(social) accept AVL 37 § / VATEX-EU-132-1G"), std::string::npos)
      << e->message_en;
  EXPECT_NE(e->message_en.find("veroton AVL 37 §:n sosiaalipalvelun myynti"), std::string::npos);
}

TEST_F(OrganizerCheckTest, ServiceOfBothClassesAcceptsEitherSection) {
  rulebook_.services[0].both_classes = true;
  EXPECT_TRUE(Run({WithBasis("AVL 34 §:n mukainen kotisairaanhoito")}).at(0).valid());
  EXPECT_TRUE(Run({WithBasis("AVL 37 §:n mukainen kotipalvelu")}).at(0).valid());
  EXPECT_TRUE(Run({Replace(ValidInvoice(), "VATEX-EU-132-1G", "VATEX-EU-132-1B")}).at(0).valid());
}

TEST_F(OrganizerCheckTest, BasisWithoutSectionStandsOnTheFittingReasonCode) {
  std::string s = Replace(ValidInvoice(), "<VatFreeText>veroton AVL 37 §:n sosiaalipalvelun myynti",
                          "<VatFreeText>Veroton sosiaalipalvelu");
  EXPECT_TRUE(Run({s}).at(0).valid()) << testing::Describe(Run({s}).at(0));
  std::string no_code = testing::DropLine(s, "<VatExemptionReasonCode>");
  ExpectOrganizerError(no_code, "exemption_basis_mismatch",
                       "/Finvoice/InvoiceDetails/VatSpecificationDetails[1]/VatFreeText");
  auto reports = Run({no_code});  // kept: the error points into it
  const InvoiceError* e = testing::FindError(reports.at(0), "exemption_basis_mismatch");
  ASSERT_NE(e, nullptr);
  EXPECT_NE(
      e->message_fi.find(
          "'Veroton sosiaalipalvelu': ei arvonlisäverolain 34 §:ää tai 37 §:ää eikä VATEX-koodia"),
      std::string::npos)
      << e->message_fi;
  EXPECT_NE(e->message_en.find("neither section 34 nor 37 of the VAT Act nor a VATEX code"),
            std::string::npos);
  // A wrong section is not saved by the code.
  ExpectOrganizerError(
      Replace(ValidInvoice(), "<VatFreeText>veroton AVL 37 §:n sosiaalipalvelun myynti",
              "<VatFreeText>veroton AVL 40 §:n mukaan"),
      "exemption_basis_mismatch",
      "/Finvoice/InvoiceDetails/VatSpecificationDetails[1]/VatFreeText");
}

TEST_F(OrganizerCheckTest, AcceptedRefundWordingStillWarns) {
  std::string s = Replace(ValidInvoice(), "<RowFreeText>veroton AVL 37 §:n sosiaalipalvelun myynti",
                          "<RowFreeText>veroton AVL 130a §:n sosiaalipalvelun myynti");
  auto reports = Run({s});
  EXPECT_TRUE(reports.at(0).valid()) << testing::Describe(reports[0]);
  EXPECT_EQ(reports.at(0).warnings.size(), 1u);
}

TEST_F(OrganizerCheckTest, NonPayableRow) {
  std::string s = Replace(ValidInvoice(), "  <EpiDetails>",
                          "  <InvoiceRow>\n    <ArticleName>Laskutuslisä</ArticleName>\n"
                          "    <RowFreeText>veroton AVL 37 §:n sosiaalipalvelun myynti</RowFreeText>\n"
                          "    <RowAmount AmountCurrencyIdentifier=\"EUR\">0,00</RowAmount>\n"
                          "  </InvoiceRow>\n  <EpiDetails>");
  ExpectOrganizerError(s, "non_payable_row", "/Finvoice/InvoiceRow[2]/ArticleName");
}

TEST_F(OrganizerCheckTest, DuplicateInvoiceNumber) {
  auto reports = Run({ValidInvoice(), ValidInvoice()});
  ASSERT_EQ(reports.size(), 2u);
  EXPECT_TRUE(reports[0].valid());
  const InvoiceError* e = testing::FindError(reports[1], "duplicate_invoice_number");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->path, "/Finvoice/InvoiceDetails/InvoiceNumber");
}

TEST(SettlementIndex, ParsesTheContractShape) {
  auto s = ParseSettlementIndex(testing::TestData("settlement.json"), "settlement.json");
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_EQ(s.value().month, "2024-05");
  const SettlementSummary* hit = s.value().FindByReference("2024050018");
  ASSERT_NE(hit, nullptr);
  EXPECT_EQ(hit->provider, "2345678-0");
  EXPECT_EQ(hit->voucher_total, Money::FromCents(8750));
  EXPECT_EQ(hit->services, std::vector<std::string>{"henkilokohtainen-apu"});
  EXPECT_EQ(s.value().FindByReference("99"), nullptr);
}

TEST(SettlementIndex, RejectsBadInput) {
  EXPECT_EQ(ParseSettlementIndex("{", "s.json").error().code, "invalid_settlements");
  EXPECT_FALSE(ParseSettlementIndex("{\"settlements\": [{\"provider\": \"x\"}]}", "s.json").ok());
  EXPECT_FALSE(ParseSettlementIndex(
                   "{\"settlements\": [{\"provider\": \"x\", \"reference\": \"1\", \"voucher_total\": 5}]}",
                   "s.json")
                   .ok());
  EXPECT_EQ(LoadSettlementIndex("/nonexistent.json").error().code, "invalid_settlements");
}

}  // namespace
}  // namespace seteli::finvoice
