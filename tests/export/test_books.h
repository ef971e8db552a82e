// Test support: the fixture month as MonthBooks (settled by the core from
// /fixtures, with invoices, states and a chart of accounts made up here),
// a small CSV reader that reads both dialects as Excel would, and a line
// builder for hand-made books.
#ifndef SETELI_TESTS_EXPORT_TEST_BOOKS_H_
#define SETELI_TESTS_EXPORT_TEST_BOOKS_H_

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "export/month_books.h"
#include "formats/decisions_jsonl.h"
#include "formats/events_input.h"
#include "formats/providers_yaml.h"
#include "formats/rulebook_yaml.h"
#include "seteli/settle.h"

namespace seteli::exports::testing {

inline std::string SourcePath(const std::string& relative) {
  return std::string(SETELI_SOURCE_DIR) + "/" + relative;
}

inline std::string ReadFile(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) throw std::runtime_error("cannot read " + path);
  std::ostringstream s;
  s << f.rdbuf();
  return s.str();
}

template <class T>
T Must(Result<T> r) {
  if (!r.ok()) throw std::runtime_error(ToLine(r.error()));
  return std::move(r).value();
}

inline Money M(const char* text) { return Must(Money::Parse(text)); }
inline Date D(const char* text) { return Must(Date::Parse(text)); }

// The fixture month settled by the core, as SettleMonth gives it.
inline MonthSettlement FixtureSettlement() {
  static const MonthSettlement settled = [] {
    Rulebook rulebook = Must(formats::LoadRulebook(SourcePath("fixtures/rulebook.yaml")));
    ProviderRegistry providers = Must(formats::LoadProviders(SourcePath("fixtures/providers.yaml")));
    DecisionBook decisions =
        Must(formats::LoadDecisions(SourcePath("fixtures/decisions.jsonl"), rulebook));
    formats::EventStream stream = Must(formats::LoadEvents(SourcePath("fixtures/events.jsonl")));
    for (Absence& a : stream.absences) decisions.AddAbsence(std::move(a));
    SettleContext ctx{&rulebook, &providers, &decisions};
    return SettleMonth(ctx, stream.events, YearMonth(2024, 5));
  }();
  return settled;
}

inline const Settlement& SettlementOf(const MonthBooks& books, const std::string& provider) {
  for (const Settlement& s : books.settlements) {
    if (s.provider == provider) return s;
  }
  throw std::runtime_error("no settlement for " + provider);
}

// May 2024 with the invoices finance would have by the export: every status
// of the reconciliation export appears once at least.
inline MonthBooks FixtureBooks() {
  MonthSettlement m = FixtureSettlement();
  MonthBooks b;
  b.month = m.month;
  b.settlements = m.settlements;
  b.balances = m.balances;
  ProviderRegistry providers = Must(formats::LoadProviders(SourcePath("fixtures/providers.yaml")));
  for (const auto& [id, p] : providers.all()) b.provider_names[id] = p.name;
  b.accounts.expense_by_class[ServiceClass::kHealth] = "4341";
  b.accounts.expense_by_class[ServiceClass::kSocial] = "4342";
  b.accounts.expense_by_service["palveluasuminen"] = "4345";
  b.accounts.expense_by_service["tehostettu-palveluasuminen"] = "4345";
  b.accounts.accounts_payable = "2871";
  b.accounts.prior_period = "4349";

  auto invoice = [&](const std::string& provider, const char* number, const char* date,
                     InvoiceStatus status, std::vector<std::string> codes = {},
                     const char* total = nullptr) {
    const Settlement& s = SettlementOf(b, provider);
    b.invoices.push_back({provider, s.reference, number, D(date),
                          total ? M(total) : s.voucher_total, status, std::move(codes)});
  };
  // Honkala: accepted.
  invoice("1960387-2", "HON-2024-051", "2024-06-03", InvoiceStatus::kAccepted);
  // Kuusi: rejected first (wrong total, no exemption basis), then accepted.
  invoice("2345678-0", "5117", "2024-06-02", InvoiceStatus::kRejected,
          {"total_mismatch", "missing_exemption_basis"}, "4415.69");
  invoice("2345678-0", "5121", "2024-06-05", InvoiceStatus::kAccepted);
  // Koivu: self-billing, accepted.
  invoice("2471234-4", "SB-2471234-4-202405", "2024-06-01", InvoiceStatus::kAccepted);
  // Kallio (2650011-8): nothing received: missing.
  // Puolukka: rejected for an invoicing surcharge row.
  invoice("2987654-0", "A-778", "2024-06-04", InvoiceStatus::kRejected, {"non_payable_row"},
          "689.90");
  // Saimaan Hoiva: invoice accepted but the settlement is held.
  invoice("3012345-8", "2024-0188", "2024-06-03", InvoiceStatus::kAccepted);
  b.statuses["3012345-8"] = {SettlementState::kHeld, "absences of D-0023 under review"};
  // Mänty: self-billing, accepted.
  invoice("3456780-6", "SB-3456780-6-202405", "2024-06-01", InvoiceStatus::kAccepted);
  for (const char* p : {"1960387-2", "2345678-0", "2471234-4", "3456780-6"}) {
    b.statuses[p] = {SettlementState::kInvoiced, ""};
  }
  b.statuses["2650011-8"] = {SettlementState::kSettled, ""};
  b.statuses["2987654-0"] = {SettlementState::kSettled, ""};
  return b;
}

