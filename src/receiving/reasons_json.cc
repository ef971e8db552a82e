#include "receiving/reasons_json.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

namespace seteli::receiving {
namespace {

finvoice::Layer LayerNamed(const std::string& name) {
  for (finvoice::Layer l : {finvoice::Layer::kParse, finvoice::Layer::kSchema, finvoice::Layer::kVat,
                            finvoice::Layer::kOrganizer}) {
    if (name == finvoice::LayerName(l)) return l;
  }
  return finvoice::Layer::kParse;
}

}  // namespace

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

std::vector<finvoice::InvoiceError> ReasonsFromJson(const std::string& json) {
  std::vector<finvoice::InvoiceError> out;
  try {
    auto array = Poco::JSON::Parser().parse(json).extract<Poco::JSON::Array::Ptr>();
    for (size_t i = 0; array && i < array->size(); ++i) {
      Poco::JSON::Object::Ptr o = array->getObject(static_cast<unsigned>(i));
      if (!o) continue;
      finvoice::InvoiceError e;
      e.code = o->optValue<std::string>("code", "");
      e.layer = LayerNamed(o->optValue<std::string>("layer", ""));
      e.path = o->optValue<std::string>("path", "");
      e.message_fi = o->optValue<std::string>("message_fi", "");
      e.message_en = o->optValue<std::string>("message_en", "");
      out.push_back(std::move(e));
    }
  } catch (const Poco::Exception&) {
    return {};
  }
  return out;
}

}  // namespace seteli::receiving
