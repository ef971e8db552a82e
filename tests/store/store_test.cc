// The store contract, run against both back ends: SQLite on a temporary
// file and PostgreSQL on the test run's throwaway server.
#include "store/store.h"

#include <Poco/Data/PostgreSQL/Connector.h>
#include <Poco/Data/SQLite/Connector.h>
#include <Poco/Data/Session.h>
#include <gtest/gtest.h>
#include <sys/mount.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <limits>
#include <map>
#include <thread>

#include "daemon/allocator.h"
#include "pg_test_db.h"
#include "store/migrations.h"
#include "store/postgres_url.h"

namespace seteli::store {
namespace {

using seteli::testing::FreshPostgresUrl;
using seteli::testing::FreshSqliteUrl;

EventRow Row(const std::string& id, const std::string& provider = "1234567-8",
             const std::string& month = "2024-05", const std::string& fp = "") {
  return EventRow{id, provider, "D-1", "kotihoito", month, month,
                  month + "-03T09:00:00+03:00", month + "-03T12:00:00+03:00",
                  fp.empty() ? "fp-" + id : fp, "{\"event_id\":\"" + id + "\"}"};
}

AuditEntry Audit(const std::string& action) { return {"test", action, "rows", ""}; }

class StoreTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "sqlite") {
      url_ = FreshSqliteUrl();
    } else {
      auto url = FreshPostgresUrl();
      if (!url) GTEST_SKIP() << "no test PostgreSQL (run through ctest)";
      url_ = *url;
    }
    store_ = Open();
  }

  std::unique_ptr<Store> Open() {
    auto s = OpenStore(url_);
    EXPECT_TRUE(s.ok()) << (s.ok() ? "" : ToLine(s.error()));
    return s.ok() ? std::move(s).value() : nullptr;
  }

  std::vector<Verdict> Append(std::vector<EventRow> rows, Store* store = nullptr) {
    auto v = (store ? store : store_.get())->AppendEvents(rows, Audit("events.append"));
    EXPECT_TRUE(v.ok()) << (v.ok() ? "" : ToLine(v.error()));
    return v.ok() ? v.value() : std::vector<Verdict>{};
  }

  int64_t Count() { return store_->CountEvents().value(); }

  std::string url_;
  std::unique_ptr<Store> store_;
};

TEST_P(StoreTest, CreatesTheSchemaOnFirstOpenAndReopens) {
  EXPECT_EQ(store_->backend(), GetParam());
  EXPECT_EQ(store_->SchemaVersion().value(), LatestSchemaVersion());
  EXPECT_TRUE(store_->Ping().ok());
  store_.reset();
  auto again = Open();
  ASSERT_TRUE(again);
  EXPECT_EQ(again->SchemaVersion().value(), LatestSchemaVersion());
}

// `seteli migrate --check` reads the version without migrating; opening
// migrates and remembers the version it found.
TEST_P(StoreTest, PeeksAtTheSchemaWithoutMigratingAndTellsWhatOpeningFound) {
  std::string url;
  if (GetParam() == "sqlite") {
    url = FreshSqliteUrl();
  } else {
    url = *FreshPostgresUrl();
  }
  ASSERT_EQ(PeekSchemaVersion(url).value(), 0);
  ASSERT_EQ(PeekSchemaVersion(url).value(), 0);
  auto first = OpenStore(url);
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first.value()->SchemaVersionAtOpen(), 0);
  EXPECT_EQ(MigratedLine(*first.value()),
            "migrated store schema 0 to " + std::to_string(LatestSchemaVersion()));
  EXPECT_EQ(PeekSchemaVersion(url).value(), LatestSchemaVersion());
  auto again = OpenStore(url);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again.value()->SchemaVersionAtOpen(), LatestSchemaVersion());
  EXPECT_EQ(MigratedLine(*again.value()), std::nullopt);
}

TEST_P(StoreTest, RefusesASchemaNewerThanItKnows) {
  store_.reset();
  {
    Poco::Data::SQLite::Connector::registerConnector();
    Poco::Data::PostgreSQL::Connector::registerConnector();
    bool sqlite = GetParam() == "sqlite";
    Poco::Data::Session s(sqlite ? "SQLite" : "PostgreSQL",
                          sqlite ? url_.substr(7) : PostgresConnInfo(url_).value());
    s << "INSERT INTO schema_migrations (version, name) VALUES (999, 'from the future')",
        Poco::Data::Keywords::now;
  }
  auto s = OpenStore(url_);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, "schema_too_new");
}

TEST_P(StoreTest, AcceptsNewEventsAndSpotsDuplicatesAndConflicts) {
  EXPECT_EQ(Append({Row("E-1"), Row("E-2")}),
            (std::vector<Verdict>{Verdict::kAccepted, Verdict::kAccepted}));
  EXPECT_EQ(Append({Row("E-1"), Row("E-2", "1234567-8", "2024-05", "other"), Row("E-3")}),
            (std::vector<Verdict>{Verdict::kDuplicate, Verdict::kConflict, Verdict::kAccepted}));
  EXPECT_EQ(Count(), 3);
  auto stored = store_->ListEvents({}).value();
  ASSERT_EQ(stored.size(), 3u);
  EXPECT_EQ(stored[1].row.fingerprint, "fp-E-2");  // the conflict changed nothing
}

TEST_P(StoreTest, JudgesRepeatsWithinOneBatch) {
  EXPECT_EQ(Append({Row("E-1"), Row("E-1"), Row("E-1", "1234567-8", "2024-05", "x")}),
            (std::vector<Verdict>{Verdict::kAccepted, Verdict::kDuplicate, Verdict::kConflict}));
  EXPECT_EQ(Count(), 1);
}

