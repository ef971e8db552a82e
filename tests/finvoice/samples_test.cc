// The real Finvoice samples of shared/finvoice-ref (skipped when shared/ is
// not checked out beside the repository).
#include <gtest/gtest.h>

#include <string>

#include "test_support.h"

namespace seteli::finvoice {
namespace {

using testing::Codes;
using testing::Contains;

std::vector<InvoiceReport> ValidateSample(const std::string& name) {
  InvoiceValidator v(ValidateOptions{});
  auto r = v.ValidateFile(testing::SamplesDir() + "/" + name, name);
  EXPECT_TRUE(r.ok()) << name;
  return r.ok() ? r.value() : std::vector<InvoiceReport>{};
}

bool ParseAndSchemaOk(const InvoiceReport& r) {
  for (const InvoiceError& e : r.errors) {
    if (e.layer == Layer::kParse || e.layer == Layer::kSchema) return false;
  }
  return true;
}

class SamplesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (testing::SamplesDir().empty()) GTEST_SKIP() << "shared/finvoice-ref/samples not beside the repository";
  }
};

TEST_F(SamplesTest, Every30SamplePassesParseAndSchema) {
  for (const char* name : {"visma_anon_finvoice_30_invoice_with_SOAP.xml",
                           "visma_anon_finvoice_30_invoice_with_MessageTransmissionDetails.xml",
                           "invopop_examples_invoice.xml", "invopop_examples_credit-note.xml"}) {
    auto reports = ValidateSample(name);
    ASSERT_EQ(reports.size(), 1u) << name;
    EXPECT_TRUE(ParseAndSchemaOk(reports[0])) << testing::Describe(reports[0]);
  }
}

TEST_F(SamplesTest, OlderVersionsPassParseAndSchema) {
  for (const char* name : {"greenstep_2.01.xml", "invopop_operator-converted.xml", "invopop_parse_credit-note.xml",
                           "invopop_sender-system.xml", "devlab_Finvoice201_wo_SOAP_example_27022014.xml",
                           "omniboost_Finvoice201_wo_SOAP_example.xml",
                           "visma_anon_finvoice_13_invoice_with_MessageTransmissionDetails.xml",
                           "visma_anon_finvoice_13_invoice_with_SOAP.xml",
                           "visma_anon_finvoice_201_invoice_with_MessageTransmissionDetails.xml",
                           "visma_anon_finvoice_201_invoice_with_SOAP.xml",
                           "visma_anon_finvoice_20_invoice_with_MessageTransmissionDetails.xml",
                           "visma_anon_finvoice_20_invoice_with_SOAP.xml"}) {
    auto reports = ValidateSample(name);
    ASSERT_EQ(reports.size(), 1u) << name;
    EXPECT_TRUE(ParseAndSchemaOk(reports[0])) << testing::Describe(reports[0]);
  }
}

void ExpectSchemaErrorNaming(const std::string& name, const std::string& path) {
  auto reports = ValidateSample(name);
  ASSERT_EQ(reports.size(), 1u);
  bool found = false;
  for (const InvoiceError& e : reports[0].errors) found = found || (e.code == "schema_invalid" && e.path == path);
  EXPECT_TRUE(found) << path << " not in " << testing::Describe(reports[0]);
}

TEST_F(SamplesTest, InvalidSamplesNameTheElement) {
  ExpectSchemaErrorNaming("niq1982_finvoice1.xml",
                          "/Finvoice/SellerPartyDetails/SellerPostalAddressDetails/SellerTownName");
  ExpectSchemaErrorNaming("niq1982_finvoice2.xml",
                          "/Finvoice/SellerPartyDetails/SellerPostalAddressDetails/SellerTownName");
  ExpectSchemaErrorNaming("omniboost_Finvoice130_wo_SOAP_example.xml",
                          "/Finvoice/DeliveryPartyDetails/DeliveryOrganisationName");
  ExpectSchemaErrorNaming("pyfinvoice_finvoice-1.2-example.xml", "/Finvoice/@Version");
}

