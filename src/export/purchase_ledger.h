// The purchase ledger of a month (ostoreskontra): what accounts payable
// pays the providers, one invoice at a time, with the cost coding of each
// part. docs/finance.md lists the columns.
//
//   PurchaseLedger ledger = BuildPurchaseLedger(books);
//   std::vector<Failure> f = CheckPurchaseLedger(ledger, BuildJournal(books), books);
//   CsvSummary s = WritePurchaseLedger(ledger, out, Dialect::kFinnish);
//
// The invoices are the accepted provider invoices and the self-billing
// invoices of the month; rejected invoices are left out. An invoice's
// amount is split by the cost coding (account, cost centre) of its
// settlement's lines (MonthBooks::CodingOf), so most invoices are one row,
// and an invoice whose lines fall under two cost centres is two.
#ifndef SETELI_EXPORT_PURCHASE_LEDGER_H_
#define SETELI_EXPORT_PURCHASE_LEDGER_H_

#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "export/csv_writer.h"
#include "export/journal_export.h"
#include "export/line_source.h"
#include "export/month_books.h"
#include "export/reconcile.h"

namespace seteli::exports {

enum class LedgerSource { kProviderInvoice, kSelfBilling };
const char* LedgerSourceName(LedgerSource s);  // "invoice", "self_billing"

struct LedgerPart {
  Coding coding;
  Money amount;
};

struct LedgerInvoice {
  LedgerSource source = LedgerSource::kProviderInvoice;
  std::string provider;
  std::string provider_name;
  std::string number;
  std::string reference;
  Date date;
  Date due_date;
  SettlementState state = SettlementState::kOpen;
  bool has_settlement = false;
  std::optional<Money> stated_total = {};  // as the invoice says, when known
  std::vector<LedgerPart> parts = {};      // by account, then cost centre

  Money Total() const;  // of the parts
};

struct PurchaseLedger {
  YearMonth month;
  std::vector<LedgerInvoice> invoices;  // by provider, then source and number
  Money Total() const;
};

PurchaseLedger BuildPurchaseLedger(const MonthBooks& books);
// The same with the lines read from `lines`. Errors: those of `lines`.
Result<PurchaseLedger> BuildPurchaseLedger(const MonthBooks& books, LineSource& lines);

// The ledger against the journal: each invoice has a settlement of the
// month and its parts add up to what the invoice says; every part has an
// account; and the ledger's total equals the journal's accounts payable
// of the providers it lists.
// Codes: ledger_invoice_mismatch, cost_coding_missing, ledger_total_mismatch.
std::vector<Failure> CheckPurchaseLedger(const PurchaseLedger& ledger, const Journal& journal);

// Columns: kPurchaseLedgerColumns (export_columns.h).
CsvSummary WritePurchaseLedger(const PurchaseLedger& ledger, std::ostream& out, Dialect dialect);

}  // namespace seteli::exports

#endif  // SETELI_EXPORT_PURCHASE_LEDGER_H_