// Large batches go in many rows a statement: each row is judged as if
// alone, in batch order, whether its ID was stored before, comes again
// next to its first row or far from it, with the same content or other.
TEST_P(StoreTest, JudgesEveryRowOfALargeBatchAsInOrder) {
  Append({Row("L-5"), Row("L-40"), Row("L-77")});
  std::vector<EventRow> rows;
  std::vector<Verdict> want;
  std::map<std::string, std::string> seen = {
      {"L-5", "fp-L-5"}, {"L-40", "fp-L-40"}, {"L-77", "fp-L-77"}};
  for (int i = 0; i < 150; ++i) {
    // Every seventh row repeats an ID of a few rows or a whole statement
    // back; every eleventh of those with other content.
    int id = i % 7 == 6 ? (i % 2 ? i - 3 : i - 40) : i;
    if (id < 0) id = i;
    std::string fp = i % 11 == 0 && id != i ? "other" : "";
    EventRow r = Row("L-" + std::to_string(id), "1234567-8", "2024-05", fp);
    auto it = seen.find(r.event_id);
    want.push_back(it == seen.end()              ? Verdict::kAccepted
                   : it->second == r.fingerprint ? Verdict::kDuplicate
                                                 : Verdict::kConflict);
    seen.emplace(r.event_id, r.fingerprint);
    rows.push_back(r);
  }
  EXPECT_EQ(Append(rows), want);
  EXPECT_EQ(Count(), static_cast<int64_t>(seen.size()));
  EXPECT_NE(std::count(want.begin(), want.end(), Verdict::kConflict), 0);
  EXPECT_NE(std::count(want.begin(), want.end(), Verdict::kDuplicate), 0);
}

TEST_P(StoreTest, AppendsLargeBatchesInOrder) {
  std::vector<EventRow> rows;
  for (int i = 0; i < 2500; ++i) rows.push_back(Row("E-" + std::to_string(i)));
  auto v = Append(rows);
  EXPECT_EQ(std::count(v.begin(), v.end(), Verdict::kAccepted), 2500);
  auto stored = store_->ListEvents({.limit = 5000}).value();
  ASSERT_EQ(stored.size(), 2500u);
  for (size_t i = 1; i < stored.size(); ++i) EXPECT_LT(stored[i - 1].seq, stored[i].seq);
  EXPECT_EQ(stored[0].row.event_id, "E-0");
  EXPECT_EQ(stored[2499].row.event_id, "E-2499");
}

TEST_P(StoreTest, ListsEventsByProviderMonthAndPage) {
  Append({Row("A-1", "1111111-1", "2024-05"), Row("A-2", "1111111-1", "2024-06"),
          Row("B-1", "2222222-2", "2024-05")});
  EventRow spanning = Row("A-3", "1111111-1", "2024-05");
  spanning.month_to = "2024-06";
  Append({spanning});
  auto may = store_->ListEvents({.provider = "1111111-1", .month = "2024-05"}).value();
  ASSERT_EQ(may.size(), 2u);
  EXPECT_EQ(may[0].row.event_id, "A-1");
  EXPECT_EQ(may[1].row.event_id, "A-3");
  EXPECT_EQ(store_->ListEvents({.month = "2024-06"}).value().size(), 2u);
  auto page = store_->ListEvents({.after_seq = may[0].seq, .limit = 1}).value();
  ASSERT_EQ(page.size(), 1u);
  EXPECT_EQ(page[0].row.event_id, "A-2");
}

TEST_P(StoreTest, ReadsADecisionsEventsFromTheMonthTheyReachOn) {
  EventRow spanning = Row("E-2", "1111111-1", "2024-04");
  spanning.month_to = "2024-05";
  Append({Row("E-1", "1111111-1", "2024-04"), spanning, Row("E-3", "1111111-1", "2024-05"),
          Row("E-4", "1111111-1", "2024-06")});
  auto reaching = store_->EventsOfDecisions({"D-1"}, "2024-05", "2024-05");
  ASSERT_TRUE(reaching.ok());
  std::vector<std::string> ids;
  for (const auto& e : reaching.value()) ids.push_back(e.row.event_id);
  EXPECT_EQ(ids, (std::vector<std::string>{"E-2", "E-3"}));
  EXPECT_EQ(store_->EventsOfDecisions({"D-1"}, "2024-05", "").value().size(), 3u);
}

TEST_P(StoreTest, KeepsACheckpointPerDecisionAndMonth) {
  std::vector<CheckpointRow> rows;
  for (int i = 0; i < 450; ++i) {
    rows.push_back({"D-" + std::to_string(1000 + i), "2024-04", "x", "", {}});
  }
  ASSERT_TRUE(store_->PutCheckpoints(rows).ok());
  ASSERT_TRUE(store_->PutCheckpoints({{"D-1007", "2024-05", "abc", "1111111-1,2222222-2", 12345},
                                      {"D-1007", "2024-04", "def", "", 0}})
                  .ok());
  auto april = store_->ListCheckpoints("2024-04").value();
  ASSERT_EQ(april.size(), 450u);
  EXPECT_EQ(april[7].decision_id, "D-1007");
  EXPECT_EQ(april[7].digest, "def");  // replaced
  EXPECT_EQ(april[7].closing, 0);  // a balance used up
  EXPECT_EQ(april[8].closing, std::nullopt);
  auto may = store_->ListCheckpoints("2024-05").value();
  ASSERT_EQ(may.size(), 1u);
  EXPECT_EQ(may[0].providers, "1111111-1,2222222-2");
  EXPECT_EQ(may[0].closing, 12345);
  // Of some decisions, before a month.
  auto of = store_->CheckpointsOf({"D-1007", "D-1008"}, "2024-05").value();
  ASSERT_EQ(of.size(), 2u);
  EXPECT_EQ(store_->CheckpointsOf({"D-1007"}, "2024-06").value().size(), 2u);
}

