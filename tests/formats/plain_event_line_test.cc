// A line read in its common shape gives what the full reader gives, and
// every line the full reader refuses is left to it.
#include "formats/plain_event_line.h"

#include <gtest/gtest.h>

#include "formats/events_input.h"
#include "formats/packed_events.h"

namespace seteli::formats {
namespace {

constexpr char kVisit[] =
    R"({"event_id": "E1", "provider": "2345678-0", "decision_id": "D-1", "service": "kotihoito", )"
    R"("start": "2024-05-02T10:00:00+03:00", "end": "2024-05-02T11:30:00+03:00", )"
    R"("recorded_at": "2024-05-03T08:00:00+03:00", "worker": "T-1"})";

// The plain reading, packed and unpacked, against the full reader's event.
void ExpectSameAsFullReader(const std::string& line) {
  auto full = ParseEventJson(line, "f", 1);
  PlainEventLine plain;
  const bool scanned = ScanPlainEventLine(line, plain);
  if (!full.ok()) {
    EXPECT_FALSE(scanned) << line;
    return;
  }
  if (!scanned) return;  // valid, but left to the full reader
  PackedEvents packed("f");
  packed.Add(plain, 1);
  const Event e = packed.Unpack(0, /*with_fingerprint=*/true);
  const Event& want = full.value();
  EXPECT_EQ(e.fingerprint, want.fingerprint) << line;
  EXPECT_EQ(e.id, want.id);
  EXPECT_EQ(e.worker, want.worker);
  EXPECT_EQ(e.cancelled, want.cancelled);
  EXPECT_EQ(e.replaces, want.replaces);
  EXPECT_EQ(e.voids, want.voids);
  EXPECT_EQ(e.line, want.line);
}

std::string With(const std::string& from, const std::string& to) {
  std::string line = kVisit;
  line.replace(line.find(from), from.size(), to);
  return line;
}

TEST(PlainEventLine, TheCommonShapesReadAsTheFullReaderReadsThem) {
  PlainEventLine plain;
  EXPECT_TRUE(ScanPlainEventLine(kVisit, plain));
  EXPECT_EQ(plain.decision_id, "D-1");
  for (
      const std::string& line : std::vector<std::string>{
          std::string(kVisit), With(", ", ","), With("\"worker\": \"T-1\"", "\"cancelled\": true"),
          With("\"worker\": \"T-1\"", "\"cancelled\": \"false\""),
          With("\"worker\": \"T-1\"", "\"replaces\": \"E0\""),
          With("\"worker\": \"T-1\"", "\"voids\": \"E0\""),
          R"({"event_id":"M1","provider":"2345678-0","decision_id":"D-2","service":"ateria",)"
          R"("date":"2024-05-04","quantity":"2","recorded_at":"2024-05-04T12:00:00Z"} )",
          R"({"event_id":"V2","provider":"2345678-0","voids":"M1","recorded_at":"2024-05-04T12:00:00Z"})",
          // The keys in the reverse and in a shuffled order of the writers'.
          R"({"recorded_at":"2024-05-04T12:00:00Z","quantity":"2","date":"2024-05-04",)"
          R"("service":"ateria","decision_id":"D-2","provider":"2345678-0","event_id":"M1"})",
          R"({"service":"ateria","event_id":"M1","recorded_at":"2024-05-04T12:00:00Z",)"
          R"("provider":"2345678-0","quantity":"2","decision_id":"D-2","date":"2024-05-04"})"}) {
    EXPECT_TRUE(ScanPlainEventLine(line, plain)) << line;
    ExpectSameAsFullReader(line);
  }
}

TEST(PlainEventLine, AnythingUncommonIsLeftToTheFullReader) {
  for (const std::string& line : std::vector<std::string>{
           With("T-1", "T-\\u00e4"), With("T-1", "T-\xc3\xa4"), With("\"worker\"", "\"colour\""),
           With("\"worker\": \"T-1\"", "\"worker\": \"\""),
           With("\"worker\": \"T-1\"", "\"event_id\": \"E2\""),
           With("\"worker\": \"T-1\"", "\"worker\": \"T-1\", \"provider\": \"2345678-0\""),
           With("\"worker\": \"T-1\"", "\"cancelled\": \"maybe\""),
           With("\"worker\": \"T-1\"", "\"replaces\": \"E0\", \"voids\": \"E0\""),
           With("\"worker\": \"T-1\"", "\"quantity\": \"1\""),
           With("2024-05-02T11:30", "2024-13-02T11:30"),
           With("\"end\": \"2024-05-02T11:30:00+03:00\", ", ""), With("\"D-1\"", "null"),
           With("\"D-1\"", "7"), std::string(kVisit) + " x", std::string(kVisit).substr(1),
           R"({"event_id":"M1","provider":"2345678-0","decision_id":"D-2","service":"ateria",)"
           R"("date":"2024-05-04","quantity":"1000001","recorded_at":"2024-05-04T12:00:00Z"})",
           R"({"absence_id":"A1","decision_id":"D-1","from":"2024-05-01"})"}) {
    PlainEventLine plain;
    EXPECT_FALSE(ScanPlainEventLine(line, plain)) << line;
    ExpectSameAsFullReader(line);
  }
}

}  // namespace
}  // namespace seteli::formats
