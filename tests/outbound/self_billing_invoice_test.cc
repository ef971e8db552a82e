// The self-billing invoice: schema-valid for every fixture provider, adds up
// to the voucher total, carries the self-billing and exemption markings, and
// passes the organizer's own `validate` layers.
#include "outbound/self_billing_invoice.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>

#include "finvoice/invoice_validator.h"
#include "finvoice/settlement_index.h"
#include "fixture_month.h"
#include "outbound/finvoice_values.h"
#include "schema_set.h"

namespace seteli::outbound {
namespace {

using testing::May2024;

const testing::SchemaSet& Finvoice() {
  static const testing::SchemaSet s = testing::SchemaSet::Load(testing::FinvoiceXsd());
  return s;
}

SelfBillingOptions OptionsFor(const Provider& p, const Rulebook& rb, const std::string& number = "IL-2024-0001") {
  SelfBillingOptions o;
  o.invoice_number = number;
  o.issue_date = Date::FromYmd(2024, 6, 3);
  o.provider_account = {p.iban, p.bic};  // as the run drafts it (cli_self_billing_drafter.cc)
  o.routing = SelfBillingRouting(p, rb);
  o.message_id = "seteli-" + p.business_id + "-" + number;
  o.timestamp = "2024-06-03T10:00:00+03:00";
  return o;
}

std::string Build(const Settlement& s, SelfBillingOptions o) {
  const auto& f = May2024();
  const Provider* p = f.providers.Find(s.provider);
  Result<std::string> xml = BuildSelfBillingInvoice(s, *p, f.rulebook, o);
  EXPECT_TRUE(xml.ok()) << (xml.ok() ? "" : ToLine(xml.error()));
  return xml.ok() ? xml.value() : "";
}

std::string Build(const Settlement& s) {
  const auto& f = May2024();
  return Build(s, OptionsFor(*f.providers.Find(s.provider), f.rulebook));
}

Money ParseFinvoiceAmount(std::string text) {
  for (char& c : text) {
    if (c == ',') c = '.';
  }
  return Money::Parse(text).value();
}

TEST(SelfBillingInvoice, EveryFixtureSettlementIsSchemaValidInBothEncodings) {
  ASSERT_TRUE(Finvoice().loaded());
  ASSERT_FALSE(May2024().month.settlements.empty());
  for (const Settlement& s : May2024().month.settlements) {
    for (Encoding e : {Encoding::kIso8859_15, Encoding::kUtf8}) {
      SelfBillingOptions o = OptionsFor(*May2024().providers.Find(s.provider), May2024().rulebook);
      o.encoding = e;
      std::vector<std::string> errors = Finvoice().Validate(Build(s, o));
      EXPECT_TRUE(errors.empty()) << s.provider << ": " << (errors.empty() ? "" : errors[0]);
    }
  }
}

TEST(SelfBillingInvoice, RowsAddUpExactlyToTheVoucherTotal) {
  for (const Settlement& s : May2024().month.settlements) {
    testing::DocPtr doc = testing::Parse(Build(s));
    ASSERT_TRUE(doc);
    Money rows;
    for (const std::string& a : testing::XPathTexts(doc.get(), "/Finvoice/InvoiceRow/RowAmount")) {
      rows += ParseFinvoiceAmount(a);
    }
    EXPECT_EQ(rows, s.voucher_total) << s.provider;
    auto total = testing::XPathTexts(doc.get(), "/Finvoice/InvoiceDetails/InvoiceTotalVatIncludedAmount");
    ASSERT_EQ(total.size(), 1u);
    EXPECT_EQ(ParseFinvoiceAmount(total[0]), s.voucher_total);
    auto instructed = testing::XPathTexts(doc.get(), "//EpiInstructedAmount");
    ASSERT_EQ(instructed.size(), 1u);
    EXPECT_EQ(ParseFinvoiceAmount(instructed[0]), s.voucher_total);
    EXPECT_EQ(testing::XPathTexts(doc.get(), "//InvoiceTotalVatAmount")[0], "0,00");
  }
}

TEST(SelfBillingInvoice, CarriesTheSelfBillingMarkings) {
  const Settlement& s = May2024().month.settlements.front();
  testing::DocPtr doc = testing::Parse(Build(s));
  EXPECT_EQ(testing::XPathTexts(doc.get(), "//InvoiceTypeCode")[0], "INV07");
  EXPECT_EQ(testing::XPathTexts(doc.get(), "//InvoiceTypeCodeUN")[0], "389");
  EXPECT_EQ(testing::XPathTexts(doc.get(), "//InvoiceFreeText")[0], "Itselaskutus");

  SelfBillingOptions o = OptionsFor(*May2024().providers.Find(s.provider), May2024().rulebook);
  o.type_code = SelfBillingTypeCode::kInv01;
  testing::DocPtr inv01 = testing::Parse(Build(s, o));
  EXPECT_EQ(testing::XPathTexts(inv01.get(), "//InvoiceTypeCode")[0], "INV01");
  EXPECT_EQ(testing::XPathTexts(inv01.get(), "//InvoiceTypeCodeUN")[0], "389");
}

TEST(SelfBillingInvoice, SellerIsTheProviderAndBuyerTheOrganizer) {
  const auto& f = May2024();
  const Settlement& s = f.month.settlements.front();
  testing::DocPtr doc = testing::Parse(Build(s));
  EXPECT_EQ(testing::XPathTexts(doc.get(), "//SellerPartyIdentifier")[0], s.provider);
  EXPECT_EQ(testing::XPathTexts(doc.get(), "//BuyerPartyIdentifier")[0], f.rulebook.organizer.business_id);
  EXPECT_EQ(testing::XPathTexts(doc.get(), "//MessageSenderDetails/FromIdentifier")[0],
            f.providers.Find(s.provider)->einvoice_address);
  EXPECT_EQ(testing::XPathTexts(doc.get(), "//MessageReceiverDetails/ToIdentifier")[0],
            f.rulebook.organizer.einvoice_address);
}

TEST(SelfBillingInvoice, EveryRowIsExemptWithTheRulebookWordingForItsClass) {
  const auto& f = May2024();
  for (const Settlement& s : f.month.settlements) {
    testing::DocPtr doc = testing::Parse(Build(s));
    auto codes = testing::XPathTexts(doc.get(), "/Finvoice/InvoiceRow/RowVatCode");
    auto texts = testing::XPathTexts(doc.get(), "/Finvoice/InvoiceRow/RowFreeText[1]");
    ASSERT_EQ(codes.size(), texts.size());
    for (size_t i = 0; i < codes.size(); ++i) {
      EXPECT_EQ(codes[i], "E");
      bool accepted = texts[i] == f.rulebook.health_exemption_bases.front() ||
                      texts[i] == f.rulebook.social_exemption_bases.front();
      EXPECT_TRUE(accepted) << texts[i];
    }
    for (const std::string& vatex : testing::XPathTexts(doc.get(), "//VatSpecificationDetails/VatExemptionReasonCode")) {
      EXPECT_TRUE(vatex == "VATEX-EU-132-1G" || vatex == "VATEX-EU-132-1C") << vatex;
    }
    for (const std::string& code : testing::XPathTexts(doc.get(), "//VatSpecificationDetails/VatCode")) {
      EXPECT_EQ(code, "E");
    }
  }
}

TEST(SelfBillingInvoice, ReferenceSchemeFollowsTheReferenceKind) {
  Settlement s = May2024().month.settlements.front();
  testing::DocPtr spy = testing::Parse(Build(s));
  EXPECT_EQ(testing::XPathTexts(spy.get(), "//EpiRemittanceInfoIdentifier/@IdentificationSchemeName")[0], "SPY");
  EXPECT_EQ(testing::XPathTexts(spy.get(), "//EpiRemittanceInfoIdentifier")[0], internal::CompactDigits(s.reference));

  s.reference = SettlementReference(s.provider, s.month, ReferenceKind::kRf);
  std::string xml = Build(s);
  testing::DocPtr iso = testing::Parse(xml);
  EXPECT_EQ(testing::XPathTexts(iso.get(), "//EpiRemittanceInfoIdentifier/@IdentificationSchemeName")[0], "ISO");
  EXPECT_EQ(testing::XPathTexts(iso.get(), "//EpiRemittanceInfoIdentifier")[0].substr(0, 2), "RF");
  EXPECT_TRUE(Finvoice().Validate(xml).empty());
}

TEST(SelfBillingInvoice, Iso885915EncodesFinnishLettersAsSingleBytes) {
  const auto& f = May2024();
  const Settlement& s = f.month.settlements.front();
  std::string xml = Build(s);
  EXPECT_EQ(xml.rfind("<?xml version=\"1.0\" encoding=\"ISO-8859-15\"?>", 0), 0u);
  // "Itselaskutus"'s companion text has 'ä' (laatinut tämän): 0xE4 in 8859-15.
  EXPECT_NE(xml.find("t\xE4m\xE4n"), std::string::npos);
  EXPECT_EQ(xml.find("t\xC3\xA4m\xC3\xA4n"), std::string::npos);
}

TEST(SelfBillingInvoice, HourlyRowQuantityComesFromExactMinutes) {
  Settlement s;
  s.provider = May2024().month.settlements.front().provider;
  s.month = YearMonth(2024, 5);
  s.reference = SettlementReference(s.provider, s.month, ReferenceKind::kFinnish);
  for (int minutes : {50, 45}) {  // 95 min = 1.583 h; the rounded lines would give 0.833 + 0.75
    SettlementLine l;
    l.provider = s.provider;
    l.service = "kotihoito-tilapainen";
    l.service_class = ServiceClass::kSocial;
    l.unit = Unit::kHour;
    l.date = Date::FromYmd(2024, 5, 6);
    l.minutes = minutes;
    l.quantity = Quantity::FromMilli(minutes * 1000 / 60);
    l.unit_price = Money::FromCents(3000);
    l.price = l.voucher = Money::MulDiv(l.unit_price, minutes, 60);
    s.lines.push_back(l);
    s.price_total += l.price;
    s.voucher_total += l.voucher;
  }
  testing::DocPtr doc = testing::Parse(Build(s));
  EXPECT_EQ(testing::XPathTexts(doc.get(), "//InvoicedQuantity")[0], "1,583");
  EXPECT_EQ(testing::XPathTexts(doc.get(), "//InvoicedQuantity/@QuantityUnitCodeUN")[0], "HUR");
  EXPECT_EQ(testing::XPathTexts(doc.get(), "//RowAmount")[0], "47,50");
}

TEST(SelfBillingInvoice, TheEnginesOwnValidatorAcceptsItOnEveryLayer) {
  const auto& f = May2024();
  Result<finvoice::SettlementIndex> index = finvoice::ParseSettlementIndex(f.settlement_json, "settlement.json");
  ASSERT_TRUE(index.ok()) << ToLine(index.error());
  finvoice::OrganizerContext org{&f.rulebook, &f.providers, &index.value()};
  finvoice::InvoiceValidator validator(finvoice::ValidateOptions{{}, &org});
  int n = 0;
  for (const Settlement& s : f.month.settlements) {
    std::string number = "IL-2024-" + std::to_string(++n);
    const Provider* p = f.providers.Find(s.provider);
    std::string xml = Build(s, OptionsFor(*p, f.rulebook, number));
    for (const finvoice::InvoiceReport& r : validator.ValidateBytes(xml, s.provider)) {
      EXPECT_TRUE(r.valid()) << s.provider << ": " << (r.errors.empty() ? "" : r.errors[0].code + " " +
                                                                                  r.errors[0].path + " " +
                                                                                  r.errors[0].message_en);
    }
  }
}

TEST(SelfBillingInvoice, RefusesInputsItCannotTurnIntoAValidInvoice) {
  const auto& f = May2024();
  const Settlement& s = f.month.settlements.front();
  const Provider* p = f.providers.Find(s.provider);
  SelfBillingOptions good = OptionsFor(*p, f.rulebook);

  SelfBillingOptions long_number = good;
  long_number.invoice_number = std::string(21, '1');
  EXPECT_EQ(BuildSelfBillingInvoice(s, *p, f.rulebook, long_number).error().code, "invalid_invoice_input");

  SelfBillingOptions no_account = good;
  no_account.provider_account = {};
  EXPECT_EQ(BuildSelfBillingInvoice(s, *p, f.rulebook, no_account).error().code, "invalid_invoice_input");

  SelfBillingOptions long_id = good;
  long_id.message_id = std::string(49, 'x');
  EXPECT_EQ(BuildSelfBillingInvoice(s, *p, f.rulebook, long_id).error().code, "invalid_invoice_input");

  const Settlement& other = f.month.settlements.back();
  ASSERT_NE(other.provider, s.provider);
  EXPECT_EQ(BuildSelfBillingInvoice(other, *p, f.rulebook, good).error().code, "invalid_invoice_input");

  Settlement off = s;
  off.voucher_total += Money::FromCents(1);
  EXPECT_EQ(BuildSelfBillingInvoice(off, *p, f.rulebook, good).error().code, "settlement_inconsistent");

  // A credit note must name the invoice it corrects.
  EXPECT_EQ(BuildSelfBillingInvoice(testing::CreditOf(s), *p, f.rulebook, good).error().code,
            "no_original_invoice");
}

// The options of June's credit note of every May settlement, whose May
// invoice was IL-000001.
SelfBillingOptions CreditNoteOptions(const Settlement& may) {
  const auto& f = May2024();
  SelfBillingOptions o = OptionsFor(*f.providers.Find(may.provider), f.rulebook, "IL-000002");
  o.original_invoices = {{"IL-000001", may.month}};
  return o;
}

TEST(SelfBillingInvoice, AMonthOfCreditsIsASchemaValidCreditNoteOfTheInvoiceItCorrects) {
  for (const Settlement& may : May2024().month.settlements) {
    const Settlement june = testing::CreditOf(may);
    for (Encoding e : {Encoding::kIso8859_15, Encoding::kUtf8}) {
      SelfBillingOptions o = CreditNoteOptions(may);
      o.encoding = e;
      std::string xml = Build(june, o);
      std::vector<std::string> errors = Finvoice().Validate(xml);
      EXPECT_TRUE(errors.empty()) << may.provider << ": " << (errors.empty() ? "" : errors[0]);
    }
    testing::DocPtr doc = testing::Parse(Build(june, CreditNoteOptions(may)));
    ASSERT_TRUE(doc);
    EXPECT_EQ(testing::XPathTexts(doc.get(), "//InvoiceTypeCode")[0], "INV02");
    EXPECT_EQ(testing::XPathTexts(doc.get(), "//InvoiceTypeCodeUN")[0], "261");
    EXPECT_EQ(testing::XPathTexts(doc.get(), "//InvoiceTypeText")[0], "HYVITYSLASKU");
    EXPECT_EQ(testing::XPathTexts(doc.get(), "//InvoiceDetails/OriginalInvoiceNumber"),
              std::vector<std::string>{"IL-000001"});
    // Still a self-billed document: the marking the VAT Act asks for.
    EXPECT_EQ(testing::XPathTexts(doc.get(), "//InvoiceFreeText")[0], "Itselaskutus");
    // Negative amounts throughout, adding up to the voucher total.
    Money rows;
    for (const std::string& a : testing::XPathTexts(doc.get(), "/Finvoice/InvoiceRow/RowAmount")) {
      rows += ParseFinvoiceAmount(a);
    }
    EXPECT_EQ(rows, june.voucher_total);
    EXPECT_TRUE(june.voucher_total.negative());
    for (const char* total : {"//InvoiceTotalVatIncludedAmount", "//EpiInstructedAmount"}) {
      EXPECT_EQ(ParseFinvoiceAmount(testing::XPathTexts(doc.get(), total)[0]), june.voucher_total);
    }
  }
}

TEST(SelfBillingInvoice, ACreditNoteOfSeveralMonthsNamesEveryInvoice) {
  const Settlement& may = May2024().month.settlements.front();
  Settlement june = testing::CreditOf(may);
  SelfBillingOptions o = CreditNoteOptions(may);
  o.original_invoices = {{"IL-000001", YearMonth(2024, 4)}, {"IL-000005", YearMonth(2024, 5)}};
  std::string xml = Build(june, o);
  EXPECT_TRUE(Finvoice().Validate(xml).empty());
  testing::DocPtr doc = testing::Parse(xml);
  EXPECT_EQ(testing::XPathTexts(doc.get(), "//InvoiceDetails/OriginalInvoiceNumber"),
            std::vector<std::string>{"IL-000001"});
  EXPECT_EQ(
      testing::XPathTexts(doc.get(), "//InvoiceDetails/OriginalInvoiceReference/InvoiceNumber"),
      std::vector<std::string>{"IL-000005"});
}

TEST(SelfBillingInvoice, TheEnginesOwnValidatorAcceptsACreditNote) {
  const auto& f = May2024();
  Result<finvoice::SettlementIndex> index =
      finvoice::ParseSettlementIndex(f.settlement_json, "settlement.json");
  ASSERT_TRUE(index.ok()) << ToLine(index.error());
  finvoice::OrganizerContext org{&f.rulebook, &f.providers, &index.value()};
  finvoice::InvoiceValidator validator(finvoice::ValidateOptions{{}, &org});
  for (const Settlement& may : f.month.settlements) {
    std::string xml = Build(testing::CreditOf(may), CreditNoteOptions(may));
    for (const finvoice::InvoiceReport& r : validator.ValidateBytes(xml, may.provider)) {
      EXPECT_TRUE(r.valid()) << may.provider << ": "
                             << (r.errors.empty() ? ""
                                                  : r.errors[0].code + " " + r.errors[0].path +
                                                        " " + r.errors[0].message_en);
    }
  }
}

#ifdef SETELI_XMLLINT
TEST(SelfBillingInvoice, XmllintAcceptsItWithTheShippedSchema) {
  const Settlement& s = May2024().month.settlements.front();
  std::string path = ::testing::TempDir() + "/self_billing_invoice.xml";
  std::ofstream(path, std::ios::binary) << Build(s);
  std::string cmd = std::string(SETELI_XMLLINT) + " --noout --nonet --schema " + testing::FinvoiceXsd() + " " + path +
                    " 2>/dev/null";
  EXPECT_EQ(std::system(cmd.c_str()), 0) << cmd;
  std::remove(path.c_str());
}

TEST(SelfBillingInvoice, XmllintAcceptsACreditNoteWithTheShippedSchema) {
  const Settlement& may = May2024().month.settlements.front();
  std::string path = ::testing::TempDir() + "/self_billing_credit_note.xml";
  std::ofstream(path, std::ios::binary) << Build(testing::CreditOf(may), CreditNoteOptions(may));
  std::string cmd = std::string(SETELI_XMLLINT) + " --noout --nonet --schema " +
                    testing::FinvoiceXsd() + " " + path + " 2>/dev/null";
  EXPECT_EQ(std::system(cmd.c_str()), 0) << cmd;
  std::remove(path.c_str());
}
#endif

}  // namespace
}  // namespace seteli::outbound
