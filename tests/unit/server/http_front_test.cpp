// The connection front end (issue 9 item 5): slow clients hold no worker thread, a request head has a
// deadline, connections are limited in total and per client address, requests with a body are limited, bodies
// end at their Content-Length, and kept-alive and pipelined requests still work.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "raw_socket.hpp"
#include "server/http_server.hpp"
#include "server/request_head.hpp"
#include "server_test_util.hpp"

namespace elective::server {
namespace {
using namespace std::chrono_literals;
using testing::RawSocket;
using testing::RunningServer;

ServerConfig small_server() {
  ServerConfig config;
  config.load_bundled = false;
  config.http_threads = 4;  // the old server gave each connection one of these for its whole life
  config.header_timeout_seconds = 2;
  return config;
}

TEST(HttpFront, SlowClientsDoNotStarveHealth) {
  RunningServer server(small_server(), "slow");
  // Twenty connections (five times the worker threads) that send a header line now and then, never finishing.
  std::vector<RawSocket> slow;
  for (int i = 0; i < 20; ++i) {
    slow.emplace_back(server.port());
    ASSERT_TRUE(slow.back().connected());
    slow.back().send("GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n");
  }
  std::this_thread::sleep_for(300ms);
  for (auto& s : slow) s.send("X-Slow: 1\r\n");
  auto client = server.client();
  client.set_read_timeout(5);
  const auto start = std::chrono::steady_clock::now();
  auto res = client.Get("/api/health");
  ASSERT_TRUE(res) << "health did not answer while slow clients were connected";
  EXPECT_EQ(res->status, 200);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 2s);
}

TEST(HttpFront, AHeadThatDoesNotArriveInTimeIsAnswered408AndClosed) {
  RunningServer server(small_server(), "deadline");
  RawSocket socket(server.port());
  socket.send("GET /api/health HTTP/1.1\r\n");
  const auto start = std::chrono::steady_clock::now();
  // One header line every 500 ms: each read makes progress, but the whole head never comes.
  std::string answer;
  bool closed = false;
  for (int i = 0; i < 20 && !closed; ++i) {
    socket.send("X-Line: " + std::to_string(i) + "\r\n");
    answer += socket.read_until_closed(500ms, &closed);
  }
  EXPECT_TRUE(closed);
  EXPECT_NE(answer.find("408"), std::string::npos) << answer;
  const auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_GE(elapsed, 1500ms);
  EXPECT_LT(elapsed, 6s);
}

TEST(HttpFront, OpenConnectionsAreLimited) {
  // Loopback clients share one address, so for them only the total counts (the per-address limit is the same
  // code path, for clients of a server bound to a network address).
  auto config = small_server();
  config.max_connections = 16;  // the smallest total allowed
  RunningServer server(config, "perclient");
  std::vector<RawSocket> held;
  for (int i = 0; i < 16; ++i) held.emplace_back(server.port());
  std::this_thread::sleep_for(200ms);
  RawSocket extra(server.port());
  extra.send("GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
  const auto answer = extra.read_until_closed(3s);
  EXPECT_EQ(answer.rfind("HTTP/1.1 503", 0), 0u) << answer;
  EXPECT_NE(answer.find("Retry-After:"), std::string::npos) << answer;
  EXPECT_NE(answer.find("\"status\":503"), std::string::npos) << answer;
  held.clear();  // closing them frees the client's share
  std::this_thread::sleep_for(300ms);
  auto res = server.client().Get("/api/health");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
}

TEST(HttpFront, RequestsReadingABodyAreLimitedSoOthersStillRun) {
  auto config = small_server();
  config.max_body_requests = 1;
  RunningServer server(config, "bodies");
  // A POST whose body never comes holds the one body slot (and one worker, until the read timeout).
  RawSocket stalled(server.port());
  stalled.send(
      std::string("POST /api/jobs HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n") +
      "X-Elective-CSRF: " + RunningServer::kCsrf + "\r\nCookie: elective_csrf=" + RunningServer::kCsrf +
      "\r\nContent-Length: 1000\r\n\r\n{");
  std::this_thread::sleep_for(300ms);
  RawSocket second(server.port());
  second.send("POST /api/jobs HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 2\r\n\r\n{}");
  const auto answer = second.read_until_closed(3s);
  EXPECT_EQ(answer.rfind("HTTP/1.1 503", 0), 0u) << answer;
  auto res = server.client().Get("/api/health");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
}

TEST(HttpFront, ARequestWithoutContentLengthHasNoBody) {
  RunningServer server(small_server(), "nolength");
  RawSocket socket(server.port());
  // No Content-Length: the library used to read until the connection closed (or its read timeout).
  socket.send(std::string("DELETE /api/jobs/12345 HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Elective-CSRF: ") +
              RunningServer::kCsrf + "\r\nCookie: elective_csrf=" + RunningServer::kCsrf + "\r\n\r\n");
  const auto start = std::chrono::steady_clock::now();
  const auto answer = socket.read_until("\"status\":404", 5s);
  EXPECT_NE(answer.find("\"status\":404"), std::string::npos) << answer;
  EXPECT_LT(std::chrono::steady_clock::now() - start, 2s);
}

TEST(HttpFront, PipelinedAndKeptAliveRequestsAreAnsweredInOrder) {
  RunningServer server(small_server(), "pipeline");
  RawSocket socket(server.port());
  socket.send(
      "GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
      "GET /api/nothing HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
  auto answer = socket.read_until("not found", 5s);
  const auto first = answer.find("\"status\":\"ok\"");
  const auto second = answer.find("not found: /api/nothing");
  ASSERT_NE(first, std::string::npos) << answer;
  ASSERT_NE(second, std::string::npos) << answer;
  EXPECT_LT(first, second);
  // The same connection takes a third request after a pause.
  std::this_thread::sleep_for(300ms);
  socket.send("GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
  answer = socket.read_until_closed(5s);
  EXPECT_NE(answer.find("\"status\":\"ok\""), std::string::npos) << answer;
}

TEST(HttpFront, ABodyOverTheLimitIsRefusedBeforeItIsSent) {
  auto config = small_server();
  config.max_body_bytes = 1024;
  RunningServer server(config, "toolarge");
  RawSocket socket(server.port());
  socket.send("POST /api/datasets HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 999999999\r\n\r\n");
  const auto answer = socket.read_until("\"status\":413", 3s);
  EXPECT_EQ(answer.rfind("HTTP/1.1 413", 0), 0u) << answer;
}

TEST(HttpFront, AHeadLargerThanTheLimitIs431) {
  RunningServer server(small_server(), "bighead");
  RawSocket socket(server.port());
  socket.send("GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n");
  for (int i = 0; i < 100; ++i)
    socket.send("X-Filler-" + std::to_string(i) + ": " + std::string(1000, 'x') + "\r\n");
  const auto answer = socket.read_until("\"status\":431", 3s);
  EXPECT_EQ(answer.rfind("HTTP/1.1 431", 0), 0u) << answer.substr(0, 200);
}

// The front end alone, with short timeouts: a body trickling in slower than the minimum average rate is cut
// off after the grace period, even though each read makes progress within the read timeout.
TEST(HttpFront, ABodyTooSlowOnAverageIsCutOff) {
  ConnectionLimits limits;
  limits.io_timeout = 1s;
  HttpServer http(limits);
  std::atomic<int> outcome{0};  // 1: body complete, 2: reading failed
  http.Post("/upload",
            [&](const httplib::Request&, httplib::Response& res, const httplib::ContentReader& reader) {
              std::string body;
              const bool ok = reader([&](const char* data, size_t size) {
                body.append(data, size);
                return true;
              });
              outcome = ok ? 1 : 2;
              res.set_content(ok ? "ok" : "cut", "text/plain");
            });
  const int port = http.bind("127.0.0.1", 0);
  std::thread serving([&] { http.serve(); });
  RawSocket socket(port);
  socket.send("POST /upload HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1000\r\n\r\n");
  const auto start = std::chrono::steady_clock::now();
  bool closed = false;
  for (int i = 0; i < 40 && !closed && outcome == 0; ++i) {
    socket.send("x");  // one byte every 250 ms: each read is within the 1 s read timeout
    socket.read_until_closed(250ms, &closed);
  }
  EXPECT_EQ(outcome.load(), 2);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 5s);
  http.stop_listening();
  serving.join();
}

TEST(HttpFront, ConnectionsPerClientAddressAreLimited) {
  ConnectionLimits limits;
  limits.max_connections = 100;
  limits.max_connections_per_client = 3;
  EXPECT_FALSE(connection_refusal(limits, 10, 2, false));
  EXPECT_TRUE(connection_refusal(limits, 10, 3, false));  // a fourth from one network address
  EXPECT_FALSE(connection_refusal(limits, 10, 3, true));  // loopback clients all share 127.0.0.1
  EXPECT_TRUE(connection_refusal(limits, 100, 0, true));  // the total applies to everyone
  EXPECT_NE(connection_refusal(limits, 10, 3, false)->find("your address"), std::string::npos);
}

TEST(RequestHead, FindsTheEndAndTheBodyLength) {
  EXPECT_FALSE(scan_request_head("GET / HTTP/1.1\r\nHost: x\r\n"));
  auto head =
      scan_request_head("POST /api/jobs?x=1 HTTP/1.1\r\nHost: x\r\ncontent-length:  12 \r\n\r\n{\"kind\"");
  ASSERT_TRUE(head);
  EXPECT_EQ(head->method, "POST");
  EXPECT_EQ(head->path, "/api/jobs");
  EXPECT_EQ(head->content_length, 12u);
  EXPECT_EQ(head->end,
            std::string("POST /api/jobs?x=1 HTTP/1.1\r\nHost: x\r\ncontent-length:  12 \r\n\r\n").size());
  EXPECT_TRUE(head->problem.empty());
  head = scan_request_head("POST / HTTP/1.1\r\nTransfer-Encoding: Chunked\r\nContent-Length: 5\r\n\r\n");
  ASSERT_TRUE(head);
  EXPECT_TRUE(head->chunked);
  EXPECT_EQ(head->content_length, 0u);
  EXPECT_TRUE(head->has_body());
  head = scan_request_head("GET / HTTP/1.1\r\n\r\n");
  ASSERT_TRUE(head);
  EXPECT_FALSE(head->has_body());
  EXPECT_FALSE(scan_request_head("POST / HTTP/1.1\r\nContent-Length: 1x\r\n\r\n")->problem.empty());
  EXPECT_FALSE(scan_request_head("POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n")
                   ->problem.empty());
  EXPECT_FALSE(scan_request_head("POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n")->problem.empty());
}

}  // namespace
}  // namespace elective::server
