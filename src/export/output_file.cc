#include "export/output_file.h"

namespace seteli::exports {

namespace fs = std::filesystem;

namespace {

// Whether `path` names something that is there and is not a regular file
// (followed through symbolic links: a link to /dev/null is /dev/null).
bool NotRegular(const fs::path& path) {
  std::error_code ec;
  fs::file_status s = fs::status(path, ec);
  return !ec && fs::exists(s) && !fs::is_regular_file(s);
}

}  // namespace

OutputFile::OutputFile(fs::path path, Folders folders)
    : path_(std::move(path)), in_place_(NotRegular(path_)) {
  if (in_place_) {
    written_ = path_;
  } else {
    std::error_code ec;
    if (folders == Folders::kCreate && path_.has_parent_path()) {
      fs::create_directories(path_.parent_path(), ec);
    }
    written_ = path_.string() + ".tmp";
  }
  out_.open(written_, std::ios::binary | std::ios::trunc);
}

OutputFile::~OutputFile() {
  if (committed_ || in_place_) return;
  out_.close();
  std::error_code ec;
  fs::remove(written_, ec);
}

Result<bool> OutputFile::Commit() {
  out_.close();
  if (!out_) return Error{"write_failed", "cannot write " + written_.string()};
  if (!in_place_) {
    std::error_code ec;
    fs::rename(written_, path_, ec);
    if (ec) return Error{"write_failed", "cannot write " + path_.string() + ": " + ec.message()};
  }
  committed_ = true;
  return true;
}

Result<bool> WriteOutputFile(const fs::path& path, std::string_view text, Folders folders) {
  OutputFile f(path, folders);
  f.stream().write(text.data(), static_cast<std::streamsize>(text.size()));
  return f.Commit();
}

}  // namespace seteli::exports
