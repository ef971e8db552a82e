// The loaders name the file, line and field of every error, with a stable code.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "formats/decisions_jsonl.h"
#include "formats/events_input.h"
#include "formats/providers_yaml.h"
#include "formats/rulebook_yaml.h"
#include "seteli/settlement.h"

namespace seteli::formats {
namespace {

const char kRulebook[] = R"(organizer:
  name: Essote
  business_id: "2345678-0"
  address: {street: "PL 255", postcode: "00026", city: "BASWARE"}
  einvoice: {address: "003723456780", operator: "BAWCFI22"}
year: 2024
services:
  - code: kotihoito
    class: health
    unit: hour
    value: {min: "7.00", max: "27.00"}
    bands:
      - {service: kotihoito-ilta, days: weekdays, from: "18:00", to: "22:00"}
  - code: kotihoito-ilta
    class: health
    unit: hour
    value: "30.00"
  - code: hb
    class: social
    unit: hour
    value: balance
)";

Rulebook Loaded() { return ParseRulebook(kRulebook, "rb.yaml").value(); }

Error RulebookError(std::string text) {
  auto r = ParseRulebook(text, "rb.yaml");
  EXPECT_FALSE(r.ok());
  return r.ok() ? Error{} : r.error();
}

std::string Replace(std::string s, const std::string& from, const std::string& to) {
  s.replace(s.find(from), from.size(), to);
  return s;
}

TEST(RulebookYaml, LoadsTheContractFormat) {
  Rulebook rb = Loaded();
  ASSERT_EQ(rb.services.size(), 3u);
  EXPECT_EQ(rb.services[0].value.kind, ValueRule::Kind::kRange);
  EXPECT_EQ(rb.services[0].bands[0].from_minute, 18 * 60);
  EXPECT_EQ(rb.BandParent("kotihoito-ilta"), &rb.services[0]);
  EXPECT_EQ(rb.version.substr(0, 5), "2024-");
}

TEST(RulebookYaml, UnknownKeyNamesFileAndLine) {
  Error e = RulebookError(Replace(kRulebook, "    class: social", "    class: social\n    colour: red"));
  EXPECT_EQ(e.code, "unknown_key");
  EXPECT_EQ(e.where, "rb.yaml:20");
  EXPECT_NE(e.message.find("colour"), std::string::npos);
}

TEST(RulebookYaml, ReviewFlagsNameTheFlagsWhoseEventsWaitForReview) {
  EXPECT_EQ(Loaded().review_flags, 0u);
  auto rb = ParseRulebook(
      Replace(kRulebook, "year: 2024", "year: 2024\nreview_flags: [late_recording, over_balance]"),
      "rb.yaml");
  ASSERT_TRUE(rb.ok()) << ToLine(rb.error());
  EXPECT_EQ(rb.value().review_flags, kLateRecording | kOverBalance);
  Error e = RulebookError(
      Replace(kRulebook, "year: 2024", "year: 2024\nreview_flags: [late_recording, prior_period]"));
  EXPECT_EQ(e.code, "unknown_flag");
  EXPECT_EQ(e.where, "rb.yaml:7");
  EXPECT_NE(e.message.find("prior_period"), std::string::npos);
}

TEST(RulebookYaml, SettlementDayIsADayEveryMonthHas) {
  EXPECT_EQ(Loaded().settlement_day, 0);  // not set: the serve config's schedule day
  auto rb =
      ParseRulebook(Replace(kRulebook, "year: 2024", "year: 2024\nsettlement_day: 10"), "rb.yaml");
  ASSERT_TRUE(rb.ok()) << ToLine(rb.error());
  EXPECT_EQ(rb.value().settlement_day, 10);
  for (const char* day : {"0", "29", "31", "tenth"}) {
    Error e = RulebookError(
        Replace(kRulebook, "year: 2024", std::string("year: 2024\nsettlement_day: ") + day));
    EXPECT_EQ(e.code, "invalid_value") << day;
    EXPECT_EQ(e.where, "rb.yaml:7") << day;
  }
}

TEST(RulebookYaml, RangeWithMinAboveMax) {
  Error e = RulebookError(Replace(kRulebook, "min: \"7.00\"", "min: \"28.00\""));
  EXPECT_EQ(e.code, "invalid_range");
  EXPECT_EQ(e.where, "rb.yaml:11");
}

TEST(RulebookYaml, BandNamingAnUnknownService) {
  Error e = RulebookError(Replace(kRulebook, "{service: kotihoito-ilta", "{service: kotihoito-yo"));
  EXPECT_EQ(e.code, "unknown_band_service");
  EXPECT_EQ(e.where, "rb.yaml:13");
}

TEST(RulebookYaml, NegativeAmount) {
  Error e = RulebookError(Replace(kRulebook, "value: \"30.00\"", "value: \"-30.00\""));
  EXPECT_EQ(e.code, "negative_amount");
  EXPECT_EQ(e.where, "rb.yaml:17");
}

TEST(RulebookYaml, DuplicateServiceCode) {
  Error e = RulebookError(Replace(kRulebook, "code: hb", "code: kotihoito"));
  EXPECT_EQ(e.code, "duplicate_service");
  EXPECT_EQ(e.where, "rb.yaml:18");
}

TEST(RulebookYaml, SyntaxErrorsAndMissingFields) {
  EXPECT_EQ(RulebookError("services: [\n").code, "yaml_syntax");
  EXPECT_EQ(RulebookError(Replace(kRulebook, "year: 2024\n", "")).code, "missing_field");
  EXPECT_EQ(RulebookError(Replace(kRulebook, "unit: hour\n    value: balance", "unit: fortnight\n    value: balance")).code,
            "invalid_value");
  EXPECT_EQ(RulebookError(Replace(kRulebook, "\"2345678-0\"", "\"2345678-1\"")).code,
            "invalid_business_id");
}

const char kProviders[] = R"(- business_id: "3456780-6"
  name: Avustajat Mänty Ky
  self_billing: true
  approvals:
    - service: kotihoito
      municipality: Mikkeli
      valid_from: "2024-01-01"
      prices:
        - {valid_from: "2024-01-01", unit_price: "35.00"}
        - {valid_from: "2024-07-01", unit_price: "33.00"}
        - {valid_from: "2025-01-01", unit_price: "36.00"}
)";

