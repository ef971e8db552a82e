// Validating files on several threads hands back the same reports, in the
// same order, as one validator going through the files in turn; the
// duplicate-number check follows the order of the files, not of the
// threads.
#include "finvoice/batch_validation.h"

#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "finvoice/organizer_check.h"
#include "finvoice/settlement_index.h"
#include "test_support.h"

namespace seteli::finvoice {
namespace {

using testing::Replace;
using testing::ValidInvoice;

class BatchValidationTest : public ::testing::Test {
 protected:
  BatchValidationTest() {
    rulebook_.organizer.name = "Etelä-Savon sosiaali- ja terveyspalvelujen kuntayhtymä";
    rulebook_.organizer.business_id = "2816165-8";
    rulebook_.social_exemption_bases = {"veroton AVL 37 §:n sosiaalipalvelun myynti"};
    rulebook_.non_payable_rows = {"toimistolisä"};
    Provider kuusi;
    kuusi.business_id = "2345678-0";
    kuusi.name = "Hoivapalvelu Kuusi Oy";
    kuusi.iban = "FI21 1234 5600 0007 85";  // as the voucher invoice names it, spaced
    providers_.Add(kuusi);
    settlements_.Add({"2345678-0", "20240 50018", Money::FromCents(8750), {}});
    context_ = {&rulebook_, &providers_, &settlements_};
    options_.organizer = &context_;
    // ctest runs these tests as separate processes side by side: each
    // writes its files where no other can rewrite them while it reads.
    dir_ = std::filesystem::temp_directory_path() /
           ("seteli-batch-validation-" + std::to_string(getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
  }
  ~BatchValidationTest() override { std::filesystem::remove_all(dir_); }

  std::string Write(const std::string& name, const std::string& text) {
    std::string path = (dir_ / name).string();
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }

  // Files of every kind: valid, the same invoice number again, invalid,
  // not well formed, unreadable, and a large one that takes longer than
  // the rest.
  std::vector<std::string> MixedFiles() {
    std::string valid = Write("valid.xml", ValidInvoice());
    std::string other_number = Write("other.xml", Replace(ValidInvoice(), ">2024-0501<", ">2024-0502<"));
    std::string invalid = Write("invalid.xml", Replace(ValidInvoice(), ">2024-0501<", "><"));
    std::string broken = Write("broken.xml", "<Finvoice><InvoiceDetails>");
    std::string big = ValidInvoice();
    size_t row = big.find("  <InvoiceRow>");
    std::string rows = big.substr(row, big.find("</InvoiceRow>", row) + 14 - row);
    for (int i = 0; i < 300; ++i) big.insert(row, rows);
    std::string slow = Write("slow.xml", Replace(big, ">2024-0501<", ">2024-0503<"));
    std::vector<std::string> files = {slow, valid, invalid, valid, broken, other_number};
    for (int i = 0; i < 5; ++i) {
      files.insert(files.end(), {valid, other_number, (dir_ / "missing.xml").string(), slow});
    }
    return files;
  }

  // The emitted reports as lines: file, then each JSON line or the error.
  std::vector<std::string> Run(const std::vector<std::string>& files, int jobs) {
    std::vector<std::string> out;
    ValidateFiles(files, options_, jobs, [&](const std::string& file, FileReports& reports) {
      out.push_back(file);
      if (!reports.ok()) {
        out.push_back(ToLine(reports.error()));
        return;
      }
      for (const InvoiceReport& r : reports.value()) {
        EXPECT_FALSE(r.number_claim.has_value());
        out.push_back(ToJsonLine(r));
      }
    });
    return out;
  }

  std::vector<std::string> OneValidator(const std::vector<std::string>& files) {
    InvoiceValidator v(options_);
    std::vector<std::string> out;
    for (const std::string& file : files) {
      out.push_back(file);
      FileReports reports = v.ValidateFile(file, file);
      if (!reports.ok()) {
        out.push_back(ToLine(reports.error()));
        continue;
      }
      for (const InvoiceReport& r : reports.value()) out.push_back(ToJsonLine(r));
    }
    return out;
  }

  Rulebook rulebook_;
  ProviderRegistry providers_;
  SettlementIndex settlements_;
  OrganizerContext context_;
  ValidateOptions options_;
  std::filesystem::path dir_;
};

TEST_F(BatchValidationTest, SameReportsInFileOrderWithAnyNumberOfThreads) {
  std::vector<std::string> files = MixedFiles();
  std::vector<std::string> want = OneValidator(files);
  int duplicates = 0;
  for (const std::string& line : want) duplicates += line.find("duplicate_invoice_number") != std::string::npos;
  ASSERT_GT(duplicates, 10);  // the check is exercised
  for (int jobs : {1, 2, 3, 8}) {
    for (int round = 0; round < 3; ++round) EXPECT_EQ(Run(files, jobs), want) << jobs << " jobs";
  }
}

TEST_F(BatchValidationTest, TheFirstInFileOrderIsTheOriginal) {
  // The slow file comes first and holds the number the quick ones repeat:
  // it is the original however the threads finish.
  std::string big = ValidInvoice();
  size_t row = big.find("  <InvoiceRow>");
  std::string rows = big.substr(row, big.find("</InvoiceRow>", row) + 14 - row);
  for (int i = 0; i < 500; ++i) big.insert(row, rows);
  std::vector<std::string> files = {Write("first.xml", big)};
  for (int i = 0; i < 8; ++i) files.push_back(Write("again.xml", ValidInvoice()));
  std::vector<std::string> lines = Run(files, 4);
  ASSERT_EQ(lines.size(), 2 * files.size());
  EXPECT_EQ(lines[1].find("duplicate_invoice_number"), std::string::npos) << lines[1];
  for (size_t i = 3; i < lines.size(); i += 2) {
    EXPECT_NE(lines[i].find("duplicate_invoice_number"), std::string::npos) << lines[i];
  }
}

TEST_F(BatchValidationTest, AnExceptionFromTheCallerStopsTheBatch) {
  std::vector<std::string> files(50, Write("valid.xml", ValidInvoice()));
  int emitted = 0;
  EXPECT_THROW(ValidateFiles(files, options_, 2,
                             [&](const std::string&, FileReports&) {
                               if (++emitted == 3) throw std::runtime_error("stdout closed");
                             }),
               std::runtime_error);
  EXPECT_EQ(emitted, 3);
}

}  // namespace
}  // namespace seteli::finvoice
