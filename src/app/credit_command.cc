// seteli credit: organizer credits (finance): lists a settled month's
// credits, or credits a settled event with a reason the provider is told.
#include <iostream>

#include "app/cli_args.h"
#include "app/cli_files.h"
#include "app/cli_state.h"
#include "app/command.h"
#include "config/config.h"
#include "daemon/daemon_setup.h"
#include "invoicing/credit_grant.h"
#include "seteli/money.h"

namespace seteli::app {
namespace {

constexpr char kUsage[] =
    "usage: seteli credit --config C --month YYYY-MM [--provider ID]\n"
    "       seteli credit --config C --provider ID --event EVENT_ID --reason-code X --text T\n"
    "                     [--amount EUROS] [--month YYYY-MM] [--credit-id ID]\n"
    "Lists the credits of a settled month, or credits a settled event (hyvitys):\n"
    "all of its voucher part in the month, or --amount of it, never more than was\n"
    "settled net of earlier credits. The reason code is service_not_delivered,\n"
    "wrong_price, duplicate or other; the text is what the provider is told.\n"
    "The provider's next monthly run carries the credit once as a prior-period\n"
    "line. --month defaults to the month of the event's service. The same credit\n"
    "given again changes nothing. Recorded in the audit log.\n"
    "Exit 0: listed or credited; 2: usage, configuration or store error, an\n"
    "event not settled, or an amount beyond what can be credited.\n";

void PrintCredit(const store::CreditRecord& c) {
  std::cout << c.credit_id << "  " << c.provider << "  " << c.event_id << "  " << c.month << "  "
            << Money::FromCents(c.amount).ToString() << "  " << c.reason_code << "  \"" << c.text
            << "\"  " << (c.applied_month.empty() ? "not applied" : "applied " + c.applied_month)
            << "\n";
}

int Give(store::Store& store, const CliArgs& a) {
  invoicing::CreditRequest asked{.provider = a.Get("--provider").value_or(""),
                                 .event_id = *a.Get("--event"),
                                 .month = a.Get("--month").value_or(""),
                                 .reason_code = a.Get("--reason-code").value_or(""),
                                 .text = a.Get("--text").value_or(""),
                                 .credit_id = a.Get("--credit-id").value_or("")};
  if (auto euros = a.Get("--amount")) {
    auto amount = Money::Parse(*euros);
    if (!amount.ok()) return UsageError(amount.error(), kUsage);
    asked.amount = amount.value().cents();
  }
  auto granted = invoicing::GrantCredit(store, asked, "cli:credit");
  if (!granted.ok()) return UsageError(granted.error(), "");
  if (!granted.value().added) std::cout << "given before: ";
  PrintCredit(granted.value().credit);
  return kExitOk;
}

int RunCredit(int argc, char** argv) {
  CommandStart start = StartCommand(argc, argv,
                                    {"--config", "--month", "--provider", "--event",
                                     "--reason-code", "--text", "--amount", "--credit-id"},
                                    {}, {"--config"}, kUsage);
  if (!start.args) return start.exit_code;
  const CliArgs& a = *start.args;
  if (!a.Get("--event") && !a.Get("--month")) {
    return UsageError(Error{"usage", "--month to list, or --event to credit", ""}, kUsage);
  }
  if (auto month = a.Get("--month"); month && !YearMonth::Parse(*month).ok()) {
    return UsageError(YearMonth::Parse(*month).error(), kUsage);
  }
  auto state = OpenCliState(*a.Get("--config"), "cli:credit");
  if (!state.ok()) return UsageError(state.error(), "");
  store::Store& store = *state.value()->store;
  if (a.Get("--event")) return Give(store, a);

  return PrintList(
      store.ListCredits({.month = *a.Get("--month"), .provider = a.Get("--provider").value_or("")}),
      "credit(s) of " + *a.Get("--month"), PrintCredit);
}

const CommandRegistration kCredit{
    {"credit", "organizer credits of settled events: list, give (finance)", &RunCredit}};

}  // namespace
}  // namespace seteli::app
