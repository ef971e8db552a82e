// When to try a failed send again: exponential backoff with jitter. The
// delay doubles with each failed attempt up to a cap, and a random share of
// it is dropped so that many messages failing together (an operator outage)
// do not all come back at the same instant.
//
//   Backoff b({.base_ms = 1000, .max_ms = 300000});
//   int64_t wait = b.Delay(attempts_so_far, rng);  // in [d/2, d], d = base*2^(n-1)
#ifndef SETELI_OPERATOR_BACKOFF_H_
#define SETELI_OPERATOR_BACKOFF_H_

#include <cstdint>
#include <random>

namespace seteli::exchange {

struct BackoffPolicy {
  int64_t base_ms = 1000;
  int64_t max_ms = 300000;
};

class Backoff {
 public:
  explicit Backoff(BackoffPolicy policy) : policy_(policy) {}

  // The wait after the `failed`-th failed attempt (1 for the first).
  int64_t Delay(int failed, std::mt19937_64& rng) const;

 private:
  BackoffPolicy policy_;
};

}  // namespace seteli::exchange

#endif  // SETELI_OPERATOR_BACKOFF_H_
