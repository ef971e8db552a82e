// The columns of the month's CSV exports, in order: the contract with
// finance's systems (docs/exports.md), all in one place. Each export writes
// its rows' cells in this order; a cell of another kind or a row of another
// length is a programming error (csv_writer.h).
#ifndef SETELI_EXPORT_EXPORT_COLUMNS_H_
#define SETELI_EXPORT_EXPORT_COLUMNS_H_

#include "export/csv_writer.h"

namespace seteli::exports {

// The balances export (balances_export.h): one row a balance statement.
inline constexpr Column kBalancesColumns[] = {
    {"month", ColumnKind::kMonth},    {"decision_id", ColumnKind::kText},
    {"client", ColumnKind::kText},    {"opening", ColumnKind::kAmount},
    {"accrual", ColumnKind::kAmount}, {"suspension_days", ColumnKind::kInteger},
    {"used", ColumnKind::kAmount},    {"closing", ColumnKind::kAmount},
};

// The co-payments export (copayments_export.h): one row a client, provider,
// service and original month.
inline constexpr Column kCopaymentsColumns[] = {
    {"month", ColumnKind::kMonth},
    {"client", ColumnKind::kText},
    {"business_id", ColumnKind::kText},
    {"service", ColumnKind::kText},
    {"unit", ColumnKind::kText},
    {"original_month", ColumnKind::kText},
    {"line_count", ColumnKind::kInteger},
    {"quantity", ColumnKind::kQuantity},
    {"minutes", ColumnKind::kInteger},
    {"price_total", ColumnKind::kAmount},
    {"voucher_total", ColumnKind::kAmount},
    {"copay_total", ColumnKind::kAmount},
};

// The journal (journal_export.h): one row a posting.
inline constexpr Column kJournalColumns[] = {
    {"month", ColumnKind::kMonth},        {"posting_date", ColumnKind::kDate},
    {"row", ColumnKind::kInteger},        {"kind", ColumnKind::kText},
    {"account", ColumnKind::kText},       {"debit", ColumnKind::kAmount},
    {"credit", ColumnKind::kAmount},      {"business_id", ColumnKind::kText},
    {"service", ColumnKind::kText},       {"municipality", ColumnKind::kText},
    {"class", ColumnKind::kText},         {"original_month", ColumnKind::kText},
    {"line_count", ColumnKind::kInteger}, {"text", ColumnKind::kText},
};

// The purchase ledger (purchase_ledger.h): one row a part of an invoice.
inline constexpr Column kPurchaseLedgerColumns[] = {
    {"month", ColumnKind::kMonth},         {"source", ColumnKind::kText},
    {"business_id", ColumnKind::kText},    {"provider_name", ColumnKind::kText},
    {"invoice_number", ColumnKind::kText}, {"reference", ColumnKind::kText},
    {"invoice_date", ColumnKind::kDate},   {"due_date", ColumnKind::kDate},
    {"account", ColumnKind::kText},        {"cost_centre", ColumnKind::kText},
    {"amount", ColumnKind::kAmount},       {"settlement_state", ColumnKind::kText},
};

// The reconciliation export (reconciliation_export.h): one row a provider.
inline constexpr Column kReconciliationColumns[] = {
    {"month", ColumnKind::kMonth},           {"business_id", ColumnKind::kText},
    {"provider_name", ColumnKind::kText},    {"invoice_reference", ColumnKind::kText},
    {"settlement_state", ColumnKind::kText}, {"line_count", ColumnKind::kInteger},
    {"price_total", ColumnKind::kAmount},    {"voucher_total", ColumnKind::kAmount},
    {"copay_total", ColumnKind::kAmount},    {"invoice_numbers", ColumnKind::kText},
    {"invoice_dates", ColumnKind::kText},    {"invoiced_total", ColumnKind::kAmount},
    {"status", ColumnKind::kText},           {"difference", ColumnKind::kAmount},
    {"rejection_codes", ColumnKind::kText},  {"held_reason", ColumnKind::kText},
};

// The treasury costs (treasury_costs.h): one row an account and service class.
inline constexpr Column kTreasuryCostsColumns[] = {
    {"month", ColumnKind::kMonth},        {"account", ColumnKind::kText},
    {"service_class", ColumnKind::kText}, {"amount", ColumnKind::kAmount},
    {"line_count", ColumnKind::kInteger},
};

}  // namespace seteli::exports

#endif  // SETELI_EXPORT_EXPORT_COLUMNS_H_
