#include "server/http_server.hpp"

#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "core/error.hpp"
#include "server/connection.hpp"
#include "server/request_head.hpp"
#include "server/server.hpp"

namespace elective::server {
namespace {

using Clock = Connection::Clock;
using Conn = Connection;

// Runs every task at once in the calling thread: the library's accept loop hands each new connection to
// process_and_close_socket through its task queue, and that only registers the connection with the reactor.
class InlineQueue final : public httplib::TaskQueue {
 public:
  void enqueue(std::function<void()> fn) override { fn(); }
  void shutdown() override {}
};

}  // namespace

std::optional<std::string> connection_refusal(const ConnectionLimits& limits, std::size_t open,
                                              std::size_t from_client, bool loopback) {
  if (open >= limits.max_connections)
    return "too many open connections (" + std::to_string(limits.max_connections) + "); try again shortly";
  if (!loopback && from_client >= limits.max_connections_per_client)
    return "too many open connections from your address (" +
           std::to_string(limits.max_connections_per_client) + "); try again shortly";
  return std::nullopt;
}

struct HttpServer::Front {
  HttpServer& server;
  ConnectionLimits limits;
  std::function<void(httplib::Request&)> hook;
  std::function<void(const std::string&)> log;

  int epoll_fd = -1;
  int wake_fd = -1;
  std::thread reactor;
  std::unique_ptr<httplib::ThreadPool> workers;
  std::atomic<bool> running{false};
  std::atomic<bool> stopping{false};

  mutable std::mutex mutex;  // guards the fields below
  std::vector<std::shared_ptr<Conn>> incoming;
  std::unordered_set<std::shared_ptr<Conn>> active;  // given to a worker
  std::unordered_map<std::string, std::size_t> per_client;
  std::size_t open = 0;

  std::atomic<std::size_t> body_requests{0};
  std::atomic<std::size_t> in_progress{0};

  // Owned by the reactor thread.
  std::unordered_map<int, std::shared_ptr<Conn>> watched;

  Front(HttpServer& s, ConnectionLimits l) : server(s), limits(l) {}

  void note(const std::string& line) {
    if (log) log(line);
  }

  void start() {
    stopping = false;
    epoll_fd = ::epoll_create1(EPOLL_CLOEXEC);
    wake_fd = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (epoll_fd < 0 || wake_fd < 0)
      throw IoError(std::string("cannot start the HTTP front end: ") + std::strerror(errno));
    epoll_event event{};
    event.events = EPOLLIN;
    event.data.fd = wake_fd;
    ::epoll_ctl(epoll_fd, EPOLL_CTL_ADD, wake_fd, &event);
    workers = std::make_unique<httplib::ThreadPool>(static_cast<size_t>(std::max(1, limits.workers)));
    reactor = std::thread([this] { run_reactor(); });
    running = true;
  }

  void stop() {
    if (!running.exchange(false)) return;
    stopping = true;
    wake();
    reactor.join();
    {
      // A request still waiting for its body would hold its worker until io_timeout: end its input now
      // (answers in progress are still written).
      std::lock_guard lock(mutex);
      for (const auto& conn : active)
        if (conn->fd >= 0) ::shutdown(conn->fd, SHUT_RD);
    }
    workers->shutdown();  // lets requests in progress finish; their connections are then closed
    workers.reset();
    std::vector<std::shared_ptr<Conn>> left;
    {
      std::lock_guard lock(mutex);
      left.swap(incoming);
    }
    for (auto& conn : left) close_conn(*conn);
    ::close(epoll_fd);
    ::close(wake_fd);
    epoll_fd = wake_fd = -1;
  }

  void wake() const {
    const std::uint64_t one = 1;
    [[maybe_unused]] const auto n = ::write(wake_fd, &one, sizeof one);
  }

