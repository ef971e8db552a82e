#include "settling/streamed_month.h"

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <iterator>
#include <map>
#include <memory>
#include <mutex>
#include <thread>

#include "formats/settlement_json.h"
#include "settling/client_groups.h"

namespace seteli::settling {
namespace {

// Groups settled as one piece of work: about this many events, so that
// starting one costs little and its formatted lines (some 550 bytes a line)
// stay a few megabytes until they go to the temporary file.
constexpr size_t kUnitEvents = 8192;

// Where a piece of formatted lines lies in the temporary file.
struct Segment {
  long offset = 0;
  size_t size = 0;
};

// A provider's part of the month as far as it is settled.
struct ProviderPart {
  Money price, voucher, copay;
  int64_t lines = 0;
  std::vector<UnpaidRemainder> unpaid;
  std::vector<Segment> segments;  // its lines' text, in order
};

// What one piece of work settled; its lines' text already in the file.
struct UnitResult {
  std::map<std::string, ProviderPart> providers;
  std::vector<Rejection> rejected;
  std::vector<UnpaidRemainder> unpaid;
  std::vector<BalanceStatement> balances;
};

// Settles groups [first, last) together: they share nothing, so settling
// them at once gives what settling each alone gives, at the cost of one
// SettleMonth instead of one per group.
MonthSettlement SettleGroups(const SettleContext& ctx, const formats::PackedEvents& events,
                             const ClientGroups& groups, size_t first, size_t last,
                             YearMonth month) {
  DecisionBook book;
  std::vector<Event> unpacked;
  size_t count = 0;
  for (size_t gi = first; gi < last; ++gi) count += groups.groups[gi].events.size();
  unpacked.reserve(count);
  for (size_t gi = first; gi < last; ++gi) {
    const ClientGroup& g = groups.groups[gi];
    for (std::string_view id : g.decision_ids) {
      const Decision* d = ctx.decisions->Find(std::string(id));
      if (!d) continue;  // its events are rejected as of an unknown decision
      book.Add(*d);
      for (const Absence& a : ctx.decisions->AbsencesOf(d->id)) book.AddAbsence(a);
    }
    for (uint32_t e : g.events) unpacked.push_back(events.Unpack(e, groups.shared_id[e]));
  }
  const SettleContext unit_ctx{ctx.rulebook, ctx.providers, &book, ctx.reference_kind};
  return SettleMonth(unit_ctx, unpacked, month);
}

// Adds the settlement `m` to `unit`, its lines formatted into `texts`.
void AddSettlement(MonthSettlement& m, UnitResult& unit,
                   std::map<std::string, std::string>& texts) {
  for (const Settlement& s : m.settlements) {
    ProviderPart& part = unit.providers[s.provider];
    part.price += s.price_total;
    part.voucher += s.voucher_total;
    part.copay += s.copay_total;
    part.lines += static_cast<int64_t>(s.lines.size());
    std::string& text = texts[s.provider];
    for (const SettlementLine& l : s.lines) formats::AppendLineElement(text, l);
  }
  for (UnpaidRemainder& u : m.unpaid) {
    unit.providers[u.provider].unpaid.push_back(u);
    unit.unpaid.push_back(std::move(u));
  }
  std::move(m.rejected.begin(), m.rejected.end(), std::back_inserter(unit.rejected));
  std::move(m.balances.begin(), m.balances.end(), std::back_inserter(unit.balances));
}

// The temporary file that holds the formatted lines, shared by the
// threads that settle.
class LineFile {
 public:
  LineFile() : file_(std::tmpfile()) {}
  bool ok() const { return file_ != nullptr && !failed_; }

  Segment Write(const std::string& text) {
    std::lock_guard<std::mutex> lock(mu_);
    Segment s{end_, text.size()};
    if (!file_ || std::fwrite(text.data(), 1, text.size(), file_.get()) != text.size()) failed_ = true;
    end_ += static_cast<long>(text.size());
    return s;
  }

  // Hands `s`'s text to `take` a buffer at a time.
  template <typename Take>
  bool Read(const Segment& s, std::string& buffer, Take take) {
    if (std::fseek(file_.get(), s.offset, SEEK_SET) != 0) return false;
    for (size_t left = s.size; left > 0;) {
      buffer.resize(std::min(left, size_t{1} << 20));
      if (std::fread(buffer.data(), 1, buffer.size(), file_.get()) != buffer.size()) return false;
      take(buffer);
      left -= buffer.size();
    }
    return true;
  }

  bool Flush() { return file_ && std::fflush(file_.get()) == 0; }

