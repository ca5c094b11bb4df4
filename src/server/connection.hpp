#pragma once
// One client connection of the HTTP front end (http_server.hpp) and the Stream through which cpp-httplib
// reads one request from it and writes the answer, plus the small socket helpers the front end shares.
#include <sys/socket.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>

#include <httplib.h>

#include "server/request_head.hpp"

namespace elective::server {

struct Connection {
  using Clock = std::chrono::steady_clock;
  int fd = -1;
  std::string client;  // remote address (numeric)
  int client_port = 0;
  bool loopback = false;  // every local client has the same address: no per-address limit for them
  std::string local;
  int local_port = 0;
  std::string buffer;  // received bytes not yet given to a request
  Clock::time_point deadline;
  bool idle = false;      // kept alive, no byte of the next request yet (keep-alive timer, not head timer)
  bool draining = false;  // answered and half-closed: reading away what the client still sends
  std::size_t served = 0;
};

// The numeric address and port of a socket address.
std::string numeric_address(const sockaddr_storage& address, int& port);
// An answer the front end gives without the library: {"error", "status"} JSON, "Connection: close", and
// "Retry-After: 2" on a 503.
std::string canned_response(int status, const std::string& message);
// Sends without blocking, as much as the socket takes (a canned answer is small: normally all of it).
void send_now(int fd, const std::string& data);
// Waits until the socket is ready for `events` (POLLIN / POLLOUT); false on timeout.
bool wait_for(int fd, short events, std::chrono::milliseconds timeout);

// A body must arrive at this average rate or better, after a grace of io_timeout: a client sending one byte
// every few seconds cannot hold a worker for long (256 MiB may take 68 minutes).
inline constexpr std::uint64_t kMinBodyBytesPerSecond = 64 * 1024;

// One request on a connection, as cpp-httplib reads it: first the head (already received by the reactor),
// then the body from what the reactor read ahead and from the socket, never past the body's end: a request
// without Content-Length or chunked framing has none, so the library sees its end at once instead of waiting
// for the connection to close. Reads and writes wait at most `io_timeout` for the socket, and the whole body
// must arrive by io_timeout + length / kMinBodyBytesPerSecond.
class RequestStream final : public httplib::Stream {
 public:
  RequestStream(Connection& conn, const RequestHead& head, std::chrono::milliseconds io_timeout)
      : conn_(conn),
        head_end_(head.end),
        chunked_(head.chunked),
        body_left_(head.content_length),
        timeout_(io_timeout),
        body_deadline_(Connection::Clock::now() + io_timeout +
                       std::chrono::seconds(head.content_length / kMinBodyBytesPerSecond)) {}

  bool is_readable() const override;
  bool is_writable() const override;
  ssize_t read(char* ptr, size_t size) override;
  ssize_t write(const char* ptr, size_t size) override;
  void get_remote_ip_and_port(std::string& ip, int& port) const override;
  void get_local_ip_and_port(std::string& ip, int& port) const override;
  socket_t socket() const override { return conn_.fd; }

  // The head was read and the whole body too (a chunked body's end is not known here: such a connection is
  // closed after its answer).
  bool complete() const { return pos_ >= head_end_ && !chunked_ && body_left_ == 0; }
  // What the reactor read beyond this request: the start of the next one.
  std::string rest() const;

 private:
  ssize_t take(char* ptr, size_t n);

  Connection& conn_;
  size_t pos_ = 0;
  size_t head_end_;
  bool chunked_;
  std::uint64_t body_left_;
  std::chrono::milliseconds timeout_;
  Connection::Clock::time_point body_deadline_;
};

}  // namespace elective::server