TEST(ProvidersYaml, PricesMayFallWithinAYearAndRiseAcrossYears) {
  auto r = ParseProviders(kProviders, "p.yaml");
  ASSERT_TRUE(r.ok()) << ToLine(r.error());
  const Approval& a = r.value().Find("3456780-6")->approvals[0];
  EXPECT_EQ(a.PriceOn(Date::FromYmd(2024, 6, 30)), Money::Parse("35.00").value());
  EXPECT_EQ(a.PriceOn(Date::FromYmd(2024, 7, 1)), Money::Parse("33.00").value());
  EXPECT_EQ(a.PriceOn(Date::FromYmd(2025, 2, 1)), Money::Parse("36.00").value());
}

TEST(ProvidersYaml, AMidYearPriceRiseIsRefused) {
  std::string text = Replace(kProviders, "unit_price: \"33.00\"", "unit_price: \"37.00\"");
  auto r = ParseProviders(text, "p.yaml");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "price_rise");
  EXPECT_EQ(r.error().where, "p.yaml:10");
}

TEST(ProvidersYaml, InvalidBusinessIdAndUnknownKey) {
  auto bad_id = ParseProviders(Replace(kProviders, "3456780-6", "3456780-7"), "p.yaml");
  EXPECT_EQ(bad_id.error().code, "invalid_business_id");
  EXPECT_EQ(bad_id.error().where, "p.yaml:1");
  auto unknown = ParseProviders(Replace(kProviders, "  self_billing", "  discount: 5\n  self_billing"), "p.yaml");
  EXPECT_EQ(unknown.error().code, "unknown_key");
  EXPECT_EQ(unknown.error().where, "p.yaml:3");
}

