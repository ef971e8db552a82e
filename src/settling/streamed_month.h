// `seteli settle` for a month of any size: the file's events held packed
// (formats/packed_events.h), settled a client group at a time
// (client_groups.h), a batch of groups of some 8,000 events on each core
// at a time, each line formatted as soon as it is
// settled and kept in a temporary file until its settlement's totals are
// known. Memory holds the packed events and the groups being settled, not
// the month's lines.
//
// The result is what SettleMonth over every event gives, written as
// WriteMonthSettlementJson writes it, but for two orders: a settlement's
// lines and the month's unpaid remainders come batch by batch (groups by
// their first decision ID), each batch's in settling order.
//
//   std::vector<Rejection> rejected;
//   auto written = SettleStreamed(ctx, file.events, month, std::cout, rejected);
#ifndef SETELI_SETTLING_STREAMED_MONTH_H_
#define SETELI_SETTLING_STREAMED_MONTH_H_

#include <ostream>
#include <vector>

#include "formats/packed_events.h"
#include "seteli/settle.h"

namespace seteli::settling {

// Settles `month` and writes its settlement.json to `out` with `rejected`
// (to which the month's rejections are added, then all sorted by line) as
// its rejections. write_failed when the temporary file fails.
Result<bool> SettleStreamed(const SettleContext& ctx, const formats::PackedEvents& events,
                            YearMonth month, std::ostream& out, std::vector<Rejection>& rejected);

}  // namespace seteli::settling

#endif  // SETELI_SETTLING_STREAMED_MONTH_H_
