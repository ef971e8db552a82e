// The books check read a chunk of lines at a time (ReconcileStored) on a
// real SQLite store whose lines are kept apart, as the monthly run writes
// them: over several chunks nothing is lost (every line and every total
// counted), and on a month broken in every way the checks know, it prints
// the very failures Reconcile prints on the whole month in memory. The
// exports read the same way write the very files of the whole month, and
// one whose lines stop being readable writes none.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <set>
#include <sstream>

#include "books/month_activity.h"
#include "books/store_books.h"
#include "books/stored_overview.h"
#include "export/export_month.h"
#include "export/journal_export.h"
#include "faulty_store.h"
#include "formats/settlement_json.h"
#include "store/store.h"

namespace seteli::books {
namespace {

const YearMonth kMay(2024, 5);
constexpr char kBig[] = "2345678-0";
constexpr char kSmall[] = "3012345-8";
// Three chunks and a bit: the chunk boundaries fall inside the settlement.
constexpr int kBigLines = 2 * StoredLines::kLinesPerRead + 500;

Money M(const char* s) { return Money::Parse(s).value(); }

SettlementLine Line(const std::string& provider, const std::string& event, int decision) {
  SettlementLine l;
  l.event_id = event;
  l.decision_id = "D-" + std::to_string(decision);
  l.client = "C-" + std::to_string(decision);
  l.provider = provider;
  l.service = decision % 2 ? "kotihoito" : "ateriapalvelu";
  l.municipality = "Mikkeli";
  l.service_class = ServiceClass::kHealth;
  l.unit = Unit::kVisit;
  l.date = Date::FromYmd(2024, 5, 1 + decision % 28);
  l.quantity = Quantity::Units(1);
  l.unit_price = M("30.00");
  l.price = M("30.00");
  l.voucher = M("20.00");
  l.copay = M("10.00");
  return l;
}

class StoredLinesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("seteli-stored-lines-" +
            std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    store_ = std::move(store::OpenStore("sqlite:" + (dir_ / "s.db").string())).value();
    chart_.expense_by_class[ServiceClass::kHealth] = "4341";
    chart_.accounts_payable = "2871";
    chart_.prior_period = "4349";
  }
  void TearDown() override {
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

  std::vector<SettlementLine> BigLines() {
    std::vector<SettlementLine> lines;
    for (int i = 1; i <= kBigLines; ++i) lines.push_back(Line(kBig, "E-" + std::to_string(i), i));
    return lines;
  }

  // Commits the settlement as the run does: the head with "lines":[] and
  // each line once in settlement_lines. The totals are the sums of
  // `totals_of` (the lines when null) plus `copay_off` on the co-payment.
  void Settle(const std::string& provider, const std::string& reference,
              const std::vector<SettlementLine>& lines, Money copay_off = Money(),
              const std::vector<SettlementLine>* totals_of = nullptr) {
    Settlement s;
    s.provider = provider;
    s.month = kMay;
    s.reference = reference;
    for (const SettlementLine& l : totals_of ? *totals_of : lines) {
      s.price_total += l.price;
      s.voucher_total += l.voucher;
      s.copay_total += l.copay;
    }
    s.copay_total += copay_off;
    const int n = static_cast<int>(lines.size());
    store::SettlementWrite w;
    w.settlement = {provider, "2024-05", store::kSettled, reference, "test", s.price_total.cents(),
                    s.voucher_total.cents(), s.copay_total.cents(), n, "", "run-1", std::nullopt,
                    formats::SettlementHeadJsonText(s, n)};
    for (int i = 0; i < n; ++i) {
      const SettlementLine& l = lines[i];
      w.lines.push_back({provider, "2024-05", i + 1, l.event_id, l.decision_id, "", l.service, l.price.cents(),
                         l.voucher.cents(), l.copay.cents(), formats::LineJsonText(l)});
    }
    ASSERT_TRUE(store_->CommitSettlement(w, {"test", "settle", provider, ""}).ok());
  }

  std::vector<std::string> Stored() {
    size_t settlements = 0;
    auto f = ReconcileStored(*store_, kMay, chart_, &settlements);
    EXPECT_TRUE(f.ok()) << f.error().message;
    EXPECT_EQ(settlements, 2u);
    std::vector<std::string> out;
    for (const exports::Failure& x : f.value()) out.push_back(exports::ToLine(x));
    return out;
  }

  std::vector<std::string> InMemory() {
    auto books = LoadMonthBooks(*store_, kMay, chart_);
    EXPECT_TRUE(books.ok()) << books.error().message;
    std::vector<std::string> out;
    for (const exports::Failure& x : exports::Reconcile(books.value())) {
      out.push_back(exports::ToLine(x));
    }
    return out;
  }

  std::filesystem::path dir_;
  std::unique_ptr<store::Store> store_;
  exports::ChartOfAccounts chart_;
};

TEST_F(StoredLinesTest, EveryLineOverSeveralChunksIsCounted) {
  Settle(kBig, "2345 67820 24058", BigLines());
  Settle(kSmall, "3012 34520 24057", {Line(kSmall, "S-1", 90001), Line(kSmall, "S-2", 90002)});

  EXPECT_EQ(Stored(), std::vector<std::string>{});

  // Every line read back once, in order, whatever the chunks.
  auto stored = LoadMonthHeads(*store_, kMay, chart_);
  ASSERT_TRUE(stored.ok()) << stored.error().message;
  ASSERT_EQ(stored.value().heads.settlements[0].provider, kBig);
  EXPECT_TRUE(stored.value().heads.settlements[0].lines.empty());
  int read = 0, chunks = 0;
  bool in_order = true;
  auto done = stored.value().lines->ReadLines(0, [&](std::span<const SettlementLine> lines) {
    ++chunks;
    for (const SettlementLine& l : lines) in_order &= l.event_id == "E-" + std::to_string(++read);
  });
  ASSERT_TRUE(done.ok());
  EXPECT_EQ(read, kBigLines);
  EXPECT_EQ(chunks, 3);
  EXPECT_TRUE(in_order);

  // The journal's payable of the big provider carries all its lines.
  auto books = LoadMonthBooks(*store_, kMay, chart_);
  ASSERT_TRUE(books.ok());
  EXPECT_EQ(books.value().settlements[0].lines.size(), static_cast<size_t>(kBigLines));
  int64_t payable_lines = 0;
  for (const exports::Posting& p : exports::BuildJournal(books.value()).postings) {
    if (p.kind == exports::PostingKind::kPayable && p.provider == kBig) payable_lines = p.line_count;
  }
  EXPECT_EQ(payable_lines, kBigLines);
}

// A page that cannot be read fails the reading after exactly the pages
// before it, and no page is asked for twice or after the last.
TEST_F(StoredLinesTest, APageThatCannotBeReadEndsTheReadingAfterThePagesBeforeIt) {
  Settle(kBig, "2345 67820 24058", BigLines());
  for (int failing : {1, 2, 3}) {
    store::FaultyStore faulty(*store_);
    faulty.FailNth("SettlementLineBodies", failing);
    StoredLines lines(faulty, "2024-05");
    lines.AddSettlement(kBig, /*kept_apart=*/true, {});
    std::vector<std::string> read;
    auto done = lines.ReadLines(0, [&](std::span<const SettlementLine> chunk) {
      for (const SettlementLine& l : chunk) read.push_back(l.event_id);
    });
    ASSERT_FALSE(done.ok()) << failing;
    EXPECT_EQ(done.error().code, "store_unavailable");
    ASSERT_EQ(read.size(), static_cast<size_t>((failing - 1) * StoredLines::kLinesPerRead));
    if (!read.empty()) {
      EXPECT_EQ(read.back(), "E-" + std::to_string(read.size()));
    }
    EXPECT_EQ(faulty.calls("SettlementLineBodies"), failing);
  }
  store::FaultyStore whole(*store_);
  StoredLines lines(whole, "2024-05");
  lines.AddSettlement(kBig, /*kept_apart=*/true, {});
  size_t read = 0;
  ASSERT_TRUE(lines.ReadLines(0, [&](std::span<const SettlementLine> c) { read += c.size(); }).ok());
  EXPECT_EQ(read, static_cast<size_t>(kBigLines));
  EXPECT_EQ(whole.calls("SettlementLineBodies"), 3);  // 2,000, 2,000 and 500
}

TEST_F(StoredLinesTest, EveryCheckFailsAsInMemory) {
  // The big settlement's totals are those of its lines before these
  // changes.
  const std::vector<SettlementLine> clean = BigLines();
  std::vector<SettlementLine> big = clean;
  // In the second chunk: a line whose split is wrong (and so the voucher
  // total, and the journal's total), and one of another provider.
  big[StoredLines::kLinesPerRead + 10].voucher += M("0.01");
  big[StoredLines::kLinesPerRead + 11].provider = kSmall;
  // In the third chunk: a personal identity code as client, and a line
  // dearer by one euro, split right (only the price and voucher totals).
  big[2 * StoredLines::kLinesPerRead + 3].client = "010190-123A";
  big[2 * StoredLines::kLinesPerRead + 100].price += M("1.00");
  big[2 * StoredLines::kLinesPerRead + 100].voucher += M("1.00");
  // Across the first chunk boundary: one event split on two lines.
  big[StoredLines::kLinesPerRead].event_id = big[StoredLines::kLinesPerRead - 1].event_id;
  Settle(kBig, "2345 67820 24058", big, Money(), &clean);

  // The small settlement repeats two events of the big one, one of them on
  // two lines in a row (one failure each), and its co-payment total is off.
  SettlementLine shared = big[StoredLines::kLinesPerRead - 1];
  shared.provider = kSmall;
  SettlementLine late = big[kBigLines - 1];
  late.provider = kSmall;
  Settle(kSmall, "3012 34520 24057",
         {Line(kSmall, "S-1", 90001), shared, shared, Line(kSmall, "S-2", 90002), late},
         M("0.05"));

  // A balance statement whose use is not its lines', and a decision of
  // another month with broken arithmetic.
  ASSERT_TRUE(store_->PutBalanceStatements({{"D-7", "2024-05", "C-7", 10000, 0, 1000, 9000, 0},
                                            {"D-8", "2024-05", "C-8", 0, 500, 0, 400, 0}})
                  .ok());
  // An expense class the chart has no account for.
  chart_.expense_by_class.clear();

  std::vector<std::string> stored = Stored();
  EXPECT_EQ(stored, InMemory());
  std::multiset<std::string> codes;
  for (const std::string& line : stored) codes.insert(line.substr(0, line.find(':')));
  for (const char* code :
       {"line_split_mismatch", "line_provider_mismatch", "voucher_total_mismatch",
        "copay_total_mismatch", "price_total_mismatch", "journal_total_mismatch", "account_missing",
        "balance_use_mismatch", "balance_arithmetic", "personal_identity_code"}) {
    EXPECT_TRUE(codes.count(code)) << code << " missing from:\n" << ::testing::PrintToString(stored);
  }
  EXPECT_EQ(codes.count("event_in_two_settlements"), 2u) << ::testing::PrintToString(stored);
}

// Lines that make every export's groups and sums count: clients with many
// lines, hourly lines (the co-payments' hours come from their minutes) and
// prior-period corrections of two months, spread over the chunks.
std::vector<SettlementLine> MixedLines(const std::string& provider, int n) {
  std::vector<SettlementLine> lines;
  for (int i = 1; i <= n; ++i) {
    SettlementLine l = Line(provider, provider + "-E-" + std::to_string(i), i);
    l.client = "C-" + std::to_string(i % 37);
    if (i % 5 == 0) {
      l.service = "kotihoito-tunnit";
      l.unit = Unit::kHour;
      l.minutes = 20 + i % 7;
      l.quantity = Quantity::FromMilli(*l.minutes * 1000 / 60);
      l.from = Instant::Parse("2024-05-02T08:00:00+03:00").value();
      l.to = Instant::FromUnixSeconds(l.from->unix_seconds() + *l.minutes * 60);
    }
    if (i % 11 == 0) {
      l.flags |= kPriorPeriod;
      l.original_month = YearMonth(2024, 3 + i % 2);
    }
    lines.push_back(l);
  }
  return lines;
}

const exports::ExportKind kKinds[] = {
    exports::ExportKind::kReconciliation, exports::ExportKind::kJournal,
    exports::ExportKind::kCopayments,     exports::ExportKind::kBalances,
    exports::ExportKind::kPurchaseLedger, exports::ExportKind::kTreasuryCosts};

TEST_F(StoredLinesTest, EveryExportReadFromTheStoreIsTheOneOfTheWholeMonth) {
  Settle(kBig, "2345 67820 24058", MixedLines(kBig, kBigLines));
  Settle(kSmall, "3012 34520 24057", MixedLines(kSmall, 40));
  chart_.prior_period = "4349";
  exports::CostCoding coding;
  coding.treasury.by_class[ServiceClass::kHealth] = "P2";
  auto whole = LoadMonthBooks(*store_, kMay, chart_);
  ASSERT_TRUE(whole.ok()) << whole.error().message;
  whole.value().cost_coding = coding;
  int written = 0;
  for (exports::ExportKind kind : kKinds) {
    for (exports::Dialect dialect : {exports::Dialect::kRfc4180, exports::Dialect::kFinnish}) {
      auto stored = LoadMonthHeads(*store_, kMay, chart_);
      ASSERT_TRUE(stored.ok()) << stored.error().message;
      stored.value().heads.cost_coding = coding;
      std::ostringstream from_store, from_memory;
      auto a = exports::ExportMonth(kind, stored.value().heads, *stored.value().lines, dialect,
                                    from_store);
      auto b = exports::ExportMonth(kind, whole.value(), dialect, from_memory);
      const char* name = exports::ExportKindName(kind);
      ASSERT_TRUE(a.ok()) << name << ": " << a.error().message;
      ASSERT_TRUE(b.ok()) << name << ": " << b.error().message;
      EXPECT_EQ(from_store.str(), from_memory.str()) << name;
      EXPECT_EQ(a.value().sha256, b.value().sha256) << name;
      // No balance statements nor invoices: those two are empty.
      bool empty =
          kind == exports::ExportKind::kBalances || kind == exports::ExportKind::kPurchaseLedger;
      EXPECT_EQ(a.value().rows > 0, !empty) << name;
      ++written;
    }
  }
  EXPECT_EQ(written, 12);
}

// The lines stop being readable (the store goes away) while the export
// itself reads them, after the checks passed: no file, no side files, no
// temporary file, and the store's error.
TEST_F(StoredLinesTest, AnExportWhoseLinesStopBeingReadableWritesNoFile) {
  Settle(kBig, "2345 67820 24058", MixedLines(kBig, kBigLines));
  const std::filesystem::path out = dir_ / "copayments-2024-05.csv";
  // The checks read the big settlement's three pages, the export the next
  // three: fail each of those.
  for (int failing : {4, 5, 6}) {
    store::FaultyStore faulty(*store_);
    faulty.FailNth("SettlementLineBodies", failing);
    auto stored = LoadMonthHeads(faulty, kMay, chart_);
    ASSERT_TRUE(stored.ok()) << stored.error().message;
    std::vector<exports::Failure> failures;
    auto written = exports::ExportMonthToFile(exports::ExportKind::kCopayments,
                                              stored.value().heads, *stored.value().lines,
                                              exports::Dialect::kRfc4180, out.string(), &failures);
    ASSERT_FALSE(written.ok()) << failing;
    EXPECT_EQ(written.error().code, "store_unavailable") << failing;
    EXPECT_TRUE(failures.empty());
    EXPECT_EQ(faulty.calls("SettlementLineBodies"), failing);
    for (const char* suffix : {"", ".tmp", ".sha256", ".manifest.json"}) {
      EXPECT_FALSE(std::filesystem::exists(out.string() + suffix)) << failing << suffix;
    }
  }
}

TEST_F(StoredLinesTest, TheMonthOverviewReadFromTheStoreIsTheOneOfTheWholeMonth) {
  Settle(kBig, "2345 67820 24058", MixedLines(kBig, kBigLines));
  Settle(kSmall, "3012 34520 24057", MixedLines(kSmall, 40), M("0.05"));  // does not reconcile
  std::vector<Rejection> rejected = {{"E-9", "unknown_decision", "no decision D-9", "", 0}};
  auto stored = LoadMonthOverview(*store_, kMay, chart_, Rulebook{}, rejected);
  ASSERT_TRUE(stored.ok()) << stored.error().message;
  auto books = LoadMonthBooks(*store_, kMay, chart_);
  ASSERT_TRUE(books.ok());
  auto activity = LoadMonthActivity(*store_, kMay);
  ASSERT_TRUE(activity.ok());
  MonthOverview whole = BuildOverview(books.value(), rejected, activity.value());
  EXPECT_EQ(OverviewJson(stored.value()), OverviewJson(whole));
  EXPECT_EQ(stored.value().totals.line_count, kBigLines + 40);
  EXPECT_FALSE(stored.value().failures.empty());

  store::FaultyStore faulty(*store_);
  faulty.FailNth("SettlementLineBodies", 2);
  auto failed = LoadMonthOverview(faulty, kMay, chart_, Rulebook{}, rejected);
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.error().code, "store_unavailable");
}

}  // namespace
}  // namespace seteli::books