// Schema 11 moves the checkpoints to a table keyed by decision and month.
// A store that has run months holds one per decision; they move over, and
// schema 12 gives those of balance decisions the closing balance of their
// month's statement.
TEST_P(StoreTest, MigratesTheCheckpointsOfAStoreThatHasRunMonths) {
  std::vector<CheckpointRow> rows;
  for (int i = 0; i < 25000; ++i) {
    rows.push_back({"D-" + std::to_string(100000 + i), "2024-05",
                    "digest-" + std::to_string(i) + std::string(56, 'f'),
                    "1111111-1,2222222-2,3333333-3,4444444-4,5555555-5", {}});
  }
  ASSERT_TRUE(store_->PutCheckpoints(rows).ok());
  ASSERT_TRUE(
      store_->PutBalanceStatements({{"D-100007", "2024-05", "C-7", 0, 30000, 12050, 17950, 0},
                                    {"D-100007", "2024-04", "C-7", 0, 30000, 30000, 0, 0}})
          .ok());
  store_.reset();
  {  // back to schema 10: one checkpoint per decision, with no balance
    const bool sqlite = GetParam() == "sqlite";
    Poco::Data::Session s(sqlite ? "SQLite" : "PostgreSQL",
                          sqlite ? url_.substr(7) : PostgresConnInfo(url_).value());
    using Poco::Data::Keywords::now;
    s << "CREATE TABLE checkpoints_v10 (decision_id TEXT PRIMARY KEY, month TEXT NOT NULL,"
         " digest TEXT NOT NULL, providers TEXT NOT NULL)",
        now;
    s << "INSERT INTO checkpoints_v10 SELECT decision_id, month, digest, providers FROM run_checkpoints", now;
    s << "DROP TABLE run_checkpoints", now;
    s << "ALTER TABLE checkpoints_v10 RENAME TO run_checkpoints", now;
    // 11 and 12 undone; later ones left (their tables are as they were).
    s << "DELETE FROM schema_migrations WHERE version IN (11, 12)", now;
  }
  auto again = OpenStore(url_);
  ASSERT_TRUE(again.ok()) << ToLine(again.error());
  store_ = std::move(again.value());
  EXPECT_EQ(store_->SchemaVersion().value(), LatestSchemaVersion());
  auto may = store_->ListCheckpoints("2024-05").value();
  ASSERT_EQ(may.size(), 25000u);
  EXPECT_EQ(may[7].digest, "digest-7" + std::string(56, 'f'));
  EXPECT_EQ(may[7].closing, 17950);  // May's statement, not April's
  EXPECT_EQ(may[8].closing, std::nullopt);
  ASSERT_TRUE(store_->PutCheckpoints({{"D-100007", "2024-06", "june", "", {}}}).ok());
  EXPECT_EQ(store_->CheckpointsOf({"D-100007"}, "2024-07").value().size(), 2u);
}

TEST_P(StoreTest, OpensCheckpointsFromAMonthOnAndPrunesOldOnes) {
  ASSERT_TRUE(store_->PutCheckpoints({{"D-1", "2024-03", "a", "", {}},
                                      {"D-1", "2024-04", "b", "", {}},
                                      {"D-1", "2024-05", "c", "", {}},
                                      {"D-2", "2024-04", "d", "", {}},
                                      {"D-3", "2024-04", "e", "", {}}})
                  .ok());
  ASSERT_TRUE(store_->OpenCheckpoints({{"D-1", "2024-04"}, {"D-3", ""}}).ok());
  auto digests = [&](const std::string& month) {
    std::string out;
    const std::vector<CheckpointRow> rows = store_->ListCheckpoints(month).value();
    for (const CheckpointRow& c : rows) out += c.decision_id + "=" + c.digest + " ";
    return out;
  };
  EXPECT_EQ(digests("2024-03"), "D-1=a ");
  EXPECT_EQ(digests("2024-04"), "D-1= D-2=d D-3= ");
  EXPECT_EQ(digests("2024-05"), "D-1= ");
  ASSERT_TRUE(store_->PruneCheckpoints("2024-04").ok());
  EXPECT_EQ(digests("2024-03"), "");
  EXPECT_EQ(digests("2024-04"), "D-1= D-2=d D-3= ");
}

TEST_P(StoreTest, KeepsTheOriginalJson) {
  EventRow r = Row("E-ä");
  r.body = R"({"event_id":"E-ä","worker":"Äijälä \"quoted\""})";
  Append({r});
  EXPECT_EQ(store_->ListEvents({}).value().at(0).row.body, r.body);
}

TEST_P(StoreTest, UpsertsProvidersAndDecisions) {
  std::vector<Document> p = {{"1234567-8", R"({"name":"A"})", ""}, {"2345678-0", "{}", ""}};
  ASSERT_TRUE(store_->PutProviders(p, Audit("providers.put")).ok());
  std::vector<Document> p2 = {{"1234567-8", R"({"name":"B"})", ""}};
  ASSERT_TRUE(store_->PutProviders(p2, Audit("providers.put")).ok());
  auto got = store_->ListProviders().value();
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].body, R"({"name":"B"})");
  std::vector<Document> d = {{"D-1", "{}", ""}};
  ASSERT_TRUE(store_->PutDecisions(d, Audit("decisions.put")).ok());
  EXPECT_EQ(store_->ListDecisions().value().size(), 1u);
}

