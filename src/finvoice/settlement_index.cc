#include "finvoice/settlement_index.h"

#include <Poco/Exception.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <algorithm>
#include <fstream>
#include <sstream>

namespace seteli::finvoice {
namespace {

Error Invalid(const std::string& file, const std::string& why) {
  return Error{"invalid_settlements", why, file};
}

// A string member, or "" when absent or not a string.
std::string StringOf(const Poco::JSON::Object::Ptr& o, const std::string& key) {
  if (!o || !o->has(key)) return "";
  Poco::Dynamic::Var v = o->get(key);
  return v.isString() ? v.extract<std::string>() : "";
}

}  // namespace

std::string CompactReferenceText(const std::string& reference) {
  std::string out;
  for (char c : reference) {
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') continue;
    out += (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
  }
  return out;
}

void SettlementIndex::Add(SettlementSummary s) {
  by_reference_[CompactReferenceText(s.reference)] = settlements_.size();
  settlements_.push_back(std::move(s));
}

const SettlementSummary* SettlementIndex::FindByReference(const std::string& reference) const {
  auto it = by_reference_.find(CompactReferenceText(reference));
  return it == by_reference_.end() ? nullptr : &settlements_[it->second];
}

Result<SettlementIndex> ParseSettlementIndex(const std::string& text, const std::string& file) {
  SettlementIndex index;
  try {
    Poco::JSON::Parser parser;
    Poco::Dynamic::Var root = parser.parse(text);
    Poco::JSON::Object::Ptr obj = root.extract<Poco::JSON::Object::Ptr>();
    index.month = StringOf(obj, "month");
    Poco::JSON::Array::Ptr list = obj->getArray("settlements");
    if (!list) return Invalid(file, "no \"settlements\" array");
    for (size_t i = 0; i < list->size(); ++i) {
      Poco::JSON::Object::Ptr s = list->getObject(static_cast<unsigned>(i));
      std::string where = "settlements[" + std::to_string(i) + "]";
      if (!s) return Invalid(file, where + " is not an object");
      SettlementSummary sum;
      sum.provider = StringOf(s, "provider");
      sum.reference = StringOf(s, "reference");
      std::string total = StringOf(s, "voucher_total");
      if (sum.provider.empty()) return Invalid(file, where + ".provider is missing");
      if (sum.reference.empty()) return Invalid(file, where + ".reference is missing");
      Result<Money> m = Money::Parse(total);
      if (!m.ok()) return Invalid(file, where + ".voucher_total '" + total + "' is not an amount");
      sum.voucher_total = m.value();
      if (Poco::JSON::Array::Ptr lines = s->getArray("lines")) {
        for (size_t k = 0; k < lines->size(); ++k) {
          std::string service = StringOf(lines->getObject(static_cast<unsigned>(k)), "service");
          if (!service.empty() &&
              std::find(sum.services.begin(), sum.services.end(), service) == sum.services.end()) {
            sum.services.push_back(service);
          }
        }
      }
      index.Add(std::move(sum));
    }
  } catch (const Poco::Exception& e) {
    return Invalid(file, "not valid JSON: " + e.displayText());
  } catch (const std::exception& e) {
    return Invalid(file, std::string("not a settlement.json: ") + e.what());
  }
  return index;
}

Result<SettlementIndex> LoadSettlementIndex(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Invalid(path, "cannot open the file");
  std::ostringstream text;
  text << in.rdbuf();
  return ParseSettlementIndex(text.str(), path);
}

}  // namespace seteli::finvoice
