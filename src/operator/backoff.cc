#include "operator/backoff.h"

#include <algorithm>

namespace seteli::exchange {

int64_t Backoff::Delay(int failed, std::mt19937_64& rng) const {
  int64_t d = policy_.base_ms;
  for (int i = 1; i < failed && d < policy_.max_ms; ++i) d *= 2;
  d = std::min(d, policy_.max_ms);
  // "Equal jitter": at least half the delay, so backoff still grows.
  std::uniform_int_distribution<int64_t> share(d / 2, d);
  return share(rng);
}

}  // namespace seteli::exchange