// Written many to a statement: more than one statement's worth, with a key
// given twice within the same statement, keeps every key once with its
// last document.
TEST_P(StoreTest, UpsertsManyDecisionsAtOnceAndTheLastOfARepeatedKeyWins) {
  std::vector<Document> d;
  for (int i = 0; i < 1234; ++i) d.push_back({"D-" + std::to_string(i), "{\"n\":" + std::to_string(i) + "}", ""});
  d.push_back({"D-7", R"({"n":"again"})", ""});
  ASSERT_TRUE(store_->PutDecisions(d, Audit("decisions.put")).ok());
  d.back() = {"D-1233", R"({"n":"later"})", ""};
  ASSERT_TRUE(store_->PutDecisions(d, Audit("decisions.put")).ok());
  auto got = store_->ListDecisions().value();
  ASSERT_EQ(got.size(), 1234u);
  std::map<std::string, std::string> by_id;
  for (const Document& x : got) by_id[x.id] = x.body;
  EXPECT_EQ(by_id["D-7"], R"({"n":7})");  // the second put gave D-7 its own body again
  EXPECT_EQ(by_id["D-1233"], R"({"n":"later"})");
  EXPECT_EQ(by_id["D-500"], R"({"n":500})");
}

// Lines go in through each back end's bulk path (SQLite's prepared
// statement, PostgreSQL's COPY): text that COPY must escape, given first
// and in chunks after, comes back exactly, in line order.
TEST_P(StoreTest, KeepsSettlementLinesExactlyThroughTheBulkWrite) {
  auto line = [](int no) {
    std::string id = "E-" + std::to_string(no);
    return SettlementLineRow{"1234567-8", "2024-05", no, id, "D-" + std::to_string(no % 7), "", "kotihoito",
                             100 * no, 60 * no, 40 * no,
                             R"({"event_id":")" + id + R"(","note":"tab\there, back\\slash, \"Äö\"
"})"};
  };
  SettlementWrite w;
  w.settlement = {"1234567-8", "2024-05", "settled", "1232", "2024-x", 0, 0, 0, 12001, "",
                  "run-1", std::nullopt, R"({"lines":[]})"};
  w.lines = {line(1)};
  int next = 2;
  w.more_lines = [&](std::vector<SettlementLineRow>* chunk) {
    chunk->clear();
    for (; next <= 12001 && chunk->size() < 5000; ++next) chunk->push_back(line(next));
    return !chunk->empty();
  };
  ASSERT_TRUE(store_->CommitSettlement(w, Audit("run.settle")).value());
  auto got = store_->LinesForMonth("1234567-8", "2024-05").value();
  ASSERT_EQ(got.size(), 12001u);
  for (int no : {1, 2, 5001, 12001}) {
    const SettlementLineRow want = line(no);
    const SettlementLineRow& l = got[no - 1];
    EXPECT_EQ(l.line_no, no);
    EXPECT_EQ(l.event_id, want.event_id);
    EXPECT_EQ(l.decision_id, want.decision_id);
    EXPECT_EQ(l.body, want.body);
    EXPECT_EQ(l.price, want.price);
    EXPECT_EQ(l.voucher, want.voucher);
    EXPECT_EQ(l.copay, want.copay);
  }
}

// A chunk that cannot be read (the run's spill file) must not leave a
// settlement short: the whole write is rolled back and the chunk's own
// error is the answer, not one made up by the store.
TEST_P(StoreTest, AChunkThatFailsRollsTheSettlementBackWithItsOwnError) {
  SettlementWrite w;
  w.settlement = {"1234567-8", "2024-05", "settled", "1232",       "2024-x",         0, 0, 0,
                  3,           "",        "run-1",   std::nullopt, R"({"lines":[]})"};
  w.lines = {{"1234567-8", "2024-05", 1, "E-1", "D-1", "", "kotihoito", 100, 60, 40, "{}"}};
  int calls = 0;
  w.more_lines = [&](std::vector<SettlementLineRow>* chunk) -> Result<bool> {
    if (++calls == 2) return Error{"spill_failed", "the spill file ended early"};
    *chunk = {{"1234567-8", "2024-05", 2, "E-2", "D-1", "", "kotihoito", 100, 60, 40, "{}"}};
    return true;
  };
  auto committed = store_->CommitSettlement(w, Audit("run.settle"));
  ASSERT_FALSE(committed.ok());
  EXPECT_EQ(committed.error().code, "spill_failed");
  EXPECT_EQ(committed.error().message, "the spill file ended early");
  EXPECT_TRUE(store_->ListSettlements("2024-05", "").value().empty());
  EXPECT_TRUE(store_->LinesForMonth("1234567-8", "2024-05").value().empty());
}

// Whether this process has one of SQLite's unnamed temporary files open
// (`etilqs_...`, unlinked at once: seen only through /proc/self/fd).
bool HoldsSqliteTempFile() {
  std::error_code ec;
  for (const auto& fd : std::filesystem::directory_iterator("/proc/self/fd", ec)) {
    auto target = std::filesystem::read_symlink(fd.path(), ec);
    if (!ec && target.string().find("etilqs_") != std::string::npos) return true;
  }
  return false;
}

