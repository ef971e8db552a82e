#include "api/health.h"

#include "api/http_reply.h"

namespace seteli::api {
namespace {

void Degrade(Health& h, std::string code, std::string fi, std::string en) {
  if (h.status == "ok") h.status = "degraded";
  h.reasons.push_back({std::move(code), std::move(fi), std::move(en)});
}

}  // namespace

Health CheckHealth(store::Store& store, const HealthLimits& limits) {
  Health h;
  auto ping = store.Ping();
  if (!ping.ok()) {
    h.status = "unavailable";
    h.http_status = 503;
    h.reasons.push_back({"store_unreachable", "Tietovarasto ei vastaa: " + ping.error().message,
                         "The store does not answer: " + ping.error().message});
    return h;
  }
  auto outbox = store.GetOutboxStats();
  if (!outbox.ok()) {
    h.status = "unavailable";
    h.http_status = 503;
    h.reasons.push_back({"store_unreachable",
                         "Lähtevien jonoa ei voi lukea: " + outbox.error().message,
                         "The outbox cannot be read: " + outbox.error().message});
    return h;
  }
  const store::OutboxStats& s = outbox.value();
  if (s.failed > 0) {
    std::string n = std::to_string(s.failed);
    Degrade(h, "outbox_failed",
            n + " viestiä operaattorille on epäonnistunut ja odottaa käsittelyä.",
            n + " messages to the operator failed and wait for a person (seteli outbox --state "
                "failed).");
  }
  // Store timestamps sort as text in time order (Clock::UtcText).
  std::string limit =
      store.clock().UtcText(-static_cast<int64_t>(limits.outbox_max_age_seconds) * 1000);
  if (!s.oldest_unsent_at.empty() && s.oldest_unsent_at < limit) {
    std::string secs = std::to_string(limits.outbox_max_age_seconds);
    Degrade(h, "outbox_stale",
            "Vanhin lähettämätön viesti on jonotettu " + s.oldest_unsent_at + ", yli " + secs +
                " s sitten.",
            "The oldest message not sent was queued at " + s.oldest_unsent_at + ", over " + secs +
                " s ago.");
  }
  return h;
}

std::string HealthJson(const Health& h, const std::string& extra) {
  std::string reasons;
  for (const HealthReason& r : h.reasons) {
    reasons += (reasons.empty() ? "" : ",") + std::string("{\"code\":") + JsonQuote(r.code) +
               ",\"message_fi\":" + JsonQuote(r.message_fi) +
               ",\"message_en\":" + JsonQuote(r.message_en) + "}";
  }
  return "{\"status\":" + JsonQuote(h.status) + ",\"reasons\":[" + reasons + "]" + extra + "}";
}

}  // namespace seteli::api
