// Reads the config's `cost_coding:` section (docs/operations.md):
//
//   cost_coding:
//     payment_days: 14
//     default: {account: "4342", cost_centre: "5000"}
//     overrides:
//       - {class: health, account: "4341"}
//       - {municipality: Mikkeli, cost_centre: "5100"}
//     treasury:
//       accounts: {"4341": "4340"}
//       classes: {health: "P2100", social: "P3100"}
//       services: {palveluasuminen: "P3300"}
//
// The daemon's config reader calls it with the section's node; errors name
// the key ("cost_coding: overrides[2]: class: ...") and the line.
#ifndef SETELI_EXPORT_COST_CODING_YAML_H_
#define SETELI_EXPORT_COST_CODING_YAML_H_

#include "export/cost_coding.h"
#include "seteli/status.h"

namespace YAML {
class Node;
}  // namespace YAML

namespace seteli::exports {

// Error code config_error; `error_line` (1-based) is set to the line at
// fault when one is known.
Result<CostCoding> ReadCostCoding(const YAML::Node& section, int* error_line);

}  // namespace seteli::exports

#endif  // SETELI_EXPORT_COST_CODING_YAML_H_
