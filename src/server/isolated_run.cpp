#include "server/isolated_run.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <mutex>
#include <new>
#include <string>

#include "core/error.hpp"
#include "core/json_text.hpp"

namespace elective::server {
namespace {

// Messages on the pipe: 'P' + double (progress); 'R' + uint64 length + JSON text; 'E' + uint8 category +
// uint64 length + message.
constexpr int kChildFd = 3;

std::mutex limits_mutex;
JobLimits limits_default;

std::string mib(std::size_t bytes) {
  return std::to_string(bytes >> 20) + " MiB";
}

// The process's address-space size in bytes (first field of /proc/self/statm, in pages); 0 if unknown. Read
// in the parent just before fork, so the child's memory limit is "what it inherits plus the job's allowance".
std::size_t address_space_bytes() {
  const int fd = ::open("/proc/self/statm", O_RDONLY | O_CLOEXEC);
  if (fd < 0) return 0;
  char text[128] = {};
  const ssize_t n = ::read(fd, text, sizeof text - 1);
  ::close(fd);
  if (n <= 0) return 0;
  std::size_t pages = 0;
  for (ssize_t i = 0; i < n && text[i] >= '0' && text[i] <= '9'; ++i)
    pages = pages * 10 + static_cast<std::size_t>(text[i] - '0');
  return pages * static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
}

// Applied in the child right after fork, before any model code runs.
void apply_limits(const JobLimits& limits, std::size_t inherited_bytes) {
  if (limits.memory_bytes > 0) {
    const rlim_t bytes = static_cast<rlim_t>(inherited_bytes + limits.memory_bytes);
    const rlimit memory{bytes, bytes};
    if (::setrlimit(RLIMIT_AS, &memory) != 0) ::_exit(5);
  }
  if (limits.cpu_time.count() > 0) {
    // SIGXCPU at the soft limit ends the child (default action); SIGKILL at the hard limit if it is caught.
    const auto seconds = static_cast<rlim_t>(limits.cpu_time.count());
    const rlimit cpu{seconds, seconds + 5};
    if (::setrlimit(RLIMIT_CPU, &cpu) != 0) ::_exit(5);
  }
}

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

[[noreturn]] void child_main(const IsolatedWork& work, const JobLimits& limits, std::size_t inherited_bytes) {
  // Only the pipe stays open: the child must not hold the server's sockets or database files.
  ::close_range(kChildFd + 1, ~0U, 0);
  apply_limits(limits, inherited_bytes);
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
    send_block(kChildFd, 'R', json_compact(result));
  } catch (const Error& e) {
    send_block(kChildFd, 'E', e.what(), static_cast<std::uint8_t>(e.category()));
  } catch (const std::bad_alloc&) {
    send_block(kChildFd, 'E',
               limits.memory_bytes > 0
                   ? "the model ran out of memory: it needed more than the job memory limit of " +
                         mib(limits.memory_bytes) + " (elective serve --job-memory-mb)"
                   : std::string("the model ran out of memory"),
               static_cast<std::uint8_t>(ErrorCategory::runtime));
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

void set_default_job_limits(const JobLimits& limits) {
  std::lock_guard lock(limits_mutex);
  limits_default = limits;
}

JobLimits default_job_limits() {
  std::lock_guard lock(limits_mutex);
  return limits_default;
}

nlohmann::json run_isolated(const IsolatedWork& work, const Progress& progress) {
  return run_isolated(work, progress, default_job_limits());
}

nlohmann::json run_isolated(const IsolatedWork& work, const Progress& progress, const JobLimits& limits) {
  const std::size_t inherited_bytes = limits.memory_bytes > 0 ? address_space_bytes() : 0;
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
    child_main(work, limits, inherited_bytes);
  }
  ::close(fds[1]);
  const int fd = fds[0];

  using Clock = std::chrono::steady_clock;
  const auto started = Clock::now();
  std::string buffer;
  bool have_result = false, have_error = false, cancelled = false, timed_out = false;
  std::string payload;
  std::uint8_t category = 0;
  char chunk[65536];
  for (;;) {
    if (progress.cancelled() && !cancelled) {
      cancelled = true;
      ::kill(pid, SIGKILL);
    }
    if (limits.wall_time.count() > 0 && !timed_out && !cancelled &&
        Clock::now() - started >= limits.wall_time) {
      timed_out = true;
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
  rusage usage{};
  while (::wait4(pid, &status, 0, &usage) < 0 && errno == EINTR) {
  }
  if (cancelled) throw CancelledError();
  if (timed_out)
    throw RuntimeError("the model ran longer than the job time limit of " +
                       std::to_string(limits.wall_time.count()) +
                       " s and was stopped (elective serve --job-timeout)");
  if (have_error) rethrow(category, payload);
  if (have_result && WIFEXITED(status) && WEXITSTATUS(status) == 0) return nlohmann::json::parse(payload);
  if (WIFSIGNALED(status)) {
    const int signal = WTERMSIG(status);
    const double cpu_seconds = static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
                               static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
    if (limits.cpu_time.count() > 0 &&
        (signal == SIGXCPU ||
         (signal == SIGKILL && cpu_seconds >= static_cast<double>(limits.cpu_time.count()))))
      throw RuntimeError("the model used more than the job processor-time limit of " +
                         std::to_string(limits.cpu_time.count()) +
                         " s and was stopped (elective serve --job-cpu-seconds)");
    std::string hint;
    if (signal == SIGABRT && limits.memory_bytes > 0)
      hint = " (it may have exceeded the job memory limit of " + mib(limits.memory_bytes) + ")";
    throw RuntimeError("the model process crashed (signal " + std::to_string(signal) + ", " +
                       strsignal(signal) + ")" + hint + "; the server is unaffected");
  }
  if (WIFEXITED(status) && WEXITSTATUS(status) == 5)
    throw RuntimeError("the model process could not set its resource limits");
  throw RuntimeError("the model process ended without a result (exit status " +
                     std::to_string(WIFEXITED(status) ? WEXITSTATUS(status) : -1) + ")");
}

}  // namespace elective::server