  // A connection from the accept loop (accept thread).
  void adopt(int fd) {
    const int flags = ::fcntl(fd, F_GETFL, 0);
    ::fcntl(fd, F_SETFL, flags | O_NONBLOCK);
    ::fcntl(fd, F_SETFD, FD_CLOEXEC);
    const int yes = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof yes);
    auto conn = std::make_shared<Conn>();
    conn->fd = fd;
    sockaddr_storage address{};
    socklen_t length = sizeof address;
    if (::getpeername(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0)
      conn->client = numeric_address(address, conn->client_port);
    conn->loopback = is_loopback_host(conn->client);
    length = sizeof address;
    if (::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0)
      conn->local = numeric_address(address, conn->local_port);
    std::string refused;
    {
      std::lock_guard lock(mutex);
      if (stopping || !running)
        refused = "the server is stopping";
      else if (auto refusal = connection_refusal(limits, open, per_client[conn->client], conn->loopback))
        refused = *refusal;
      if (refused.empty()) {
        ++open;
        ++per_client[conn->client];
        conn->deadline = Clock::now() + limits.header_timeout;
        incoming.push_back(conn);
      } else if (per_client[conn->client] == 0) {
        per_client.erase(conn->client);
      }
    }
    if (!refused.empty()) {
      // Read what already arrived, so that closing sends the answer and a FIN rather than a reset.
      char discard[4096];
      while (::recv(fd, discard, sizeof discard, MSG_DONTWAIT) > 0) {
      }
      send_now(fd, canned_response(503, refused));
      ::shutdown(fd, SHUT_WR);
      ::close(fd);
      note("- - 503 (" + refused + ")");
      return;
    }
    wake();
  }

  void close_conn(Conn& conn) {
    std::lock_guard lock(mutex);
    if (conn.fd < 0) return;
    ::close(conn.fd);
    conn.fd = -1;
    --open;
    if (auto found = per_client.find(conn.client); found != per_client.end() && --found->second == 0)
      per_client.erase(found);
  }

  // From a worker: the connection waits for its next request (or drains) in the reactor again.
  void hand_back(const std::shared_ptr<Conn>& conn) {
    bool queued = false;
    {
      std::lock_guard lock(mutex);
      if (!stopping) {
        incoming.push_back(conn);
        queued = true;
      }
    }
    if (!queued) {
      close_conn(*conn);
      return;
    }
    wake();
  }

  void watch(const std::shared_ptr<Conn>& conn) {
    epoll_event event{};
    event.events = EPOLLIN | EPOLLRDHUP;
    event.data.fd = conn->fd;
    if (::epoll_ctl(epoll_fd, EPOLL_CTL_ADD, conn->fd, &event) != 0) {
      close_conn(*conn);
      return;
    }
    watched[conn->fd] = conn;
  }

  void unwatch(const std::shared_ptr<Conn>& conn) {
    ::epoll_ctl(epoll_fd, EPOLL_CTL_DEL, conn->fd, nullptr);
    watched.erase(conn->fd);
  }

  // Answers without the library, then reads away what the client still sends until it stops or
  // drain_timeout passes (closing with unread data would reset the connection and lose the answer).
  void refuse(const std::shared_ptr<Conn>& conn, int status, const std::string& message,
              const RequestHead* head) {
    send_now(conn->fd, canned_response(status, message));
    note(head ? head->method + " " + head->path + " " + std::to_string(status)
              : "- - " + std::to_string(status));
    ::shutdown(conn->fd, SHUT_WR);
    conn->draining = true;
    conn->buffer.clear();
    conn->buffer.shrink_to_fit();
    conn->deadline = Clock::now() + limits.drain_timeout;
  }

  // Reads what is available. Returns false when the connection was closed.
  bool read_available(const std::shared_ptr<Conn>& conn) {
    char chunk[16384];
    for (;;) {
      const ssize_t n = ::recv(conn->fd, chunk, sizeof chunk, MSG_DONTWAIT);
      if (n > 0) {
        if (conn->draining) continue;
        if (conn->idle) {
          conn->idle = false;
          conn->deadline = Clock::now() + limits.header_timeout;
        }
        conn->buffer.append(chunk, static_cast<size_t>(n));
        if (conn->buffer.size() > limits.max_head_bytes) return true;
        continue;
      }
      if (n < 0 && errno == EINTR) continue;
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return true;
      return false;  // end of stream or error
    }
  }

