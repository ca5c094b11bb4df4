#include "server/connection.hpp"

#include <netdb.h>
#include <poll.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>

#include <nlohmann/json.hpp>

#include "core/json_text.hpp"

namespace elective::server {
namespace {

const char* reason(int status) {
  switch (status) {
    case 400:
      return "Bad Request";
    case 408:
      return "Request Timeout";
    case 413:
      return "Payload Too Large";
    case 431:
      return "Request Header Fields Too Large";
    default:
      return "Service Unavailable";
  }
}

}  // namespace

std::string numeric_address(const sockaddr_storage& address, int& port) {
  char host[NI_MAXHOST] = {};
  char service[NI_MAXSERV] = {};
  if (::getnameinfo(reinterpret_cast<const sockaddr*>(&address), sizeof address, host, sizeof host, service,
                    sizeof service, NI_NUMERICHOST | NI_NUMERICSERV) != 0)
    return {};
  port = std::atoi(service);
  return host;
}

std::string canned_response(int status, const std::string& message) {
  const auto body = json_compact(nlohmann::json{{"error", message}, {"status", status}});
  std::string out = "HTTP/1.1 " + std::to_string(status) + " " + reason(status) + "\r\n";
  out += "Content-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) + "\r\n";
  out += "Connection: close\r\nX-Content-Type-Options: nosniff\r\n";
  if (status == 503) out += "Retry-After: 2\r\n";
  out += "\r\n" + body;
  return out;
}

void send_now(int fd, const std::string& data) {
  size_t done = 0;
  while (done < data.size()) {
    const ssize_t n = ::send(fd, data.data() + done, data.size() - done, MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;
    done += static_cast<size_t>(n);
  }
}

bool wait_for(int fd, short events, std::chrono::milliseconds timeout) {
  pollfd p{fd, events, 0};
  for (;;) {
    const int ready = ::poll(&p, 1, static_cast<int>(timeout.count()));
    if (ready < 0 && errno == EINTR) continue;
    return ready > 0;
  }
}

bool RequestStream::is_readable() const {
  return pos_ < conn_.buffer.size() || wait_for(conn_.fd, POLLIN, timeout_);
}

bool RequestStream::is_writable() const {
  return wait_for(conn_.fd, POLLOUT, timeout_);
}

ssize_t RequestStream::read(char* ptr, size_t size) {
  if (size == 0) return 0;
  if (pos_ < head_end_) return take(ptr, std::min(size, head_end_ - pos_));
  size_t want = size;
  if (!chunked_) {
    if (body_left_ == 0) return 0;
    want = static_cast<size_t>(std::min<std::uint64_t>(want, body_left_));
  }
  if (pos_ < conn_.buffer.size()) {
    const auto n = take(ptr, std::min(want, conn_.buffer.size() - pos_));
    if (!chunked_) body_left_ -= static_cast<std::uint64_t>(n);
    return n;
  }
  for (;;) {
    const ssize_t n = ::recv(conn_.fd, ptr, want, MSG_DONTWAIT);
    if (n > 0) {
      if (!chunked_) body_left_ -= static_cast<std::uint64_t>(n);
      return n;
    }
    if (n == 0) return 0;
    if (errno == EINTR) continue;
    if (errno != EAGAIN && errno != EWOULDBLOCK) return -1;
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(body_deadline_ - Connection::Clock::now());
    if (!chunked_ && left.count() <= 0) return -1;  // too slow on average
    if (!wait_for(conn_.fd, POLLIN, chunked_ ? timeout_ : std::min(timeout_, left))) return -1;
  }
}

ssize_t RequestStream::write(const char* ptr, size_t size) {
  size_t done = 0;
  while (done < size) {
    const ssize_t n = ::send(conn_.fd, ptr + done, size - done, MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n > 0) {
      done += static_cast<size_t>(n);
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) && wait_for(conn_.fd, POLLOUT, timeout_)) continue;
    return -1;
  }
  return static_cast<ssize_t>(size);
}

void RequestStream::get_remote_ip_and_port(std::string& ip, int& port) const {
  ip = conn_.client;
  port = conn_.client_port;
}

void RequestStream::get_local_ip_and_port(std::string& ip, int& port) const {
  ip = conn_.local;
  port = conn_.local_port;
}

std::string RequestStream::rest() const {
  return conn_.buffer.substr(std::min(pos_, conn_.buffer.size()));
}

ssize_t RequestStream::take(char* ptr, size_t n) {
  std::memcpy(ptr, conn_.buffer.data() + pos_, n);
  pos_ += n;
  return static_cast<ssize_t>(n);
}

}  // namespace elective::server
