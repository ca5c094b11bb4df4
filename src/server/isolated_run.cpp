#include "server/isolated_run.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>

#include "core/error.hpp"

namespace elective::server {
namespace {

// Messages on the pipe: 'P' + double (progress); 'R' + uint64 length + JSON text; 'E' + uint8 category +
// uint64 length + message.
constexpr int kChildFd = 3;

void write_all(int fd, const void* data, size_t size) {
  const char* p = static_cast<const char*>(data);
  while (size > 0) {
    const ssize_t n = ::write(fd, p, size);
    if (n < 0) {
      if (errno == EINTR) continue;
      ::_exit(3);
    }
    p += n;
    size -= static_cast<size_t>(n);
  }
}

void send_block(int fd, char tag, const std::string& text, std::uint8_t category = 0) {
  std::string frame(1, tag);
  if (tag == 'E') frame.push_back(static_cast<char>(category));
  const std::uint64_t length = text.size();
  frame.append(reinterpret_cast<const char*>(&length), sizeof length);
  frame += text;
  write_all(fd, frame.data(), frame.size());
}

[[noreturn]] void child_main(const IsolatedWork& work) {
  // Only the pipe stays open: the child must not hold the server's sockets or database files.
  ::close_range(kChildFd + 1, ~0U, 0);
  std::atomic<int> last_permille{-1};
  Progress progress;
  progress.report = [&](double fraction) {
    if (!std::isfinite(fraction)) return;
    const int permille = static_cast<int>(fraction * 1000);
    int previous = last_permille.load();
    if (permille <= previous || !last_permille.compare_exchange_strong(previous, permille)) return;
    char frame[1 + sizeof(double)];
    frame[0] = 'P';
    std::memcpy(frame + 1, &fraction, sizeof fraction);
    write_all(kChildFd, frame, sizeof frame);  // 9 bytes < PIPE_BUF: atomic even from several threads
  };
  try {
    const auto result = work(progress);
    send_block(kChildFd, 'R', result.dump());
  } catch (const Error& e) {
    send_block(kChildFd, 'E', e.what(), static_cast<std::uint8_t>(e.category()));
  } catch (const std::exception& e) {
    send_block(kChildFd, 'E', std::string("internal error: ") + e.what(),
               static_cast<std::uint8_t>(ErrorCategory::runtime));
  }
  ::_exit(0);
}

[[noreturn]] void rethrow(std::uint8_t category, const std::string& message) {
  switch (static_cast<ErrorCategory>(category)) {
    case ErrorCategory::input:
      throw InputError(message);
    case ErrorCategory::io:
      throw IoError(message);
    case ErrorCategory::cancelled:
      throw CancelledError();
    default:
      throw RuntimeError(message);
  }
}

}  // namespace

nlohmann::json run_isolated(const IsolatedWork& work, const Progress& progress) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0)
    throw IoError(std::string("cannot create a pipe: ") + std::strerror(errno));
  const pid_t pid = ::fork();
  if (pid < 0) {
    ::close(fds[0]);
    ::close(fds[1]);
    throw IoError(std::string("cannot start the model process: ") + std::strerror(errno));
  }
  if (pid == 0) {
    ::close(fds[0]);
    if (::dup2(fds[1], kChildFd) < 0) ::_exit(4);  // dup2 clears O_CLOEXEC on the copy
    child_main(work);
  }
  ::close(fds[1]);
  const int fd = fds[0];

  std::string buffer;
  bool have_result = false, have_error = false, cancelled = false;
  std::string payload;
  std::uint8_t category = 0;
  char chunk[65536];
  for (;;) {
    if (progress.cancelled() && !cancelled) {
      cancelled = true;
      ::kill(pid, SIGKILL);
    }
    pollfd p{fd, POLLIN, 0};
    const int ready = ::poll(&p, 1, 100);
    if (ready < 0 && errno != EINTR) break;
    if (ready <= 0) continue;
    const ssize_t n = ::read(fd, chunk, sizeof chunk);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;  // EOF: the child exited or died
    buffer.append(chunk, static_cast<size_t>(n));
    // Consume complete frames.
    for (;;) {
      if (buffer.empty()) break;
      const char tag = buffer[0];
      if (tag == 'P') {
        if (buffer.size() < 1 + sizeof(double)) break;
        double fraction = 0;
        std::memcpy(&fraction, buffer.data() + 1, sizeof fraction);
        progress.update(fraction);
        buffer.erase(0, 1 + sizeof(double));
      } else {
        const size_t header = tag == 'E' ? 2 : 1;
        if (buffer.size() < header + sizeof(std::uint64_t)) break;
        std::uint64_t length = 0;
        std::memcpy(&length, buffer.data() + header, sizeof length);
        if (buffer.size() < header + sizeof length + length) break;
        payload = buffer.substr(header + sizeof length, length);
        if (tag == 'E') {
          category = static_cast<std::uint8_t>(buffer[1]);
          have_error = true;
        } else {
          have_result = true;
        }
        buffer.erase(0, header + sizeof length + length);
      }
    }
  }
  ::close(fd);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (cancelled) throw CancelledError();
  if (have_error) rethrow(category, payload);
  if (have_result && WIFEXITED(status) && WEXITSTATUS(status) == 0) return nlohmann::json::parse(payload);
  if (WIFSIGNALED(status)) {
    const int signal = WTERMSIG(status);
    throw RuntimeError("the model process crashed (signal " + std::to_string(signal) + ", " +
                       strsignal(signal) + "); the server is unaffected");
  }
  throw RuntimeError("the model process ended without a result (exit status " +
                     std::to_string(WIFEXITED(status) ? WEXITSTATUS(status) : -1) + ")");
}

}  // namespace elective::server
