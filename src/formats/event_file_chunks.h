// An event file read a chunk of whole records at a time, so `seteli ingest`
// loads a file of any size in bounded memory. JSON Lines chunks end at a
// line break; CSV chunks end at a line break outside quotes and each starts
// with the file's header line(s), so every chunk parses on its own with
// the file's line numbers:
//
//   EventFileChunks chunks(in, /*csv=*/false);
//   EventFileChunk c;
//   while (chunks.Next(1000, c)) {
//     EventStream s = ParseEventLines(c.text, path, c.first_line);
//     ...
//   }
#ifndef SETELI_FORMATS_EVENT_FILE_CHUNKS_H_
#define SETELI_FORMATS_EVENT_FILE_CHUNKS_H_

#include <istream>
#include <string>

namespace seteli::formats {

struct EventFileChunk {
  std::string text;
  int first_line = 1;  // the file's number of the text's first line
};

class EventFileChunks {
 public:
  EventFileChunks(std::istream& in, bool csv) : in_(in), csv_(csv) {}

  // Up to `records` records (lines for JSON Lines) into `out`; false when
  // the file has no more. For CSV the header leads every chunk and is not
  // counted.
  bool Next(size_t records, EventFileChunk& out);

 private:
  // One record with its line break; the number of lines it spans (0 at the
  // end of the file).
  int ReadRecord(std::string& record);
  // JSON Lines: `records` lines cut from blocks read whole, without a
  // copy of each line on the way.
  bool NextLines(size_t records, EventFileChunk& out);

  std::istream& in_;
  bool csv_;
  bool started_ = false;
  std::string header_;
  int header_lines_ = 0;
  int next_line_ = 1;
  std::string rest_;  // JSON Lines read past the last chunk's end
  size_t last_size_ = 0;
};

}  // namespace seteli::formats

#endif  // SETELI_FORMATS_EVENT_FILE_CHUNKS_H_
