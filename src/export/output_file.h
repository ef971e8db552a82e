// The one way the commands write an output file (`--out`, exports, the
// demo's files, the daemon's port file). A regular file, or one that does
// not exist yet, is written to `path`.tmp and renamed over `path` only when
// complete, so a reader never sees half a file. Anything else that exists
// (a character device such as /dev/null, a FIFO, a terminal) is written in
// place: renaming over it would replace the device or pipe with a regular
// file, which as root means a new /dev/null.
//
//   OutputFile f("journal-2024-05.csv");
//   f.stream() << text;
//   Result<bool> done = f.Commit();   // write_failed names the file
//
// Not committed, the temporary file is removed when the OutputFile goes.
#ifndef SETELI_EXPORT_OUTPUT_FILE_H_
#define SETELI_EXPORT_OUTPUT_FILE_H_

#include <filesystem>
#include <fstream>
#include <string_view>

#include "seteli/status.h"

namespace seteli::exports {

// Whether the folders leading to a new file are made as needed or must be
// there (an export to a mistyped folder is refused rather than made).
enum class Folders { kMustExist, kCreate };

class OutputFile {
 public:
  explicit OutputFile(std::filesystem::path path, Folders folders = Folders::kMustExist);
  ~OutputFile();
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;

  std::ostream& stream() { return out_; }
  // Written where it is, not through a temporary file: what is there is
  // not a regular file.
  bool in_place() const { return in_place_; }
  // Closes the file and renames the temporary file into place.
  Result<bool> Commit();

 private:
  std::filesystem::path path_;
  std::filesystem::path written_;  // path_ itself or its temporary file
  bool in_place_ = false;
  bool committed_ = false;
  std::ofstream out_;
};

// The whole of `text` to `path` as above. Error: write_failed.
Result<bool> WriteOutputFile(const std::filesystem::path& path, std::string_view text,
                             Folders folders = Folders::kMustExist);

}  // namespace seteli::exports

#endif  // SETELI_EXPORT_OUTPUT_FILE_H_
