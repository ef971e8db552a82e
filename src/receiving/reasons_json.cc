#include "receiving/reasons_json.h"

namespace seteli::receiving {

std::string ReasonsJson(const std::vector<finvoice::InvoiceError>& reasons) {
  using finvoice::JsonString;
  std::string out = "[";
  for (const finvoice::InvoiceError& e : reasons) {
    if (out.size() > 1) out += ",";
    out += "{\"code\":" + JsonString(e.code) + ",\"layer\":" + JsonString(finvoice::LayerName(e.layer)) +
           ",\"path\":" + JsonString(e.path) + ",\"message_fi\":" + JsonString(e.message_fi) +
           ",\"message_en\":" + JsonString(e.message_en) + "}";
  }
  return out + "]";
}

}  // namespace seteli::receiving
