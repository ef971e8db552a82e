#include "formats/event_file_chunks.h"

#include <algorithm>

namespace seteli::formats {

int EventFileChunks::ReadRecord(std::string& record) {
  record.clear();
  int lines = 0;
  size_t quotes = 0;
  for (std::string line; std::getline(in_, line);) {
    ++lines;
    quotes += static_cast<size_t>(std::count(line.begin(), line.end(), '"'));
    record += line;
    record += '\n';
    // An odd number of quotes so far: the line break is inside a CSV field.
    if (!csv_ || quotes % 2 == 0) break;
  }
  return lines;
}

bool EventFileChunks::Next(size_t records, EventFileChunk& out) {
  if (csv_ && !started_) {
    header_lines_ = ReadRecord(header_);
    next_line_ += header_lines_;
  }
  started_ = true;
  out.text = header_;
  out.first_line = next_line_ - header_lines_;
  std::string record;
  size_t taken = 0;
  while (taken < records) {
    int lines = ReadRecord(record);
    if (lines == 0) break;
    out.text += record;
    next_line_ += lines;
    ++taken;
  }
  return taken > 0;
}

}  // namespace seteli::formats
