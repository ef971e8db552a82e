// The reasons of a verdict as the store keeps them and the API shows them:
// a JSON array of {"code","layer","path","message_fi","message_en"}.
#ifndef SETELI_RECEIVING_REASONS_JSON_H_
#define SETELI_RECEIVING_REASONS_JSON_H_

#include <string>
#include <vector>

#include "finvoice/validation_report.h"

namespace seteli::receiving {

std::string ReasonsJson(const std::vector<finvoice::InvoiceError>& reasons);

// The reasons back from what ReasonsJson wrote (a notice rebuilt for a
// stored verdict); nothing for text it did not write.
std::vector<finvoice::InvoiceError> ReasonsFromJson(const std::string& json);

}  // namespace seteli::receiving

#endif  // SETELI_RECEIVING_REASONS_JSON_H_
