// Internal to formats: a walk through one line of JSON in its common shape,
// for the readers that take that shape without a JSON library
// (plain_event_line.h, plain_settlement_line.h). Every step answers false
// on anything uncommon, and the caller leaves the line to the full reader.
//
//   PlainJsonCursor c(row);
//   std::string_view name, value;
//   if (!c.Take('{') || !c.String(name) || !c.Take(':') || !c.String(value)) ...
#ifndef SETELI_FORMATS_PLAIN_JSON_CURSOR_H_
#define SETELI_FORMATS_PLAIN_JSON_CURSOR_H_

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace seteli::formats {

class PlainJsonCursor {
 public:
  explicit PlainJsonCursor(std::string_view text)
      : p_(text.data()), end_(text.data() + text.size()) {}

  // A flat object whose keys are among `names`, each at most once:
  // `value(k)` reads the value of names[k] after its colon and answers
  // whether it could. `seen` gets bit k for each key read. Keys are looked
  // for from the name after the last key found: the writers put them in
  // the order of `names`, so most are found at the first try.
  template <size_t N, typename Value>
  bool Object(const std::string_view (&names)[N], uint32_t& seen, Value value) {
    static_assert(N <= 32, "a bit of `seen` for each key");
    if (!Take('{')) return false;
    size_t next = 0;
    do {
      std::string_view name;
      if (!String(name) || !Take(':')) return false;
      const std::string_view* found = std::find(names + next, names + N, name);
      if (found == names + N) {
        found = std::find(names, names + next, name);
        if (found == names + next) found = names + N;
      }
      const auto k = static_cast<size_t>(found - names);
      next = k + 1;
      if (k == N || ((seen >> k) & 1)) return false;
      seen |= 1u << k;
      if (!value(static_cast<int>(k))) return false;
    } while (Take(','));
    return Take('}') && AtEnd();
  }

  bool Take(char c) {
    SkipSpace();
    if (p_ == end_ || *p_ != c) return false;
    ++p_;
    return true;
  }
  // A string of printable ASCII without escapes.
  bool String(std::string_view& out) {
    if (!Take('"')) return false;
    const char* start = p_;
    for (; p_ != end_; ++p_) {
      const auto c = static_cast<unsigned char>(*p_);
      if (c == '"') {
        out = std::string_view(start, static_cast<size_t>(p_ - start));
        ++p_;
        return true;
      }
      if (c == '\\' || c < 0x20 || c > 0x7e) return false;
    }
    return false;
  }
  // A whole number of at most six digits, without leading zeros or "-0".
  bool SmallInteger(int64_t& out) {
    SkipSpace();
    const bool negative = p_ != end_ && *p_ == '-';
    if (negative) ++p_;
    const char* start = p_;
    int64_t n = 0;
    for (; p_ != end_ && *p_ >= '0' && *p_ <= '9'; ++p_) {
      if (p_ - start == 6) return false;  // a seventh digit, before it could overflow
      n = n * 10 + (*p_ - '0');
    }
    const auto digits = p_ - start;
    if (digits == 0 || (*start == '0' && (digits > 1 || negative))) return false;
    out = negative ? -n : n;
    return true;
  }
  bool Word(std::string_view word) {
    SkipSpace();
    if (static_cast<size_t>(end_ - p_) < word.size() || std::string_view(p_, word.size()) != word) {
      return false;
    }
    p_ += word.size();
    return true;
  }
  bool AtEnd() {
    SkipSpace();
    return p_ == end_;
  }
  bool AtString() {
    SkipSpace();
    return p_ != end_ && *p_ == '"';
  }

 private:
  void SkipSpace() {
    while (p_ != end_ && (*p_ == ' ' || *p_ == '\t' || *p_ == '\r' || *p_ == '\n')) ++p_;
  }
  const char* p_;
  const char* end_;
};

}  // namespace seteli::formats

#endif  // SETELI_FORMATS_PLAIN_JSON_CURSOR_H_
