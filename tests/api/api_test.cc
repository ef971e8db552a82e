// The daemon as its clients see it: a real process on loopback, driven by
// a real HTTP client, on SQLite and on PostgreSQL.
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/SSLManager.h>
#include <Poco/StreamCopier.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <openssl/ssl.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <map>
#include <set>
#include <thread>

#include "daemon_process.h"
#include "pg_test_db.h"
#include "store/store.h"

namespace seteli::testing {
namespace {

Poco::JSON::Object::Ptr Json(const std::string& text) {
  return Poco::JSON::Parser().parse(text).extract<Poco::JSON::Object::Ptr>();
}

std::string Lines(int from, int count, const std::string& prefix) {
  std::string body;
  for (int i = from; i < from + count; ++i) body += ValidEvent(prefix + std::to_string(i)) + "\n";
  return body;
}

// Every stored event ID, with how often it is stored.
std::map<std::string, int> StoredIds(int port) {
  std::map<std::string, int> ids;
  long long after = 0;
  for (;;) {
    HttpReply r = Http(port, "GET", "/v1/events?limit=10000&after=" + std::to_string(after), kAdminToken);
    if (r.status != 200) {
      ADD_FAILURE() << r.status << " " << r.body;
      return ids;
    }
    auto page = Json(r.body);
    auto events = page->getArray("events");
    for (size_t i = 0; i < events->size(); ++i) {
      ++ids[events->getObject(static_cast<unsigned>(i))->getObject("event")->getValue<std::string>("event_id")];
    }
    if (events->size() < 10000) return ids;
    after = page->getValue<long long>("next_after");
  }
}

class DaemonTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    auto url = FreshStoreUrl(GetParam());
    if (!url) GTEST_SKIP() << "no test PostgreSQL (run through ctest)";
    options_.store_url = *url;
  }

  std::unique_ptr<DaemonProcess> StartDaemon(const std::string& extra = "") {
    DaemonOptions o = options_;
    o.extra_config = extra;
    auto d = std::make_unique<DaemonProcess>(TempDir(GetParam()), o);
    EXPECT_TRUE(d->Start()) << d->log();
    return d;
  }

  DaemonOptions options_;
};

// Housing absences travel in the events stream (the contract): posted
// among the events, each gets its verdict in its place; the same
// absence_id again replaces the earlier record (its open end filled in).
TEST_P(DaemonTest, TakesAbsencesAmongTheEvents) {
  auto d = StartDaemon();
  std::string body =
      ValidEvent("B-1") + "\n" +
      R"({"absence_id": "AB-1", "decision_id": "D-0002", "from": "2024-05-10"})" + "\n" +
      R"({"absence_id": "AB-2", "decision_id": "NOPE", "from": "2024-05-10"})" + "\n" +
      R"({"absence_id": "AB-3", "decision_id": "D-0002", "from": "2024-05-10", "to": "2024-05-01"})" +
      "\n" + ValidEvent("B-2");
  HttpReply r = Http(d->port(), "POST", "/v1/events", kProviderToken, body);
  ASSERT_EQ(r.status, 200) << r.body;
  auto v = Json(r.body);
  EXPECT_EQ(v->getValue<int>("accepted"), 3) << r.body;
  EXPECT_EQ(v->getValue<int>("rejected"), 2) << r.body;
  auto results = v->getArray("results");
  EXPECT_EQ(results->getObject(0)->getValue<std::string>("event_id"), "B-1");
  EXPECT_EQ(results->getObject(1)->getValue<std::string>("absence_id"), "AB-1");
  EXPECT_EQ(results->getObject(1)->getValue<std::string>("status"), "accepted");
  EXPECT_EQ(results->getObject(1)->getValue<int>("line"), 2);
  EXPECT_EQ(results->getObject(2)->getValue<std::string>("code"), "unknown_decision");
  EXPECT_EQ(results->getObject(3)->getValue<std::string>("code"), "malformed_event");
  EXPECT_EQ(results->getObject(4)->getValue<std::string>("event_id"), "B-2");
  // Another provider's client: not this token's to record.
  r = Http(d->port(), "POST", "/v1/events", kOtherProviderToken,
           R"([{"absence_id": "AB-4", "decision_id": "D-0002", "from": "2024-05-10"}])");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Json(r.body)->getArray("results")->getObject(0)->getValue<std::string>("code"),
            "forbidden_provider");

  // The open end filled in: one record, the later one.
  r = Http(
      d->port(), "POST", "/v1/events", kAdminToken,
      "[\n  {\"absence_id\": \"AB-1\",\n   \"decision_id\": \"D-0002\", \"from\": \"2024-05-10\", "
      "\"to\": \"2024-05-19\"}\n]");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Json(r.body)->getValue<int>("accepted"), 1) << r.body;
  auto store = store::OpenStore(options_.store_url);
  ASSERT_TRUE(store.ok()) << ToLine(store.error());
  auto absences = store.value()->ListAbsences();
  ASSERT_TRUE(absences.ok());
  ASSERT_EQ(absences.value().size(), 1u);
  EXPECT_EQ(absences.value()[0].absence_id, "AB-1");
  EXPECT_EQ(absences.value()[0].to, "2024-05-19");
  EXPECT_EQ(StoredIds(d->port()).size(), 2u);
}

