// The inbound retrier on a manual clock (issue 21): what a dead daemon left
// claimed is handed on once its claim's lease has run out, not before; a
// failed hand-on comes back after its backoff.
#include "operator/inbound_retrier.h"

#include <gtest/gtest.h>

#include <chrono>

#include "clock_store.h"
#include "formats/sha256.h"
#include "outbound/transmission_frame.h"

namespace seteli::exchange {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

// One framed message as the operator sends it.
std::string Framed(const std::string& message_id) {
  outbound::TransmissionHeader h;
  h.routing = {{"003712345678", "BAWCFI22"}, {"003701234567", "HELSFIHH"}};
  h.message_id = message_id;
  h.timestamp = "2024-06-03T10:00:00+03:00";
  return outbound::FrameMessage(h, "<Finvoice Version=\"3.0\"/>").value();
}

class InboundRetrierTest : public ClockStoreTest {
 protected:
  // Stores a message as a daemon that died before handing it on left it.
  void LeftByADeadDaemon(const std::string& message_id) {
    std::string raw = Framed(message_id);
    store::InboundMessage m{message_id, "push", raw, formats::Sha256Hex(raw)};
    auto stored = store_->StoreInbound({m}, {"dead:1", 30});
    ASSERT_TRUE(stored.ok()) << ToLine(stored.error());
  }

  // Starts a retrier (its first pass runs in Start) and stops it.
  void OnePass(InboundEndpoint& endpoint) {
    InboundRetrier retrier(store_.get(), &endpoint, 60000);
    retrier.Start();
    retrier.Stop();
  }

  ExchangeMetrics metrics_;
};

TEST_P(InboundRetrierTest, HandsOnWhatADeadDaemonLeftOnceItsClaimRunsOut) {
  LeftByADeadDaemon("OP-1");
  std::vector<std::string> handed;
  InboundEndpoint endpoint(
      store_.get(),
      [&](const store::InboundMessage& m) -> Result<store::Done> {
        handed.push_back(m.message_id);
        return store::Done{};
      },
      {.claim = {"live:2", 30}, .backoff = {}}, &metrics_);
  OnePass(endpoint);
  EXPECT_TRUE(handed.empty());  // the dead daemon's claim still holds
  clock_.Advance(seconds(29));
  OnePass(endpoint);
  EXPECT_TRUE(handed.empty());
  clock_.Advance(seconds(1));
  OnePass(endpoint);
  EXPECT_EQ(handed, std::vector<std::string>{"OP-1"});
  clock_.Advance(seconds(3600));
  OnePass(endpoint);  // processed: never again
  EXPECT_EQ(handed.size(), 1u);
}

TEST_P(InboundRetrierTest, AFailedHandOnComesBackAfterItsBackoff) {
  int calls = 0;
  InboundEndpoint endpoint(
      store_.get(),
      [&](const store::InboundMessage&) -> Result<store::Done> {
        if (++calls == 1) return Error{"store_unavailable", "the store is away", ""};
        return store::Done{};
      },
      {.claim = {"live:2", 30}, .backoff = {.base_ms = 4000, .max_ms = 4000}}, &metrics_);
  ASSERT_TRUE(endpoint.Receive(Framed("OP-2"), "push").ok());
  EXPECT_EQ(calls, 0);  // answered once stored; a retrier pass judges it
  OnePass(endpoint);
  EXPECT_EQ(calls, 1);
  // Released with a backoff of 2 to 4 seconds.
  clock_.Advance(milliseconds(1999));
  OnePass(endpoint);
  EXPECT_EQ(calls, 1);
  clock_.Advance(milliseconds(2001));
  OnePass(endpoint);
  EXPECT_EQ(calls, 2);
  clock_.Advance(seconds(3600));
  OnePass(endpoint);
  EXPECT_EQ(calls, 2);
}

INSTANTIATE_TEST_SUITE_P(Backends, InboundRetrierTest, ::testing::Values("sqlite", "postgresql"));

}  // namespace
}  // namespace seteli::exchange