// SQLite keeps each statement's undo journal in memory up to 4 MiB: at its
// default of 64 KiB, every multi-row insert of lines outgrew it and wrote
// it to a temporary file, five times the lines' own bytes at 1,000,000
// events (docs/performance-history.md). The file would be open mid-transaction.
TEST_P(StoreTest, WritesLinesWithoutStatementJournalFiles) {
  if (GetParam() != "sqlite") GTEST_SKIP() << "a SQLite setting";
  const std::string body(400, 'x');
  SettlementWrite w;
  w.settlement = {"1234567-8", "2024-05", "settled", "1232", "2024-x", 0, 0, 0, 20000, "",
                  "run-1", std::nullopt, R"({"lines":[]})"};
  int next = 1;
  bool journal_file = false;
  w.more_lines = [&](std::vector<SettlementLineRow>* chunk) {
    if (next > 1) journal_file = journal_file || HoldsSqliteTempFile();
    chunk->clear();
    for (; next <= 20000 && chunk->size() < 5000; ++next) {
      chunk->push_back({"1234567-8", "2024-05", next, "E-" + std::to_string(next),
                        "D-" + std::to_string(next / 40), "", "kotihoito", 100, 60, 40, body});
    }
    return !chunk->empty();
  };
  ASSERT_TRUE(store_->CommitSettlement(w, Audit("run.settle")).value());
  EXPECT_EQ(store_->LinesForMonth("1234567-8", "2024-05").value().size(), 20000u);
  EXPECT_FALSE(journal_file);
}

// libpq keeps its output buffer as large as the most one call handed it,
// for the connection's life: a settlement's lines went to COPY 5,000 (some
// megabytes) at a time, and each pooled connection kept a buffer that size,
// which the PostgreSQL soak saw as memory rising after every month run.
TEST_P(StoreTest, CopiesLinesWithoutKeepingTheirSizeOnTheConnection) {
#if defined(__SANITIZE_ADDRESS__)
  GTEST_SKIP() << "AddressSanitizer allocates, not glibc";
#endif
  if (GetParam() != "postgresql") GTEST_SKIP() << "libpq's buffers";
  const std::string body(1000, 'x');
  auto commit = [&](const std::string& provider, const std::string& reference, int lines) {
    SettlementWrite w;
    w.settlement = {provider, "2024-05", "settled", reference, "2024-x", 0, 0, 0, lines, "",
                    "run-1", std::nullopt, R"({"lines":[]})"};
    int next = 1;
    w.more_lines = [&](std::vector<SettlementLineRow>* chunk) {
      chunk->clear();
      for (; next <= lines && chunk->size() < 5000; ++next) {
        chunk->push_back({provider, "2024-05", next, provider + "-E-" + std::to_string(next),
                          "D-" + std::to_string(next / 40), "", "kotihoito", 100, 60, 40, body});
      }
      return !chunk->empty();
    };
    return store_->CommitSettlement(w, Audit("run.settle"));
  };
  ASSERT_TRUE(commit("2345678-0", "1245", 10).value());  // the pool's connection is open
  const int64_t before = static_cast<int64_t>(daemon::ReadHeapUse().in_use);
  ASSERT_TRUE(commit("1234567-8", "1232", 20000).value());  // 20 MB of lines
  EXPECT_LT(static_cast<int64_t>(daemon::ReadHeapUse().in_use) - before, 2 << 20);
  EXPECT_EQ(store_->LinesForMonth("1234567-8", "2024-05").value().size(), 20000u);
}

TEST_P(StoreTest, KeepsRulebookHistoryWithTheLatestCurrent) {
  EXPECT_FALSE(store_->CurrentRulebook().value().has_value());
  ASSERT_TRUE(store_->PutRulebook({"2024-a", 2024, "year: 2024", ""}, Audit("rulebook.put")).ok());
  ASSERT_TRUE(store_->PutRulebook({"2024-b", 2024, "year: 2024 #", ""}, Audit("rulebook.put")).ok());
  auto current = store_->CurrentRulebook().value();
  ASSERT_TRUE(current.has_value());
  EXPECT_EQ(current->version, "2024-b");
}

TEST_P(StoreTest, AuditsEveryWrite) {
  Append({Row("E-1")});
  std::vector<Document> p = {{"1234567-8", "{}", ""}};
  ASSERT_TRUE(store_->PutProviders(p, {"admin:ops", "providers.put", "1234567-8", ""}).ok());
  auto audit = store_->ListAudit(10).value();
  ASSERT_EQ(audit.size(), 2u);
  EXPECT_EQ(audit[0].entry.action, "providers.put");
  EXPECT_EQ(audit[0].entry.actor, "admin:ops");
  EXPECT_EQ(audit[1].entry.action, "events.append");
  EXPECT_FALSE(audit[0].at.empty());
}

// Two daemons sharing one database append the same events at once: each
// event is stored once, accepted by one and a duplicate for the other.
TEST_P(StoreTest, ConcurrentWritersStoreEachEventOnce) {
  auto other = Open();
  ASSERT_TRUE(other);
  std::vector<EventRow> rows;
  for (int i = 0; i < 300; ++i) rows.push_back(Row("C-" + std::to_string(i)));
  std::vector<Verdict> a, b;
  for (int round = 0; round < 5; ++round) {
    std::vector<EventRow> batch(rows.begin() + round * 60, rows.begin() + (round + 1) * 60);
    std::thread t([&] { a = Append(batch, other.get()); });
    b = Append(batch);
    t.join();
    ASSERT_EQ(a.size(), batch.size());
    for (size_t i = 0; i < batch.size(); ++i) {
      EXPECT_NE(a[i] == Verdict::kAccepted, b[i] == Verdict::kAccepted) << batch[i].event_id;
      EXPECT_NE(a[i], Verdict::kConflict);
      EXPECT_NE(b[i], Verdict::kConflict);
    }
  }
  EXPECT_EQ(Count(), 300);
}

