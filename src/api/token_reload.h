// The config's tokens taken again without a restart (docs/operations.md,
// "Keys and tokens"): on SIGHUP and when the config file changes. Only the
// tokens are taken; every other setting still takes a restart.
#ifndef SETELI_API_TOKEN_RELOAD_H_
#define SETELI_API_TOKEN_RELOAD_H_

#include <string>

#include "api/api_state.h"

namespace seteli::api {

// Reads `config_path` and makes its tokens the ones accepted, logging how
// many and `why` ("SIGHUP", "config changed"). A file that does not load
// changes nothing and is logged as an error: the tokens before stay.
void ReloadTokens(ApiState& state, const std::string& config_path, const std::string& why);

}  // namespace seteli::api

#endif  // SETELI_API_TOKEN_RELOAD_H_
