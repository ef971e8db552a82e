// Money in exact integer cents, and quantities in exact thousandths.
//
//   Money price = Money::Parse("30.00").value();
//   Money amount = Money::MulDiv(price, 135, 60);   // 2 h 15 min -> 67.50
//
// The one rounding rule of the domain: half away from zero (for the positive
// amounts of a settlement that is "half up"), applied once per line.
//
// Arithmetic that would leave 64 bits throws std::overflow_error: the rules
// bound every line (kMaxLineCents), so that is a bug, never a rounding.
#ifndef SETELI_MONEY_H_
#define SETELI_MONEY_H_

#include <cstdint>
#include <compare>
#include <string>
#include <string_view>

#include "seteli/status.h"

namespace seteli {

// The most one line may come to, a billion euros: far above any service,
// and low enough that a month of ninety million such lines still sums.
inline constexpr int64_t kMaxLineCents = 100'000'000'000;

[[noreturn]] void ThrowMoneyOverflow();

class Money {
 public:
  constexpr Money() = default;
  static constexpr Money FromCents(int64_t cents) { return Money(cents); }

  // Parses "25.00", "25.5", "25" or "-3.10"; more than two decimals, a sign
  // other than a leading '-', or anything not a digit is an error.
  static Result<Money> Parse(std::string_view text);

  // round_half_away_from_zero(amount * num / den); den must be positive.
  static Money MulDiv(Money amount, int64_t num, int64_t den);

  // Whether MulDiv(amount, num, den) stays within kMaxLineCents either side.
  static bool LineFits(Money amount, int64_t num, int64_t den);

  constexpr int64_t cents() const { return cents_; }
  bool negative() const { return cents_ < 0; }
  std::string ToString() const;  // "87.50", "-5.00"

  Money operator+(Money o) const {
    int64_t r;
    if (__builtin_add_overflow(cents_, o.cents_, &r)) ThrowMoneyOverflow();
    return Money(r);
  }
  Money operator-(Money o) const {
    int64_t r;
    if (__builtin_sub_overflow(cents_, o.cents_, &r)) ThrowMoneyOverflow();
    return Money(r);
  }
  Money operator-() const { return Money() - *this; }
  Money& operator+=(Money o) { return *this = *this + o; }
  Money& operator-=(Money o) { return *this = *this - o; }
  auto operator<=>(const Money&) const = default;

 private:
  constexpr explicit Money(int64_t cents) : cents_(cents) {}
  int64_t cents_ = 0;
};

inline Money Min(Money a, Money b) { return a < b ? a : b; }
inline Money Max(Money a, Money b) { return a < b ? b : a; }

// A non-negative decimal quantity (units of a service) in thousandths.
class Quantity {
 public:
  constexpr Quantity() = default;
  static constexpr Quantity FromMilli(int64_t milli) { return Quantity(milli); }
  static constexpr Quantity Units(int64_t units) { return Quantity(units * 1000); }

  // Parses "1", "3.5", "0.125"; at most three decimals.
  static Result<Quantity> Parse(std::string_view text);

  constexpr int64_t milli() const { return milli_; }
  bool whole() const { return milli_ % 1000 == 0; }
  std::string ToString() const;  // shortest: "3.5", "31", "0.125"

  Quantity operator+(Quantity o) const { return Quantity(milli_ + o.milli_); }
  Quantity operator-(Quantity o) const { return Quantity(milli_ - o.milli_); }
  Quantity& operator+=(Quantity o) { milli_ += o.milli_; return *this; }
  auto operator<=>(const Quantity&) const = default;

 private:
  constexpr explicit Quantity(int64_t milli) : milli_(milli) {}
  int64_t milli_ = 0;
};

inline Quantity Min(Quantity a, Quantity b) { return a < b ? a : b; }

}  // namespace seteli

#endif  // SETELI_MONEY_H_
