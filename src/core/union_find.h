// Internal: sets of nodes joined by what connects them (union-find), for
// dividing events into groups that settle apart. Nodes are 0, 1, 2, ...;
// a set's root is its smallest node.
#ifndef SETELI_CORE_UNION_FIND_H_
#define SETELI_CORE_UNION_FIND_H_

#include <algorithm>
#include <cstddef>
#include <vector>

namespace seteli {

class UnionFind {
 public:
  // A new node in a set of its own.
  size_t Add() {
    parent_.push_back(parent_.size());
    return parent_.size() - 1;
  }
  size_t size() const { return parent_.size(); }
  size_t Root(size_t n) {
    while (parent_[n] != n) n = parent_[n] = parent_[parent_[n]];
    return n;
  }
  void Join(size_t a, size_t b) {
    a = Root(a);
    b = Root(b);
    if (a != b) parent_[std::max(a, b)] = std::min(a, b);
  }

 private:
  std::vector<size_t> parent_;
};

}  // namespace seteli

#endif  // SETELI_CORE_UNION_FIND_H_
