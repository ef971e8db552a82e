// Splitting a `POST /v1/events` body into one JSON text per event, without
// parsing the events themselves: a JSON array of objects, or JSON Lines.
// Each piece keeps its original bytes, which the store keeps as they came.
#ifndef SETELI_API_EVENT_BODY_H_
#define SETELI_API_EVENT_BODY_H_

#include <string_view>
#include <vector>

#include "seteli/status.h"

namespace seteli::api {

struct BodyPiece {
  std::string_view text;
  int line = 0;  // 1-based line (JSON Lines) or element number (array)
};

// A body starting with '[' is an array; anything else is JSON Lines, where
// blank lines are skipped. Errors: malformed_json (the array's brackets,
// strings or commas do not add up; the message gives the offset). A line
// or element that is not a valid event is left for the event parser.
Result<std::vector<BodyPiece>> SplitEventBody(std::string_view body);

}  // namespace seteli::api

#endif  // SETELI_API_EVENT_BODY_H_