// Requests of one daemon append at once: their batches may share one
// transaction (group commit), yet each gets its own verdicts, in order,
// and its own audit row.
TEST_P(StoreTest, ConcurrentBatchesOfOneStoreGetTheirOwnVerdicts) {
  constexpr int kThreads = 8;
  std::vector<std::vector<Verdict>> got(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      std::vector<EventRow> batch;
      for (int i = 0; i < 200; ++i) {
        batch.push_back(i < 20 ? Row("G-shared-" + std::to_string(i))
                               : Row("G-" + std::to_string(t) + "-" + std::to_string(i)));
      }
      got[t] = Append(batch);
    });
  }
  for (std::thread& t : threads) t.join();
  for (int i = 0; i < 200; ++i) {
    int accepted = 0;
    for (int t = 0; t < kThreads; ++t) {
      ASSERT_EQ(got[t].size(), 200u);
      EXPECT_NE(got[t][i], Verdict::kConflict);
      accepted += got[t][i] == Verdict::kAccepted;
    }
    EXPECT_EQ(accepted, i < 20 ? 1 : kThreads) << i;
  }
  EXPECT_EQ(Count(), 20 + kThreads * 180);
  EXPECT_EQ(store_->ListAudit(100).value().size(), static_cast<size_t>(kThreads));
}

// PostgreSQL copies a batch straight into the events. An ID another writer
// commits while the batch waits on it fails that COPY on the unique key;
// the batch is inserted again, skipping it, and it is a duplicate.
TEST_P(StoreTest, AnEventAnotherWriterCommitsMeanwhileIsADuplicate) {
  if (GetParam() == "sqlite") GTEST_SKIP() << "SQLite has one writer";
  using Poco::Data::Keywords::now;
  Poco::Data::PostgreSQL::Connector::registerConnector();
  Poco::Data::Session holder("PostgreSQL", PostgresConnInfo(url_).value());
  Poco::Data::Session watcher("PostgreSQL", PostgresConnInfo(url_).value());
  int holder_pid = 0;
  holder << "SELECT pg_backend_pid()", Poco::Data::Keywords::into(holder_pid), now;
  holder.begin();
  holder << "INSERT INTO events (event_id, provider, decision_id, service, month_from, month_to,"
            " service_at, recorded_at, fingerprint, body, received_at) VALUES ('W-1', '1234567-8',"
            " 'D-1', 'kotihoito', '2024-05', '2024-05', '2024-05-03T09:00:00+03:00',"
            " '2024-05-03T12:00:00+03:00', 'fp-W-1', '{\"event_id\":\"W-1\"}', "
            "'2024-05-04T00:00:00Z')",
      now;
  std::vector<Verdict> got;
  std::thread append([&] { got = Append({Row("W-1"), Row("W-2")}); });
  int waiting = 0;
  for (int i = 0; i < 500 && waiting == 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    watcher << "SELECT count(*)::int FROM pg_stat_activity WHERE " + std::to_string(holder_pid) +
                   " = ANY (pg_blocking_pids(pid))",
        Poco::Data::Keywords::into(waiting), now;
  }
  EXPECT_EQ(waiting, 1) << "the batch never waited on the other writer";
  holder.commit();
  append.join();
  EXPECT_EQ(got, (std::vector<Verdict>{Verdict::kDuplicate, Verdict::kAccepted}));
  EXPECT_EQ(Count(), 2);
}

// A batch the back end refuses fails alone among concurrent ones.
// PostgreSQL text holds no invalid UTF-8; SQLite takes any bytes, so there
// is nothing to refuse (append_groups_test covers a failing group).
TEST_P(StoreTest, ARefusedBatchFailsAloneAmongConcurrentOnes) {
  if (GetParam() == "sqlite") GTEST_SKIP() << "SQLite refuses no text";
  std::vector<std::thread> threads;
  std::vector<bool> ok(6);
  for (int t = 0; t < 6; ++t) {
    threads.emplace_back([&, t] {
      std::vector<EventRow> batch;
      for (int i = 0; i < 100; ++i) batch.push_back(Row("R-" + std::to_string(t) + "-" + std::to_string(i)));
      if (t == 3) batch[50].body = "{\"event_id\":\"\xff\"}";
      ok[t] = store_->AppendEvents(batch, Audit("events.append")).ok();
    });
  }
  for (std::thread& t : threads) t.join();
  for (int t = 0; t < 6; ++t) EXPECT_EQ(ok[t], t != 3) << t;
  EXPECT_EQ(Count(), 500);
}

// What the books check reads a chunk at a time: heads as written, and line
// bodies paged by line number with their event_id column.
TEST_P(StoreTest, ReadsSettlementLinesInPages) {
  auto settle = [&](const std::string& provider, std::vector<std::string> events) {
    SettlementWrite w;
    const int n = static_cast<int>(events.size());
    w.settlement = {provider, "2024-05", kSettled, "ref-" + provider, "test", 0, 0, 0, n, "",
                    "run-1", std::nullopt, "{\"provider\":\"" + provider + "\",\"lines\":[]}"};
    for (int i = 0; i < n; ++i) {
      w.lines.push_back({provider, "2024-05", i + 1, events[i], "D-1", "", "kotihoito", 0, 0, 0,
                         "{\"event_id\":\"" + events[i] + "\"}"});
    }
    ASSERT_TRUE(store_->CommitSettlement(w, Audit("settle")).ok());
  };
  settle("1111111-1", {"E-1", "E-2", "E-3", "E-4", "E-5"});
  settle("2222222-2", {"E-9"});

  auto heads = store_->ListSettlementHeads("2024-05", "");
  ASSERT_TRUE(heads.ok()) << ToLine(heads.error());
  ASSERT_EQ(heads.value().size(), 2u);
  EXPECT_EQ(heads.value()[0].body, "{\"provider\":\"1111111-1\",\"lines\":[]}");
  EXPECT_TRUE(LinesKeptApart(heads.value()[0]));

  std::vector<std::string> read;
  int after = 0, pages = 0;
  for (;;) {
    auto page = store_->SettlementLineBodies("1111111-1", "2024-05", after, 2);
    ASSERT_TRUE(page.ok()) << ToLine(page.error());
    if (page.value().empty()) break;
    ++pages;
    for (const StoredLineBody& row : page.value()) {
      EXPECT_GT(row.line_no, after);
      after = row.line_no;
      read.push_back(row.body);
      EXPECT_EQ(row.body, "{\"event_id\":\"" + row.event_id + "\"}");
    }
  }
  EXPECT_EQ(pages, 3);
  ASSERT_EQ(read.size(), 5u);
  EXPECT_EQ(read[4], "{\"event_id\":\"E-5\"}");
}

