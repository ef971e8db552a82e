// Exporting a month to a file: the side files verify with sha256sum -c, the
// manifest carries rows and totals, and a month that does not reconcile is
// refused with nothing written.
#include "export/export_month.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

#include "formats/sha256.h"
#include "test_books.h"

namespace seteli::exports {
namespace {

namespace fs = std::filesystem;
using testing::FixtureBooks;
using testing::ReadFile;

class ExportFile : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("seteli-export-test-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
            "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

TEST_F(ExportFile, WritesCsvShaAndManifest) {
  std::string path = (dir_ / "journal-2024-05.csv").string();
  Result<CsvSummary> r =
      ExportMonthToFile(ExportKind::kJournal, FixtureBooks(), Dialect::kFinnish, path);
  ASSERT_TRUE(r.ok()) << ToLine(r.error());
  std::string csv = ReadFile(path);
  EXPECT_EQ(r.value().sha256, formats::Sha256Hex(csv));
  EXPECT_EQ(ReadFile(path + ".sha256"), r.value().sha256 + "  journal-2024-05.csv\n");
  std::string manifest = ReadFile(path + ".manifest.json");
  EXPECT_NE(manifest.find("\"kind\": \"journal\""), std::string::npos) << manifest;
  EXPECT_NE(manifest.find("\"dialect\": \"fi\""), std::string::npos) << manifest;
  EXPECT_NE(manifest.find("\"rows\": " + std::to_string(r.value().rows)), std::string::npos);
  EXPECT_NE(manifest.find("\"debit\": \"40065.53\""), std::string::npos) << manifest;
  EXPECT_NE(manifest.find("\"credit\": \"40065.53\""), std::string::npos) << manifest;
  EXPECT_NE(manifest.find("\"sha256\": \"" + r.value().sha256 + "\""), std::string::npos);
  EXPECT_FALSE(fs::exists(path + ".tmp"));

  // What finance runs: sha256sum -c in the file's folder.
  if (std::system("command -v sha256sum >/dev/null 2>&1") == 0) {
    std::string cmd = "cd '" + dir_.string() + "' && sha256sum -c --quiet journal-2024-05.csv.sha256";
    EXPECT_EQ(std::system(cmd.c_str()), 0);
    std::ofstream(path, std::ios::app) << "tampered\r\n";
    EXPECT_NE(std::system((cmd + " 2>/dev/null >/dev/null").c_str()), 0);
  }
}

TEST_F(ExportFile, RefusesAMonthThatDoesNotReconcile) {
  MonthBooks b = FixtureBooks();
  b.settlements[0].voucher_total += Money::FromCents(1);
  std::string path = (dir_ / "reconciliation.csv").string();
  std::vector<Failure> failures;
  Result<CsvSummary> r =
      ExportMonthToFile(ExportKind::kReconciliation, b, Dialect::kRfc4180, path, &failures);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "month_does_not_reconcile");
  EXPECT_NE(r.error().message.find("voucher_total_mismatch 1"), std::string::npos)
      << r.error().message;
  EXPECT_FALSE(failures.empty());
  EXPECT_FALSE(fs::exists(path));
  EXPECT_FALSE(fs::exists(path + ".tmp"));
  EXPECT_FALSE(fs::exists(path + ".sha256"));
}

TEST_F(ExportFile, UnwritableTargetIsWriteFailed) {
  Result<CsvSummary> r = ExportMonthToFile(ExportKind::kBalances, FixtureBooks(),
                                           Dialect::kRfc4180, (dir_ / "no/such/dir.csv").string());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "write_failed");
}

TEST(ExportKinds, ParseAndName) {
  for (const char* k : {"reconciliation", "journal", "copayments", "balances"}) {
    EXPECT_STREQ(ExportKindName(ParseExportKind(k).value()), k);
  }
  EXPECT_EQ(ParseExportKind("ledger").error().code, "usage");
}

}  // namespace
}  // namespace seteli::exports