TEST_P(DaemonTest, GivesOneVerdictPerEvent) {
  auto d = StartDaemon();
  std::string body = "[" + ValidEvent("A-1") + "," + ValidEvent("A-2") +
                     R"(,{"event_id":"A-3","provider":"2345678-0","decision_id":"D-0002",)"
                     R"("service":"kotihoito-saannollinen","date":"2024-05-01","quantity":1,)"
                     R"("recorded_at":"2024-05-02T18:34:02+03:00","colour":"red"},)"
                     R"({"event_id":"A-4","provider":"2345678-0","decision_id":"NOPE",)"
                     R"("service":"kotihoito-saannollinen","start":"2024-05-01T13:10:00+03:00",)"
                     R"("end":"2024-05-01T14:15:00+03:00","recorded_at":42}])";
  HttpReply r = Http(d->port(), "POST", "/v1/events", kProviderToken, body);
  ASSERT_EQ(r.status, 200) << r.body;
  auto v = Json(r.body);
  EXPECT_EQ(v->getValue<int>("accepted"), 2);
  EXPECT_EQ(v->getValue<int>("rejected"), 2);
  auto results = v->getArray("results");
  EXPECT_EQ(results->getObject(2)->getValue<std::string>("code"), "malformed_event");
  EXPECT_EQ(results->getObject(3)->getValue<std::string>("code"), "malformed_event");

  r = Http(d->port(), "POST", "/v1/events", kProviderToken,
           ValidEvent("A-1") + "\n" + ValidEvent("A-5") + "\n" +
               R"({"event_id":"A-6","provider":"2345678-0","decision_id":"NOPE",)"
               R"("service":"kotihoito-saannollinen","start":"2024-05-01T13:10:00+03:00",)"
               R"("end":"2024-05-01T14:15:00+03:00","recorded_at":"2024-05-02T18:34:02+03:00"})");
  ASSERT_EQ(r.status, 200) << r.body;
  results = Json(r.body)->getArray("results");
  EXPECT_EQ(results->getObject(0)->getValue<std::string>("status"), "duplicate");
  EXPECT_EQ(results->getObject(1)->getValue<std::string>("status"), "accepted");
  EXPECT_EQ(results->getObject(2)->getValue<std::string>("code"), "unknown_decision");

  std::string changed = ValidEvent("A-2");
  changed.replace(changed.find("14:15"), 5, "14:45");
  r = Http(d->port(), "POST", "/v1/events", kProviderToken, changed);
  EXPECT_EQ(Json(r.body)->getArray("results")->getObject(0)->getValue<std::string>("code"),
            "duplicate_conflict");
  EXPECT_EQ(StoredIds(d->port()).size(), 3u);
}

