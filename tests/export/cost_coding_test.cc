// The cost coding of the purchase ledger (config cost_coding:): the most
// specific override wins field by field, and the config reader refuses a
// wrong section with the key named.
#include "export/cost_coding.h"

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include "export/cost_coding_yaml.h"
#include "export/month_books.h"

namespace seteli::exports {
namespace {

CostCoding Coding3() {
  CostCoding c;
  c.default_coding = {"4300", "5000"};
  c.rules.push_back({ServiceClass::kHealth, "", {"4341", ""}});
  c.rules.push_back({std::nullopt, "Mikkeli", {"", "5100"}});
  c.rules.push_back({ServiceClass::kHealth, "Mikkeli", {"", "5110"}});
  return c;
}

TEST(CostCoding, TheMostSpecificRuleWinsFieldByField) {
  CostCoding c = Coding3();
  Coding hm = c.CodingOf(ServiceClass::kHealth, "Mikkeli");
  EXPECT_EQ(hm.account, "4341");  // from the class rule: the pair sets no account
  EXPECT_EQ(hm.cost_centre, "5110");
  Coding sm = c.CodingOf(ServiceClass::kSocial, "Mikkeli");
  EXPECT_EQ(sm.account, "4300");
  EXPECT_EQ(sm.cost_centre, "5100");
  Coding hj = c.CodingOf(ServiceClass::kHealth, "Juva");
  EXPECT_EQ(hj.account, "4341");
  EXPECT_EQ(hj.cost_centre, "5000");
}

TEST(CostCoding, WithoutAnAccountTheJournalsExpenseAccountIsUsed) {
  MonthBooks b;
  b.accounts.expense_by_service["palveluasuminen"] = "4345";
  b.cost_coding.default_coding = {"", "5000"};
  SettlementLine l;
  l.service = "palveluasuminen";
  l.municipality = "Juva";
  EXPECT_EQ(b.CodingOf(l).account, "4345");
  EXPECT_EQ(b.CodingOf(l).cost_centre, "5000");
}

TEST(CostCodingYaml, ReadsTheSection) {
  YAML::Node n = YAML::Load(R"(
payment_days: 21
default: {account: "4342", cost_centre: "5000"}
overrides:
  - {class: health, account: "4341"}
  - {municipality: Mikkeli, cost_centre: "5100"}
treasury:
  accounts: {"4341": "4340"}
  classes: {health: P2100, social: P3100}
  services: {palveluasuminen: P3300}
)");
  int line = 0;
  auto c = ReadCostCoding(n, &line);
  ASSERT_TRUE(c.ok()) << ToLine(c.error());
  EXPECT_EQ(c.value().payment_days, 21);
  EXPECT_EQ(c.value().CodingOf(ServiceClass::kHealth, "Mikkeli").account, "4341");
  EXPECT_EQ(c.value().CodingOf(ServiceClass::kHealth, "Mikkeli").cost_centre, "5100");
  EXPECT_EQ(c.value().treasury.Account("4341"), "4340");
  EXPECT_EQ(c.value().treasury.Account("4342"), "4342");
  EXPECT_EQ(c.value().treasury.ServiceClassCode("palveluasuminen", ServiceClass::kSocial), "P3300");
  EXPECT_EQ(c.value().treasury.ServiceClassCode("kotihoito", ServiceClass::kSocial), "P3100");
}

// The message names the key and the line is where it is.
void ExpectRefused(const char* yaml, const std::string& words, int expected_line) {
  int line = 0;
  auto c = ReadCostCoding(YAML::Load(yaml), &line);
  ASSERT_FALSE(c.ok()) << yaml;
  EXPECT_EQ(c.error().code, "config_error");
  EXPECT_NE(c.error().message.find(words), std::string::npos) << c.error().message;
  EXPECT_EQ(line, expected_line) << c.error().message;
}

TEST(CostCodingYaml, RefusesWithTheKeyNamed) {
  ExpectRefused("payment_days: soon", "cost_coding: payment_days", 1);
  ExpectRefused("defualt: {account: \"1\"}", "cost_coding: unknown key 'defualt'", 1);
  ExpectRefused("overrides:\n  - {class: housing, account: \"1\"}",
                "cost_coding: overrides[1]: class: unknown class 'housing'", 2);
  ExpectRefused("overrides:\n  - {account: \"1\"}", "overrides[1]: names neither class", 2);
  ExpectRefused("overrides:\n  - {class: health}", "overrides[1]: sets neither account", 2);
  ExpectRefused(
      "overrides:\n  - {class: health, account: \"1\"}\n  - {class: health, "
      "cost_centre: \"2\"}",
      "overrides[2]: the same class and municipality", 3);
  ExpectRefused("default: {account: \"43 41\"}", "cost_coding: default: account", 1);
  ExpectRefused("treasury: {classes: {health: \"\"}}", "treasury: classes: health", 1);
  ExpectRefused("treasury: {acounts: {}}", "treasury: unknown key 'acounts'", 1);
}

}  // namespace
}  // namespace seteli::exports
