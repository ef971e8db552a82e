#include "invoicing/temp_file.h"

#include <cstdint>

namespace seteli::invoicing {
namespace {

constexpr size_t kBufferBytes = 64 << 10;

}  // namespace

TempFile::TempFile() : buffer_(new char[kBufferBytes]), file_(std::tmpfile()) {
  if (file_) std::setvbuf(file_.get(), buffer_.get(), _IOFBF, kBufferBytes);
}

bool TempFile::Write(const void* p, size_t n) { return std::fwrite(p, 1, n, file_.get()) == n; }

bool TempFile::WriteString(const std::string& s) {
  const uint32_t n = static_cast<uint32_t>(s.size());
  return Write(&n, sizeof n) && Write(s.data(), n);
}

bool TempFile::Read(void* p, size_t n) { return std::fread(p, 1, n, file_.get()) == n; }

bool TempFile::ReadString(std::string* s) {
  uint32_t n = 0;
  if (!Read(&n, sizeof n)) return false;
  s->resize(n);
  return n == 0 || Read(s->data(), n);
}

bool TempFile::Rewind() {
  return std::fflush(file_.get()) == 0 && std::fseek(file_.get(), 0, SEEK_SET) == 0;
}

}  // namespace seteli::invoicing
