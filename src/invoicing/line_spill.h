// A provider's settlement lines written to an unnamed temporary file while
// the monthly run settles one group of clients after another, and read back
// in the same order when the provider-month is committed: the month's lines
// never have to be in memory at once.
//
//   LineSpill spill;
//   spill.Append(line, LineJsonText(line));
//   spill.Rewind();
//   std::optional<LineSpill::Entry> e;
//   while ((e = spill.Next())) ...
#ifndef SETELI_INVOICING_LINE_SPILL_H_
#define SETELI_INVOICING_LINE_SPILL_H_

#include <optional>
#include <string>

#include "invoicing/temp_file.h"
#include "seteli/settlement.h"
#include "seteli/status.h"

namespace seteli::invoicing {

class LineSpill {
 public:
  // What comes back of a line: its stored JSON and the fields the store's
  // columns, the totals and the self-billing invoice's rows need. The
  // line's other strings (client, decision, ...) are only in `json`.
  struct Entry {
    SettlementLine line;
    std::string json;
  };

  LineSpill();

  // The file could not be created or written (e.g. /tmp is full).
  const std::optional<Error>& error() const { return error_; }

  void Append(const SettlementLine& line, const std::string& json);
  int64_t count() const { return count_; }

  // Back to the first line, for Next(). An I/O error ends the lines early
  // and is kept in error().
  void Rewind();
  std::optional<Entry> Next();

 private:
  void Fail(const char* what);

  TempFile file_;
  int64_t count_ = 0;
  int64_t read_ = 0;
  std::optional<Error> error_;
};

}  // namespace seteli::invoicing

#endif  // SETELI_INVOICING_LINE_SPILL_H_
