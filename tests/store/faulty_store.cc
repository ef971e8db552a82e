#include "faulty_store.h"

namespace seteli::store {

Error FaultyStore::Unavailable() {
  return Error{"store_unavailable", "injected fault: the store did not answer", "",
               ErrorKind::kUnavailable};
}

void FaultyStore::FailNth(Role role, int nth, Error error, FaultTiming timing) {
  std::lock_guard lock(mu_);
  Counter& c = roles_[static_cast<size_t>(role)];
  c.fault = Fault{c.calls + nth, false, std::move(error), timing};
}

void FaultyStore::FailNth(const std::string& method, int nth, Error error, FaultTiming timing) {
  std::lock_guard lock(mu_);
  Counter& c = methods_[method];
  c.fault = Fault{c.calls + nth, false, std::move(error), timing};
}

void FaultyStore::FailFrom(Role role, int nth, Error error) {
  std::lock_guard lock(mu_);
  Counter& c = roles_[static_cast<size_t>(role)];
  c.fault = Fault{c.calls + nth, true, std::move(error), FaultTiming::kBeforeCall};
}

void FaultyStore::Heal(Role role) {
  std::lock_guard lock(mu_);
  roles_[static_cast<size_t>(role)].fault.reset();
  for (auto& [name, c] : methods_) {
    if (c.role == role) c.fault.reset();
  }
}

int FaultyStore::calls(Role role) const {
  std::lock_guard lock(mu_);
  return roles_[static_cast<size_t>(role)].calls;
}

int FaultyStore::calls(const std::string& method) const {
  std::lock_guard lock(mu_);
  auto it = methods_.find(method);
  return it == methods_.end() ? 0 : it->second.calls;
}

int FaultyStore::faults() const {
  std::lock_guard lock(mu_);
  return faults_;
}

std::optional<FaultyStore::Fault> FaultyStore::Due(const Counter& c) {
  if (!c.fault) return std::nullopt;
  const Fault& f = *c.fault;
  if (c.calls < f.at_call || (c.calls > f.at_call && !f.sticky)) return std::nullopt;
  return f;
}

std::optional<std::pair<Error, FaultyStore::FaultTiming>> FaultyStore::NextCall(
    Role role, const char* method) {
  std::lock_guard lock(mu_);
  Counter& by_role = roles_[static_cast<size_t>(role)];
  Counter& by_method = methods_[method];
  by_method.role = role;
  ++by_role.calls;
  ++by_method.calls;
  std::optional<Fault> due = Due(by_method);
  if (!due) due = Due(by_role);
  if (!due) return std::nullopt;
  ++faults_;
  return std::make_pair(due->error, due->timing);
}

}  // namespace seteli::store
