// JSON written as it is produced, in the layout of Poco's
// Object::stringify(out, 1) (one space a level, "[\n\n]" for an empty
// array), so that a month of a million lines goes out without a tree of
// Poco objects in memory and with the same bytes as before:
//
//   PrettyJsonWriter w(std::cout);
//   w.BeginObject();
//   w.Field("month", "2024-05");
//   w.Key("flags");
//   w.BeginArray();
//   w.String("late_recording");
//   w.EndArray();
//   w.EndObject();
//   w.Finish();  // the final newline, and everything out to the stream
#ifndef SETELI_FORMATS_PRETTY_JSON_WRITER_H_
#define SETELI_FORMATS_PRETTY_JSON_WRITER_H_

#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace seteli::formats {

// `value` as a JSON string, escaped as Poco's Stringifier does.
void AppendJsonString(std::string& out, std::string_view value);
// The same as a new string, for JSON built by concatenation.
std::string JsonQuoted(std::string_view value);

class PrettyJsonWriter {
 public:
  explicit PrettyJsonWriter(std::ostream& out) : out_(out) {}

  void BeginObject();
  void EndObject();
  void BeginArray();
  void EndArray();
  // The key of the next value, inside an object.
  void Key(std::string_view key);
  void String(std::string_view value);
  void Number(int64_t value);
  void Field(std::string_view key, std::string_view value) {
    Key(key);
    String(value);
  }
  void Field(std::string_view key, int64_t value) {
    Key(key);
    Number(value);
  }
  // Elements of the open array formatted apart at this depth, each
  // starting with its ",\n" separator.
  void Elements(std::string_view text);
  // Ends the text with a newline and writes out what is buffered.
  void Finish();

 private:
  // Writes out what is buffered.
  void Flush();
  // A value's separator and indentation inside an array; nothing after a key.
  void BeforeValue();
  // The separator before an object's member or an array's element.
  void NextMember();
  void Indent(size_t depth) { buffer_.append(depth, ' '); }
  void FlushWhenFull();

  struct Level {
    bool array;
    bool empty = true;
  };
  std::ostream& out_;
  std::string buffer_;
  std::vector<Level> levels_;
};

}  // namespace seteli::formats

#endif  // SETELI_FORMATS_PRETTY_JSON_WRITER_H_