TEST_P(DaemonTest, BadRequestsLeaveTheStoreAsBefore) {
  auto d = StartDaemon("limits: {max_events: 50, max_body_bytes: 20000}\n");
  ASSERT_EQ(Http(d->port(), "POST", "/v1/events", kProviderToken, ValidEvent("B-0")).status, 200);
  // Malformed JSON array.
  HttpReply r = Http(d->port(), "POST", "/v1/events", kProviderToken, "[" + ValidEvent("B-1") + ",");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(Json(r.body)->getObject("error")->getValue<std::string>("code"), "malformed_json");
  // Over the byte limit, and over the event limit.
  EXPECT_EQ(Http(d->port(), "POST", "/v1/events", kProviderToken, Lines(0, 200, "B-")).status, 413);
  EXPECT_EQ(Http(d->port(), "POST", "/v1/events", kProviderToken, std::string(30000, ' ')).status, 413);
  std::string many;
  for (int i = 0; i < 60; ++i) many += "{}\n";
  r = Http(d->port(), "POST", "/v1/events", kProviderToken, many);
  EXPECT_EQ(r.status, 413);
  EXPECT_EQ(Json(r.body)->getObject("error")->getValue<std::string>("code"), "too_many_events");
  // Unknown token, and no token.
  EXPECT_EQ(Http(d->port(), "POST", "/v1/events", "who-knows", ValidEvent("B-2")).status, 401);
  EXPECT_EQ(Http(d->port(), "POST", "/v1/events", "", ValidEvent("B-2")).status, 401);
  // Another provider's business ID.
  r = Http(d->port(), "POST", "/v1/events", kOtherProviderToken, ValidEvent("B-3"));
  EXPECT_EQ(Json(r.body)->getArray("results")->getObject(0)->getValue<std::string>("code"),
            "forbidden_provider");
  // Finance may read but not post.
  EXPECT_EQ(Http(d->port(), "POST", "/v1/events", kFinanceToken, ValidEvent("B-4")).status, 403);
  auto ids = StoredIds(d->port());
  EXPECT_EQ(ids.size(), 1u);
  EXPECT_TRUE(ids.count("B-0"));
  // The token is never logged.
  EXPECT_EQ(d->log().find("provider-token"), std::string::npos);
  EXPECT_EQ(d->log().find("who-knows"), std::string::npos);
}

// Sends the headers and part of a body on a raw socket.
int SendPartial(int port, const std::string& body, size_t send_bytes) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) return -1;
  std::string head = "POST /v1/events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " +
                     std::string(kProviderToken) + "\r\nContent-Length: " +
                     std::to_string(body.size()) + "\r\n\r\n" + body.substr(0, send_bytes);
  if (write(fd, head.data(), head.size()) < 0) return -1;
  return fd;
}

TEST_P(DaemonTest, SlowAndVanishingClientsStoreNothing) {
  auto d = StartDaemon("limits: {request_timeout_seconds: 1}\n");
  std::string body = Lines(0, 20, "S-");
  int slow = SendPartial(d->port(), body, body.size() / 2);
  ASSERT_GE(slow, 0);
  int gone = SendPartial(d->port(), body, body.size() - 10);
  ASSERT_GE(gone, 0);
  close(gone);  // disconnects mid-batch
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  char buf[512] = {};
  ssize_t n = read(slow, buf, sizeof buf - 1);
  close(slow);
  EXPECT_TRUE(n <= 0 || std::string(buf).find(" 408 ") != std::string::npos) << buf;
  EXPECT_TRUE(StoredIds(d->port()).empty());
  EXPECT_EQ(Http(d->port(), "GET", "/healthz", "").status, 200);  // still serving
}

