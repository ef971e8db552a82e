// The VAT layer, one test per code: each starts from the valid voucher
// invoice and breaks exactly one marking.
#include "finvoice/vat_check.h"

#include <gtest/gtest.h>

#include "finvoice/exemption_basis.h"
#include "seteli/reference.h"
#include "test_support.h"

namespace seteli::finvoice {
namespace {

using testing::DropLine;
using testing::FindError;
using testing::Replace;
using testing::ValidInvoice;

// The one report of `xml`, which must carry a vat-layer `code` at `path`.
void ExpectVatError(const std::string& xml, const std::string& code, const std::string& path) {
  auto reports = testing::Validate(xml);
  ASSERT_EQ(reports.size(), 1u);
  const InvoiceError* e = FindError(reports[0], code);
  ASSERT_NE(e, nullptr) << code << " not in " << testing::Describe(reports[0]);
  EXPECT_EQ(e->layer, Layer::kVat);
  EXPECT_EQ(e->path, path);
  EXPECT_FALSE(e->message_fi.empty());
  EXPECT_FALSE(e->message_en.empty());
  EXPECT_GT(e->line, 0);
  EXPECT_FALSE(reports[0].valid());
}

const std::string kDetails = "/Finvoice/InvoiceDetails/";
const std::string kSeller = "/Finvoice/SellerPartyDetails/";
const std::string kBuyer = "/Finvoice/BuyerPartyDetails/";

TEST(VatCheck, ValidInvoiceHasNoFindings) {
  auto reports = testing::Validate(ValidInvoice());
  ASSERT_EQ(reports.size(), 1u);
  EXPECT_TRUE(reports[0].errors.empty()) << testing::Describe(reports[0]);
  EXPECT_TRUE(reports[0].warnings.empty());
  EXPECT_EQ(reports[0].invoice_number, "2024-0501");
  EXPECT_EQ(reports[0].seller, "2345678-0");
}

TEST(VatCheck, MissingInvoiceDate) {
  ExpectVatError(Replace(ValidInvoice(), "<InvoiceDate Format=\"CCYYMMDD\">20240603</InvoiceDate>",
                         "<InvoiceDate Format=\"CCYYMMDD\"></InvoiceDate>"),
                 "missing_invoice_date", kDetails + "InvoiceDate");
}

TEST(VatCheck, InvoiceDateThatIsNoDate) {
  ExpectVatError(Replace(ValidInvoice(), ">20240603</InvoiceDate>", ">20240231</InvoiceDate>"),
                 "missing_invoice_date", kDetails + "InvoiceDate");
}

TEST(VatCheck, MissingInvoiceNumber) {
  ExpectVatError(Replace(ValidInvoice(), "<InvoiceNumber>2024-0501</InvoiceNumber>", "<InvoiceNumber/>"),
                 "missing_invoice_number", kDetails + "InvoiceNumber");
}

TEST(VatCheck, MissingSellerId) {
  std::string s = DropLine(ValidInvoice(), "<SellerPartyIdentifier>");
  s = DropLine(s, "<SellerOrganisationTaxCode>");
  ExpectVatError(s, "missing_seller_id", kSeller + "SellerPartyIdentifier");
}

TEST(VatCheck, InvalidBusinessIdCheckDigit) {
  ExpectVatError(Replace(ValidInvoice(), ">2345678-0<", ">2345678-1<"), "invalid_business_id",
                 kSeller + "SellerPartyIdentifier");
  ExpectVatError(Replace(ValidInvoice(), ">FI23456780<", ">FI23456781<"), "invalid_business_id",
                 kSeller + "SellerOrganisationTaxCode");
}

TEST(VatCheck, BusinessIdForms) {
  EXPECT_EQ(ReadBusinessId("2345678-0")->str(), "2345678-0");
  EXPECT_EQ(ReadBusinessId("FI23456780")->str(), "2345678-0");
  EXPECT_EQ(ReadBusinessId(" fi 2345 6780 ")->str(), "2345678-0");
  EXPECT_EQ(ReadBusinessId("23456780")->str(), "2345678-0");
  EXPECT_FALSE(ReadBusinessId("1234567-8"));  // check digit is 1
  EXPECT_FALSE(ReadBusinessId("SE556123456701"));
  EXPECT_FALSE(ReadBusinessId(""));
}

TEST(VatCheck, MissingSellerNameAddress) {
  ExpectVatError(DropLine(ValidInvoice(), "<SellerTownName>"), "missing_seller_name_address",
                 kSeller + "SellerPostalAddressDetails/SellerTownName");
  ExpectVatError(DropLine(ValidInvoice(), "<SellerOrganisationName>"), "missing_seller_name_address",
                 kSeller + "SellerOrganisationName");
}

TEST(VatCheck, MissingBuyerNameAddress) {
  ExpectVatError(DropLine(ValidInvoice(), "<BuyerStreetName>"), "missing_buyer_name_address",
                 kBuyer + "BuyerPostalAddressDetails/BuyerStreetName");
}

TEST(VatCheck, PostOfficeBoxStandsForAStreet) {
  std::string s = Replace(ValidInvoice(), "<BuyerStreetName>Porrassalmenkatu 35-37</BuyerStreetName>",
                          "<BuyerStreetName>PL 255</BuyerStreetName>");
  EXPECT_TRUE(testing::Validate(s).at(0).valid());
}

TEST(VatCheck, MissingExemptionBasis) {
  std::string s = DropLine(ValidInvoice(), "<RowFreeText>");
  s = DropLine(s, "<VatFreeText>");
  s = DropLine(s, "<VatExemptionReasonCode>");
  auto reports = testing::Validate(s);
  ASSERT_EQ(reports.size(), 1u);
  std::vector<std::string> paths;
  for (const auto& e : reports[0].errors) {
    if (e.code == "missing_exemption_basis") paths.push_back(e.path);
  }
  EXPECT_TRUE(testing::Contains(paths, "/Finvoice/InvoiceRow[1]/RowFreeText"));
  EXPECT_TRUE(testing::Contains(paths, kDetails + "VatSpecificationDetails[1]/VatFreeText"));
}

TEST(VatCheck, InvoiceLevelBasisCoversTheRows) {
  EXPECT_TRUE(testing::Validate(DropLine(ValidInvoice(), "<RowFreeText>")).at(0).valid());
}

TEST(VatCheck, ReasonCodeAloneIsABasis) {
  std::string s = DropLine(ValidInvoice(), "<RowFreeText>");
  s = DropLine(s, "<VatFreeText>");
  EXPECT_TRUE(testing::Validate(s).at(0).valid());
}

TEST(VatCheck, ReasonCodeOfAnotherGroundIsNoBasis) {
  std::string s = DropLine(ValidInvoice(), "<RowFreeText>");
  s = DropLine(s, "<VatFreeText>");
  s = Replace(s, "VATEX-EU-132-1G", "VATEX-EU-O");
  ExpectVatError(s, "missing_exemption_basis", kDetails + "VatSpecificationDetails[1]/VatExemptionReasonCode");
}

TEST(VatCheck, VatOnExemptService) {
  ExpectVatError(Replace(ValidInvoice(), "<RowVatRatePercent>0</RowVatRatePercent>",
                         "<RowVatRatePercent>24</RowVatRatePercent>"),
                 "vat_on_exempt_service", "/Finvoice/InvoiceRow[1]/RowVatRatePercent");
  ExpectVatError(Replace(ValidInvoice(), "<VatRateAmount AmountCurrencyIdentifier=\"EUR\">0,00",
                         "<VatRateAmount AmountCurrencyIdentifier=\"EUR\">21,00"),
                 "vat_on_exempt_service", kDetails + "VatSpecificationDetails[1]/VatRateAmount");
  ExpectVatError(Replace(ValidInvoice(), "<InvoiceTotalVatAmount AmountCurrencyIdentifier=\"EUR\">0,00",
                         "<InvoiceTotalVatAmount AmountCurrencyIdentifier=\"EUR\">21,00"),
                 "vat_on_exempt_service", kDetails + "InvoiceTotalVatAmount");
}

TEST(VatCheck, CreditNoteWithoutOriginal) {
  std::string s = Replace(ValidInvoice(), "<InvoiceTypeCode>INV01</InvoiceTypeCode>",
                          "<InvoiceTypeCode>INV02</InvoiceTypeCode>");
  s = Replace(s, "<InvoiceTypeCodeUN>380</InvoiceTypeCodeUN>", "<InvoiceTypeCodeUN>381</InvoiceTypeCodeUN>");
  ExpectVatError(s, "credit_note_without_original", kDetails + "OriginalInvoiceNumber");
  std::string with_original =
      Replace(s, "<InvoiceDate Format=\"CCYYMMDD\">20240603</InvoiceDate>",
              "<InvoiceDate Format=\"CCYYMMDD\">20240603</InvoiceDate>\n"
              "    <OriginalInvoiceNumber>2024-0400</OriginalInvoiceNumber>");
  EXPECT_TRUE(testing::Validate(with_original).at(0).valid())
      << testing::Describe(testing::Validate(with_original).at(0));
}

TEST(VatCheck, NegativeTotalIsACreditNote) {
  std::string s = Replace(ValidInvoice(), "<EpiInstructedAmount AmountCurrencyIdentifier=\"EUR\">87,50",
                          "<EpiInstructedAmount AmountCurrencyIdentifier=\"EUR\">-87,50");
  ExpectVatError(s, "credit_note_without_original", kDetails + "OriginalInvoiceNumber");
}

TEST(VatCheck, InvalidFinnishReference) {
  std::string s = Replace(ValidInvoice(), "IdentificationSchemeName=\"SPY\">2024050018<",
                          "IdentificationSchemeName=\"SPY\">2024050019<");
  ExpectVatError(s, "invalid_reference", "/Finvoice/EpiDetails/EpiPaymentInstructionDetails/EpiRemittanceInfoIdentifier");
}

TEST(VatCheck, RfReferences) {
  std::string good = CompactReference(MakeRfReference("2024050018"));
  std::string s = Replace(ValidInvoice(), "IdentificationSchemeName=\"SPY\">2024050018<",
                          "IdentificationSchemeName=\"ISO\">" + good + "<");
  EXPECT_TRUE(testing::Validate(s).at(0).valid()) << good;
  std::string bad = good;
  bad[2] = bad[2] == '9' ? '8' : static_cast<char>(bad[2] + 1);
  ExpectVatError(Replace(s, good, bad), "invalid_reference",
                 "/Finvoice/EpiDetails/EpiPaymentInstructionDetails/EpiRemittanceInfoIdentifier");
}

TEST(VatCheck, RefundSectionWordingIsAWarning) {
  std::string s = Replace(ValidInvoice(), "<RowFreeText>veroton AVL 37 §:n sosiaalipalvelun myynti",
                          "<RowFreeText>veroton AVL 130a §:n sosiaalipalvelun myynti");
  auto reports = testing::Validate(s);
  ASSERT_EQ(reports.size(), 1u);
  EXPECT_TRUE(reports[0].valid());
  ASSERT_EQ(reports[0].warnings.size(), 1u);
  EXPECT_EQ(reports[0].warnings[0].code, "exemption_basis_refund_section");
  EXPECT_EQ(reports[0].warnings[0].path, "/Finvoice/InvoiceRow[1]/RowFreeText");
}

TEST(VatCheck, TextRowsNeedNoBasis) {
  std::string s = Replace(ValidInvoice(), "  <InvoiceRow>\n",
                          "  <InvoiceRow>\n    <RowFreeText>Toukokuu 2024</RowFreeText>\n  </InvoiceRow>\n"
                          "  <InvoiceRow>\n");
  EXPECT_TRUE(testing::Validate(s).at(0).valid()) << testing::Describe(testing::Validate(s).at(0));
}

TEST(ExemptionBasis, Wordings) {
  EXPECT_TRUE(LooksLikeExemptionBasis("veroton AVL 37 §:n sosiaalipalvelun myynti"));
  EXPECT_TRUE(LooksLikeExemptionBasis("Arvonlisäverolain 34 § mukainen"));
  EXPECT_TRUE(LooksLikeExemptionBasis("VAT exempt, Directive art. 132"));
  EXPECT_FALSE(LooksLikeExemptionBasis("Henkilökohtainen apu 3,5 h"));
  EXPECT_TRUE(MentionsRefundSection("veroton AVL 130 a §:n myynti"));
  EXPECT_TRUE(MentionsRefundSection("AVL 130a §"));
  EXPECT_FALSE(MentionsRefundSection("veroton AVL 37 §:n myynti"));
  EXPECT_EQ(FoldForCompare("  VEROTON  AVL\t37 §:N ÄÖÅ "), "veroton avl 37 §:n äöå");
  EXPECT_EQ(ClassOfReasonCode("VATEX-EU-132-1B"), ServiceClass::kHealth);
  EXPECT_EQ(ClassOfReasonCode("vatex-eu-132-1g"), ServiceClass::kSocial);
  EXPECT_FALSE(ClassOfReasonCode("VATEX-EU-O"));
}

// The fold one byte at a time, as the rule reads: runs of spaces, tabs,
// line ends and no-break spaces are one space, none at either end; A-Z,
// Ä, Å and Ö become lower case; every other byte stays.
std::string FoldByteByByte(std::string_view t) {
  std::string out;
  bool space = false;
  for (size_t i = 0; i < t.size(); ++i) {
    char c = t[i];
    bool nbsp = c == '\xC2' && i + 1 < t.size() && t[i + 1] == '\xA0';
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || nbsp) {
      space = !out.empty();
      i += nbsp;
      continue;
    }
    if (space) out += ' ';
    space = false;
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    out += c;
    if (c == '\xC3' && i + 1 < t.size()) {
      char d = t[++i];
      out += (d == '\x84' || d == '\x85' || d == '\x96') ? static_cast<char>(d + 0x20) : d;
    }
  }
  return out;
}

// The fold goes by a table of what each byte becomes: every byte that needs
// a look (spaces, line ends, no-break spaces, Ä Å Ö, NUL...) at every place,
// and random mixes of them, fold as the rule reads.
TEST(ExemptionBasis, FoldsByItsTableAsTheRuleReads) {
  const std::string tricky[] = {"A",
                                "Z",
                                "@",
                                "[",
                                "`",
                                "{",
                                " ",
                                "\t",
                                "\n",
                                "\r",
                                std::string(1, '\0'),
                                "\x01",
                                "\x7f",
                                "\xC3\x84",
                                "\xC3\x96",
                                "\xC2\xA0",
                                "\xC2\xA7",
                                "!",
                                "~",
                                "\xff"};
  for (const std::string& odd : tricky) {
    for (size_t at = 0; at < 20; ++at) {
      std::string text = "sosiaalipalvelunmyyntiabc";
      text.insert(at, odd);
      EXPECT_EQ(FoldForCompare(text), FoldByteByByte(text))
          << at << " " << ::testing::PrintToString(text);
      text.insert(0, "  ");
      EXPECT_EQ(FoldForCompare(text), FoldByteByByte(text))
          << at << " " << ::testing::PrintToString(text);
    }
  }
  uint32_t seed = 7;
  for (int round = 0; round < 2000; ++round) {
    std::string text;
    for (int k = 0; k < 40; ++k) {
      seed = seed * 1103515245 + 12345;
      const uint32_t r = seed >> 16;
      text += r % 4 == 0 ? tricky[r % (sizeof(tricky) / sizeof(tricky[0]))]
                         : std::string(1, static_cast<char>('a' + r % 26));
    }
    ASSERT_EQ(FoldForCompare(text), FoldByteByByte(text)) << ::testing::PrintToString(text);
  }
}

// The fold kept from the last call is only given back for the same text:
// texts in a row, repeated, alternating, empty, and one a prefix of another.
TEST(ExemptionBasis, FoldedTextIsTheFoldOfEachTextAsked) {
  const std::string texts[] = {"Veroton AVL 37 §",  "Veroton AVL 37 §", "", "  ", "Veroton AVL 37",
                               "VEROTON  avl 37 §", "Veroton AVL 37 §", ""};
  for (int round = 0; round < 2; ++round) {
    for (const std::string& t : texts) EXPECT_EQ(FoldedText(t), FoldForCompare(t)) << t;
  }
  std::string changed = "Veroton AVL 34 §";
  EXPECT_EQ(FoldedText(changed), "veroton avl 34 §");
  changed[13] = '7';  // the same buffer, another text
  EXPECT_EQ(FoldedText(changed), "veroton avl 37 §");
}

}  // namespace
}  // namespace seteli::finvoice