TEST(DecisionsJsonl, CheckedAgainstTheRulebook) {
  Rulebook rb = Loaded();
  const std::string ok =
      R"({"decision_id":"D1","client":"C-1","service":"kotihoito","municipality":"Mikkeli","valid_from":"2024-01-01","providers":["3456780-6"],"voucher_value":"18.40"})";
  auto book = ParseDecisions(ok + "\n\n" +
                                 R"({"decision_id":"D2","client":"C-2","services":["hb"],"municipality":"Mikkeli","valid_from":"2024-05-10","providers":["3456780-6"],"balance":{"accrual":"400.00","per":"month"},"suspensions":[{"from":"2024-06-01","to":"2024-06-10"}]})",
                             "d.jsonl", rb);
  ASSERT_TRUE(book.ok()) << ToLine(book.error());
  EXPECT_EQ(book.value().Find("D2")->balance->accrual, Money::Parse("400.00").value());

  auto out_of_range = ParseDecisions(Replace(ok, "18.40", "28.00"), "d.jsonl", rb);
  EXPECT_EQ(out_of_range.error().code, "value_out_of_range");
  EXPECT_EQ(out_of_range.error().where, "d.jsonl:1");
  auto missing = ParseDecisions("\n" + Replace(ok, R"(,"voucher_value":"18.40")", ""), "d.jsonl", rb);
  EXPECT_EQ(missing.error().code, "missing_field");
  EXPECT_EQ(missing.error().where, "d.jsonl:2");
  EXPECT_EQ(ParseDecisions(Replace(ok, "kotihoito", "siivous"), "d.jsonl", rb).error().code,
            "unknown_service");
  EXPECT_EQ(ParseDecisions(ok + "\n" + ok, "d.jsonl", rb).error().code, "duplicate_decision");
  EXPECT_EQ(ParseDecisions("{not json", "d.jsonl", rb).error().code, "invalid_json");
}

TEST(DecisionsJsonl, APersonalIdentityCodeIsRefused) {
  EXPECT_TRUE(LooksLikePersonalIdentityCode("131052-308T"));
  EXPECT_TRUE(LooksLikePersonalIdentityCode("010101A123N"));
  EXPECT_FALSE(LooksLikePersonalIdentityCode("C-0001"));
  auto r = ParseDecisions(
      R"({"decision_id":"D1","client":"131052-308T","service":"kotihoito","municipality":"M","valid_from":"2024-01-01","providers":[],"voucher_value":"9.00"})",
      "d.jsonl", Loaded());
  EXPECT_EQ(r.error().code, "personal_identity_code");
  EXPECT_EQ(r.error().message.find("131052"), std::string::npos);  // never echoed
}

TEST(EventsInput, ABadLineIsRejectedAndTheRestRead) {
  std::string text =
      R"({"event_id":"E1","provider":"3456780-6","decision_id":"D1","service":"kotihoito","start":"2024-05-06T09:00:00+03:00","end":"2024-05-06T10:00:00+03:00","recorded_at":"2024-05-06T12:00:00+03:00"})"
      "\n{broken\n"
      R"({"event_id":"E3","provider":"3456780-6","decision_id":"D1","service":"ateria","date":"2024-05-07","recorded_at":"2024-05-07T12:00:00+03:00"})"
      "\n"
      R"({"event_id":"E4","provider":"3456780-6","decision_id":"D1","service":"ateria","date":"2024-05-32","quantity":1,"recorded_at":"2024-05-07T12:00:00+03:00"})"
      "\n"
      R"({"absence_id":"A1","decision_id":"D1","from":"2024-05-10"})"
      "\n"
      R"({"event_id":"E6","provider":"3456780-6","decision_id":"D1","service":"ateria","date":"2024-05-07","quantity":1.5,"recorded_at":"2024-05-07T12:00:00+03:00"})"
      "\n";
  EventStream s = ParseEventLines(text, "e.jsonl");
  ASSERT_EQ(s.events.size(), 2u);
  EXPECT_EQ(s.events[1].quantity->ToString(), "1.5");
  EXPECT_EQ(s.events[1].line, 6);
  ASSERT_EQ(s.absences.size(), 1u);
  ASSERT_EQ(s.malformed.size(), 3u);
  EXPECT_EQ(s.malformed[0].line, 2);
  EXPECT_EQ(s.malformed[0].message.substr(0, 10), "e.jsonl:2:");
  EXPECT_EQ(s.malformed[1].event_id, "E3");  // quantity missing
  EXPECT_NE(s.malformed[1].message.find("'quantity' is required"), std::string::npos);
  EXPECT_EQ(s.malformed[2].event_id, "E4");  // no 32 May
  for (const Rejection& r : s.malformed) EXPECT_EQ(r.code, "malformed_event");
}

