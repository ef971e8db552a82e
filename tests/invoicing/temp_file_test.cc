// TempFile: what is written comes back byte for byte, in order, across
// the compressed blocks it is cut into, as often as it is rewound.
#include "invoicing/temp_file.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace seteli::invoicing {
namespace {

// Records of a fixed part and a string, the strings of every size from
// empty to several blocks, some repetitive (JSON) and some random bytes,
// which LZ4 cannot shrink.
std::vector<std::pair<int64_t, std::string>> Records() {
  std::mt19937 rng(7);
  std::vector<std::pair<int64_t, std::string>> out;
  for (int64_t n = 0; n < 3000; ++n) {
    std::string s;
    const size_t size = n % 500 == 0 ? 200000 : rng() % 700;
    if (n % 3 == 0) {
      for (size_t i = 0; i < size; ++i) s.push_back(static_cast<char>(rng()));
    } else {
      while (s.size() < size) s += "{\"event_id\":\"E-" + std::to_string(n) + "\",\"units\":1.5}";
      s.resize(size);
    }
    out.emplace_back(n * 7919, std::move(s));
  }
  return out;
}

TEST(TempFileTest, RecordsComeBackInOrderAcrossBlocksEachTimeRewound) {
  const auto records = Records();
  TempFile f;
  ASSERT_TRUE(f.ok());
  for (const auto& [fixed, s] : records) {
    ASSERT_TRUE(f.Write(&fixed, sizeof fixed));
    ASSERT_TRUE(f.WriteString(s));
  }
  for (int pass = 0; pass < 2; ++pass) {
    ASSERT_TRUE(f.Rewind());
    for (const auto& [fixed, s] : records) {
      int64_t got_fixed = 0;
      std::string got;
      ASSERT_TRUE(f.Read(&got_fixed, sizeof got_fixed));
      ASSERT_TRUE(f.ReadString(&got));
      ASSERT_EQ(got_fixed, fixed);
      ASSERT_EQ(got, s);
    }
    char past = 0;
    EXPECT_FALSE(f.Read(&past, 1)) << "pass " << pass;
  }
}

TEST(TempFileTest, AWriteAfterRewindFailsAndLeavesTheRecords) {
  TempFile f;
  ASSERT_TRUE(f.WriteString("first"));
  ASSERT_TRUE(f.Rewind());
  EXPECT_FALSE(f.WriteString("late"));
  ASSERT_TRUE(f.Rewind());
  std::string s;
  ASSERT_TRUE(f.ReadString(&s));
  EXPECT_EQ(s, "first");
  EXPECT_FALSE(f.ReadString(&s));
}

TEST(TempFileTest, AnEmptyFileReadsNothing) {
  TempFile f;
  ASSERT_TRUE(f.Rewind());
  std::string s;
  EXPECT_FALSE(f.ReadString(&s));
}

TEST(TempFileTest, RepetitiveRecordsTakeAFractionOfTheirBytesOnFile) {
  TempFile f;
  const std::string json =
      "{\"event_id\":\"E-1\",\"decision_id\":\"D-1\",\"client\":\"C-1\",\"service\":\"kotihoito\"}";
  for (int n = 0; n < 20000; ++n) ASSERT_TRUE(f.WriteString(json));
  ASSERT_TRUE(f.Rewind());
  const size_t raw = 20000 * (sizeof(uint32_t) + json.size());
  EXPECT_GT(f.file_bytes(), 0u);
  EXPECT_LT(f.file_bytes(), raw / 4);
}

}  // namespace
}  // namespace seteli::invoicing
