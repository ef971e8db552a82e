// An unnamed temporary file the monthly run writes records to and reads
// them back from, in this process only (LineSpill, BatchFiles): fixed
// parts as they are in memory, strings prefixed with their length. It goes
// through a 64 KiB stdio buffer instead of a page: a month's spills are
// hundreds of MiB, written and read back a system call per buffer. The file
// is gone when this is (or the process) is.
#ifndef SETELI_INVOICING_TEMP_FILE_H_
#define SETELI_INVOICING_TEMP_FILE_H_

#include <cstddef>
#include <cstdio>
#include <memory>
#include <string>

namespace seteli::invoicing {

class TempFile {
 public:
  // ok() is false when no file could be made (errno says why).
  TempFile();

  bool ok() const { return file_ != nullptr; }
  // Each is false on an I/O error or, reading, at the end (errno says why).
  bool Write(const void* p, size_t n);
  bool WriteString(const std::string& s);
  bool Read(void* p, size_t n);
  bool ReadString(std::string* s);
  // Written out, and back to the first record.
  bool Rewind();

 private:
  struct Close {
    void operator()(std::FILE* f) const { std::fclose(f); }
  };
  std::unique_ptr<char[]> buffer_;  // before file_: the file flushes through it
  std::unique_ptr<std::FILE, Close> file_;
};

}  // namespace seteli::invoicing

#endif  // SETELI_INVOICING_TEMP_FILE_H_
