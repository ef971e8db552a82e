// The Peppol invoice response: valid UBL 2.1 ApplicationResponse, one
// Status per reason with the mapped OPStatusReason, actions once each, and a
// mapping row for every business error code of contract.md.
#include "outbound/invoice_response.h"

#include <gtest/gtest.h>

#include "schema_set.h"

namespace seteli::outbound {
namespace {

InvoiceResponse Rejection() {
  InvoiceResponse r;
  r.id = "IR-2024-06-0042";
  r.issue_date = Date::FromYmd(2024, 6, 4);
  r.code = ResponseCode::kRejected;
  r.sender = {"Etelä-Savon sosiaali- ja terveyspalvelujen kuntayhtymä", "2816165-8", "003728161658"};
  r.receiver = {"Hoivapalvelu Kuusi Oy", "2345678-0", "003723456780"};
  r.invoice_number = "1043";
  r.invoice_date = Date::FromYmd(2024, 6, 2);
  r.reasons = {
      {"total_mismatch", "Laskun summa 1234,00 ei ole tilityksen setelisumma 1200,00.",
       "The invoice total 1234.00 is not the settlement's voucher total 1200.00.", "1234.00"},
      {"missing_exemption_basis", "Verottomuuden peruste puuttuu <rivi 2>.", "The VAT exemption basis is missing & row 2.",
       ""},
      {"duplicate_invoice_number", "Laskunumero on jo käytetty.", "The invoice number is already used.", "1043"},
  };
  return r;
}

const testing::SchemaSet& Ubl() {
  static const testing::SchemaSet s = testing::SchemaSet::Load(testing::UblResponseXsd());
  return s;
}

TEST(InvoiceResponse, RejectionIsValidUbl) {
  ASSERT_TRUE(Ubl().loaded());
  Result<std::string> xml = BuildInvoiceResponse(Rejection());
  ASSERT_TRUE(xml.ok()) << ToLine(xml.error());
  std::vector<std::string> errors = Ubl().Validate(xml.value());
  EXPECT_TRUE(errors.empty()) << errors[0];
}

TEST(InvoiceResponse, OneStatusPerReasonThenEachActionOnce) {
  testing::DocPtr doc = testing::Parse(BuildInvoiceResponse(Rejection()).value());
  EXPECT_EQ(testing::XPathTexts(doc.get(), "//cac:Response/cbc:ResponseCode")[0], "RE");
  EXPECT_EQ(testing::XPathTexts(doc.get(), "//cac:Status/cbc:StatusReasonCode[@listID='OPStatusReason']"),
            (std::vector<std::string>{"PRI", "LEG", "OTH"}));
  // NIN covers all three; NOA (duplicate) is dropped when a new invoice is asked for.
  EXPECT_EQ(testing::XPathTexts(doc.get(), "//cac:Status/cbc:StatusReasonCode[@listID='OPStatusAction']"),
            (std::vector<std::string>{"NIN"}));
  auto reasons = testing::XPathTexts(doc.get(), "//cac:Status/cbc:StatusReason");
  ASSERT_EQ(reasons.size(), 3u);
  EXPECT_EQ(reasons[1], "Verottomuuden peruste puuttuu <rivi 2>. / The VAT exemption basis is missing & row 2.");
  EXPECT_EQ(testing::XPathTexts(doc.get(), "//cac:Condition/cbc:AttributeID"),
            (std::vector<std::string>{"BT-112", "BT-120", "BT-1"}));
  EXPECT_EQ(testing::XPathTexts(doc.get(), "//cac:DocumentReference/cbc:ID")[0], "1043");
  EXPECT_EQ(testing::XPathTexts(doc.get(), "//cac:DocumentReference/cbc:IssueDate")[0], "2024-06-02");
  EXPECT_EQ(testing::XPathTexts(doc.get(), "//cac:ReceiverParty/cbc:EndpointID/@schemeID")[0], "0216");
}

TEST(InvoiceResponse, DuplicateAloneAsksForNoAction) {
  InvoiceResponse r = Rejection();
  r.reasons = {r.reasons[2]};
  testing::DocPtr doc = testing::Parse(BuildInvoiceResponse(r).value());
  EXPECT_EQ(testing::XPathTexts(doc.get(), "//cac:Status/cbc:StatusReasonCode[@listID='OPStatusAction']"),
            (std::vector<std::string>{"NOA"}));
}

TEST(InvoiceResponse, AcceptanceIsValidAndHasNoStatus) {
  InvoiceResponse r = Rejection();
  r.code = ResponseCode::kAccepted;
  r.reasons.clear();
  Result<std::string> xml = BuildInvoiceResponse(r);
  ASSERT_TRUE(xml.ok());
  EXPECT_TRUE(Ubl().Validate(xml.value()).empty());
  testing::DocPtr doc = testing::Parse(xml.value());
  EXPECT_EQ(testing::XPathTexts(doc.get(), "//cbc:ResponseCode")[0], "AP");
  EXPECT_TRUE(testing::XPathTexts(doc.get(), "//cac:Status").empty());
}

TEST(InvoiceResponse, UnknownSellerWithoutOvtUsesTheBusinessId) {
  InvoiceResponse r = Rejection();
  r.receiver.einvoice_address = "FI4950009420028730";  // an IBAN address, not a Peppol endpoint
  r.reasons = {{"unknown_seller", "Myyjä ei ole hyväksytty tuottaja.", "The seller is not an approved provider.",
                "2345678-0"}};
  Result<std::string> xml = BuildInvoiceResponse(r);
  ASSERT_TRUE(xml.ok());
  EXPECT_TRUE(Ubl().Validate(xml.value()).empty());
  testing::DocPtr doc = testing::Parse(xml.value());
  EXPECT_EQ(testing::XPathTexts(doc.get(), "//cac:ReceiverParty/cbc:EndpointID")[0], "2345678-0");
  EXPECT_EQ(testing::XPathTexts(doc.get(), "//cbc:StatusReasonCode[@listID='OPStatusReason']")[0], "UNR");
}

TEST(InvoiceResponse, EveryBusinessErrorCodeOfTheContractHasAMapping) {
  const char* codes[] = {"missing_invoice_date", "missing_invoice_number", "missing_seller_id",
                         "invalid_business_id", "missing_seller_name_address", "missing_buyer_name_address",
                         "missing_exemption_basis", "vat_on_exempt_service", "credit_note_without_original",
                         "invalid_reference", "buyer_mismatch", "unknown_seller", "missing_reference",
                         "unknown_reference", "total_mismatch", "exemption_basis_mismatch", "non_payable_row",
                         "duplicate_invoice_number"};
  for (const char* c : codes) {
    bool found = false;
    for (const StatusReasonMapping& m : StatusReasonMappings()) found = found || std::string(m.engine_code) == c;
    EXPECT_TRUE(found) << c;
  }
  EXPECT_STREQ(MapStatusReason("no_such_code").op_status_reason, "OTH");
  EXPECT_STREQ(MapStatusReason("buyer_mismatch").op_status_reason, "REC");
}

TEST(InvoiceResponse, RefusesARejectionWithoutReasons) {
  InvoiceResponse r = Rejection();
  r.reasons.clear();
  EXPECT_EQ(BuildInvoiceResponse(r).error().code, "invalid_response");
  r = Rejection();
  r.invoice_number.clear();
  EXPECT_EQ(BuildInvoiceResponse(r).error().code, "invalid_response");
}

}  // namespace
}  // namespace seteli::outbound
