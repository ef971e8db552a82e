// Internal to src/outbound: the rows of a self-billing invoice, grouped from
// a settlement's lines. One row per service and unit price; lines that
// correct an earlier month (prior_period) form rows of their own per month
// corrected, with credits apart from debits, so that a reader can follow
// every row back to the settlement statement.
//
//   std::vector<InvoiceRowGroup> rows = GroupInvoiceRows(settlement);
//   // the rows' voucher parts add up to settlement.voucher_total
#ifndef SETELI_OUTBOUND_SELF_BILLING_ROWS_H_
#define SETELI_OUTBOUND_SELF_BILLING_ROWS_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "seteli/date.h"
#include "seteli/money.h"
#include "seteli/rulebook.h"
#include "seteli/settlement.h"

namespace seteli::outbound::internal {

struct InvoiceRowGroup {
  std::string service;
  ServiceClass service_class = ServiceClass::kSocial;
  Unit unit = Unit::kHour;
  Money unit_price;
  std::optional<YearMonth> corrects;  // prior_period rows: the month corrected
  bool credit = false;                // the credit half of a correction
  int64_t quantity_milli = 0;         // hours from exact minutes for hourly rows
  Money price;
  Money voucher;
  Money copay;
  Date first;
  Date last;
  int line_count = 0;
};

// Rows in a stable order: this month's rows first, by service and unit
// price; then corrections by month corrected, service and unit price, each
// new line's row before the row crediting the old one.
std::vector<InvoiceRowGroup> GroupInvoiceRows(const Settlement& settlement);

// The same rows from lines added one at a time, so that a month's lines
// need not be in memory at once (the monthly run reads them from a file).
class InvoiceRowGrouper {
 public:
  void Add(const SettlementLine& line);
  std::vector<InvoiceRowGroup> Rows() const;

 private:
  // (is correction, month corrected, service, unit price, credit): the
  // ordering key that is also the grouping key.
  using RowKey = std::tuple<bool, YearMonth, std::string, int64_t, bool>;
  struct Accumulator {
    InvoiceRowGroup row;
    int64_t minutes = 0;
    bool all_minutes = true;
  };
  std::map<RowKey, Accumulator> groups_;
};

}  // namespace seteli::outbound::internal

#endif  // SETELI_OUTBOUND_SELF_BILLING_ROWS_H_