// A settlement is born settled or held (SettlementState): one written
// straight as invoiced, or in a state there is none of, is refused and
// nothing of it is stored.
TEST_P(StoreTest, ASettlementBornInAnotherStateIsRefused) {
  for (const char* state : {kInvoiced, "exported"}) {
    SettlementWrite w;
    w.settlement = {"1234567-8", "2024-05", state, "ref-1", "test",       0,   0,
                    0,           0,         "",    "run-1", std::nullopt, "{}"};
    auto committed = store_->CommitSettlement(w, Audit("settle"));
    ASSERT_FALSE(committed.ok()) << state;
    EXPECT_EQ(committed.error().code, "illegal_settlement_transition") << state;
  }
  EXPECT_TRUE(store_->ListSettlements("2024-05", "").value().empty());
  EXPECT_TRUE(store_->ListAudit(10).value().empty());
}

// Schema 10: lines are found by their event's decision, from a column
// that lines written before it get from their events when the store is
// opened by this version; and the correction events come from their own
// index.
TEST_P(StoreTest, LinesWrittenBeforeSchema10AreFoundByTheirEventsDecision) {
  auto event = [](const std::string& id, const std::string& decision, const std::string& body) {
    return EventRow{id, "1234567-8", decision, "kotihoito", "2024-05", "2024-05",
                    "2024-05-03T09:00:00+03:00", "2024-05-03T12:00:00+03:00", "fp-" + id, body};
  };
  Append({event("E-1", "D-1", R"({"event_id":"E-1"})"), event("E-2", "D-2", R"({"event_id":"E-2"})"),
          event("E-3", "D-2", R"({"event_id":"E-3","replaces":"E-2"})")});
  SettlementWrite w;
  w.settlement = {"1234567-8", "2024-05", kSettled, "ref-1", "test", 0, 0, 0, 2, "",
                  "run-1", std::nullopt, "{}"};
  for (int i : {1, 2}) {
    const std::string id = "E-" + std::to_string(i);
    w.lines.push_back({"1234567-8", "2024-05", i, id, "D-" + std::to_string(i), "", "kotihoito",
                       0, 0, 0, "{\"event_id\":\"" + id + "\"}"});
  }
  ASSERT_TRUE(store_->CommitSettlement(w, Audit("settle")).ok());
  store_.reset();
  {  // The store as version 9 left it: no decision on the lines.
    const bool sqlite = GetParam() == "sqlite";
    Poco::Data::Session s(sqlite ? "SQLite" : "PostgreSQL",
                          sqlite ? url_.substr(7) : PostgresConnInfo(url_).value());
    for (const char* sql : {"DROP INDEX settlement_lines_decision", "DROP INDEX events_corrections",
                            "ALTER TABLE settlement_lines DROP COLUMN decision_id",
                            "CREATE INDEX settlement_lines_event ON settlement_lines (event_id)",
                            "DELETE FROM schema_migrations WHERE version = 10"}) {
      s << sql, Poco::Data::Keywords::now;
    }
  }
  store_ = Open();
  ASSERT_TRUE(store_);
  EXPECT_EQ(store_->SchemaVersion().value(), LatestSchemaVersion());
  auto lines = store_->LinesOfDecisions({"D-2"});
  ASSERT_TRUE(lines.ok()) << ToLine(lines.error());
  ASSERT_EQ(lines.value().size(), 1u);
  EXPECT_EQ(lines.value()[0].event_id, "E-2");
  EXPECT_EQ(lines.value()[0].decision_id, "D-2");
  auto corrections = store_->CorrectionEvents("2024-05");
  ASSERT_TRUE(corrections.ok()) << ToLine(corrections.error());
  ASSERT_EQ(corrections.value().size(), 1u);
  EXPECT_EQ(corrections.value()[0].row.event_id, "E-3");
  EXPECT_TRUE(store_->CorrectionEvents("2024-04").value().empty());
}

