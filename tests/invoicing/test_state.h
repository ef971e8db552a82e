// The daemon's state opened on a store for a run test, from a config
// written into the test's directory (the tests/app/data world), and
// events for its intake.
#ifndef SETELI_TESTS_INVOICING_TEST_STATE_H_
#define SETELI_TESTS_INVOICING_TEST_STATE_H_

#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "daemon/daemon_setup.h"
#include "daemon/event_intake.h"
#include "formats/events_input.h"

namespace seteli::testing {

// Writes `dir`/seteli.conf naming `store_url`, `rulebook` and the world's
// providers and decisions in `data`, and opens the state it describes.
inline Result<std::unique_ptr<daemon::DaemonState>> OpenTestState(const std::filesystem::path& dir,
                                                                  const std::string& store_url,
                                                                  const std::string& rulebook,
                                                                  const std::string& data) {
  std::ofstream(dir / "seteli.conf") << "listen: 127.0.0.1:0\nstore: " << store_url
                                     << "\nrulebook: " << rulebook << "\nproviders: " << data
                                     << "/providers.yaml\ndecisions: " << data
                                     << "/decisions.jsonl\ntokens: []\n";
  auto config = config::LoadServeConfig((dir / "seteli.conf").string());
  if (!config.ok()) return config.error();
  return daemon::OpenDaemonState(config.value(), "test");
}

// Takes JSON Lines `text` through `state`'s intake, as the daemon takes a
// provider's POST: the verdicts, or an error naming the first line that
// does not parse, or the intake's own.
inline Result<std::vector<daemon::EventVerdict>> Ingest(daemon::DaemonState& state,
                                                        const std::string& text) {
  formats::EventStream stream = formats::ParseEventLines(text, "test");
  if (!stream.malformed.empty()) return Error{"malformed_event", stream.malformed[0].message};
  std::vector<daemon::IntakeItem> items;
  for (Event& e : stream.events) {
    daemon::IntakeItem item;
    item.body = daemon::EventToJson(e);
    item.event = std::move(e);
    items.push_back(std::move(item));
  }
  return state.intake.Take(items, "test", std::nullopt);
}

// The same for one JSON object a line.
inline Result<std::vector<daemon::EventVerdict>> Ingest(daemon::DaemonState& state,
                                                        const std::vector<std::string>& lines) {
  std::string text;
  for (const std::string& l : lines) text += l + "\n";
  return Ingest(state, text);
}

}  // namespace seteli::testing

#endif  // SETELI_TESTS_INVOICING_TEST_STATE_H_
