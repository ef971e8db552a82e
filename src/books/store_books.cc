#include "books/store_books.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <span>

#include "books/self_billing_invoices.h"
#include "formats/settlement_json.h"

namespace seteli::books {
namespace {

using exports::InvoiceStatus;
using exports::ReceivedInvoice;

// Enough for any month: the store's queries are limited, not paged.
constexpr int kInvoiceLimit = 1000000;

Result<Settlement> SettlementOf(const store::SettlementRecord& r) {
  auto parsed = formats::ParseSettlementJson(r.body);
  if (!parsed.ok()) {
    return Error{"store_corrupt",
                 "the stored settlement of " + r.provider + " " + r.month +
                     " does not parse: " + parsed.error().message};
  }
  Settlement s = std::move(parsed).value();
  s.reference = r.reference;
  s.price_total = Money::FromCents(r.price_total);
  s.voucher_total = Money::FromCents(r.voucher_total);
  s.copay_total = Money::FromCents(r.copay_total);
  return s;
}

BalanceStatement StatementOf(const store::BalanceRow& r, YearMonth month) {
  BalanceStatement b;
  b.decision_id = r.decision_id;
  b.client = r.client;
  auto m = YearMonth::Parse(r.month);
  b.month = m.ok() ? m.value() : month;
  b.opening = Money::FromCents(r.opening);
  b.accrual = Money::FromCents(r.accrual);
  b.used = Money::FromCents(r.used);
  b.closing = Money::FromCents(r.closing);
  b.suspension_days = r.suspension_days;
  return b;
}

// "20240531" (Finvoice CCYYMMDD) or "2024-05-31"; none when unreadable.
std::optional<Date> ReadDate(const std::string& text) {
  if (text.size() == 8 && text.find_first_not_of("0123456789") == std::string::npos) {
    auto d = Date::Parse(text.substr(0, 4) + "-" + text.substr(4, 2) + "-" + text.substr(6, 2));
    if (d.ok()) return d.value();
  }
  auto d = Date::Parse(text);
  return d.ok() ? std::optional<Date>(d.value()) : std::nullopt;
}

// The invoice's date; the epoch when unreadable.
Date InvoiceDate(const std::string& text) { return ReadDate(text).value_or(Date{}); }

// The codes of a stored reasons array [{code, ...}].
std::vector<std::string> ReasonCodes(const std::string& reasons) {
  std::vector<std::string> codes;
  try {
    auto array = Poco::JSON::Parser().parse(reasons).extract<Poco::JSON::Array::Ptr>();
    for (size_t i = 0; array && i < array->size(); ++i) {
      auto o = array->getObject(static_cast<unsigned>(i));
      if (o && o->has("code")) codes.push_back(o->getValue<std::string>("code"));
    }
  } catch (const Poco::Exception&) {
    codes.push_back("unreadable_reasons");
  }
  return codes;
}

// Invoices with a verdict; credit notes are folded into the invoice they
// credit, and an invoice credited in full counts as withdrawn (left out).
// A month of credits (`credit_month`: the provider's voucher total below
// zero) is answered by a credit note of its own, which counts as its
// invoice.
std::optional<ReceivedInvoice> InvoiceOf(const store::InvoiceRecord& r, bool credit_month) {
  const bool document =
      r.type == store::kTypeInvoice || (credit_month && r.type == store::kTypeCreditNote);
  if (!document || r.state == store::kInvoiceReceived) return std::nullopt;
  ReceivedInvoice i;
  i.provider = r.provider.empty() ? r.seller : r.provider;
  i.reference = r.reference;
  i.number = r.invoice_number;
  i.date = InvoiceDate(r.invoice_date);
  i.due_date = ReadDate(r.due_date);  // else the ledger counts the payment term
  i.total = Money::FromCents(r.total_cents.value_or(0) + r.credited_cents);
  if (r.state == store::kInvoiceAccepted) {
    if (r.credited_cents != 0 && i.total.cents() == 0) return std::nullopt;
    i.status = InvoiceStatus::kAccepted;
  } else {
    i.status = InvoiceStatus::kRejected;
    i.rejection_codes = ReasonCodes(r.reasons);
  }
  return i;
}

std::string Compact(const std::string& reference) {
  std::string out;
  for (char c : reference) {
    if (c != ' ') out += c;
  }
  return out;
}

// Invoices carry the reference as written ("23456782024058"); the same
// reference in the settlement's grouping ("2345 67820 24058") is the same
// reference, and is shown as the settlement writes it.
void SpellReferences(exports::MonthBooks& books) {
  std::map<std::string, std::string> spelled;
  for (const Settlement& s : books.settlements) spelled[Compact(s.reference)] = s.reference;
  for (ReceivedInvoice& i : books.invoices) {
    auto it = spelled.find(Compact(i.reference));
    if (it != spelled.end()) i.reference = it->second;
  }
}

// What the month's books take from the provider registry.
struct Registry {
  std::map<std::string, std::string> names;
  std::set<std::string> self_billing;  // the engine draws up their invoices
};

Result<Registry> ReadRegistry(store::RegistryStore& store) {
  auto docs = store.ListProviders();
  if (!docs.ok()) return docs.error();
  Registry r;
  for (const store::Document& d : docs.value()) {
    try {
      auto o = Poco::JSON::Parser().parse(d.body).extract<Poco::JSON::Object::Ptr>();
      if (o && o->has("name")) r.names[d.id] = o->getValue<std::string>("name");
      if (o && o->optValue<bool>("self_billing", false)) r.self_billing.insert(d.id);
    } catch (const Poco::Exception&) {
      // A provider without a readable name is exported with an empty name.
    }
  }
  return r;
}

Result<SettlementLine> ParseStoredLine(const std::string& body) {
  try {
    return formats::ParseLineJson(body);
  } catch (const std::exception& e) {
    return Error{"invalid_amount", std::string("settlement line: ") + e.what()};
  }
}

}  // namespace

exports::SettlementState StateOf(const std::string& s) {
  return ParseSettlementState(s).value_or(SettlementState::kOpen);
}

StoredLines::StoredLines(store::SettlementStore& store, std::string month)
    : store_(store), month_(std::move(month)) {}

StoredLines::~StoredLines() = default;

void StoredLines::AddSettlement(std::string provider, bool kept_apart,
                                std::vector<SettlementLine> body_lines) {
  settlements_.push_back({std::move(provider), kept_apart, std::move(body_lines)});
}

Result<bool> StoredLines::ReadLines(size_t i, const ChunkFn& chunk) {
  const Entry& e = settlements_.at(i);
  if (!e.kept_apart) {
    if (!e.body_lines.empty()) chunk(e.body_lines);
    return true;
  }
  std::vector<SettlementLine> lines;
  lines.reserve(kLinesPerRead);
  int after = std::numeric_limits<int>::min();
  for (;;) {
    auto page = store_.SettlementLineBodies(e.provider, month_, after, kLinesPerRead);
    if (!page.ok()) return page.error();
    for (const store::StoredLineBody& row : page.value()) {
      auto line = ParseStoredLine(row.body);
      if (!line.ok()) {
        return Error{"store_corrupt", "the stored settlement of " + e.provider + " " + month_ +
                                          " does not parse: " + line.error().message};
      }
      // The run and the corrections find a line by its column: a body
      // changed apart from it is damage.
      if (line.value().event_id != row.event_id) {
        return Error{"store_corrupt", "line " + std::to_string(row.line_no) +
                                          " of the stored settlement of " + e.provider + " " +
                                          month_ + " names event " + line.value().event_id +
                                          " but is stored as event " + row.event_id};
      }
      lines.push_back(std::move(line).value());
      after = row.line_no;
    }
    if (!lines.empty()) chunk(lines);
    if (page.value().size() < static_cast<size_t>(kLinesPerRead)) return true;
    lines.clear();
  }
}

Result<StoredMonth> LoadMonthHeads(store::Store& store, YearMonth month,
                                   const exports::ChartOfAccounts& accounts) {
  StoredMonth out;
  exports::MonthBooks& books = out.heads;
  books.month = month;
  books.accounts = accounts;
  const std::string m = month.ToString();
  out.lines = std::make_unique<StoredLines>(store, m);
  auto settlements = store.ListSettlementHeads(m, "");
  if (!settlements.ok()) return settlements.error();
  std::set<std::string> credit_months;  // providers
  for (const store::SettlementRecord& r : settlements.value()) {
    if (r.voucher_total < 0) credit_months.insert(r.provider);
    auto s = SettlementOf(r);
    if (!s.ok()) return s.error();
    books.statuses[r.provider] = {StateOf(r.state), r.held_reason, r.invoice_number.has_value()};
    out.lines->AddSettlement(r.provider, store::LinesKeptApart(r), std::move(s.value().lines));
    s.value().lines.clear();
    books.settlements.push_back(std::move(s).value());
  }
  auto balances = LoadBalanceStatements(store, month);
  if (!balances.ok()) return balances.error();
  books.balances = std::move(balances).value();
  auto invoices = store.ListInvoices({.provider = "", .month = m, .limit = kInvoiceLimit});
  if (!invoices.ok()) return invoices.error();
  for (const store::InvoiceRecord& r : invoices.value()) {
    if (auto i = InvoiceOf(r, credit_months.count(r.provider) > 0)) {
      books.invoices.push_back(std::move(*i));
    }
  }
  SpellReferences(books);
  auto issued = LoadSelfBillingInvoices(store, month);
  if (!issued.ok()) return issued.error();
  books.self_billing_invoices = std::move(issued).value();
  auto registry = ReadRegistry(store);
  if (!registry.ok()) return registry.error();
  // A self-billing provider's month is self_billed even before its invoice
  // is drawn up (a settlement held, then released): no invoice is to come
  // from the provider, so it is never `missing`.
  for (auto& [provider, status] : books.statuses) {
    if (registry.value().self_billing.count(provider)) status.self_billed = true;
  }
  books.provider_names = std::move(registry.value().names);
  return out;
}

Result<exports::MonthBooks> LoadMonthBooks(store::Store& store, YearMonth month,
                                           const exports::ChartOfAccounts& accounts) {
  auto stored = LoadMonthHeads(store, month, accounts);
  if (!stored.ok()) return stored.error();
  exports::MonthBooks& books = stored.value().heads;
  for (size_t i = 0; i < books.settlements.size(); ++i) {
    std::vector<SettlementLine>& lines = books.settlements[i].lines;
    auto read = stored.value().lines->ReadLines(i, [&](std::span<const SettlementLine> chunk) {
      lines.insert(lines.end(), chunk.begin(), chunk.end());
    });
    if (!read.ok()) return read.error();
  }
  return std::move(books);
}

Result<std::vector<exports::Failure>> ReconcileStored(store::Store& store, YearMonth month,
                                                      const exports::ChartOfAccounts& accounts,
                                                      size_t* settlements) {
  auto stored = LoadMonthHeads(store, month, accounts);
  if (!stored.ok()) return stored.error();
  if (settlements) *settlements = stored.value().heads.settlements.size();
  return exports::Reconcile(stored.value().heads, *stored.value().lines);
}

Result<std::vector<BalanceStatement>> LoadBalanceStatements(store::RunStore& store,
                                                            YearMonth month) {
  auto rows = store.ListBalanceStatements(month.ToString());
  if (!rows.ok()) return rows.error();
  std::vector<BalanceStatement> out;
  for (const store::BalanceRow& b : rows.value()) out.push_back(StatementOf(b, month));
  return out;
}

}  // namespace seteli::books
