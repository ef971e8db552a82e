// Loading the provider registry from YAML: a list of providers with their
// approvals and price lists (format: docs/formats.md). A price may fall
// within a calendar year but never rise; a rise is refused at load time.
#ifndef SETELI_FORMATS_PROVIDERS_YAML_H_
#define SETELI_FORMATS_PROVIDERS_YAML_H_

#include <string>

#include "seteli/provider.h"
#include "seteli/status.h"

namespace seteli::formats {

Result<ProviderRegistry> ParseProviders(const std::string& text, const std::string& file);
Result<ProviderRegistry> LoadProviders(const std::string& path);

}  // namespace seteli::formats

#endif  // SETELI_FORMATS_PROVIDERS_YAML_H_