  enum class Next { wait, drain, dispatched };

  // Looks at a connection's buffer: gives a complete head to a worker, refuses a bad or over-limit one (the
  // connection then drains), or leaves it waiting for more.
  Next examine(const std::shared_ptr<Conn>& conn) {
    if (conn->draining) return Next::drain;
    const auto head = scan_request_head(conn->buffer);
    const std::string too_large =
        "the request head is larger than " + std::to_string(limits.max_head_bytes) + " bytes";
    if (!head) {
      if (conn->buffer.size() <= limits.max_head_bytes) return Next::wait;
      refuse(conn, 431, too_large, nullptr);
      return Next::drain;
    }
    if (head->end > limits.max_head_bytes) {
      refuse(conn, 431, too_large, &*head);
      return Next::drain;
    }
    if (!head->problem.empty()) {
      refuse(conn, 400, "bad request: " + head->problem, &*head);
      return Next::drain;
    }
    if (head->content_length > limits.max_body_bytes) {
      refuse(conn, 413, "request body too large", &*head);
      return Next::drain;
    }
    if (head->has_body() && body_requests.fetch_add(1) >= limits.max_body_requests) {
      --body_requests;
      refuse(conn, 503,
             "too many requests with a body in progress (" + std::to_string(limits.max_body_requests) +
                 "); try again shortly",
             &*head);
      return Next::drain;
    }
    if (watched.count(conn->fd) != 0) unwatch(conn);
    ++in_progress;
    {
      std::lock_guard lock(mutex);
      active.insert(conn);
    }
    workers->enqueue([this, conn, head = *head] { serve(conn, head); });
    return Next::dispatched;
  }

  // A worker runs one request through the library.
  void serve(const std::shared_ptr<Conn>& conn, const RequestHead& head) {
    RequestStream stream(*conn, head, limits.io_timeout);
    const bool close = stopping || conn->served + 1 >= limits.max_requests_per_connection;
    bool closed = false;
    bool ok = false;
    try {
      ok = server.process_request(stream, close, closed, [this](httplib::Request& req) {
        if (hook) hook(req);
      });
    } catch (...) {
      ok = false;
    }
    ++conn->served;
    if (head.has_body()) --body_requests;
    --in_progress;
    {
      std::lock_guard lock(mutex);
      active.erase(conn);
    }
    if (stopping) {
      close_conn(*conn);
    } else if (ok && !close && !closed && stream.complete()) {
      conn->buffer = stream.rest();
      conn->idle = conn->buffer.empty();
      conn->deadline = Clock::now() + (conn->idle ? limits.keep_alive_timeout : limits.header_timeout);
      hand_back(conn);
    } else if (!stream.complete()) {
      ::shutdown(conn->fd, SHUT_WR);
      conn->draining = true;
      conn->buffer.clear();
      conn->deadline = Clock::now() + limits.drain_timeout;
      hand_back(conn);
    } else {
      close_conn(*conn);
    }
  }

