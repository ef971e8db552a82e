// Errors as values. A failure the caller should expect (a rejected event, a
// malformed file) is an `Error` with a stable machine-readable `code`, a
// sentence for people and a `kind` saying what the caller should do about
// it; `Result<T>` carries either a value or such an error.
//
//   Result<Money> m = Money::Parse("25.00");
//   if (!m.ok()) std::cerr << m.error().code << ": " << m.error().message;
//
// The kind follows from the code through one table (src/core/
// error_codes.cc), so `Error{"price_over_cap", "..."}` is invalid without
// saying so; a site that knows better names the kind. The HTTP API turns
// kinds into statuses in one place (api/http_reply), the command line into
// exit codes in another (app/exit_codes).
//
// Exceptions are kept for the truly unexpected (a broken invariant, OOM).
#ifndef SETELI_STATUS_H_
#define SETELI_STATUS_H_

#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace seteli {

// What the caller should do, whatever the code (absl::StatusCode is the
// model, cut to what this project meets).
enum class ErrorKind {
  // The input is wrong: a malformed file or body, a bad value, an event or
  // invoice the rules refuse, a bad option. The same input fails the same
  // way again: fix the input.
  kInvalid,
  // What was asked for does not exist (no such settlement, run, invoice).
  // Check the name; retrying is pointless until it exists.
  kNotFound,
  // The system is not in the state the operation needs (releasing a
  // settlement that is not held, exporting a month not yet run). Nothing
  // was done: change the state first, then retry.
  kFailedPrecondition,
  // Another worker got there first (a claim taken over). Nothing was done:
  // start again from reading the current state, if the work is still yours.
  kAborted,
  // Something the operation needs did not answer (the store, the operator,
  // the mail server, a daemon that is stopping). Nothing was done: retry
  // later, with backoff; resending is safe.
  kUnavailable,
  // Space ran out (the store's disk). Nothing was done: free space, then
  // retry.
  kResourceExhausted,
  // Stored data is damaged (a stored line that no longer parses). Retrying
  // will not help: a person restores or repairs the store.
  kDataLoss,
  // A bug: an invariant of the program broke. Report it.
  kInternal,
};

// The kind of one of the project's stable codes; a code not in the table
// is kInternal (a test keeps every code the sources write in it).
ErrorKind KindOfCode(std::string_view code);
// "invalid", "not_found", ...: for logs and tests.
const char* ToString(ErrorKind kind);

struct Error {
  std::string code;     // stable, snake_case, e.g. "price_over_cap"
  std::string message;  // for people; names the field or value at fault
  std::string where = {};  // "file:line" where known, else empty
  ErrorKind kind = KindOfCode(code);  // named only where a site knows better
};

// "file:line: code: message", or "code: message" without a place: the one
// line an error takes on stderr.
inline std::string ToLine(const Error& e) {
  return (e.where.empty() ? "" : e.where + ": ") + e.code + ": " + e.message;
}

template <class T>
class Result {
 public:
  Result(T value) : v_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Error error) : v_(std::move(error)) {}  // NOLINT

  bool ok() const { return v_.index() == 0; }
  const T& value() const& { return std::get<0>(v_); }
  T& value() & { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  const Error& error() const { return std::get<1>(v_); }

 private:
  std::variant<T, Error> v_;
};

}  // namespace seteli

#endif  // SETELI_STATUS_H_
