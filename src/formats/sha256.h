// SHA-256 as lowercase hex (OpenSSL), the one writer of it: the rulebook
// version, file and message digests, API token hashes.
//
//   formats::Sha256Hex("abc");   // "ba7816bf...15ad"
//   formats::Sha256 h;           // or in pieces, for a stream
//   h.Update(block);
//   std::string hex = h.FinishHex();
#ifndef SETELI_FORMATS_SHA256_H_
#define SETELI_FORMATS_SHA256_H_

#include <string>
#include <string_view>

struct evp_md_ctx_st;  // OpenSSL's EVP_MD_CTX, kept out of this header

namespace seteli::formats {

std::string Sha256Hex(std::string_view data);

// A digest fed in pieces. Throws std::runtime_error when OpenSSL fails,
// which it does only without memory.
class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;

  void Update(std::string_view bytes);
  // The digest of everything given; call once.
  std::string FinishHex();

 private:
  evp_md_ctx_st* ctx_;
};

}  // namespace seteli::formats

#endif  // SETELI_FORMATS_SHA256_H_
