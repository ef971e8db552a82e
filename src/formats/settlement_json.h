// settlement.json: a month's settlements, rejections and balance
// statements, in the contract's shape (docs/formats.md).
#ifndef SETELI_FORMATS_SETTLEMENT_JSON_H_
#define SETELI_FORMATS_SETTLEMENT_JSON_H_

#include <Poco/JSON/Object.h>

#include <ostream>
#include <string>
#include <string_view>

#include "formats/pretty_json_writer.h"
#include "seteli/settlement.h"
#include "seteli/status.h"

namespace seteli::formats {

Poco::JSON::Object::Ptr LineJson(const SettlementLine& line);
Poco::JSON::Object::Ptr SettlementJson(const Settlement& s);
Poco::JSON::Object::Ptr MonthSettlementJson(const MonthSettlement& m);
// An unpaid remainder of a client-free event, as in settlement.json.
Poco::JSON::Object::Ptr UnpaidJson(const UnpaidRemainder& u);
// The same texts as LineJson(line) and SettlementJson(s) stringified
// compactly, written straight into a string: the monthly run writes one per
// line, and building Poco objects cost more than settling. The settlement's
// lines are left out ("lines":[] with the given line_count): the store
// keeps each line once and puts them back when read.
std::string LineJsonText(const SettlementLine& line);
std::string SettlementHeadJsonText(const Settlement& s, int line_count);
// A line back from its JSON (as stored by the monthly run).
Result<SettlementLine> ParseLineJson(std::string_view json);
// A settlement, lines included, back from its JSON.
Result<Settlement> ParseSettlementJson(std::string_view json);

// The month as WriteJson(MonthSettlementJson(m), out) writes it, byte for
// byte, streamed: no object tree for a month of a million lines.
void WriteMonthSettlementJson(const MonthSettlement& m, std::ostream& out);

// settlement.json written a piece at a time, for a month settled a client
// group at a time (settling/streamed_month.h): a settlement's lines may
// come as text formatted apart by AppendLineElement, joined in order.
//
//   MonthSettlementStream out(std::cout, month, rulebook.version);
//   out.BeginSettlement(head, line_count);   // head.lines is not written
//   out.Lines(text);
//   out.EndSettlement();
//   out.Finish(rejected, unpaid, balances);
class MonthSettlementStream {
 public:
  MonthSettlementStream(std::ostream& out, YearMonth month, std::string_view rulebook_version);
  void BeginSettlement(const Settlement& head, int64_t line_count);
  void Line(const SettlementLine& line);
  void Lines(std::string_view text);
  void EndSettlement();
  void Finish(const std::vector<Rejection>& rejected, const std::vector<UnpaidRemainder>& unpaid,
              const std::vector<BalanceStatement>& balances);

 private:
  PrettyJsonWriter w_;
};

// `line` as an element of a settlement's "lines" in settlement.json, with
// the ",\n" before it, for MonthSettlementStream::Lines: written straight
// into a string, as a million lines cost more to format than to settle.
void AppendLineElement(std::string& out, const SettlementLine& line);

// Pretty-printed with one space a level, ending in a newline.
void WriteJson(const Poco::JSON::Object::Ptr& obj, std::ostream& out);

}  // namespace seteli::formats

#endif  // SETELI_FORMATS_SETTLEMENT_JSON_H_