// A provider's quantity is multiplied into prices and into the caps'
// accounting (60,000 ticks a unit): 15 digits of units overflowed 64 bits
// there. One event gives at most a million units.
TEST(EventsInput, AQuantityBeyondAMillionUnitsIsMalformed) {
  auto event = [](const std::string& quantity) {
    return ParseEventJson(
        R"({"event_id":"E1","provider":"P","decision_id":"D","service":"s","date":"2024-05-07","quantity":")" +
            quantity + R"(","recorded_at":"2024-05-07T12:00:00+03:00"})",
        "e.jsonl", 4);
  };
  EXPECT_EQ(event("1000000").value().quantity->milli(), 1000000000);
  auto r = event("1000000.001");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "malformed_event");
  EXPECT_NE(r.error().message.find("more than 1000000 units"), std::string::npos) << r.error().message;
  EXPECT_FALSE(event("999999999999999").ok());
}

TEST(EventsInput, SameContentGivesTheSameFingerprint) {
  auto a = ParseEventJson(
      R"({"event_id":"E1","provider":"P","decision_id":"D","service":"s","date":"2024-05-07","quantity":"1","recorded_at":"2024-05-07T12:00:00+03:00"})",
      "x", 1);
  auto b = ParseEventJson(
      R"({"quantity":1, "recorded_at":"2024-05-07T09:00:00Z","service":"s","date":"2024-05-07","decision_id":"D","provider":"P","event_id":"E1"})",
      "x", 2);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a.value().fingerprint, b.value().fingerprint);
  auto unknown = ParseEventJson(R"({"event_id":"E1","colour":"red"})", "x", 3);
  EXPECT_EQ(unknown.error().code, "malformed_event");
}

// Read back from the store an event is the same event, without the
// fingerprint only ingest needs; a body that is not an event still fails.
TEST(EventsInput, StoredEventsParseAsEventsWithoutAFingerprint) {
  const char* body =
      R"({"event_id":"E1","provider":"P","decision_id":"D","service":"s","start":"2024-05-07T09:00:00+03:00","end":"2024-05-07T10:30:00+03:00","recorded_at":"2024-05-07T12:00:00+03:00","replaces":"E0"})";
  auto in = ParseEventJson(body, "x", 1);
  auto stored = ParseStoredEventJson(body, "store", 7);
  ASSERT_TRUE(in.ok() && stored.ok());
  EXPECT_FALSE(in.value().fingerprint.empty());
  EXPECT_TRUE(stored.value().fingerprint.empty());
  const Event& a = in.value();
  const Event& b = stored.value();
  EXPECT_EQ(b.id, a.id);
  EXPECT_EQ(b.decision_id, a.decision_id);
  EXPECT_EQ(b.service, a.service);
  EXPECT_EQ(b.start, a.start);
  EXPECT_EQ(b.end, a.end);
  EXPECT_EQ(b.replaces, a.replaces);
  EXPECT_EQ(b.recorded_at, a.recorded_at);
  EXPECT_EQ(b.line, 7);
  EXPECT_EQ(ParseStoredEventJson(R"({"event_id":"E1"})", "store", 8).error().code, "malformed_event");
}

