// A rulebook's `unverified` fields: read and checked by the loader, turned
// into one warning a field (formats/unverified_fields.h).
#include "formats/unverified_fields.h"

#include <gtest/gtest.h>

#include "formats/rulebook_yaml.h"

namespace seteli::formats {
namespace {

// A small rulebook with `unverified_line` (may be empty) on top.
std::string RulebookText(const std::string& unverified_line) {
  return unverified_line +
         "organizer:\n"
         "  name: Esimerkkialue\n"
         "  business_id: \"2816165-8\"\n"
         "  address: {street: \"PL 1\", postcode: \"00100\", city: \"Helsinki\"}\n"
         "  einvoice: {address: \"003728161658\", operator: \"BAWCFI22\"}\n"
         "year: 2024\n"
         "services:\n"
         "  - {code: ateriapalvelu, class: social, unit: meal, value: \"3.00\"}\n";
}

TEST(UnverifiedFields, ReadWhenEachNamesAFieldOfTheRulebook) {
  auto rb = ParseRulebook(
      RulebookText("unverified: [organizer.business_id, organizer.einvoice.operator, year, "
                   "services.ateriapalvelu.value]\n"),
      "r.yaml");
  ASSERT_TRUE(rb.ok()) << ToLine(rb.error());
  EXPECT_EQ(rb.value().unverified,
            (std::vector<std::string>{"organizer.business_id", "organizer.einvoice.operator",
                                      "year", "services.ateriapalvelu.value"}));
}

TEST(UnverifiedFields, AFieldTheRulebookDoesNotHaveIsRefused) {
  for (const char* bad :
       {"organizer.busines_id", "services.ei-ole", "services.ateriapalvelu.price_cap", "organizer.",
        "organizer..name", ""}) {
    auto rb = ParseRulebook(RulebookText(std::string("unverified: [\"") + bad + "\"]\n"), "r.yaml");
    ASSERT_FALSE(rb.ok()) << bad;
    EXPECT_EQ(rb.error().code, "unknown_field") << bad;
    EXPECT_NE(ToLine(rb.error()).find("r.yaml:1"), std::string::npos) << ToLine(rb.error());
  }
  EXPECT_EQ(ParseRulebook(RulebookText("unverified: organizer.name\n"), "r.yaml").error().code,
            "invalid_value");
}

TEST(UnverifiedFields, OneWarningAFieldNamingIt) {
  auto rb = ParseRulebook(RulebookText("unverified: [organizer.business_id, year]\n"), "r.yaml");
  ASSERT_TRUE(rb.ok()) << ToLine(rb.error());
  std::vector<std::string> w = UnverifiedFieldWarnings(rb.value(), "essote.yaml");
  ASSERT_EQ(w.size(), 2u);
  EXPECT_EQ(w[0].rfind("essote.yaml: organizer.business_id: vahvistamaton arvo", 0), 0u) << w[0];
  EXPECT_NE(w[0].find(" / unverified value the sources do not give"), std::string::npos) << w[0];
  EXPECT_EQ(w[1].rfind("essote.yaml: year: ", 0), 0u) << w[1];
}

TEST(UnverifiedFields, NoneWithoutTheList) {
  auto rb = ParseRulebook(RulebookText(""), "r.yaml");
  ASSERT_TRUE(rb.ok()) << ToLine(rb.error());
  EXPECT_TRUE(rb.value().unverified.empty());
  EXPECT_TRUE(UnverifiedFieldWarnings(rb.value(), "r.yaml").empty());
}

}  // namespace
}  // namespace seteli::formats