// A daemon that stalled past its lease (SIGSTOP, a long pause) while
// another claimed its message writes nothing more about it: its
// transmission and verdict are refused with claim_lost and its marks
// change nothing, while the new holder's go through.
TEST_P(StoreTest, FencesOffAnInboundMessagesFormerHolder) {
  InboundMessage m{"MSG-1", "push", "<raw/>", "ab12"};
  auto stored = store_->StoreInbound({m}, {"daemon-a", 0});  // the lease runs out at once
  ASSERT_TRUE(stored.ok()) << ToLine(stored.error());
  ASSERT_EQ(stored.value(), std::vector<bool>{true});
  const InboundFence a{"MSG-1", "daemon-a", kFirstClaimGeneration};
  ASSERT_TRUE(store_->CheckInboundClaim(a).ok());

  auto claimed = store_->ClaimDueInbound({"daemon-b", 60}, 10);
  ASSERT_TRUE(claimed.ok()) << ToLine(claimed.error());
  ASSERT_EQ(claimed.value().size(), 1u);
  const InboundFence b = FenceOf(claimed.value()[0]);
  EXPECT_EQ(b.owner, "daemon-b");
  EXPECT_EQ(b.generation, kFirstClaimGeneration + 1);

  // A, waking up, is refused everything and has written nothing.
  EXPECT_EQ(store_->CheckInboundClaim(a).error().code, "claim_lost");
  auto t = store_->SaveTransmission({0, "", "operator", "ab12", "<raw/>"}, Audit("receive"), &a);
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.error().code, "claim_lost");
  EXPECT_FALSE(store_->EarlierTransmission("ab12", std::numeric_limits<int64_t>::max()).value());
  InvoiceRecord rec;
  rec.transmission_id = 1;
  rec.ordinal = 1;
  rec.state = kInvoiceRejected;
  auto verdict = store_->RecordInvoice(rec, Audit("verdict"), &a);
  ASSERT_FALSE(verdict.ok());
  EXPECT_EQ(verdict.error().code, "claim_lost");
  InvoiceQuery all;
  EXPECT_TRUE(store_->ListInvoices(all).value().empty());
  ASSERT_TRUE(store_->MarkInboundFailed(a, "late", 0).ok());
  ASSERT_TRUE(store_->MarkInboundProcessed(a).ok());
  ASSERT_TRUE(store_->CheckInboundClaim(b).ok()) << "B's claim survives A's marks";

  // B, the holder, goes through, and once it is done nobody holds it.
  auto saved = store_->SaveTransmission({0, "", "operator", "ab12", "<raw/>"}, Audit("receive"), &b);
  ASSERT_TRUE(saved.ok()) << ToLine(saved.error());
  rec.transmission_id = saved.value();
  ASSERT_TRUE(store_->RecordInvoice(rec, Audit("verdict"), &b).ok());
  ASSERT_TRUE(store_->MarkInboundProcessed(b).ok());
  EXPECT_EQ(store_->ListInvoices(all).value().size(), 1u);
  EXPECT_EQ(store_->CheckInboundClaim(b).error().code, "claim_lost");
  EXPECT_TRUE(store_->ClaimDueInbound({"daemon-c", 60}, 10).value().empty());
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreTest, ::testing::Values("sqlite", "postgresql"),
                         [](const auto& info) { return info.param; });

TEST(StoreUrl, RejectsUnknownSchemes) {
  auto s = OpenStore("mysql://x");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, "bad_store_url");
}

TEST(StoreUrl, ReportsAnUnreachablePostgres) {
  auto s = OpenStore("postgresql://nobody@127.0.0.1:1/none?connect_timeout=2");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, "store_unavailable");
}

TEST(StoreUrl, NamesASqliteStoreWhoseFolderIsMissingAtOnce) {
  auto started = std::chrono::steady_clock::now();
  auto s = OpenStore("sqlite:/nonexistent-seteli-folder/seteli.db");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, "store_unavailable");
  EXPECT_NE(s.error().message.find("/nonexistent-seteli-folder does not exist"), std::string::npos);
  // Not after SQLite's 60-second login timeout.
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(5));
}

int SqlitePageSize(const std::string& url) {
  Poco::Data::SQLite::Connector::registerConnector();
  Poco::Data::Session s("SQLite", url.substr(7));
  int size = 0;
  s << "PRAGMA page_size", Poco::Data::Keywords::into(size), Poco::Data::Keywords::now;
  return size;
}

TEST(SqlitePages, ANewStoreHas16KiBPagesAnOldOneKeepsItsOwn) {
  const std::string fresh = FreshSqliteUrl();
  ASSERT_TRUE(OpenStore(fresh).ok());
  EXPECT_EQ(SqlitePageSize(fresh), 16384);

  const std::string old = FreshSqliteUrl();
  {
    Poco::Data::SQLite::Connector::registerConnector();
    Poco::Data::Session s("SQLite", old.substr(7));
    s << "PRAGMA page_size = 4096", Poco::Data::Keywords::now;
    s << "CREATE TABLE before_seteli (x INTEGER)", Poco::Data::Keywords::now;
  }
  auto store = OpenStore(old);
  ASSERT_TRUE(store.ok()) << ToLine(store.error());
  EXPECT_EQ(store.value()->SchemaVersion().value(), LatestSchemaVersion());
  EXPECT_EQ(SqlitePageSize(old), 4096);
}

// A full disk: a tiny tmpfs filled up by one batch. The batch fails with
// store_full and the store holds exactly what it held before.
TEST(SqliteFullDisk, FailsTheBatchAndKeepsTheStoreAsBefore) {
  auto dir = std::filesystem::temp_directory_path() /
             ("seteli-full-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  if (mount("tmpfs", dir.c_str(), "tmpfs", 0, "size=2m") != 0) {
    GTEST_SKIP() << "cannot mount a tmpfs here (needs root)";
  }
  {
    auto s = OpenStore("sqlite:" + (dir / "s.db").string());
    ASSERT_TRUE(s.ok()) << ToLine(s.error());
    auto store = std::move(s).value();
    std::vector<EventRow> small = {Row("E-0")};
    ASSERT_TRUE(store->AppendEvents(small, Audit("a")).ok());
    std::vector<EventRow> big;
    for (int i = 1; i <= 5000; ++i) {
      big.push_back(Row("E-" + std::to_string(i)));
      big.back().body = std::string(600, 'x');
    }
    auto v = store->AppendEvents(big, Audit("a"));
    ASSERT_FALSE(v.ok());
    EXPECT_EQ(v.error().code, "store_full") << v.error().message;
    EXPECT_EQ(store->CountEvents().value(), 1);
    EXPECT_EQ(store->ListAudit(10).value().size(), 1u);
  }
  umount(dir.c_str());
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace seteli::store