  void run_reactor() {
    std::vector<epoll_event> events(256);
    while (!stopping) {
      auto now = Clock::now();
      auto next = now + std::chrono::milliseconds(250);
      for (const auto& [fd, conn] : watched) next = std::min(next, conn->deadline);
      const auto wait_ms =
          std::max<long>(0, std::chrono::duration_cast<std::chrono::milliseconds>(next - now).count() + 1);
      const int n =
          ::epoll_wait(epoll_fd, events.data(), static_cast<int>(events.size()), static_cast<int>(wait_ms));
      if (stopping) break;
      std::vector<std::shared_ptr<Conn>> arrived;
      {
        std::lock_guard lock(mutex);
        arrived.swap(incoming);
      }
      for (const auto& conn : arrived)
        if (examine(conn) != Next::dispatched) watch(conn);
      for (int i = 0; i < n; ++i) {
        const int fd = events[static_cast<size_t>(i)].data.fd;
        if (fd == wake_fd) {
          std::uint64_t count = 0;
          [[maybe_unused]] const auto r = ::read(wake_fd, &count, sizeof count);
          continue;
        }
        const auto found = watched.find(fd);
        if (found == watched.end()) continue;
        const auto conn = found->second;
        if (!read_available(conn)) {
          unwatch(conn);
          close_conn(*conn);
          continue;
        }
        examine(conn);
      }
      now = Clock::now();
      std::vector<std::shared_ptr<Conn>> expired;
      for (const auto& [fd, conn] : watched)
        if (conn->deadline <= now) expired.push_back(conn);
      for (const auto& conn : expired) {
        if (conn->idle) {
          // A request may have arrived since epoll_wait returned: serve it rather than close under it.
          if (read_available(conn) && !conn->idle) {
            examine(conn);
            continue;
          }
        }
        unwatch(conn);
        if (!conn->idle && !conn->draining) {
          send_now(conn->fd,
                   canned_response(408, "the request head did not arrive within " +
                                            std::to_string(limits.header_timeout.count() / 1000) + " s"));
          note("- - 408 (request head too slow)");
        }
        close_conn(*conn);
      }
    }
    for (auto& [fd, conn] : watched) {
      ::epoll_ctl(epoll_fd, EPOLL_CTL_DEL, fd, nullptr);
      close_conn(*conn);
    }
    watched.clear();
  }
};

HttpServer::HttpServer(ConnectionLimits limits) : front_(std::make_unique<Front>(*this, limits)) {
  new_task_queue = [] { return new InlineQueue; };
  // SO_REUSEADDR lets a restarted server bind while old connections linger in TIME_WAIT; the library's
  // default, SO_REUSEPORT, also let a second server listen on a port in use (and share its connections).
  set_socket_options([](socket_t sock) {
    const int yes = 1;
    ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  });
}

HttpServer::~HttpServer() {
  stop_listening();
  front_->stop();
}

void HttpServer::stop_listening() {
  const socket_t sock = svr_sock_.exchange(INVALID_SOCKET);
  if (sock == INVALID_SOCKET) return;
  ::shutdown(sock, SHUT_RDWR);  // wakes the accept loop
  ::close(sock);
}

void HttpServer::set_request_hook(std::function<void(httplib::Request&)> hook) {
  front_->hook = std::move(hook);
}

void HttpServer::set_front_log(std::function<void(const std::string&)> log) {
  front_->log = std::move(log);
}

int HttpServer::bind(const std::string& host, int port) {
  errno = 0;
  const int bound = port == 0 ? bind_to_any_port(host) : (bind_to_port(host, port) ? port : -1);
  if (bound > 0) return bound;
  const int error = errno;
  if (error == EADDRINUSE)
    throw IoError("port " + std::to_string(port) + " is already in use on " + host +
                  " (is another elective serve running? choose another with --port)");
  throw IoError("cannot listen on " + host + ":" + std::to_string(port) +
                (error != 0 ? std::string(": ") + std::strerror(error) : std::string()));
}

void HttpServer::raise_backlog(int backlog) {
  if (svr_sock_ != INVALID_SOCKET) ::listen(svr_sock_, backlog);
}

bool HttpServer::serve() {
  front_->start();
  const bool ok = listen_after_bind();
  front_->stop();
  return ok;
}

HttpServer::Counts HttpServer::counts() const {
  std::lock_guard lock(front_->mutex);
  return {front_->open, front_->in_progress.load()};
}

bool HttpServer::process_and_close_socket(socket_t sock) {
  front_->adopt(sock);
  return true;
}

}  // namespace elective::server
