// Load generator for `seteli serve`: posts pre-generated JSON Lines events
// in batches over keep-alive connections and reports events per second.
//
//   ingest_client generate N FILE          write N valid events (JSON Lines)
//   ingest_client generate-csv N FILE      the same events as CSV
//   ingest_client post PORT TOKEN FILE BATCH CONNECTIONS
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

namespace {

std::string Event(long i) {
  // Spread over the month and over the fixtures' decision D-0002 of provider 2345678-0.
  int day = 1 + static_cast<int>(i % 28);
  char date[16];
  std::snprintf(date, sizeof date, "2024-05-%02d", day);
  return std::string("{\"event_id\":\"BENCH-") + std::to_string(i) +
         "\",\"provider\":\"2345678-0\",\"decision_id\":\"D-0002\",\"service\":\"kotihoito-saannollinen\","
         "\"start\":\"" + date + "T13:10:00+03:00\",\"end\":\"" + date +
         "T14:15:00+03:00\",\"recorded_at\":\"" + date + "T18:34:02+03:00\"}";
}

int Generate(long n, const std::string& path) {
  std::ofstream out(path);
  for (long i = 0; i < n; ++i) out << Event(i) << "\n";
  return out ? 0 : 1;
}

// The same events as CSV rows (event_id, provider, decision_id, service,
// start, end, recorded_at, body) for sqlite3 .import and COPY.
int GenerateCsv(long n, const std::string& path) {
  std::ofstream out(path);
  for (long i = 0; i < n; ++i) {
    std::string e = Event(i), quoted;
    for (char c : e) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
    int day = 1 + static_cast<int>(i % 28);
    char date[16];
    std::snprintf(date, sizeof date, "2024-05-%02d", day);
    out << "BENCH-" << i << ",2345678-0,D-0002,kotihoito-saannollinen," << date << "T13:10:00+03:00,"
        << date << "T14:15:00+03:00," << date << "T18:34:02+03:00,\"" << quoted << "\"\n";
  }
  return out ? 0 : 1;
}

int Post(int port, const std::string& token, const std::string& path, size_t batch, int connections) {
  std::vector<std::string> lines;
  std::ifstream in(path);
  for (std::string l; std::getline(in, l);) lines.push_back(l);
  std::vector<std::string> bodies;
  for (size_t at = 0; at < lines.size(); at += batch) {
    std::string body;
    for (size_t i = at; i < std::min(lines.size(), at + batch); ++i) body += lines[i] + "\n";
    bodies.push_back(std::move(body));
  }
  std::atomic<size_t> next{0};
  std::atomic<long> accepted{0}, failed{0};
  auto started = std::chrono::steady_clock::now();
  std::vector<std::thread> threads;
  for (int c = 0; c < connections; ++c) {
    threads.emplace_back([&] {
      Poco::Net::HTTPClientSession session("127.0.0.1", static_cast<Poco::UInt16>(port));
      session.setKeepAlive(true);
      session.setTimeout(Poco::Timespan(120, 0));
      for (size_t b; (b = next++) < bodies.size();) {
        Poco::Net::HTTPRequest req("POST", "/v1/events", Poco::Net::HTTPMessage::HTTP_1_1);
        req.set("Authorization", "Bearer " + token);
        req.setContentLength64(static_cast<Poco::Int64>(bodies[b].size()));
        req.setKeepAlive(true);
        session.sendRequest(req) << bodies[b];
        Poco::Net::HTTPResponse resp;
        std::string reply;
        Poco::StreamCopier::copyToString(session.receiveResponse(resp), reply);
        if (resp.getStatus() != 200) { ++failed; continue; }
        auto at = reply.find("\"accepted\":");
        accepted += std::stol(reply.substr(at + 11));
      }
    });
  }
  for (auto& t : threads) t.join();
  std::chrono::duration<double> took = std::chrono::steady_clock::now() - started;
  std::cout << lines.size() << " events, " << accepted << " accepted, " << failed
            << " failed batches, " << took.count() << " s, "
            << static_cast<long>(static_cast<double>(lines.size()) / took.count()) << " events/s\n";
  return failed ? 1 : 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::string cmd = argc > 1 ? argv[1] : "";
  if (cmd == "generate" && argc == 4) return Generate(std::stol(argv[2]), argv[3]);
  if (cmd == "generate-csv" && argc == 4) return GenerateCsv(std::stol(argv[2]), argv[3]);
  if (cmd == "post" && argc == 7) {
    return Post(std::stoi(argv[2]), argv[3], argv[4], std::stoul(argv[5]), std::stoi(argv[6]));
  }
  std::cerr << "usage: ingest_client generate N FILE | post PORT TOKEN FILE BATCH CONNECTIONS\n";
  return 2;
}
