// Internal to formats: an event file parsed a chunk at a time on every
// core while the next chunks are read, each chunk's result handed on in
// file order, so that neither the whole text nor every parsed event need
// be in memory at once.
//
//   Result<bool> read = ParseInChunks<EventStream>(path, /*csv=*/false, 20000,
//       [&](const EventFileChunk& c) { return ParseEventLines(c.text, path, c.first_line); },
//       [&](EventStream part) { ... });
#ifndef SETELI_FORMATS_CHUNKED_PARSE_H_
#define SETELI_FORMATS_CHUNKED_PARSE_H_

#include <algorithm>
#include <deque>
#include <fstream>
#include <future>
#include <string>
#include <thread>

#include "formats/event_file_chunks.h"
#include "seteli/status.h"

namespace seteli::formats {

// Records parsed as one piece of work: enough that starting it costs
// nothing, few enough that a few in flight take little memory.
inline constexpr size_t kEventChunkRecords = 20000;

// `parse` runs on a worker thread per chunk of up to `records` records;
// `take` on the calling thread, in file order. A file that cannot be read
// is read_failed.
template <typename Part, typename Parse, typename Take>
Result<bool> ParseInChunks(const std::string& path, bool csv, size_t records, Parse parse,
                           Take take) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{"read_failed", "cannot read " + path, path};
  const size_t threads = std::max(1u, std::thread::hardware_concurrency());
  std::deque<std::future<Part>> parsing;
  EventFileChunks chunks(in, csv);
  EventFileChunk chunk;
  while (chunks.Next(records, chunk)) {
    parsing.push_back(
        std::async(std::launch::async, [&parse, c = std::move(chunk)] { return parse(c); }));
    if (parsing.size() > threads) {
      take(parsing.front().get());
      parsing.pop_front();
    }
  }
  for (; !parsing.empty(); parsing.pop_front()) take(parsing.front().get());
  if (in.bad()) return Error{"read_failed", "error reading " + path, path};
  return true;
}

}  // namespace seteli::formats

#endif  // SETELI_FORMATS_CHUNKED_PARSE_H_
