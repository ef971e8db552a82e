#include <gtest/gtest.h>

#include "seteli/business_id.h"
#include "seteli/einvoice_address.h"
#include "seteli/reference.h"

namespace seteli {
namespace {

TEST(BusinessId, CheckDigit) {
  EXPECT_TRUE(BusinessId::Parse("2345678-0").ok());
  EXPECT_TRUE(BusinessId::Parse("3456780-6").ok());
  EXPECT_TRUE(BusinessId::Parse("0737546-2").ok());
  EXPECT_FALSE(BusinessId::Parse("2345678-1").ok());
  EXPECT_EQ(BusinessId::Parse("2345678-1").error().code, "invalid_business_id");
  EXPECT_FALSE(BusinessId::Parse("234567-0").ok());
  EXPECT_FALSE(BusinessId::Parse("2345678").ok());
}

TEST(BusinessId, RemainderOneIsNeverIssued) {
  // 6 x 2 = 12, remainder 1: no check digit exists.
  EXPECT_EQ(BusinessId::CheckDigit("0000006"), -1);
  EXPECT_EQ(BusinessId::CheckDigit("0000005"), 1);  // remainder 10 -> 1
  EXPECT_EQ(BusinessId::CheckDigit("2345678"), 0);  // remainder 0 -> 0
}

TEST(BusinessId, VatNumberForm) {
  EXPECT_EQ(BusinessId::FromVatNumber("FI23456780").value().str(), "2345678-0");
  EXPECT_EQ(BusinessId::Parse("2345678-0").value().VatNumber(), "FI23456780");
  EXPECT_FALSE(BusinessId::FromVatNumber("FI23456781").ok());
}

TEST(FinnishReference, GeneratedAndChecked) {
  EXPECT_EQ(FinnishReferenceCheckDigit("1234"), 4);
  EXPECT_EQ(MakeFinnishReference("1234"), "12344");
  EXPECT_TRUE(IsValidFinnishReference("12344"));
  EXPECT_TRUE(IsValidFinnishReference("1 23453"));  // spaces are ignored
  EXPECT_FALSE(IsValidFinnishReference("12345"));
  EXPECT_FALSE(IsValidFinnishReference("123"));  // too short
  EXPECT_TRUE(IsValidFinnishReference(MakeFinnishReference("345678020240")));
  EXPECT_TRUE(IsValidFinnishReference("91901000011"));  // from a real Finvoice sample
}

TEST(RfReference, GeneratedAndChecked) {
  EXPECT_TRUE(IsValidRfReference("RF18 5390 0754 7034"));  // ISO 11649's example
  EXPECT_FALSE(IsValidRfReference("RF19 5390 0754 7034"));
  EXPECT_TRUE(IsValidRfReference("RF471234567890"));
  std::string rf = MakeRfReference("12344");
  EXPECT_TRUE(IsValidRfReference(rf)) << rf;
  EXPECT_EQ(rf.substr(0, 2), "RF");
  EXPECT_TRUE(IsValidPaymentReference(rf));
  EXPECT_TRUE(IsValidPaymentReference("12344"));
}

TEST(EinvoiceAddress, OvtAndIban) {
  EXPECT_TRUE(IsValidOvt("003707259373108"));  // Eksote's, with suffix 108
  EXPECT_TRUE(IsValidOvt("003723456780"));
  EXPECT_FALSE(IsValidOvt("003723456781"));
  EXPECT_FALSE(IsValidOvt("0036234567800"));
  EXPECT_TRUE(IsValidIban("FI21 1234 5600 0007 85"));
  EXPECT_FALSE(IsValidIban("FI22 1234 5600 0007 85"));
  EXPECT_TRUE(IsValidEinvoiceAddress("FI2112345600000785"));
}

}  // namespace
}  // namespace seteli
