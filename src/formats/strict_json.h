// JSON as the daemon takes it in: Poco's parser, refusing an object with a
// key twice. Readers differ on which duplicate wins (the first, the last),
// so a body with one could be checked by one reading and stored or used by
// another: it is refused instead.
//
//   Poco::Dynamic::Var v = ParseStrictJson(text);  // Poco::JSON::JSONException
#ifndef SETELI_FORMATS_STRICT_JSON_H_
#define SETELI_FORMATS_STRICT_JSON_H_

#include <Poco/Dynamic/Var.h>

#include <string>

namespace seteli::formats {

// Throws Poco::JSON::JSONException (a Poco::Exception) on invalid JSON and on
// a duplicate key ("duplicate key \"provider\"").
Poco::Dynamic::Var ParseStrictJson(const std::string& text);

}  // namespace seteli::formats

#endif  // SETELI_FORMATS_STRICT_JSON_H_
