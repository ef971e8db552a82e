// SHA-256 hex against the FIPS 180-2 test vectors, whole and in pieces.
#include "formats/sha256.h"

#include <gtest/gtest.h>

#include <string>

namespace seteli::formats {
namespace {

constexpr char kEmpty[] = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
constexpr char kAbc[] = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
constexpr char kTwoBlocks[] = "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1";
constexpr char kTwoBlocksText[] = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";

TEST(Sha256Hex, KnownVectors) {
  EXPECT_EQ(Sha256Hex(""), kEmpty);
  EXPECT_EQ(Sha256Hex("abc"), kAbc);
  EXPECT_EQ(Sha256Hex(kTwoBlocksText), kTwoBlocks);
}

TEST(Sha256Hex, BytesAfterANulCount) { EXPECT_NE(Sha256Hex(std::string("abc\0", 4)), kAbc); }

TEST(Sha256, InPiecesIsTheWholeDigest) {
  Sha256 h;
  std::string text = kTwoBlocksText;
  for (size_t i = 0; i < text.size(); i += 5) h.Update(std::string_view(text).substr(i, 5));
  EXPECT_EQ(h.FinishHex(), kTwoBlocks);
  Sha256 nothing;
  EXPECT_EQ(nothing.FinishHex(), kEmpty);
}

}  // namespace
}  // namespace seteli::formats
