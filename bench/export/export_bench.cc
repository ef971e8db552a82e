// export_bench: a month of N settlement lines (default 1,000,000) spread over
// 200 providers, 250,000 clients, 12 services in 10 municipalities, 5% of
// them prior-period corrections, and 50,000 balance statements (the first
// 50,000 clients hold balance decisions); times
// reconcile and every export kind in both dialects, written to files in DIR
// (default /tmp). Prints one line per step: seconds, rows, bytes, MB/s.
//
//   export_bench [lines] [dir]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "export/export_month.h"
#include "export/journal_export.h"
#include "export/reconcile.h"
#include "seteli/settle.h"

namespace seteli::exports {
namespace {

using Clock = std::chrono::steady_clock;

double Since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

std::string BusinessId(int n) {
  // Seven digits and the check digit of the domain (weights 7,9,10,5,8,4,2).
  static const int kWeights[] = {7, 9, 10, 5, 8, 4, 2};
  for (int base = 2000000 + n * 97;; ++base) {
    std::string digits = std::to_string(base);
    int sum = 0;
    for (int i = 0; i < 7; ++i) sum += (digits[i] - '0') * kWeights[i];
    int r = sum % 11;
    if (r == 1) continue;
    return digits + "-" + std::to_string(r == 0 ? 0 : 11 - r);
  }
}

MonthBooks Generate(int64_t lines) {
  constexpr int kProviders = 200, kClients = 250000, kDecisions = 50000;
  const char* services[] = {"kotihoito-saannollinen", "kotihoito-tilapainen", "ateriapalvelu",
                            "palveluasuminen",        "henkilokohtainen-apu", "siivous",
                            "omaishoidon-vapaa",      "laakinnallinen-kuntoutus",
                            "lapsiperheiden-kotipalvelu", "veteraani-siivous",
                            "vammaisten-paivatoiminta", "perhehoitajan-vapaa"};
  const char* towns[] = {"Mikkeli", "Savonlinna", "Pieksämäki", "Juva", "Kangasniemi",
                         "Mäntyharju", "Pertunmaa", "Puumala", "Rantasalmi", "Sulkava"};
  MonthBooks b;
  b.month = YearMonth(2024, 5);
  b.accounts.expense_by_class[ServiceClass::kHealth] = "4341";
  b.accounts.expense_by_class[ServiceClass::kSocial] = "4342";
  b.accounts.accounts_payable = "2871";
  b.accounts.prior_period = "4349";
  std::mt19937_64 rng(42);
  b.settlements.resize(kProviders);
  for (int p = 0; p < kProviders; ++p) {
    Settlement& s = b.settlements[p];
    s.provider = BusinessId(p);
    s.month = b.month;
    s.reference = SettlementReference(s.provider, b.month, ReferenceKind::kFinnish);
    s.lines.reserve(static_cast<size_t>(lines / kProviders + 1));
    b.provider_names[s.provider] = "Palveluyritys " + std::to_string(p) + " Oy";
  }
  for (int64_t i = 0; i < lines; ++i) {
    int client = static_cast<int>(rng() % kClients);
    int provider = static_cast<int>((static_cast<uint64_t>(client) * 7 + rng() % 3) % kProviders);
    int service = static_cast<int>((client + rng() % 2) % 12);
    Settlement& s = b.settlements[provider];
    SettlementLine& l = s.lines.emplace_back();
    char buf[32];
    std::snprintf(buf, sizeof buf, "E-%08lld", static_cast<long long>(i));
    l.event_id = buf;
    std::snprintf(buf, sizeof buf, "C-%06d", client);
    l.client = buf;
    std::snprintf(buf, sizeof buf, "D-%06d", client);
    l.decision_id = buf;
    l.provider = s.provider;
    l.service = services[service];
    l.municipality = towns[client % 10];
    l.service_class = service < 2 || service == 7 ? ServiceClass::kHealth : ServiceClass::kSocial;
    l.unit = service < 2 ? Unit::kHour : Unit::kVisit;
    l.date = b.month.first().AddDays(static_cast<int32_t>(rng() % 31));
    if (l.unit == Unit::kHour) {
      int minutes = 15 + static_cast<int>(rng() % 240);
      l.minutes = minutes;
      l.quantity = Quantity::FromMilli((minutes * 1000 + 30) / 60);
      l.unit_price = Money::FromCents(3600);
      l.price = Money::MulDiv(l.unit_price, minutes, 60);
    } else {
      l.quantity = Quantity::Units(1);
      l.unit_price = Money::FromCents(2000 + static_cast<int64_t>(rng() % 10000));
      l.price = l.unit_price;
    }
    l.voucher = Money::MulDiv(l.price, static_cast<int64_t>(rng() % 101), 100);
    l.copay = l.price - l.voucher;
    if (rng() % 20 == 0) {
      l.flags |= kPriorPeriod;
      l.original_month = YearMonth(2024, 4);
      if (rng() % 2) {
        l.price = -l.price;
        l.voucher = -l.voucher;
        l.copay = -l.copay;
      }
    }
    s.price_total += l.price;
    s.voucher_total += l.voucher;
    s.copay_total += l.copay;
  }
  // The first kDecisions clients hold balance decisions: their statements
  // use what their lines used.
  std::vector<Money> used(kDecisions);
  for (const Settlement& s : b.settlements) {
    for (const SettlementLine& l : s.lines) {
      int client = std::atoi(l.client.c_str() + 2);
      if (client < kDecisions && !(l.flags & kPriorPeriod)) used[client] += l.voucher;
    }
  }
  for (int d = 0; d < kDecisions; ++d) {
    BalanceStatement st;
    char buf[32];
    std::snprintf(buf, sizeof buf, "D-%06d", d);
    st.decision_id = buf;
    std::snprintf(buf, sizeof buf, "C-%06d", d);
    st.client = buf;
    st.month = b.month;
    st.used = used[d];
    st.accrual = Money::FromCents(12500);
    st.opening = Max(Money(), st.used - st.accrual) + Money::FromCents(static_cast<int64_t>(rng() % 50000));
    st.closing = st.opening + st.accrual - st.used;
    b.balances.push_back(std::move(st));
  }
  for (const Settlement& s : b.settlements) {
    if (s.provider < b.settlements[kProviders / 2].provider) {
      b.invoices.push_back({s.provider, s.reference, "INV-1", b.month.next().first(),
                            s.voucher_total, InvoiceStatus::kAccepted, {}});
    }
  }
  return b;
}

int Run(int argc, char** argv) {
  int64_t lines = argc > 1 ? std::atoll(argv[1]) : 1000000;
  std::filesystem::path dir = argc > 2 ? argv[2] : "/tmp";
  auto t = Clock::now();
  MonthBooks books = Generate(lines);
  std::printf("generate %lld lines: %.2f s\n", static_cast<long long>(lines), Since(t));

  t = Clock::now();
  std::vector<Failure> failures = Reconcile(books);
  std::printf("reconcile: %.3f s, %zu failures\n", Since(t), failures.size());
  for (const Failure& f : failures) std::printf("  %s\n", ToLine(f).c_str());

  // Each kind as `seteli export` runs it: reconcile, then write the file and
  // its side files (ExportMonthToFile).
  bool slow = false;
  for (Dialect d : {Dialect::kRfc4180, Dialect::kFinnish}) {
    for (ExportKind k : {ExportKind::kReconciliation, ExportKind::kJournal,
                         ExportKind::kCopayments, ExportKind::kBalances}) {
      std::string path = (dir / (std::string("export-bench-") + ExportKindName(k) + "-" +
                                 DialectName(d) + ".csv")).string();
      t = Clock::now();
      std::ofstream out(path, std::ios::binary | std::ios::trunc);
      CsvSummary s = WriteExport(k, books, out, d);
      out.close();
      double write = Since(t);
      t = Clock::now();
      Result<CsvSummary> full = ExportMonthToFile(k, books, d, path);
      double sec = Since(t);
      if (!full.ok()) {
        std::printf("%s: %s\n", ExportKindName(k), seteli::ToLine(full.error()).c_str());
        return 2;
      }
      slow = slow || sec >= 2.0;
      std::printf("%-14s %-7s write %.3f s, with reconcile and side files %.3f s  %9lld rows  "
                  "%11lld bytes\n",
                  ExportKindName(k), DialectName(d), write, sec, static_cast<long long>(s.rows),
                  static_cast<long long>(s.bytes));
      for (const char* suffix : {"", ".sha256", ".manifest.json"}) {
        std::filesystem::remove(path + suffix);
      }
    }
  }
  std::printf(slow ? "SLOW: a kind took 2 s or more\n" : "every kind under 2 s\n");
  return slow ? 1 : 0;
}

}  // namespace
}  // namespace seteli::exports

int main(int argc, char** argv) { return seteli::exports::Run(argc, argv); }