 private:
  struct Close {
    void operator()(FILE* f) const { std::fclose(f); }
  };
  std::unique_ptr<FILE, Close> file_;
  std::mutex mu_;
  long end_ = 0;
  bool failed_ = false;
};

// Consecutive groups of about kUnitEvents events: [first, last) indexes.
std::vector<std::pair<size_t, size_t>> Units(const ClientGroups& groups) {
  std::vector<std::pair<size_t, size_t>> units;
  size_t events = 0;
  for (size_t g = 0; g < groups.groups.size(); ++g) {
    if (units.empty() || events >= kUnitEvents) {
      units.emplace_back(g, g);
      events = 0;
    }
    units.back().second = g + 1;
    events += groups.groups[g].events.size() + 1;
  }
  return units;
}

// Settles every group, the units shared out to a thread per core.
std::vector<UnitResult> SettleUnits(const SettleContext& ctx, const formats::PackedEvents& events,
                                    const ClientGroups& groups, YearMonth month, LineFile& file) {
  const auto units = Units(groups);
  std::vector<UnitResult> results(units.size());
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t u; (u = next++) < units.size();) {
      std::map<std::string, std::string> texts;
      MonthSettlement m = SettleGroups(ctx, events, groups, units[u].first, units[u].second, month);
      AddSettlement(m, results[u], texts);
      for (const auto& [provider, text] : texts) {
        results[u].providers[provider].segments.push_back(file.Write(text));
      }
    }
  };
  const size_t threads = std::max(1u, std::thread::hardware_concurrency());
  std::vector<std::thread> pool;
  for (size_t t = 1; t < threads; ++t) pool.emplace_back(work);
  work();
  for (std::thread& t : pool) t.join();
  return results;
}

// Every unit's parts of each provider, in unit order.
std::map<std::string, ProviderPart> ByProvider(std::vector<UnitResult>& units) {
  std::map<std::string, ProviderPart> out;
  for (UnitResult& u : units) {
    for (auto& [provider, part] : u.providers) {
      ProviderPart& all = out[provider];
      all.price += part.price;
      all.voucher += part.voucher;
      all.copay += part.copay;
      all.lines += part.lines;
      std::move(part.unpaid.begin(), part.unpaid.end(), std::back_inserter(all.unpaid));
      all.segments.insert(all.segments.end(), part.segments.begin(), part.segments.end());
    }
    u.providers.clear();
  }
  return out;
}

}  // namespace

Result<bool> SettleStreamed(const SettleContext& ctx, const formats::PackedEvents& events,
                            YearMonth month, std::ostream& out, std::vector<Rejection>& rejected) {
  const ClientGroups groups = PlanClientGroups(events, *ctx.decisions);
  LineFile file;
  std::vector<UnitResult> units = SettleUnits(ctx, events, groups, month, file);
  if (!file.ok() || !file.Flush()) return Error{"write_failed", "cannot write the settled lines to a temporary file in /tmp"};

  std::vector<UnpaidRemainder> unpaid;
  std::vector<BalanceStatement> balances;
  for (UnitResult& u : units) {
    std::move(u.rejected.begin(), u.rejected.end(), std::back_inserter(rejected));
    std::move(u.unpaid.begin(), u.unpaid.end(), std::back_inserter(unpaid));
    std::move(u.balances.begin(), u.balances.end(), std::back_inserter(balances));
  }
  std::stable_sort(rejected.begin(), rejected.end(),
                   [](const Rejection& a, const Rejection& b) { return a.line < b.line; });
  std::sort(balances.begin(), balances.end(),
            [](const BalanceStatement& a, const BalanceStatement& b) {
              return a.decision_id < b.decision_id;
            });

  formats::MonthSettlementStream stream(out, month, ctx.rulebook->version);
  std::string buffer;
  for (auto& [provider, part] : ByProvider(units)) {
    if (part.lines == 0) continue;  // unpaid remainders only: no settlement
    Settlement head{provider,
                    month,
                    SettlementReference(provider, month, ctx.reference_kind),
                    part.price,
                    part.voucher,
                    part.copay,
                    {},
                    std::move(part.unpaid)};
    stream.BeginSettlement(head, part.lines);
    for (const Segment& s : part.segments) {
      if (!file.Read(s, buffer, [&](const std::string& text) { stream.Lines(text); })) {
        return Error{"read_failed", "cannot read back a temporary file"};
      }
    }
    stream.EndSettlement();
  }
  stream.Finish(rejected, unpaid, balances);
  return true;
}

}  // namespace seteli::settling
