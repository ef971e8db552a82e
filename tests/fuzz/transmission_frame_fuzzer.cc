// libFuzzer target: a transmission file as the operator delivers it (SOAP
// frames, each followed by its Finvoice or Finvoiceack), and an outbox
// body made ready to send. Nothing may crash; every message returned lies
// within the input and has a MessageId of 1 to 48 characters.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "operator/frame_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace seteli::exchange;
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto parts = SplitFramedMessages(bytes);
  if (parts.ok()) {
    size_t total = 0;
    for (const FramedMessage& m : parts.value()) {
      if (m.header.message_id.empty() || m.header.message_id.size() > 48) __builtin_trap();
      total += m.raw.size();
    }
    if (total > size) __builtin_trap();
  }
  (void)ReadFrameHeader(bytes);
  (void)FrameForSending(std::string(bytes));
  return 0;
}
