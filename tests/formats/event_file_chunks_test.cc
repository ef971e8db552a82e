#include "formats/event_file_chunks.h"

#include <gtest/gtest.h>

#include <sstream>

#include "formats/events_input.h"

namespace seteli::formats {
namespace {

std::string Event(int n, const std::string& extra = "") {
  return "{\"event_id\": \"E-" + std::to_string(n) +
         "\", \"provider\": \"2345678-0\", \"decision_id\": \"D-0002\", \"service\": "
         "\"kotihoito-saannollinen\", \"start\": \"2024-05-01T13:10:00+03:00\", \"end\": "
         "\"2024-05-01T14:15:00+03:00\", \"recorded_at\": \"2024-05-02T18:34:02+03:00\"" +
         extra + "}";
}

// Every chunk parsed on its own gives what the whole file gives, with the
// same line numbers.
void ExpectSameAsWhole(const std::string& text, bool csv, size_t records) {
  EventStream whole = csv ? ParseEventCsv(text, "f") : ParseEventLines(text, "f");
  std::istringstream in(text);
  EventFileChunks chunks(in, csv);
  EventFileChunk c;
  std::vector<int> lines, bad_lines;
  int count = 0;
  while (chunks.Next(records, c)) {
    ++count;
    EventStream s = csv ? ParseEventCsv(c.text, "f", c.first_line) : ParseEventLines(c.text, "f", c.first_line);
    for (const auto& e : s.events) lines.push_back(e.line);
    for (const auto& r : s.malformed) bad_lines.push_back(r.line);
  }
  std::vector<int> want, want_bad;
  for (const auto& e : whole.events) want.push_back(e.line);
  for (const auto& r : whole.malformed) want_bad.push_back(r.line);
  EXPECT_FALSE(want.empty());
  EXPECT_FALSE(want_bad.empty());
  EXPECT_EQ(lines, want);
  EXPECT_EQ(bad_lines, want_bad);
  EXPECT_GT(count, 1);
}

TEST(EventFileChunks, JsonLinesChunksKeepTheFilesLineNumbers) {
  std::string text;
  for (int i = 1; i <= 25; ++i) text += (i == 7 ? std::string("{not json") : Event(i)) + "\n";
  text += "\n" + Event(26);  // a blank line, and no line break at the end
  ExpectSameAsWhole(text, false, 10);
}

TEST(EventFileChunks, CsvChunksRepeatTheHeaderAndKeepQuotedLineBreaks) {
  std::string text = "event_id,provider,decision_id,service,date,quantity,recorded_at,worker\n";
  for (int i = 1; i <= 23; ++i) {
    text += "E-" + std::to_string(i) + ",2987654-0,D-0040,ateriapalvelu,2024-05-03,1,2024-05-03T12:00:00+03:00,";
    // Some worker fields span lines inside quotes, with doubled quotes.
    text += (i % 4 == 0 ? "\"first line\nsecond \"\"quoted\"\" line\"" : "plain") + std::string("\n");
    if (i == 9) text += "E-bad,only,three\n";
  }
  ExpectSameAsWhole(text, true, 5);
}

TEST(EventFileChunks, AnEmptyFileHasNoChunks) {
  std::istringstream in("");
  EventFileChunks chunks(in, false);
  EventFileChunk c;
  EXPECT_FALSE(chunks.Next(10, c));
}

}  // namespace
}  // namespace seteli::formats
