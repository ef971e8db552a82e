// Helpers shared by the Finvoice tests: test data, the shared samples when
// they are checked out beside the repository, and small text edits.
#ifndef SETELI_TESTS_FINVOICE_TEST_SUPPORT_H_
#define SETELI_TESTS_FINVOICE_TEST_SUPPORT_H_

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "finvoice/invoice_validator.h"
#include "finvoice/validation_report.h"

namespace seteli::finvoice::testing {

inline std::string ReadFileText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

inline std::string DataPath(const std::string& name) {
  return std::string(SETELI_FINVOICE_TEST_DATA) + "/" + name;
}

inline std::string TestData(const std::string& name) { return ReadFileText(DataPath(name)); }

// The valid Finvoice 3.0 voucher invoice every mutation starts from.
inline std::string ValidInvoice() { return TestData("voucher_invoice_30.xml"); }

// The directory of shared/finvoice-ref/samples, or "" when the shared
// material is not beside the repository.
inline std::string SamplesDir() {
#ifdef SETELI_FINVOICE_SAMPLES
  return SETELI_FINVOICE_SAMPLES;
#else
  return "";
#endif
}

// `text` with the first `from` replaced by `to`; fails the test when
// `from` is not there.
inline std::string Replace(std::string text, const std::string& from, const std::string& to) {
  size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << "not in the text: " << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

// `text` without the line that contains `needle`.
inline std::string DropLine(const std::string& text, const std::string& needle) {
  size_t at = text.find(needle);
  EXPECT_NE(at, std::string::npos) << "not in the text: " << needle;
  if (at == std::string::npos) return text;
  size_t begin = text.rfind('\n', at);
  begin = begin == std::string::npos ? 0 : begin + 1;
  size_t end = text.find('\n', at);
  end = end == std::string::npos ? text.size() : end + 1;
  return text.substr(0, begin) + text.substr(end);
}

inline std::vector<InvoiceReport> Validate(const std::string& bytes, ValidateOptions options = {}) {
  InvoiceValidator v(options);
  return v.ValidateBytes(bytes, "test.xml");
}

inline std::vector<std::string> Codes(const InvoiceReport& r) {
  std::vector<std::string> out;
  for (const InvoiceError& e : r.errors) out.push_back(e.code);
  return out;
}

inline const InvoiceError* FindError(const InvoiceReport& r, const std::string& code) {
  for (const InvoiceError& e : r.errors) {
    if (e.code == code) return &e;
  }
  return nullptr;
}

inline bool HasCode(const InvoiceReport& r, const std::string& code) {
  return FindError(r, code) != nullptr;
}

inline std::string Describe(const InvoiceReport& r) { return ToJsonLine(r); }

// One report expected; its error codes.
inline std::vector<std::string> OnlyReportCodes(const std::string& bytes, ValidateOptions o = {}) {
  std::vector<InvoiceReport> reports = Validate(bytes, o);
  EXPECT_EQ(reports.size(), 1u);
  return reports.empty() ? std::vector<std::string>{} : Codes(reports[0]);
}

inline bool Contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

}  // namespace seteli::finvoice::testing

#endif  // SETELI_TESTS_FINVOICE_TEST_SUPPORT_H_
