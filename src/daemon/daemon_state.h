// What the daemon and the CLI commands that work on its store share:
// configuration, the store, the current catalog, the intake, the run
// service and the mailer. Built once by `seteli serve` (inside the HTTP
// API's state, api/api_state.h) or by a command; everything in it is
// thread-safe.
#ifndef SETELI_DAEMON_DAEMON_STATE_H_
#define SETELI_DAEMON_DAEMON_STATE_H_

#include <atomic>
#include <memory>
#include <mutex>

#include "config/config.h"
#include "daemon/catalog.h"
#include "daemon/event_intake.h"
#include "invoicing/monthly_run.h"
#include "receiving/smtp_mailer.h"
#include "store/store.h"

namespace seteli::daemon {

// The daemon speaks of its configuration by its short name.
using config::ServeConfig;

class RunService;

struct DaemonState {
  DaemonState(ServeConfig c, std::unique_ptr<store::Store> s,
              std::shared_ptr<const Catalog> catalog)
      : config(std::move(c)),
        store(std::move(s)),
        catalogs(std::move(catalog)),
        intake(store.get(), &catalogs),
        mailer(MakeMailer(config)) {}
  DaemonState(const DaemonState&) = delete;
  DaemonState& operator=(const DaemonState&) = delete;

  ServeConfig config;
  std::unique_ptr<store::Store> store;
  CatalogHolder catalogs;
  EventIntake intake;
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
    return std::make_unique<receiving::SmtpMailer>(
        receiving::SmtpSettings{c.smtp_host, c.smtp_port, c.smtp_from, 10});
  }
};

}  // namespace seteli::daemon

#endif  // SETELI_DAEMON_DAEMON_STATE_H_
