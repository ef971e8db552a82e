#include "invoicing/temp_file.h"

#include <lz4.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>

namespace seteli::invoicing {
namespace {

constexpr size_t kBlockBytes = 64 << 10;

// A block on file: its size before and after compression, then the
// compressed bytes.
struct BlockHeader {
  uint32_t raw;
  uint32_t packed;
};

// The compressed form of a block, between the file and block_. One per
// thread, not per file: a window of the run has hundreds of files open.
char* PackedScratch() {
  static thread_local std::unique_ptr<char[]> scratch(
      new char[sizeof(BlockHeader) + LZ4_COMPRESSBOUND(kBlockBytes)]);
  return scratch.get();
}

}  // namespace

TempFile::TempFile() : block_(new char[kBlockBytes]), file_(std::tmpfile()) {
  // Whole blocks go out in one write each: stdio's buffer would only copy.
  if (file_) std::setvbuf(file_.get(), nullptr, _IONBF, 0);
}

bool TempFile::Write(const void* p, size_t n) {
  if (reading_) {  // block_ holds what is being read back
    errno = EINVAL;
    return false;
  }
  const char* from = static_cast<const char*>(p);
  while (n > 0) {
    if (used_ == kBlockBytes && !WriteBlock()) return false;
    const size_t take = std::min(n, kBlockBytes - used_);
    std::memcpy(block_.get() + used_, from, take);
    used_ += take;
    from += take;
    n -= take;
  }
  return true;
}

bool TempFile::WriteString(const std::string& s) {
  const uint32_t n = static_cast<uint32_t>(s.size());
  return Write(&n, sizeof n) && Write(s.data(), n);
}

bool TempFile::WriteBlock() {
  char* out = PackedScratch();
  const int packed = LZ4_compress_default(block_.get(), out + sizeof(BlockHeader),
                                          static_cast<int>(used_), LZ4_COMPRESSBOUND(kBlockBytes));
  if (packed <= 0) {
    errno = EIO;
    return false;
  }
  const BlockHeader h{static_cast<uint32_t>(used_), static_cast<uint32_t>(packed)};
  std::memcpy(out, &h, sizeof h);
  const size_t bytes = sizeof h + static_cast<size_t>(packed);
  if (std::fwrite(out, 1, bytes, file_.get()) != bytes) return false;
  file_bytes_ += bytes;
  used_ = 0;
  return true;
}

bool TempFile::Read(void* p, size_t n) {
  char* to = static_cast<char*>(p);
  while (n > 0) {
    if (pos_ == size_ && !ReadBlock()) return false;
    const size_t take = std::min(n, size_ - pos_);
    std::memcpy(to, block_.get() + pos_, take);
    pos_ += take;
    to += take;
    n -= take;
  }
  return true;
}

bool TempFile::ReadString(std::string* s) {
  uint32_t n = 0;
  if (!Read(&n, sizeof n)) return false;
  s->resize(n);
  return n == 0 || Read(s->data(), n);
}

bool TempFile::ReadBlock() {
  BlockHeader h{};
  if (std::fread(&h, sizeof h, 1, file_.get()) != 1) return false;
  char* in = PackedScratch();
  if (h.raw == 0 || h.raw > kBlockBytes || h.packed > LZ4_COMPRESSBOUND(kBlockBytes) ||
      std::fread(in, 1, h.packed, file_.get()) != h.packed ||
      LZ4_decompress_safe(in, block_.get(), static_cast<int>(h.packed),
                          static_cast<int>(kBlockBytes)) != static_cast<int>(h.raw)) {
    errno = EIO;
    return false;
  }
  size_ = h.raw;
  pos_ = 0;
  return true;
}

bool TempFile::Rewind() {
  if (!reading_) {
    if (used_ > 0 && !WriteBlock()) return false;
    reading_ = true;
  }
  size_ = pos_ = 0;
  return std::fseek(file_.get(), 0, SEEK_SET) == 0;
}

}  // namespace seteli::invoicing
