// Internal to formats: a settlement line as the store keeps it (the compact
// JSON of LineJsonText) read without a JSON library, for reconcile and the
// exports, which read every line of the month. The common shape is a flat
// object of the line's known keys whose values are plain strings (printable
// ASCII, no escapes), `minutes` a whole number and `flags` a list of plain
// strings, every field as the full reader (settlement_json.cc) would accept
// it. Anything else, valid or not, is left to the full reader, so that a
// line gives the same line or the same error whichever way it is read.
//
//   SettlementLine l;
//   if (!ScanPlainSettlementLine(json, l)) { ...the full reader... }
#ifndef SETELI_FORMATS_PLAIN_SETTLEMENT_LINE_H_
#define SETELI_FORMATS_PLAIN_SETTLEMENT_LINE_H_

#include <string_view>

#include "seteli/settlement.h"

namespace seteli::formats {

// True when `json` is a settlement line in the common shape, read into
// `out`; on false, `out` is left in no particular state.
bool ScanPlainSettlementLine(std::string_view json, SettlementLine& out);

}  // namespace seteli::formats

#endif  // SETELI_FORMATS_PLAIN_SETTLEMENT_LINE_H_
