#include "formats/pretty_json_writer.h"

#include <Poco/JSON/Stringifier.h>

#include <sstream>

namespace seteli::formats {
namespace {

// Written out in pieces of about this size: few writes, little memory.
constexpr size_t kFlushBytes = 1 << 20;

}  // namespace

// Plain printable ASCII as it is, anything else through Poco's own escaping
// so the texts stay the same.
void AppendJsonString(std::string& out, std::string_view value) {
  bool plain = true;
  for (char c : value) {
    if (c < 0x20 || c > 0x7e || c == '"' || c == '\\' || c == '/') {
      plain = false;
      break;
    }
  }
  if (plain) {
    out += '"';
    out += value;
    out += '"';
    return;
  }
  std::ostringstream s;
  Poco::JSON::Stringifier::formatString(std::string(value), s, Poco::JSON_WRAP_STRINGS);
  out += s.str();
}

std::string JsonQuoted(std::string_view value) {
  std::string out;
  AppendJsonString(out, value);
  return out;
}

void PrettyJsonWriter::NextMember() {
  Level& level = levels_.back();
  if (!level.empty) buffer_ += ",\n";
  level.empty = false;
  Indent(levels_.size());
}

void PrettyJsonWriter::BeforeValue() {
  if (!levels_.empty() && levels_.back().array) NextMember();
}

void PrettyJsonWriter::BeginObject() {
  BeforeValue();
  buffer_ += "{\n";
  levels_.push_back({.array = false});
}

void PrettyJsonWriter::EndObject() {
  if (!levels_.back().empty) buffer_ += '\n';
  levels_.pop_back();
  Indent(levels_.size());
  buffer_ += '}';
  FlushWhenFull();
}

void PrettyJsonWriter::BeginArray() {
  BeforeValue();
  buffer_ += "[\n";
  levels_.push_back({.array = true});
}

void PrettyJsonWriter::EndArray() {
  buffer_ += '\n';  // Poco's, even in an empty array
  levels_.pop_back();
  Indent(levels_.size());
  buffer_ += ']';
}

void PrettyJsonWriter::Key(std::string_view key) {
  NextMember();
  AppendJsonString(buffer_, key);
  buffer_ += ": ";
}

void PrettyJsonWriter::String(std::string_view value) {
  BeforeValue();
  AppendJsonString(buffer_, value);
}

void PrettyJsonWriter::Number(int64_t value) {
  BeforeValue();
  buffer_ += std::to_string(value);
}

void PrettyJsonWriter::FlushWhenFull() {
  if (buffer_.size() >= kFlushBytes) Flush();
}

void PrettyJsonWriter::Elements(std::string_view text) {
  if (text.empty()) return;
  Level& level = levels_.back();
  // The first element of an array has no separator before it.
  if (level.empty && text.starts_with(",\n")) text.remove_prefix(2);
  level.empty = false;
  Flush();
  out_.write(text.data(), static_cast<std::streamsize>(text.size()));
}

void PrettyJsonWriter::Flush() {
  out_.write(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
  buffer_.clear();
}

void PrettyJsonWriter::Finish() {
  buffer_ += '\n';
  Flush();
  out_.flush();
}

}  // namespace seteli::formats
