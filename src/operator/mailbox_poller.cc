#include "operator/mailbox_poller.h"

namespace seteli::exchange {

Result<int> MailboxPoller::PollOnce() {
  int fetched = 0;
  for (;;) {
    auto reply = client_.Request("GET", mailbox_, "", {});
    if (!reply.ok()) return reply.error();
    if (reply.value().status == 204) return fetched;
    if (reply.value().status != 200) {
      return Error{"unavailable", "mailbox answered HTTP " + std::to_string(reply.value().status)};
    }
    auto receipt = inbound_->Receive(reply.value().body, "poll");
    if (!receipt.ok()) return receipt.error();
    std::string ids;
    for (const auto& list : {receipt.value().stored, receipt.value().duplicates}) {
      for (const std::string& id : list) ids += id + "\n";
    }
    Url ack = mailbox_;
    ack.target += "/ack";
    auto confirmed = client_.Post(ack, ids, {{"Content-Type", "text/plain"}});
    if (!confirmed.ok()) return confirmed.error();  // fetched again next time: duplicates
    fetched += static_cast<int>(receipt.value().stored.size() + receipt.value().duplicates.size());
  }
}

void MailboxPoller::Start() {
  thread_ = std::thread([this] {
    while (!stopping_) {
      (void)PollOnce();
      std::unique_lock<std::mutex> lock(mu_);
      wake_.wait_for(lock, std::chrono::seconds(interval_seconds_), [this] { return stopping_.load(); });
    }
  });
}

void MailboxPoller::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

}  // namespace seteli::exchange
