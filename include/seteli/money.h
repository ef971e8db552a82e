// Money in exact integer cents, and quantities in exact thousandths.
//
//   Money price = Money::Parse("30.00").value();
//   Money amount = Money::MulDiv(price, 135, 60);   // 2 h 15 min -> 67.50
//
// The one rounding rule of the domain: half away from zero (for the positive
// amounts of a settlement that is "half up"), applied once per line.
#ifndef SETELI_MONEY_H_
#define SETELI_MONEY_H_

#include <cstdint>
#include <compare>
#include <string>
#include <string_view>

#include "seteli/status.h"

namespace seteli {

class Money {
 public:
  constexpr Money() = default;
  static constexpr Money FromCents(int64_t cents) { return Money(cents); }

  // Parses "25.00", "25.5", "25" or "-3.10"; more than two decimals, a sign
  // other than a leading '-', or anything not a digit is an error.
  static Result<Money> Parse(std::string_view text);

  // round_half_away_from_zero(amount * num / den); den must be positive.
  static Money MulDiv(Money amount, int64_t num, int64_t den);

  constexpr int64_t cents() const { return cents_; }
  bool negative() const { return cents_ < 0; }
  std::string ToString() const;  // "87.50", "-5.00"

  Money operator+(Money o) const { return Money(cents_ + o.cents_); }
  Money operator-(Money o) const { return Money(cents_ - o.cents_); }
  Money operator-() const { return Money(-cents_); }
  Money& operator+=(Money o) { cents_ += o.cents_; return *this; }
  Money& operator-=(Money o) { cents_ -= o.cents_; return *this; }
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
