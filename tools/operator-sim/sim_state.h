// The simulated operator's state: a mailbox per e-invoice address holding
// each MessageId once (a resend is counted and dropped, as a real operator
// does), the queue of messages waiting to go to the daemon (delivered, or
// picked up by the daemon polling its mailbox), and counters for the
// tests. Thread-safe.
#ifndef SETELI_OPERATOR_SIM_SIM_STATE_H_
#define SETELI_OPERATOR_SIM_SIM_STATE_H_

#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <string>
#include <vector>

namespace operator_sim {

struct MailboxEntry {
  std::string message_id;
  std::string from;
  std::string body;
};

// One file waiting for delivery to the daemon.
struct Delivery {
  std::string label;  // the MessageIds in it, for the counters
  std::string body;
  int attempts = 0;
};

class SimState {
 public:
  // Files a message in the receiver's mailbox. false: MessageId seen before.
  bool Accept(const std::string& to, const MailboxEntry& entry);
  void Count(const std::string& counter, long long n = 1);
  long long Counter(const std::string& counter);

  void Enqueue(Delivery d);
  // Waits for a delivery; with `reorder`, a random one rather than the oldest.
  bool Next(Delivery& out, bool reorder, std::mt19937_64& rng, int wait_ms);
  void Requeue(Delivery d);  // after a failed attempt, at the back
  size_t Pending();
  // Polling instead of delivering: the oldest waiting file, which stays
  // waiting until the daemon confirms its MessageIds.
  bool Oldest(Delivery& out);
  // The daemon confirms `ids` (stored): each waiting file all of whose
  // MessageIds are among them is done. Returns how many files were done.
  int Confirm(const std::set<std::string>& ids);

  std::string MailboxesJson();
  std::string CountersJson();

 private:
  std::mutex mu_;
  std::condition_variable queued_;
  std::map<std::string, std::vector<MailboxEntry>> mailboxes_;
  std::set<std::string> seen_;
  std::deque<Delivery> deliveries_;
  int in_flight_ = 0;
  std::map<std::string, long long> counters_;
 public:
  void Done() {
    std::lock_guard<std::mutex> l(mu_);
    --in_flight_;
  }
};

// A JSON string literal; bytes over 0x7f are taken as ISO-8859-1/15.
std::string Json(const std::string& s);

}  // namespace operator_sim

#endif  // SETELI_OPERATOR_SIM_SIM_STATE_H_
