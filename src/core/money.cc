#include "seteli/money.h"

#include <cstdint>
#include <cstdlib>
#include <stdexcept>

namespace seteli {
namespace {

// round_half_away_from_zero(cents * num / den) in 128 bits, which hold any
// product of two 64-bit values; den must be positive.
__int128 MulDivWide(int64_t cents, int64_t num, int64_t den) {
  __int128 p = static_cast<__int128>(cents) * num;
  bool neg = p < 0;
  if (neg) p = -p;
  __int128 q = p / den;
  if ((p % den) * 2 >= den) ++q;  // half away from zero
  return neg ? -q : q;
}

// Parses an unsigned decimal with at most `scale` decimals and at most 12
// whole digits (under a trillion euros or units) into an integer scaled by
// 10^scale. Returns false on anything else. The bound keeps the value, and
// what the rules multiply it by (a quantity's 60 ticks a thousandth, sums
// of many lines), well inside int64_t.
bool ParseScaled(std::string_view text, int scale, int64_t* out) {
  if (text.empty() || text.size() > 18) return false;
  int64_t whole = 0;
  size_t i = 0;
  for (; i < text.size() && text[i] != '.'; ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
    whole = whole * 10 + (text[i] - '0');
  }
  if (i == 0) return false;  // ".5"
  if (i > 12) return false;  // "888888888888888812"
  int64_t frac = 0;
  int digits = 0;
  if (i < text.size()) {
    ++i;  // '.'
    if (i == text.size()) return false;  // "5."
    for (; i < text.size(); ++i, ++digits) {
      if (text[i] < '0' || text[i] > '9' || digits >= scale) return false;
      frac = frac * 10 + (text[i] - '0');
    }
  }
  for (; digits < scale; ++digits) frac *= 10;
  int64_t factor = 1;
  for (int k = 0; k < scale; ++k) factor *= 10;
  *out = whole * factor + frac;
  return true;
}

std::string FormatScaled(int64_t value, int scale, bool trim) {
  bool neg = value < 0;
  uint64_t v = neg ? uint64_t(0) - uint64_t(value) : uint64_t(value);
  uint64_t factor = 1;
  for (int k = 0; k < scale; ++k) factor *= 10;
  std::string frac = std::to_string(v % factor);
  frac.insert(0, scale - frac.size(), '0');
  if (trim) {
    while (!frac.empty() && frac.back() == '0') frac.pop_back();
  }
  std::string s = (neg ? "-" : "") + std::to_string(v / factor);
  return frac.empty() ? s : s + "." + frac;
}

}  // namespace

Result<Money> Money::Parse(std::string_view text) {
  bool neg = !text.empty() && text[0] == '-';
  int64_t cents = 0;
  if (!ParseScaled(neg ? text.substr(1) : text, 2, &cents)) {
    return Error{"invalid_amount", "not an amount with at most two decimals: '" +
                                       std::string(text) + "'"};
  }
  return Money(neg ? -cents : cents);
}

void ThrowMoneyOverflow() { throw std::overflow_error("amount beyond 64 bits of cents"); }

Money Money::MulDiv(Money amount, int64_t num, int64_t den) {
  __int128 q = MulDivWide(amount.cents_, num, den);
  if (q > INT64_MAX || q < INT64_MIN) ThrowMoneyOverflow();
  return Money(static_cast<int64_t>(q));
}

bool Money::LineFits(Money amount, int64_t num, int64_t den) {
  __int128 q = MulDivWide(amount.cents_, num, den);
  return q <= kMaxLineCents && q >= -kMaxLineCents;
}

std::string Money::ToString() const { return FormatScaled(cents_, 2, false); }

Result<Quantity> Quantity::Parse(std::string_view text) {
  int64_t milli = 0;
  if (!ParseScaled(text, 3, &milli)) {
    return Error{"invalid_quantity", "not a quantity with at most three decimals: '" +
                                         std::string(text) + "'"};
  }
  return Quantity(milli);
}

std::string Quantity::ToString() const { return FormatScaled(milli_, 3, true); }

}  // namespace seteli