TEST(EventsInput, CsvWithTheSameColumns) {
  std::string csv =
      "event_id,provider,decision_id,service,start,end,date,quantity,recorded_at,worker\r\n"
      "E1,3456780-6,D1,kotihoito,2024-05-06T09:00:00+03:00,2024-05-06T10:00:00+03:00,,,2024-05-06T12:00:00+03:00,\"T-1, night\"\r\n"
      "E2,3456780-6,D1,ateria,,,2024-05-07,2,2024-05-07T12:00:00+03:00,\r\n"
      "E3,3456780-6\r\n";
  EventStream s = ParseEventCsv(csv, "e.csv");
  ASSERT_EQ(s.events.size(), 2u);
  EXPECT_EQ(s.events[0].worker, "T-1, night");
  EXPECT_EQ(s.events[1].quantity->ToString(), "2");
  ASSERT_EQ(s.malformed.size(), 1u);
  EXPECT_EQ(s.malformed[0].line, 4);
}

TEST(RulebookYaml, ReliefDaysFromTheArrivalAndServicesOfBothClasses) {
  Rulebook rb =
      ParseRulebook(
          Replace(
              Replace(
                  kRulebook, "    class: social\n    unit: hour\n    value: balance",
                  "    class: social\n    unit: day\n    value: balance\n    days_from: arrival"),
              "    class: health\n    unit: hour\n    value: {min",
              "    class: [social, health]\n    unit: hour\n    value: {min"),
          "rb.yaml")
          .value();
  EXPECT_TRUE(rb.Find("hb")->days_from_arrival);
  EXPECT_TRUE(rb.Find("kotihoito")->both_classes);
  EXPECT_EQ(rb.Find("kotihoito")->service_class, ServiceClass::kSocial);
  EXPECT_EQ(
      RulebookError(Replace(kRulebook, "value: balance", "value: balance\n    days_from: arrival"))
          .code,
      "invalid_value");  // an hourly service has no days
  EXPECT_EQ(RulebookError(Replace(kRulebook, "class: social", "class: [social, social]")).code,
            "invalid_value");
}

TEST(ProvidersYaml, AnApprovalMayNameACancellationFee) {
  auto r = ParseProviders(R"(- business_id: "3456780-6"
  name: Hoiva Oy
  address: {street: Katu 1, postcode: "50100", city: Mikkeli}
  einvoice: {address: "003734567806", operator: BAWCFI22}
  approvals:
    - {service: kotihoito, municipality: Mikkeli, valid_from: "2024-01-01", prices: [{valid_from: "2024-01-01", unit_price: "30.00"}], cancellation_fee: "20.00"}
)",
                          "p.yaml");
  ASSERT_TRUE(r.ok()) << ToLine(r.error());
  EXPECT_EQ(r.value().Find("3456780-6")->approvals[0].cancellation_fee,
            Money::Parse("20.00").value());
}

TEST(ProvidersYaml, ARecordThatCannotGoIntoAnInvoiceIsRefusedWhenLoaded) {
  const std::string ok = R"(- business_id: "3456780-6"
  name: Hoiva Oy
  address: {street: Katu 1, postcode: "50100", city: Mikkeli}
  einvoice: {address: "003734567806", operator: BAWCFI22}
  bank: {iban: "FI2112345600000785", bic: NDEAFIHH}
)";
  ASSERT_TRUE(ParseProviders(ok, "p.yaml").ok());
  auto long_street = ParseProviders(Replace(ok, "Katu 1", std::string(36, 'k')), "p.yaml");
  EXPECT_EQ(long_street.error().code, "invalid_value");
  EXPECT_EQ(long_street.error().where, "p.yaml:3");
  EXPECT_NE(long_street.error().message.find("2 to 35"), std::string::npos);
  EXPECT_EQ(ParseProviders(Replace(ok, "003734567806", "0037-nope"), "p.yaml").error().code,
            "invalid_einvoice_address");
  EXPECT_EQ(ParseProviders(Replace(ok, "BAWCFI22", "Basware"), "p.yaml").error().code,
            "invalid_value");
  EXPECT_EQ(ParseProviders(Replace(ok, "NDEAFIHH", "nordea"), "p.yaml").error().code,
            "invalid_value");
  // Characters count, not bytes: 35 Finnish letters fit.
  std::string aakkoset;
  for (int i = 0; i < 35; ++i) aakkoset += "\xc3\xa4";
  EXPECT_TRUE(ParseProviders(Replace(ok, "Katu 1", aakkoset), "p.yaml").ok());
}