TEST_P(DaemonTest, ProvidersReadOnlyTheirOwn) {
  auto d = StartDaemon();
  ASSERT_EQ(Http(d->port(), "POST", "/v1/events", kProviderToken, ValidEvent("R-1")).status, 200);
  HttpReply mine = Http(d->port(), "GET", "/v1/events?month=2024-05", kProviderToken);
  EXPECT_EQ(Json(mine.body)->getArray("events")->size(), 1u);
  EXPECT_EQ(Json(Http(d->port(), "GET", "/v1/events", kOtherProviderToken).body)
                ->getArray("events")->size(), 0u);
  EXPECT_EQ(Http(d->port(), "GET", "/v1/events?provider=2345678-0", kOtherProviderToken).status, 403);
  auto providers = Poco::JSON::Parser().parse(Http(d->port(), "GET", "/v1/providers", kProviderToken).body)
                       .extract<Poco::JSON::Array::Ptr>();
  ASSERT_EQ(providers->size(), 1u);
  EXPECT_EQ(Http(d->port(), "PUT", "/v1/rulebook", kFinanceToken, "x").status, 403);
  EXPECT_EQ(Http(d->port(), "GET", "/v1/decisions", kFinanceToken).status, 200);
}

TEST_P(DaemonTest, AdminManagesRegistriesAndBalances) {
  auto d = StartDaemon();
  std::string decision =
      R"({"decision_id":"D-NEW","client":"C-9","service":"kotihoito-saannollinen",)"
      R"("municipality":"Mikkeli","valid_from":"2024-05-01","providers":["2345678-0"],"voucher_value":"20.00"})";
  HttpReply r = Http(d->port(), "POST", "/v1/decisions", kAdminToken, decision);
  ASSERT_EQ(r.status, 200) << r.body;
  std::string event = ValidEvent("N-1");
  event.replace(event.find("D-0002"), 6, "D-NEW");
  r = Http(d->port(), "POST", "/v1/events", kProviderToken, event);
  EXPECT_EQ(Json(r.body)->getValue<int>("accepted"), 1) << r.body;
  EXPECT_EQ(Http(d->port(), "POST", "/v1/decisions", kAdminToken, "{\"decision_id\":\"x\"}").status, 422);
  r = Http(d->port(), "GET", "/v1/decisions/D-0043/balance?month=2024-05", kFinanceToken);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Json(r.body)->getValue<std::string>("accrued"), "84.68");
  r = Http(d->port(), "GET", "/v1/rulebook", kProviderToken);
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(Http(d->port(), "PUT", "/v1/rulebook", kAdminToken, r.body).status, 200);
  EXPECT_EQ(Http(d->port(), "PUT", "/v1/rulebook", kAdminToken, "year: [").status, 422);
  HttpReply metrics = Http(d->port(), "GET", "/metrics", "");
  EXPECT_NE(metrics.body.find("seteli_events_total{verdict=\"accepted\"} 1"), std::string::npos);
  EXPECT_NE(metrics.body.find("seteli_batch_seconds_bucket"), std::string::npos);
  // The allocator's live bytes, for whoever watches the daemon's memory.
  const std::string in_use = "seteli_heap_bytes{kind=\"in_use\"} ";
  const size_t at = metrics.body.find(in_use);
  ASSERT_NE(at, std::string::npos) << metrics.body;
  EXPECT_GT(std::stoll(metrics.body.substr(at + in_use.size())), 0);
}