// A line of `voucher` + `copay` for hand-made books.
inline SettlementLine Line(const std::string& event, const std::string& provider,
                           const std::string& client, const std::string& service, Money voucher,
                           Money copay) {
  SettlementLine l;
  l.event_id = event;
  l.decision_id = "D-" + client;
  l.client = client;
  l.provider = provider;
  l.service = service;
  l.municipality = "Mikkeli";
  l.unit = Unit::kVisit;
  l.date = Date::FromYmd(2024, 5, 6);
  l.quantity = Quantity::Units(1);
  l.unit_price = voucher + copay;
  l.price = voucher + copay;
  l.voucher = voucher;
  l.copay = copay;
  return l;
}

// Adds `line` to its provider's settlement (made if missing), keeping the totals.
inline void AddLine(MonthBooks& b, SettlementLine line) {
  for (Settlement& s : b.settlements) {
    if (s.provider == line.provider) {
      s.price_total += line.price;
      s.voucher_total += line.voucher;
      s.copay_total += line.copay;
      s.lines.push_back(std::move(line));
      return;
    }
  }
  Settlement s;
  s.provider = line.provider;
  s.month = b.month;
  s.reference = SettlementReference(line.provider, b.month, ReferenceKind::kFinnish);
  s.price_total = line.price;
  s.voucher_total = line.voucher;
  s.copay_total = line.copay;
  s.lines.push_back(std::move(line));
  b.settlements.push_back(std::move(s));
}

// A CSV file read back as Excel reads it: a UTF-8 BOM is dropped, fields
// split on `delimiter`, quotes undone, records end in CRLF (or LF).
using Table = std::vector<std::vector<std::string>>;
inline Table ReadCsv(std::string_view text, char delimiter) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  Table rows;
  std::vector<std::string> row;
  std::string field;
  bool quoted = false, any = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field.push_back('"');
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field.push_back(c);
      }
    } else if (c == '"') {
      quoted = true;
      any = true;
    } else if (c == delimiter) {
      row.push_back(std::move(field));
      field.clear();
      any = true;
    } else if (c == '\r' || c == '\n') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      row.push_back(std::move(field));
      field.clear();
      rows.push_back(std::move(row));
      row.clear();
      any = false;
    } else {
      field.push_back(c);
      any = true;
    }
  }
  if (any || !field.empty()) {
    row.push_back(std::move(field));
    rows.push_back(std::move(row));
  }
  return rows;
}

// A cell of a Finnish Excel sheet as a number of cents: "1234,50", "-3,10".
inline Money FinnishAmount(const std::string& cell) {
  std::string dotted = cell;
  for (char& c : dotted) {
    if (c == ',') c = '.';
  }
  return Must(Money::Parse(dotted));
}

}  // namespace seteli::exports::testing

#endif  // SETELI_TESTS_EXPORT_TEST_BOOKS_H_