TEST(DecisionsJsonl, AGrantByMonthAndTheDecisionsOwnMonthlyCap) {
  auto book = ParseDecisions(
      R"({"decision_id":"D1","client":"C-1","service":"kotihoito","municipality":"Mikkeli","valid_from":"2024-01-01","providers":["3456780-6"],"voucher_value":"18.40","granted":{"quantity":"10","per":"month","months":{"2024-12":"6"}},"monthly_voucher_cap":"1824.00"})",
      "d.jsonl", Loaded());
  ASSERT_TRUE(book.ok()) << ToLine(book.error());
  const Decision& d = *book.value().Find("D1");
  EXPECT_EQ(d.GrantFor(YearMonth(2024, 12))->ToString(), "6");
  EXPECT_EQ(d.GrantFor(YearMonth(2024, 11))->ToString(), "10");
  EXPECT_EQ(d.monthly_voucher_cap, Money::Parse("1824.00").value());
  auto bad = ParseDecisions(
      R"({"decision_id":"D1","client":"C-1","service":"kotihoito","municipality":"Mikkeli","valid_from":"2024-01-01","providers":[],"voucher_value":"18.40","granted":{"quantity":"10","months":{"joulu":"6"}}})",
      "d.jsonl", Loaded());
  EXPECT_EQ(bad.error().code, "invalid_month");
}

TEST(EventsInput, ACancelledVisitIsMarkedInJsonAndCsv) {
  EventStream json = ParseEventLines(
      R"({"event_id":"E1","provider":"3456780-6","decision_id":"D1","service":"kotihoito","start":"2024-05-06T09:00:00+03:00","end":"2024-05-06T10:00:00+03:00","recorded_at":"2024-05-06T12:00:00+03:00","cancelled":true})",
      "e.jsonl");
  ASSERT_EQ(json.events.size(), 1u);
  EXPECT_TRUE(json.events[0].cancelled);
  EventStream csv = ParseEventCsv(
      "event_id,provider,decision_id,service,date,quantity,recorded_at,cancelled\n"
      "E1,3456780-6,D1,ateria,2024-05-07,2,2024-05-07T12:00:00+03:00,true\n"
      "E2,3456780-6,D1,ateria,2024-05-07,2,2024-05-07T12:00:00+03:00,maybe\n",
      "e.csv");
  ASSERT_EQ(csv.events.size(), 1u);
  EXPECT_TRUE(csv.events[0].cancelled);
  EXPECT_NE(csv.events[0].fingerprint, json.events[0].fingerprint);
  ASSERT_EQ(csv.malformed.size(), 1u);
  EXPECT_NE(csv.malformed[0].message.find("true or false"), std::string::npos);
}