// The daemon is killed outright while a client streams batches; after a
// restart every acknowledged event is there exactly once.
TEST_P(DaemonTest, SurvivesSigkillWithEveryAcknowledgedEventOnce) {
  auto d = StartDaemon();
  std::set<std::string> acknowledged;
  std::atomic<bool> stop{false};
  std::thread client([&] {
    for (int batch = 0; !stop; ++batch) {
      HttpReply r = Http(d->port(), "POST", "/v1/events", kProviderToken, Lines(batch * 100, 100, "K-"));
      if (r.status != 200) return;  // the daemon is gone: not acknowledged
      for (int i = batch * 100; i < batch * 100 + 100; ++i) acknowledged.insert("K-" + std::to_string(i));
    }
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(600));
  d->Signal(SIGKILL);
  d->Wait();
  stop = true;
  client.join();
  ASSERT_GT(acknowledged.size(), 0u);
  ASSERT_TRUE(d->Start()) << d->log();
  auto stored = StoredIds(d->port());
  for (const std::string& id : acknowledged) EXPECT_EQ(stored[id], 1) << id;
  for (const auto& [id, n] : stored) EXPECT_EQ(n, 1) << id;
}

TEST_P(DaemonTest, StopsGracefullyOnSigterm) {
  auto d = StartDaemon();
  std::thread client([&] {
    HttpReply r = Http(d->port(), "POST", "/v1/events", kProviderToken, Lines(0, 5000, "T-"));
    EXPECT_EQ(r.status, 200);
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  d->Signal(SIGTERM);
  client.join();
  EXPECT_EQ(d->Wait(), 0) << d->log();
  ASSERT_TRUE(d->Start());
  EXPECT_EQ(StoredIds(d->port()).size(), 5000u);
}

INSTANTIATE_TEST_SUITE_P(Backends, DaemonTest, ::testing::Values("sqlite", "postgresql"),
                         [](const auto& info) { return info.param; });

// Two daemons on one PostgreSQL take the same event at once: one says
// accepted, the other duplicate, and one row is stored.
TEST(TwoDaemons, ShareOnePostgresWithoutDoubleCounting) {
  auto url = FreshPostgresUrl();
  if (!url) GTEST_SKIP() << "no test PostgreSQL (run through ctest)";
  DaemonProcess a(TempDir("pg-a"), {*url, ""}), b(TempDir("pg-b"), {*url, ""});
  ASSERT_TRUE(a.Start()) << a.log();
  ASSERT_TRUE(b.Start()) << b.log();
  for (int round = 0; round < 20; ++round) {
    std::string body = Lines(round * 50, 50, "P-");
    HttpReply ra, rb;
    std::thread t([&] { ra = Http(a.port(), "POST", "/v1/events", kProviderToken, body); });
    rb = Http(b.port(), "POST", "/v1/events", kProviderToken, body);
    t.join();
    ASSERT_EQ(ra.status, 200) << ra.body;
    ASSERT_EQ(rb.status, 200) << rb.body;
    EXPECT_EQ(Json(ra.body)->getValue<int>("accepted") + Json(rb.body)->getValue<int>("accepted"), 50);
    EXPECT_EQ(Json(ra.body)->getValue<int>("duplicate") + Json(rb.body)->getValue<int>("duplicate"), 50);
  }
  auto stored = StoredIds(a.port());
  EXPECT_EQ(stored.size(), 1000u);
}

// A key given twice is refused: readers differ on which value wins, so the
// provider checked could differ from the provider stored and read later.
TEST(Registry, RefusesJsonWithADuplicateKey) {
  DaemonProcess d(TempDir("dupkey"), {FreshSqliteUrl(), ""});
  ASSERT_TRUE(d.Start()) << d.log();
  std::string event = ValidEvent("DUP-1");
  event.replace(event.find("\"provider\""), 0, "\"provider\": \"1960387-2\", ");
  HttpReply r = Http(d.port(), "POST", "/v1/events", kProviderToken, "[" + event + "]");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Json(r.body)->getValue<int>("accepted"), 0) << r.body;
  EXPECT_NE(r.body.find("duplicate key"), std::string::npos) << r.body;
  EXPECT_TRUE(StoredIds(d.port()).empty());

  r = Http(d.port(), "POST", "/v1/providers", kAdminToken,
           R"({"business_id":"1960387-2","name":"X","business_id":"2345678-0"})");
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_NE(r.body.find("duplicate key"), std::string::npos) << r.body;

  r = Http(
      d.port(), "POST", "/v1/decisions", kAdminToken,
      R"({"decision_id":"D-DUP","client":"C-1","client":"C-2","service":"kotihoito-saannollinen",)"
      R"("municipality":"Mikkeli","valid_from":"2024-05-01","providers":["2345678-0"],"voucher_value":"20.00"})");
  EXPECT_NE(r.status, 200) << r.body;
  EXPECT_NE(r.body.find("duplicate key"), std::string::npos) << r.body;
  EXPECT_EQ(Http(d.port(), "GET", "/v1/decisions", kAdminToken).body.find("D-DUP"),
            std::string::npos);
}

// A personal identity code hidden by a space, lower case or a prefix is
// refused as a client ID like a bare one.
TEST(Registry, RefusesIdentityCodesHiddenBySpacesOrPrefixes) {
  DaemonProcess d(TempDir("hetu"), {FreshSqliteUrl(), ""});
  ASSERT_TRUE(d.Start()) << d.log();
  for (const std::string client : {"010203-123A", "010203-123A ", " 010203-123A", "010203-123a",
                                   "FI010203-123A", "hetu:010203A123B", "010203 -123A"}) {
    std::string decision =
        R"({"decision_id":"D-HETU","client":")" + client +
        R"(","service":"kotihoito-saannollinen","municipality":"Mikkeli",)"
        R"("valid_from":"2024-05-01","providers":["2345678-0"],"voucher_value":"20.00"})";
    HttpReply r = Http(d.port(), "POST", "/v1/decisions", kAdminToken, decision);
    EXPECT_EQ(r.status, 422) << client << " " << r.body;
    EXPECT_NE(r.body.find("personal_identity_code"), std::string::npos) << client << " " << r.body;
  }
  HttpReply listed = Http(d.port(), "GET", "/v1/decisions", kAdminToken);
  EXPECT_EQ(listed.body.find("D-HETU"), std::string::npos);
}

