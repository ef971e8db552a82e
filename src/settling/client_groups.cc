#include "settling/client_groups.h"

#include <algorithm>
#include <cstdint>
#include <functional>
#include <optional>
#include <unordered_map>

#include "core/union_find.h"

namespace seteli::settling {
namespace {

// Each event ID's first event, in a flat table: a million IDs take 16 MB
// here, against some 60 MB as a map of strings. A slot holds the event's
// index and the high half of its ID's hash, so a probe reads the event's
// ID only when the hashes agree.
class IdTable {
 public:
  explicit IdTable(const formats::PackedEvents& events) : events_(events) {
    size_t capacity = 16;
    while (capacity < 2 * events.size()) capacity *= 2;
    slots_.assign(capacity, kEmpty);
  }

  // The first event added with event `e`'s ID; `e` itself when it is the
  // first, and then it is added.
  uint32_t FirstWith(uint32_t e) {
    const std::string_view id = events_.id(e);
    const uint64_t hash = std::hash<std::string_view>()(id);
    for (size_t s = hash & (slots_.size() - 1);; s = (s + 1) & (slots_.size() - 1)) {
      if (slots_[s] == kEmpty) {
        slots_[s] = (hash & kHashBits) | e;
        return e;
      }
      if (Holds(slots_[s], hash, id)) return static_cast<uint32_t>(slots_[s]);
    }
  }

  std::optional<uint32_t> Find(std::string_view id) const {
    const uint64_t hash = std::hash<std::string_view>()(id);
    for (size_t s = hash & (slots_.size() - 1); slots_[s] != kEmpty;
         s = (s + 1) & (slots_.size() - 1)) {
      if (Holds(slots_[s], hash, id)) return static_cast<uint32_t>(slots_[s]);
    }
    return std::nullopt;
  }

 private:
  static constexpr uint64_t kEmpty = UINT64_MAX;
  static constexpr uint64_t kHashBits = 0xffffffff00000000;

  bool Holds(uint64_t slot, uint64_t hash, std::string_view id) const {
    return (slot & kHashBits) == (hash & kHashBits) &&
           events_.id(static_cast<uint32_t>(slot)) == id;
  }

  const formats::PackedEvents& events_;
  std::vector<uint64_t> slots_;
};

// Decision IDs as nodes of a UnionFind.
class DecisionNodes {
 public:
  size_t Node(std::string_view decision_id) {
    auto [it, fresh] = index_.try_emplace(decision_id, ids_.size());
    if (fresh) {
      sets_.Add();
      ids_.push_back(decision_id);
    }
    return it->second;
  }
  void Join(size_t a, size_t b) { sets_.Join(a, b); }
  size_t Root(size_t n) { return sets_.Root(n); }
  const std::vector<std::string_view>& ids() const { return ids_; }

 private:
  std::unordered_map<std::string_view, size_t> index_;
  std::vector<std::string_view> ids_;  // by node
  UnionFind sets_;
};

bool HasBalance(const DecisionBook& decisions, const std::vector<std::string_view>& ids) {
  return std::any_of(ids.begin(), ids.end(), [&](std::string_view id) {
    const Decision* d = decisions.Find(std::string(id));
    return d && d->balance;
  });
}

// The groups of the joined nodes, each with its decision IDs sorted, by
// their first; those with no event and no balance to state are left out.
std::vector<ClientGroup> GroupsOf(DecisionNodes& nodes, const std::vector<uint32_t>& node_of_event,
                                  const DecisionBook& decisions) {
  std::vector<size_t> by_id(nodes.ids().size());
  for (size_t n = 0; n < by_id.size(); ++n) by_id[n] = n;
  std::sort(by_id.begin(), by_id.end(),
            [&](size_t a, size_t b) { return nodes.ids()[a] < nodes.ids()[b]; });
  std::vector<ClientGroup> groups;
  constexpr size_t kNone = SIZE_MAX;
  std::vector<size_t> group_of_root(by_id.size(), kNone), group_of_node(by_id.size());
  for (size_t n : by_id) {
    size_t& g = group_of_root[nodes.Root(n)];
    if (g == kNone) {
      g = groups.size();
      groups.emplace_back();
    }
    groups[g].decision_ids.push_back(nodes.ids()[n]);
    group_of_node[n] = g;
  }
  std::vector<size_t> sizes(groups.size());
  for (uint32_t node : node_of_event) ++sizes[group_of_node[node]];
  for (size_t g = 0; g < groups.size(); ++g) groups[g].events.reserve(sizes[g]);
  for (uint32_t e = 0; e < node_of_event.size(); ++e) {
    groups[group_of_node[node_of_event[e]]].events.push_back(e);
  }
  std::erase_if(groups, [&](const ClientGroup& g) {
    return g.events.empty() && !HasBalance(decisions, g.decision_ids);
  });
  return groups;
}

}  // namespace

ClientGroups PlanClientGroups(const formats::PackedEvents& events, const DecisionBook& decisions) {
  DecisionNodes nodes;
  // A client's decisions settle together.
  std::unordered_map<std::string_view, size_t> first_of_client;
  for (const auto& [id, d] : decisions.all()) {
    const size_t n = nodes.Node(id);
    auto [it, fresh] = first_of_client.try_emplace(d.client, n);
    if (!fresh) nodes.Join(it->second, n);
  }
  std::vector<uint32_t> node_of_event(events.size());
  for (uint32_t e = 0; e < events.size(); ++e) {
    node_of_event[e] = static_cast<uint32_t>(nodes.Node(events.decision_id(e)));
  }

  ClientGroups out;
  out.shared_id.assign(events.size(), false);
  // Events that share an ID settle together, and so does a correction with
  // the event it corrects.
  IdTable ids(events);
  for (uint32_t e = 0; e < events.size(); ++e) {
    const uint32_t first = ids.FirstWith(e);
    if (first == e) continue;
    out.shared_id[first] = out.shared_id[e] = true;
    nodes.Join(node_of_event[first], node_of_event[e]);
  }
  for (uint32_t e = 0; e < events.size(); ++e) {
    if (events.target(e).empty()) continue;
    if (auto t = ids.Find(events.target(e))) nodes.Join(node_of_event[e], node_of_event[*t]);
  }
  out.groups = GroupsOf(nodes, node_of_event, decisions);
  return out;
}

}  // namespace seteli::settling
