// What the daemon's request handlers share: configuration, the store, the
// current catalog, the intake, access control and metrics. Built once by
// `seteli serve`; everything in it is thread-safe.
#ifndef SETELI_API_API_STATE_H_
#define SETELI_API_API_STATE_H_

#include <atomic>
#include <memory>

#include "api/catalog.h"
#include "api/event_intake.h"
#include "api/metrics.h"
#include "api/sessions.h"
#include "api/token_auth.h"
#include "config/config.h"
#include "invoicing/monthly_run.h"
#include "receiving/smtp_mailer.h"
#include "store/store.h"

namespace seteli::api {

class RunService;

struct ApiState {
  ApiState(ServeConfig c, std::unique_ptr<store::Store> s, std::shared_ptr<const Catalog> catalog)
      : config(std::move(c)),
        store(std::move(s)),
        catalogs(std::move(catalog)),
        intake(store.get(), &catalogs),
        auth(config.tokens, store.get(), store->clock()),
        sessions(std::chrono::seconds(config.session_idle_seconds)),
        mailer(MakeMailer(config)) {}

  ServeConfig config;
  std::unique_ptr<store::Store> store;
  CatalogHolder catalogs;
  EventIntake intake;
  Authenticator auth;     // the config's tokens (reloaded) and the stored keys
  SessionStore sessions;  // the pages' sign-ins (api/portal_routes.h)
  Metrics metrics;
  // Set by `seteli serve`: the monthly runs and the self-billing drafter
  // that releases use; absent in commands that serve no requests.
  RunService* runs = nullptr;
  invoicing::SelfBillingDrafter self_billing_drafter = {};
  std::mutex catalog_writes;  // one registry update at a time
  // Invoice notices by e-mail; null when no SMTP relay is configured.
  std::unique_ptr<receiving::NoticeMailer> mailer;

 private:
  static std::unique_ptr<receiving::NoticeMailer> MakeMailer(const ServeConfig& c) {
    if (c.smtp_host.empty()) return nullptr;
    return std::make_unique<receiving::SmtpMailer>(receiving::SmtpSettings{c.smtp_host, c.smtp_port, c.smtp_from, 10});
  }
};

// Makes `rulebook` current: checks the stored decisions against it,
// records it in the store and swaps the catalog. Errors leave all as before.
Result<store::Done> ActivateRulebook(ApiState& state, Rulebook rulebook, const std::string& text,
                                     const std::string& actor);

}  // namespace seteli::api

#endif  // SETELI_API_API_STATE_H_
