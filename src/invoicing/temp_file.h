// An unnamed temporary file the monthly run writes records to and reads
// them back from, in this process only (LineSpill, BatchFiles): fixed
// parts as they are in memory, strings prefixed with their length.
//
// Records are gathered into 64 KiB blocks, and each block is written
// compressed with LZ4. A month's spills are mostly JSON (event bodies,
// settlement lines): at 10,000,000 events some 9 GB, which went through
// the page cache twice and, on a machine whose cache is smaller, to disk
// and back (docs/performance-history.md). Compressed they are a fraction of that,
// for CPU the run's second thread has to spare. The file is gone when this
// is (or the process) is.
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
  // Writes come before the first Rewind; after it they fail (EINVAL).
  bool Write(const void* p, size_t n);
  bool WriteString(const std::string& s);
  bool Read(void* p, size_t n);
  bool ReadString(std::string* s);
  // Written out, and back to the first record; may be called again to read
  // the records once more.
  bool Rewind();
  // What the blocks written so far take on file, compressed.
  size_t file_bytes() const { return file_bytes_; }

 private:
  bool WriteBlock();
  bool ReadBlock();

  struct Close {
    void operator()(std::FILE* f) const { std::fclose(f); }
  };
  std::unique_ptr<char[]> block_;  // the block being written or read
  size_t used_ = 0;                // writing: bytes in block_
  size_t size_ = 0;                // reading: bytes in block_, and...
  size_t pos_ = 0;                 // ...the next to read
  bool reading_ = false;
  size_t file_bytes_ = 0;
  std::unique_ptr<std::FILE, Close> file_;
};

}  // namespace seteli::invoicing

#endif  // SETELI_INVOICING_TEMP_FILE_H_
