#pragma once
// The HTTP front end of `elective serve`. cpp-httplib (Debian's 0.11 shared library) parses requests, routes
// them and writes the answers, but its own connection handling gives every connection a pool thread for the
// connection's whole life: 100 clients sending one header line every 3 s held all 64 threads and /api/health
// went unanswered (issue 9). This subclass keeps the library's accept loop and request processing
// (Server::process_request, on a Stream of our own) and replaces what lies between:
//
//  - one reactor thread (epoll) reads the request heads of all connections; a worker thread is given a
//  request
//    only once its head is complete, and a kept-alive connection goes back to the reactor between requests,
//    so slow or idle clients hold no thread;
//  - a head must arrive whole within `header_timeout` of the connection (or of its first byte after a
//    kept-alive pause): slow clients are answered 408 and closed;
//  - limits on open connections, in total and per client address (loopback clients, which all share one
//    address, count only towards the total), and on requests reading a body at once (so slow uploads cannot
//    take every worker); over a limit the reactor itself answers 503 with Retry-After;
//  - a body is read up to its Content-Length and no further (a request without one has no body, RFC 9112), so
//  a
//    handler can never wait for the end of a connection; a body left unread (a refused upload) is drained
//    for a few seconds before closing, so the client reads the answer instead of a connection reset;
//  - the listening socket has SO_REUSEADDR, not the library's SO_REUSEPORT, so a second server cannot bind a
//    port that is in use (issue 13).
#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include <httplib.h>

namespace elective::server {

struct ConnectionLimits {
  std::chrono::milliseconds header_timeout{10'000};  // whole request head, from connect or first byte
  // An idle kept-alive connection is closed after this. The Keep-Alive header announces a third of it (5 s),
  // so clients stop reusing a connection well before the server closes it (otherwise a busy client's request
  // can cross the server's close and fail with "other side closed"); an idle connection costs no thread.
  std::chrono::milliseconds keep_alive_timeout{15'000};
  std::chrono::milliseconds io_timeout{30'000};    // no progress reading a body or writing an answer
  std::chrono::milliseconds drain_timeout{5'000};  // reading away an unread body before closing
  std::size_t max_head_bytes = 64 * 1024;          // larger heads: 431
  std::size_t max_requests_per_connection = 100;
  std::size_t max_connections = 1024;            // open connections in total; more: 503
  std::size_t max_connections_per_client = 256;  // from one non-loopback address; more: 503
  std::size_t max_body_requests = 16;            // requests reading a body at once; more: 503
  std::size_t max_body_bytes = 256u << 20;       // Content-Length above this: 413 without reading the body
  int workers = 64;                              // threads running requests
};

// Why a new connection is refused (503), given the connections open in total and from its address; nullopt
// when it is accepted.
std::optional<std::string> connection_refusal(const ConnectionLimits& limits, std::size_t open,
                                              std::size_t from_client, bool loopback);

class HttpServer : public httplib::Server {
 public:
  explicit HttpServer(ConnectionLimits limits);
  ~HttpServer() override;
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Called with each request after its head is parsed and before routing; may change the request.
  void set_request_hook(std::function<void(httplib::Request&)> hook);
  // Receives one line for each answer the front end gives itself ("GET /api/datasets 503").
  void set_front_log(std::function<void(const std::string&)> log);

  // Binds host:port (0: any free port) and returns the port. Throws IoError; a port in use is named as such.
  int bind(const std::string& host, int port);
  // Raises the listen backlog (the library's is 5: bursts of connections waited a second for SYN retries).
  void raise_backlog(int backlog);
  // Serves until stop_listening(): starts the reactor and workers, runs the library's accept loop, then
  // closes every connection once the requests in progress are answered.
  bool serve();
  // Closes the listening socket, so serve() returns - also when it has not started yet (the library's stop()
  // does nothing before its loop runs, and a serve() that started just after would never end).
  void stop_listening();

  struct Counts {
    std::size_t open_connections = 0;
    std::size_t requests_in_progress = 0;
  };
  Counts counts() const;

 private:
  bool process_and_close_socket(socket_t sock) override;
  struct Front;
  std::unique_ptr<Front> front_;
};

}  // namespace elective::server
