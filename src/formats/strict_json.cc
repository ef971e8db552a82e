#include "formats/strict_json.h"

#include <Poco/JSON/JSONException.h>
#include <Poco/JSON/ParseHandler.h>
#include <Poco/JSON/Parser.h>

#include <set>
#include <vector>

namespace seteli::formats {
namespace {

// Poco's handler, keeping the keys of each open object.
class NoDuplicateKeys : public Poco::JSON::ParseHandler {
 public:
  void reset() override {
    ParseHandler::reset();
    open_.clear();
  }
  void startObject() override {
    ParseHandler::startObject();
    open_.emplace_back();
  }
  void endObject() override {
    open_.pop_back();
    ParseHandler::endObject();
  }
  void key(const std::string& k) override {
    if (!open_.back().insert(k).second)
      throw Poco::JSON::JSONException("duplicate key \"" + k + "\"");
    ParseHandler::key(k);
  }

 private:
  std::vector<std::set<std::string>> open_;
};

}  // namespace

Poco::Dynamic::Var ParseStrictJson(const std::string& text) {
  Poco::JSON::Parser parser(new NoDuplicateKeys);
  return parser.parse(text);
}

}  // namespace seteli::formats
