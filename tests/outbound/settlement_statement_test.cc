// The HTML settlement statement: every line and total is there, text is
// escaped, the balance section appears only when there are balances.
#include "outbound/settlement_statement.h"

#include <gtest/gtest.h>
#include <libxml/HTMLparser.h>

#include <set>

#include "fixture_month.h"
#include "outbound/finvoice_values.h"
#include "schema_set.h"
#include "seteli/organizer_credit.h"

namespace seteli::outbound {
namespace {

using testing::CreditOf;
using testing::May2024;

std::string Statement(const Settlement& s, const Provider& p, std::span<const BalanceStatement> b = {}) {
  Result<std::string> html = BuildSettlementStatement(s, p, May2024().rulebook, b);
  EXPECT_TRUE(html.ok());
  return html.ok() ? html.value() : "";
}

int Count(const std::string& text, const std::string& what) {
  int n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

TEST(SettlementStatement, ListsEveryLineAndTheTotals) {
  const auto& f = May2024();
  for (const Settlement& s : f.month.settlements) {
    std::string html = Statement(s, *f.providers.Find(s.provider));
    EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
    // Five facts; the lines' header, one per line and a total; the
    // clients' header, one per client and a total.
    std::set<std::string> clients;
    for (const SettlementLine& l : s.lines) clients.insert(l.client);
    EXPECT_EQ(
        Count(html, "<tr>") + Count(html, "<tr class=\"total\">"),
        5 + 1 + static_cast<int>(s.lines.size()) + 1 + 1 + static_cast<int>(clients.size()) + 1);
    for (const SettlementLine& l : s.lines) EXPECT_NE(html.find(l.event_id), std::string::npos);
    EXPECT_NE(html.find(internal::FinvoiceAmount(s.voucher_total) + " €"), std::string::npos);
    EXPECT_NE(html.find(internal::FinvoiceAmount(s.copay_total) + " €"), std::string::npos);
    EXPECT_NE(html.find(s.reference), std::string::npos);
    for (const SettlementLine& l : s.lines) EXPECT_NE(html.find(l.client), std::string::npos);
    EXPECT_NE(html.find("Omavastuu"), std::string::npos);
    EXPECT_NE(html.find("Co-payment"), std::string::npos);
    EXPECT_EQ(html.find("Saldotiliote"), std::string::npos);
  }
}

// The provider bills co-payments from each client: each client's row sums
// its lines, and the rows add up to the month's co-payment total.
TEST(SettlementStatement, SumsTheCoPaymentToBillEachClient) {
  Settlement s;
  s.month = YearMonth(2024, 5);
  s.provider = "1234567-8";
  auto line = [&](const std::string& event, const std::string& client, int64_t voucher,
                  int64_t copay) {
    SettlementLine l;
    l.event_id = event;
    l.client = client;
    l.service = "kotihoito";
    l.date = Date::FromYmd(2024, 5, 3);
    l.voucher = Money::FromCents(voucher);
    l.copay = Money::FromCents(copay);
    l.price = l.voucher + l.copay;
    s.lines.push_back(l);
    s.voucher_total += l.voucher;
    s.copay_total += l.copay;
    s.price_total += l.price;
  };
  line("E-1", "AS-0002", 3000, 1250);
  line("E-2", "AS-0001", 2000, 500);
  line("E-3", "AS-0002", 1000, 250);
  line("E-4", "AS-0002", -1000, -250);  // a correction of an earlier month
  const auto& f = May2024();
  std::string html = Statement(s, f.providers.all().begin()->second);
  size_t table = html.find("<table class=\"clients\">");
  ASSERT_NE(table, std::string::npos);
  std::string clients = html.substr(table, html.find("</table>", table) - table);
  // In pseudonym order: AS-0001 5,00 €; AS-0002 three lines, 12,50 €.
  size_t first = clients.find("AS-0001"), second = clients.find("AS-0002");
  ASSERT_NE(first, std::string::npos);
  ASSERT_NE(second, std::string::npos);
  EXPECT_LT(first, second);
  EXPECT_NE(clients.find("5,00 €", first), std::string::npos);
  std::string row2 = clients.substr(second, clients.find("</tr>", second) - second);
  EXPECT_NE(row2.find(">3<"), std::string::npos) << row2;
  EXPECT_NE(row2.find("30,00 €"), std::string::npos) << row2;
  EXPECT_NE(row2.find("12,50 €"), std::string::npos) << row2;
  EXPECT_NE(clients.find("17,50 €"), std::string::npos) << "the total row";
}

TEST(SettlementStatement, EscapesWhatItIsGiven) {
  const auto& f = May2024();
  const Settlement& s = f.month.settlements.front();
  Provider p = *f.providers.Find(s.provider);
  p.name = "Hoiva <script>alert(1)</script> & Co";
  std::string html = Statement(s, p);
  EXPECT_EQ(html.find("<script>"), std::string::npos);
  EXPECT_NE(html.find("Hoiva &lt;script&gt;alert(1)&lt;/script&gt; &amp; Co"), std::string::npos);
}

TEST(SettlementStatement, ParsesAsHtmlWithoutErrors) {
  const auto& f = May2024();
  const Settlement& s = f.month.settlements.front();
  std::string html = Statement(s, *f.providers.Find(s.provider));
  htmlDocPtr doc = htmlReadMemory(html.data(), static_cast<int>(html.size()), "s.html", "UTF-8",
                                  HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
  ASSERT_NE(doc, nullptr);
  EXPECT_EQ(testing::XPathTexts(doc, "//td[@colspan='6']").size(), 1u);
  xmlFreeDoc(doc);
}

TEST(SettlementStatement, BalanceSectionForTheProvidersDecisionsOnly) {
  const auto& f = May2024();
  const Settlement& s = f.month.settlements.front();
  BalanceStatement mine{s.lines.front().decision_id, s.lines.front().client, YearMonth(2024, 5),
                        Money::FromCents(10000), Money::FromCents(40000), Money::FromCents(25000),
                        Money::FromCents(25000), 3};
  BalanceStatement other{"D-NOT-HERE", "C-X", YearMonth(2024, 5), {}, {}, {}, {}, 0};
  std::vector<BalanceStatement> all = {other, mine};
  std::vector<BalanceStatement> picked = BalancesFor(s, all);
  ASSERT_EQ(picked.size(), 1u);
  std::string html = Statement(s, *f.providers.Find(s.provider), picked);
  EXPECT_NE(html.find("Saldotiliote"), std::string::npos);
  EXPECT_NE(html.find("250,00 €"), std::string::npos);
  EXPECT_EQ(html.find("D-NOT-HERE"), std::string::npos);
}

TEST(SettlementStatement, AMonthOfCreditsShowsACredit) {
  const auto& f = May2024();
  for (const Settlement& may : f.month.settlements) {
    ASSERT_FALSE(may.voucher_total.negative());
    Settlement june = CreditOf(may);
    std::string html = Statement(june, *f.providers.Find(june.provider));
    EXPECT_NE(html.find("Hyvitys: setelin osuus"), std::string::npos);
    EXPECT_NE(html.find("Credit: voucher part"), std::string::npos);
    // The amount credited, as a credit, never "to invoice" or "pays".
    EXPECT_NE(html.find("hyvittää järjestäjälle setelin osuuden " +
                        internal::FinvoiceAmount(may.voucher_total) + " €"),
              std::string::npos);
    EXPECT_EQ(html.find("Laskutettava"), std::string::npos);
    EXPECT_EQ(html.find("Järjestäjä maksaa"), std::string::npos);
    if (may.copay_total != Money()) {
      EXPECT_NE(html.find("palautetaan omavastuita " + internal::FinvoiceAmount(may.copay_total)),
                std::string::npos);
    }
    // The lines and totals as they are: negative.
    EXPECT_NE(html.find(internal::FinvoiceAmount(june.voucher_total) + " €"), std::string::npos);
  }
}

// An organizer credit's line tells the provider why, in finance's words.
TEST(SettlementStatement, AnOrganizerCreditSaysWhy) {
  const auto& f = May2024();
  Settlement june = f.month.settlements.front();
  SettlementLine credit = CreditLine(june.lines.front(), Money::FromCents(1250), "C-1",
                                     YearMonth(2024, 5), "wrong_price: Hinta oli väärä <b>");
  june.lines = {credit};
  june.price_total = june.voucher_total = credit.voucher;
  june.copay_total = Money();
  std::string html = Statement(june, *f.providers.Find(june.provider));
  EXPECT_NE(html.find("hyvitys / organizer credit: wrong_price: Hinta oli väärä &lt;b&gt;"),
            std::string::npos);
  EXPECT_NE(html.find("-12,50 €"), std::string::npos);
  EXPECT_NE(html.find("kausi 2024-05"), std::string::npos);
}

}  // namespace
}  // namespace seteli::outbound