TEST(Tls, ServesHttpsWithAThrowawayCertificate) {
  std::string dir = TempDir("tls");
  std::filesystem::create_directories(dir);
  std::string cmd = "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1 -keyout " +
                    dir + "/key.pem -out " + dir + "/cert.pem >/dev/null 2>&1";
  ASSERT_EQ(std::system(cmd.c_str()), 0);
  DaemonProcess d(dir, {FreshSqliteUrl(), "tls: {certificate: cert.pem, key: key.pem}\n"});
  ASSERT_TRUE(d.Start()) << d.log();
  Poco::Net::initializeSSL();
  Poco::Net::Context::Ptr context = new Poco::Net::Context(
      Poco::Net::Context::TLS_CLIENT_USE, "", "", dir + "/cert.pem", Poco::Net::Context::VERIFY_RELAXED);
  Poco::Net::HTTPSClientSession session("127.0.0.1", static_cast<Poco::UInt16>(d.port()), context);
  Poco::Net::HTTPRequest req("GET", "/healthz", Poco::Net::HTTPMessage::HTTP_1_1);
  session.sendRequest(req);
  Poco::Net::HTTPResponse resp;
  std::string body;
  Poco::StreamCopier::copyToString(session.receiveResponse(resp), body);
  EXPECT_EQ(resp.getStatus(), 200);
  EXPECT_NE(body.find("\"ok\""), std::string::npos);
  EXPECT_EQ(Http(d.port(), "GET", "/healthz", "").status, 0);  // plain HTTP is not served
}

// A TLS client limited to `max_version` and `ciphers` (OpenSSL notation,
// TLS 1.2 and below): whether the daemon completes a handshake with it,
// and then whether it agrees to renegotiate.
struct TlsOutcome {
  bool handshake = false;
  bool renegotiated = false;
};

