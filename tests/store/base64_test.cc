// The store's base64 (sql_support.h) against Poco's encoder and decoder,
// which it replaced to keep big transmissions from costing four times
// their size (issue 19, item 4): the same text for every length and byte.
#include <Poco/Base64Decoder.h>
#include <Poco/Base64Encoder.h>
#include <gtest/gtest.h>

#include <random>
#include <sstream>

#include "store/sql_support.h"

namespace seteli::store {
namespace {

std::string PocoBase64(const std::string& bytes) {
  std::ostringstream out;
  Poco::Base64Encoder enc(out);
  enc.rdbuf()->setLineLength(0);
  enc << bytes;
  enc.close();
  return out.str();
}

TEST(StoreBase64, SameAsPocoForEveryLengthAndByte) {
  std::mt19937 rng(7);
  for (size_t n = 0; n < 300; ++n) {
    std::string bytes(n, '\0');
    for (char& c : bytes) c = static_cast<char>(rng() & 0xFF);
    std::string text = ToBase64(bytes);
    ASSERT_EQ(text, PocoBase64(bytes)) << n;
    ASSERT_EQ(FromBase64(text), bytes) << n;
  }
}

TEST(StoreBase64, ReadsPocosLineBrokenTextAndRefusesOtherCharacters) {
  EXPECT_EQ(FromBase64("aGVs\r\nbG8="), "hello");
  EXPECT_THROW(FromBase64("aGVs*bG8="), Poco::DataFormatException);
}

}  // namespace
}  // namespace seteli::store
