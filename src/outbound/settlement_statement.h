// The settlement statement (tilitysilmoitus) the organizer publishes to a
// provider for a month: a self-contained, printable HTML page in Finnish
// with English labels, listing every settled line (date, event, client
// pseudonym, service, quantity, unit price, price, voucher, co-payment,
// flags), the totals, each client's sums (the co-payment the provider bills
// that client), and the clients' balance statements (saldotiliote) when
// given.
//
//   std::vector<BalanceStatement> b = BalancesFor(settlement, month.balances);
//   Result<std::string> html = BuildSettlementStatement(settlement, provider, rulebook, b);
//
// Written with libxml2's writer, so every name and code is escaped; the
// only markup is the page's own. Client IDs are the engine's pseudonyms,
// never personal identity codes.
#ifndef SETELI_OUTBOUND_SETTLEMENT_STATEMENT_H_
#define SETELI_OUTBOUND_SETTLEMENT_STATEMENT_H_

#include <span>
#include <string>
#include <vector>

#include "seteli/provider.h"
#include "seteli/rulebook.h"
#include "seteli/settlement.h"
#include "seteli/status.h"

namespace seteli::outbound {

// The balance statements of the decisions that appear in `settlement`'s
// lines, in decision order: what one provider may see of them.
std::vector<BalanceStatement> BalancesFor(const Settlement& settlement, std::span<const BalanceStatement> all);

// UTF-8 HTML5. Code "xml_write_failed" only if libxml2 fails.
Result<std::string> BuildSettlementStatement(const Settlement& settlement, const Provider& provider,
                                             const Rulebook& rulebook,
                                             std::span<const BalanceStatement> balances = {});

}  // namespace seteli::outbound

#endif  // SETELI_OUTBOUND_SETTLEMENT_STATEMENT_H_