TEST_F(SamplesTest, Finvoice12SampleAlsoHasAForbiddenDoctype) {
  auto reports = ValidateSample("pyfinvoice_finvoice-1.2-example.xml");
  ASSERT_EQ(reports.size(), 1u);
  EXPECT_EQ(Codes(reports[0]).at(0), "forbidden_dtd");
  EXPECT_EQ(reports[0].errors[0].line, 4);
}

TEST_F(SamplesTest, InvalidReferencesAreFound) {
  for (const char* name : {"greenstep_2.01.xml", "invopop_parse_credit-note.xml", "invopop_sender-system.xml"}) {
    auto reports = ValidateSample(name);
    ASSERT_EQ(reports.size(), 1u);
    EXPECT_TRUE(Contains(Codes(reports[0]), "invalid_reference")) << testing::Describe(reports[0]);
  }
  for (const char* name : {"visma_anon_finvoice_30_invoice_with_SOAP.xml", "invopop_examples_invoice.xml",
                           "omniboost_Finvoice130_wo_SOAP_example.xml", "invopop_operator-converted.xml",
                           "devlab_Finvoice201_wo_SOAP_example_27022014.xml"}) {
    auto reports = ValidateSample(name);
    ASSERT_EQ(reports.size(), 1u);
    EXPECT_FALSE(Contains(Codes(reports[0]), "invalid_reference")) << testing::Describe(reports[0]);
  }
}

TEST_F(SamplesTest, FieldsOfAnIsoLatin9MessageAfterAFrame) {
  auto reports = ValidateSample("visma_anon_finvoice_30_invoice_with_SOAP.xml");
  ASSERT_EQ(reports.size(), 1u);
  EXPECT_EQ(reports[0].invoice_number, "9190100001");
  EXPECT_EQ(reports[0].seller, "1234567-8");  // not a valid business ID: shown as written
  EXPECT_TRUE(Contains(Codes(reports[0]), "invalid_business_id"));
  EXPECT_GT(reports[0].line, 30);
}

TEST_F(SamplesTest, CreditNotesReferToTheirOriginal) {
  for (const char* name : {"invopop_examples_credit-note.xml", "invopop_parse_credit-note.xml"}) {
    auto reports = ValidateSample(name);
    ASSERT_EQ(reports.size(), 1u);
    EXPECT_FALSE(Contains(Codes(reports[0]), "credit_note_without_original")) << name;
  }
}

TEST_F(SamplesTest, FrameWithoutMessage) {
  auto reports = ValidateSample("pyfinvoice_sample_soap_ReceiverProposal-frame.xml");
  ASSERT_EQ(reports.size(), 1u);
  ASSERT_EQ(Codes(reports[0]), std::vector<std::string>{"schema_invalid"});
  EXPECT_EQ(reports[0].errors[0].path, "/Finvoice");
}

TEST_F(SamplesTest, BatchOfFramedMessages) {
  std::string batch;
  for (const char* name : {"visma_anon_finvoice_30_invoice_with_SOAP.xml", "visma_anon_finvoice_201_invoice_with_SOAP.xml",
                           "visma_anon_finvoice_13_invoice_with_SOAP.xml"}) {
    batch += testing::ReadFileText(testing::SamplesDir() + "/" + name);
  }
  auto reports = testing::Validate(batch);
  ASSERT_EQ(reports.size(), 3u);
  EXPECT_EQ(reports[0].invoice_number, "9190100001");
  EXPECT_EQ(reports[1].invoice_number, "2013000018");
  for (const auto& r : reports) EXPECT_TRUE(ParseAndSchemaOk(r)) << testing::Describe(r);
  EXPECT_LT(reports[0].line, reports[1].line);
  EXPECT_LT(reports[1].line, reports[2].line);
}

}  // namespace
}  // namespace seteli::finvoice
