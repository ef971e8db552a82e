// libFuzzer target for the Finvoice reader: arbitrary bytes through the
// whole validate path (size cap, frame/message split, hardened parse,
// schema, field extraction, VAT checks). Nothing may crash, hang or leak,
// whatever the input.
//
//   cmake -S . -B build-fuzz -DCMAKE_CXX_COMPILER=clang++ -DSETELI_FUZZ=ON
//   cmake --build build-fuzz --target finvoice_reader_fuzzer
//   build-fuzz/tests/finvoice/fuzz/finvoice_reader_fuzzer tests/finvoice/fuzz/corpus
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "finvoice/invoice_validator.h"
#include "finvoice/transmission_split.h"
#include "finvoice/validation_report.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace seteli::finvoice;
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  // The splitter must always cover what it returns within the input.
  for (const DocumentPart& p : SplitDocuments(bytes)) {
    if (p.offset + p.size > size || p.dtd_offset + p.dtd_size > size) __builtin_trap();
  }
  ValidateOptions options;
  options.limits.max_bytes = 1 << 20;
  InvoiceValidator validator(options);
  for (const InvoiceReport& r : validator.ValidateBytes(bytes, "fuzz.xml")) {
    if (ToJsonLine(r).empty()) __builtin_trap();
  }
  return 0;
}
