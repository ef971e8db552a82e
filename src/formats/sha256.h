// SHA-256 of a byte string as lowercase hex (OpenSSL), for the rulebook
// version and file digests.
#ifndef SETELI_FORMATS_SHA256_H_
#define SETELI_FORMATS_SHA256_H_

#include <string>
#include <string_view>

namespace seteli::formats {

std::string Sha256Hex(std::string_view data);

}  // namespace seteli::formats

#endif  // SETELI_FORMATS_SHA256_H_
