// Errors as values. A failure the caller should expect (a rejected event, a
// malformed file) is an `Error` with a stable machine-readable `code` and a
// sentence for people; `Result<T>` carries either a value or such an error.
//
//   Result<Money> m = Money::Parse("25.00");
//   if (!m.ok()) std::cerr << m.error().code << ": " << m.error().message;
//
// Exceptions are kept for the truly unexpected (a broken invariant, OOM).
#ifndef SETELI_STATUS_H_
#define SETELI_STATUS_H_

#include <string>
#include <utility>
#include <variant>

namespace seteli {

struct Error {
  std::string code;     // stable, snake_case, e.g. "price_over_cap"
  std::string message;  // for people; names the field or value at fault
  std::string where = {};  // "file:line" where known, else empty
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
