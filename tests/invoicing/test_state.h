// The daemon's state opened on a store for a run test, from a config
// written into the test's directory (the tests/app/data world).
#ifndef SETELI_TESTS_INVOICING_TEST_STATE_H_
#define SETELI_TESTS_INVOICING_TEST_STATE_H_

#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

#include "api/daemon_setup.h"

namespace seteli::testing {

// Writes `dir`/seteli.conf naming `store_url`, `rulebook` and the world's
// providers and decisions in `data`, and opens the state it describes.
inline Result<std::unique_ptr<api::ApiState>> OpenTestState(const std::filesystem::path& dir,
                                                            const std::string& store_url,
                                                            const std::string& rulebook,
                                                            const std::string& data) {
  std::ofstream(dir / "seteli.conf") << "listen: 127.0.0.1:0\nstore: " << store_url
                                     << "\nrulebook: " << rulebook << "\nproviders: " << data
                                     << "/providers.yaml\ndecisions: " << data
                                     << "/decisions.jsonl\ntokens: []\n";
  auto config = config::LoadServeConfig((dir / "seteli.conf").string());
  if (!config.ok()) return config.error();
  return api::OpenApiState(config.value(), "test");
}

}  // namespace seteli::testing

#endif  // SETELI_TESTS_INVOICING_TEST_STATE_H_