TEST(EventsInput, FinnishSpreadsheetCsv) {
  // As Excel saves it: BOM, semicolons, CRLF, decimal commas, local times.
  std::string csv =
      "\xEF\xBB\xBF"
      "event_id;provider;decision_id;service;start;end;date;quantity;recorded_at;cancelled\r\n"
      "E1;3456780-6;D1;kotihoito;3.6.2024 16:00;2024-06-03 17:30;;;3.6.2024 "
      "18:00;EP\xC3\x84TOSI\r\n"
      "E2;3456780-6;D1;ateria;;;3.6.2024;1,5;4.1.2024 8:05;TOSI\r\n";
  EventStream s = ParseEventCsv(csv, "e.csv");
  ASSERT_EQ(s.events.size(), 2u) << (s.malformed.empty() ? "" : s.malformed[0].message);
  EXPECT_EQ(s.events[0].start->ToHelsinkiString(), "2024-06-03T16:00:00+03:00");
  EXPECT_EQ(s.events[0].end->ToHelsinkiString(), "2024-06-03T17:30:00+03:00");
  EXPECT_EQ(s.events[1].date->ToString(), "2024-06-03");
  EXPECT_EQ(s.events[1].quantity->ToString(), "1.5");
  EXPECT_EQ(s.events[1].recorded_at.ToHelsinkiString(), "2024-01-04T08:05:00+02:00");
  EXPECT_FALSE(s.events[0].cancelled);
  EXPECT_TRUE(s.events[1].cancelled);
}

TEST(EventsInput, ALocalTimeThatDoesNotExistOrOccursTwiceIsRefused) {
  std::string csv =
      "event_id;provider;decision_id;service;start;end;recorded_at\n"
      "E1;3456780-6;D1;kotihoito;31.3.2024 3:30;31.3.2024 5:00;1.4.2024 8:00\n"
      "E2;3456780-6;D1;kotihoito;27.10.2024 3:30;27.10.2024 5:00;28.10.2024 8:00\n";
  EventStream s = ParseEventCsv(csv, "e.csv");
  EXPECT_TRUE(s.events.empty());
  ASSERT_EQ(s.malformed.size(), 2u);
  EXPECT_NE(s.malformed[0].message.find("does not exist"), std::string::npos);
  EXPECT_EQ(s.malformed[0].line, 2);
  EXPECT_NE(s.malformed[1].message.find("occurs twice"), std::string::npos);
}

// A file of several chunks, parsed in parallel, reads as one text did:
// every event, absence and bad line in input order with the file's line
// numbers. Only events that share an ID carry fingerprints, which tell a
// resend from a conflict.
TEST(EventsInput, LoadEventsReadsAFileOfManyChunksInOrder) {
  auto event = [](int i, const char* worker) {
    return R"({"event_id":"E)" + std::to_string(i) +
           R"(","provider":"P","decision_id":"D","service":"s","date":"2024-05-07","quantity":"1","recorded_at":"2024-05-07T12:00:00+03:00","worker":")" +
           worker + "\"}\n";
  };
  std::string path = testing::TempDir() + "/many-chunks.jsonl";
  {
    std::ofstream f(path);
    for (int i = 1; i <= 50000; ++i) f << event(i, "T-1");
    f << "\n{\"event_id\":\"bad\"\n";  // lines 50001-50002
    f << R"({"absence_id":"A1","decision_id":"D","from":"2024-05-08"})"
      << "\n";                                                       // 50003
    f << event(7, "T-1") << event(9, "T-2") << event(50004, "T-1");  // 50004-50006
  }
  auto loaded = LoadEvents(path);
  std::filesystem::remove(path);
  ASSERT_TRUE(loaded.ok());
  const EventStream& s = loaded.value();
  ASSERT_EQ(s.events.size(), 50003u);
  for (size_t i = 0; i < 50000; ++i) ASSERT_EQ(s.events[i].line, static_cast<int>(i) + 1);
  EXPECT_EQ(s.events[50000].id, "E7");
  EXPECT_EQ(s.events[50002].line, 50006);
  ASSERT_EQ(s.malformed.size(), 1u);
  EXPECT_EQ(s.malformed[0].line, 50002);
  ASSERT_EQ(s.absences.size(), 1u);
  EXPECT_EQ(s.events[6].fingerprint, s.events[50000].fingerprint);  // a resend of E7
  EXPECT_FALSE(s.events[8].fingerprint.empty());
  EXPECT_NE(s.events[8].fingerprint, s.events[50001].fingerprint);  // E9 again, changed
  EXPECT_TRUE(s.events[0].fingerprint.empty());
  EXPECT_TRUE(s.events[50002].fingerprint.empty());
}

}  // namespace
}  // namespace seteli::formats