TlsOutcome TryTls(int port, int max_version, const std::string& ciphers) {
  TlsOutcome out;
  SSL_CTX* ctx = SSL_CTX_new(TLS_client_method());
  SSL_CTX_set_max_proto_version(ctx, max_version);
  SSL_CTX_set_min_proto_version(ctx, 0);
  SSL_CTX_set_cipher_list(ctx, (ciphers + ":@SECLEVEL=0").c_str());
  int fd = ConnectFrom(port);
  SSL* ssl = SSL_new(ctx);
  SSL_set_fd(ssl, fd);
  out.handshake = SSL_connect(ssl) == 1;
  if (out.handshake && max_version == TLS1_2_VERSION) {
    out.renegotiated = SSL_renegotiate(ssl) == 1 && SSL_do_handshake(ssl) == 1;
    // The server acts on the new ClientHello while it reads a request.
    const std::string request = "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n";
    char buf[1024];
    if (out.renegotiated) {
      out.renegotiated = SSL_write(ssl, request.data(), static_cast<int>(request.size())) > 0 &&
                         SSL_read(ssl, buf, sizeof buf) > 0 && SSL_renegotiate_pending(ssl) == 0;
    }
  }
  SSL_free(ssl);
  SSL_CTX_free(ctx);
  close(fd);
  return out;
}

// TLS 1.2 or later with forward secrecy and AEAD only, by default; the
// daemon took static-RSA and CBC-SHA1 suites before.
TEST(Tls, RefusesSuitesWithoutForwardSecrecyOrAeadAndOldVersions) {
  std::string dir = TempDir("tls-policy");
  std::filesystem::create_directories(dir);
  std::string cmd =
      "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1 -keyout " + dir +
      "/key.pem -out " + dir + "/cert.pem >/dev/null 2>&1";
  ASSERT_EQ(std::system(cmd.c_str()), 0);
  DaemonProcess d(dir, {FreshSqliteUrl(), "tls: {certificate: cert.pem, key: key.pem}\n"});
  ASSERT_TRUE(d.Start()) << d.log();
  EXPECT_FALSE(TryTls(d.port(), TLS1_2_VERSION, "AES128-GCM-SHA256").handshake);  // static RSA
  EXPECT_FALSE(TryTls(d.port(), TLS1_2_VERSION, "AES256-SHA256").handshake);
  EXPECT_FALSE(TryTls(d.port(), TLS1_2_VERSION, "ECDHE-RSA-AES128-SHA").handshake);  // CBC, SHA-1
  EXPECT_FALSE(TryTls(d.port(), TLS1_1_VERSION, "ECDHE-RSA-AES128-SHA").handshake);
  TlsOutcome good = TryTls(d.port(), TLS1_2_VERSION, "ECDHE-RSA-AES128-GCM-SHA256");
  EXPECT_TRUE(good.handshake);
  EXPECT_FALSE(good.renegotiated);
  EXPECT_TRUE(TryTls(d.port(), TLS1_2_VERSION, "ECDHE-RSA-CHACHA20-POLY1305").handshake);
  EXPECT_TRUE(TryTls(d.port(), TLS1_3_VERSION, "DEFAULT").handshake);
  d.Signal(SIGTERM);
  ASSERT_EQ(d.Wait(), 0);

  // TLS 1.3 only, by configuration.
  DaemonProcess strict(dir, {FreshSqliteUrl(),
                             "tls: {certificate: cert.pem, key: key.pem, min_version: \"1.3\"}\n"});
  ASSERT_TRUE(strict.Start()) << strict.log();
  EXPECT_FALSE(TryTls(strict.port(), TLS1_2_VERSION, "ECDHE-RSA-AES128-GCM-SHA256").handshake);
  EXPECT_TRUE(TryTls(strict.port(), TLS1_3_VERSION, "DEFAULT").handshake);
}

}  // namespace
}  // namespace seteli::testing
