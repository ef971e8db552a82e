// The one table of error codes: every code the sources write has a kind
// there, and an Error takes its kind from it unless a site names one.
#include "core/error_codes.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>

namespace seteli {
namespace {

// Codes written as the first literal of an Error or of the domain's
// Reject(...) in src/.
std::set<std::string> CodesInSources() {
  const std::regex written(R"re((?:Error\{|Reject\()"([a-z0-9_]+)")re");
  std::set<std::string> codes;
  for (const auto& f :
       std::filesystem::recursive_directory_iterator(std::string(SETELI_SOURCE_DIR) + "/src")) {
    if (f.path().extension() != ".cc" && f.path().extension() != ".h") continue;
    std::ifstream in(f.path());
    std::stringstream text;
    text << in.rdbuf();
    const std::string s = text.str();
    for (auto it = std::sregex_iterator(s.begin(), s.end(), written); it != std::sregex_iterator();
         ++it) {
      codes.insert((*it)[1]);
    }
  }
  return codes;
}

bool InTable(const std::string& code) {
  for (const CodeKind& c : StableErrorCodes()) {
    if (c.code == code) return true;
  }
  return false;
}

TEST(ErrorCodes, EveryCodeTheSourcesWriteHasAKind) {
  std::set<std::string> codes = CodesInSources();
  ASSERT_GT(codes.size(), 40u);  // the scan found the sources
  for (const std::string& code : codes) EXPECT_TRUE(InTable(code)) << code;
}

TEST(ErrorCodes, EachCodeIsListedOnce) {
  std::set<std::string_view> seen;
  for (const CodeKind& c : StableErrorCodes()) EXPECT_TRUE(seen.insert(c.code).second) << c.code;
}

TEST(ErrorCodes, AnErrorTakesItsKindFromItsCode) {
  EXPECT_EQ(Error({"store_corrupt", "x"}).kind, ErrorKind::kDataLoss);
  EXPECT_EQ(Error({"store_full", "x"}).kind, ErrorKind::kResourceExhausted);
  EXPECT_EQ(Error({"store_unavailable", "x"}).kind, ErrorKind::kUnavailable);
  EXPECT_EQ(Error({"price_over_cap", "x"}).kind, ErrorKind::kInvalid);
  EXPECT_EQ(Error({"failed_precondition", "x"}).kind, ErrorKind::kFailedPrecondition);
  EXPECT_EQ(Error({"claim_lost", "x"}).kind, ErrorKind::kAborted);
}

TEST(ErrorCodes, ASiteMayNameTheKind) {
  Error e{"write_failed", "x", "", ErrorKind::kResourceExhausted};
  EXPECT_EQ(e.kind, ErrorKind::kResourceExhausted);
}

TEST(ErrorCodes, AnUnknownCodeIsInternal) {
  EXPECT_EQ(KindOfCode("no_such_code_anywhere"), ErrorKind::kInternal);
  EXPECT_STREQ(ToString(ErrorKind::kDataLoss), "data_loss");
}

}  // namespace
}  // namespace seteli
