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

bool EventFileChunks::NextLines(size_t records, EventFileChunk& out) {
  constexpr size_t kBlock = 1 << 20;
  out.first_line = next_line_;
  out.text.clear();
  out.text.reserve(last_size_ + kBlock);  // a chunk is read without being moved
  out.text += rest_;
  size_t taken = 0, end = 0;  // `end`: after the last line taken
  for (bool more = true;;) {
    for (size_t nl; taken < records && (nl = out.text.find('\n', end)) != std::string::npos;
         ++taken) {
      end = nl + 1;
    }
    if (taken == records || !more) break;
    const size_t had = out.text.size();
    out.text.resize(had + kBlock);
    in_.read(out.text.data() + had, static_cast<std::streamsize>(kBlock));
    out.text.resize(had + static_cast<size_t>(in_.gcount()));
    more = in_.gcount() > 0;
  }
  if (taken < records && end < out.text.size()) {  // the last line, without a line break
    end = out.text.size();
    out.text += '\n';
    ++end;
    ++taken;
  }
  rest_.assign(out.text, end);
  out.text.resize(end);
  last_size_ = end;
  next_line_ += static_cast<int>(taken);
  return taken > 0;
}

bool EventFileChunks::Next(size_t records, EventFileChunk& out) {
  if (!csv_) return NextLines(records, out);
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
