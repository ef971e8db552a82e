// What GET /healthz says: whether the daemon can serve (the store answers)
// and whether it needs a person (degraded), with the reasons. A degraded
// daemon still serves the API, so it answers 200 and a load balancer keeps
// it in rotation; only an unreachable store makes it 503. Monitoring reads
// `status` and `reasons` (docs/api.md; docs/alerts.yml alerts on the same
// conditions from /metrics).
//
//   Health h = CheckHealth(*state.store, {3600});
//   reply.status = h.http_status; reply.body = HealthJson(h, extra_fields);
#ifndef SETELI_API_HEALTH_H_
#define SETELI_API_HEALTH_H_

#include <string>
#include <vector>

#include "store/store.h"

namespace seteli::api {

struct HealthLimits {
  // A message not sent after this long (queued or failed) degrades health.
  int outbox_max_age_seconds = 3600;
};

struct HealthReason {
  std::string code;  // store_unreachable, outbox_failed, outbox_stale
  std::string message_fi;
  std::string message_en;
};

struct Health {
  std::string status = "ok";  // ok, degraded, unavailable
  int http_status = 200;      // 503 only when unavailable
  std::vector<HealthReason> reasons;
};

Health CheckHealth(store::Store& store, const HealthLimits& limits);

// {"status":...,"reasons":[{"code","message_fi","message_en"}...]} followed
// by `extra` (already JSON members, e.g. ",\"store\":\"sqlite\"").
std::string HealthJson(const Health& h, const std::string& extra);

}  // namespace seteli::api

#endif  // SETELI_API_HEALTH_H_
