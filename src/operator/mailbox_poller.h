// Optional polling of an operator mailbox, for operators that do not post
// to the daemon: GET the mailbox URL (200 with a file of framed messages,
// or 204 when empty), store the messages like a post, and only then
// confirm them to the operator (POST URL/ack with their MessageIds, one a
// line), so a message the daemon did not store stays in the mailbox.
#ifndef SETELI_OPERATOR_MAILBOX_POLLER_H_
#define SETELI_OPERATOR_MAILBOX_POLLER_H_

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "operator/https_client.h"
#include "operator/inbound_endpoint.h"

namespace seteli::exchange {

class MailboxPoller {
 public:
  MailboxPoller(HttpsClient client, Url mailbox, InboundEndpoint* inbound, int interval_seconds)
      : client_(std::move(client)), mailbox_(std::move(mailbox)), inbound_(inbound),
        interval_seconds_(interval_seconds) {}
  ~MailboxPoller() { Stop(); }

  // Empties the mailbox once. Returns how many messages were fetched.
  Result<int> PollOnce();
  void Start();
  void Stop();

 private:
  HttpsClient client_;
  Url mailbox_;
  InboundEndpoint* inbound_;
  int interval_seconds_;
  std::thread thread_;
  std::atomic<bool> stopping_{false};
  std::mutex mu_;
  std::condition_variable wake_;
};

}  // namespace seteli::exchange

#endif  // SETELI_OPERATOR_MAILBOX_POLLER_H_
