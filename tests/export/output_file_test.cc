// The writer every command writes its files with: regular files whole
// through a renamed temporary file, anything else in place.
#include "export/output_file.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <fstream>
#include <future>
#include <sstream>

namespace seteli::exports {
namespace {

namespace fs = std::filesystem;

class OutputFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("seteli-output-" + std::to_string(::getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  static std::string Read(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
  }

  fs::path dir_;
};

TEST_F(OutputFileTest, ANewFileAndItsFoldersAreWritten) {
  fs::path p = dir_ / "a" / "b" / "out.json";
  EXPECT_EQ(WriteOutputFile(p, "{}\n").error().code, "write_failed");  // folders must exist
  ASSERT_TRUE(WriteOutputFile(p, "{}\n", Folders::kCreate).ok());
  EXPECT_EQ(Read(p), "{}\n");
  EXPECT_FALSE(fs::exists(p.string() + ".tmp"));
}

TEST_F(OutputFileTest, ARegularFileIsReplacedOnlyWhenTheNewOneIsComplete) {
  fs::path p = dir_ / "out.csv";
  ASSERT_TRUE(WriteOutputFile(p, "old\n").ok());
  {
    OutputFile f(p);
    EXPECT_FALSE(f.in_place());
    f.stream() << "half";
    EXPECT_EQ(Read(p), "old\n");  // not committed: the old file stays
  }
  EXPECT_EQ(Read(p), "old\n");
  EXPECT_FALSE(fs::exists(p.string() + ".tmp"));
  ASSERT_TRUE(WriteOutputFile(p, "new\n").ok());
  EXPECT_EQ(Read(p), "new\n");
}

TEST_F(OutputFileTest, AFifoIsWrittenInPlace) {
  fs::path p = dir_ / "out.fifo";
  ASSERT_EQ(::mkfifo(p.c_str(), 0600), 0);
  auto reader = std::async(std::launch::async, [&] { return Read(p); });
  ASSERT_TRUE(WriteOutputFile(p, "through the pipe\n").ok());
  EXPECT_EQ(reader.get(), "through the pipe\n");
  EXPECT_TRUE(fs::is_fifo(fs::symlink_status(p)));
  EXPECT_FALSE(fs::exists(p.string() + ".tmp"));
}

TEST_F(OutputFileTest, ACharacterDeviceStaysOne) {
  // /dev/null itself for an ordinary user; for root a node of the same
  // device in the test folder, so that a writer that replaces its target
  // spoils the folder, not the machine's /dev/null.
  fs::path p = "/dev/null";
  if (::geteuid() == 0) {
    p = dir_ / "null";
    if (::mknod(p.c_str(), S_IFCHR | 0666, makedev(1, 3)) != 0) GTEST_SKIP() << "no mknod here";
  }
  OutputFile f(p);
  EXPECT_TRUE(f.in_place());
  f.stream() << "gone";
  ASSERT_TRUE(f.Commit().ok());
  EXPECT_TRUE(fs::is_character_file(fs::symlink_status(p)));
  EXPECT_FALSE(fs::exists(p.string() + ".tmp"));
}

TEST_F(OutputFileTest, AFolderThatCannotBeWrittenIsWriteFailed) {
  auto r = WriteOutputFile(dir_, "x");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "write_failed");
  EXPECT_TRUE(fs::is_directory(dir_));
}

}  // namespace
}  // namespace seteli::exports
