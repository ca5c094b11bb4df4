#include "core/parallel_for.hpp"

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace elective {

int worker_threads(int asked) {
  if (asked > 0) return asked;
  return static_cast<int>(std::max(1U, std::thread::hardware_concurrency()));
}

void parallel_for(std::size_t n, int threads, const std::function<void(std::size_t)>& body,
                  const Progress& progress) {
  if (n == 0) return;
  const std::size_t workers = std::min<std::size_t>(static_cast<std::size_t>(worker_threads(threads)), n);
  std::atomic<std::size_t> next{0};
  std::atomic<std::size_t> done{0};
  // Units at or after `stop` are not started: the lowest failing index so far (n while none has failed).
  std::atomic<std::size_t> stop{n};
  std::mutex failure_mutex;
  std::exception_ptr failure;  // the exception of index `stop`
  // Progress is reported about every 1% of the units, never going backwards.
  const std::size_t report_every = std::max<std::size_t>(1, n / 100);
  std::mutex report_mutex;
  std::size_t reported = 0;

  auto fail = [&](std::size_t i) {
    std::lock_guard lock(failure_mutex);
    if (i < stop.load()) {
      stop.store(i);
      failure = std::current_exception();
    }
  };
  auto work = [&] {
    for (std::size_t i = next++; i < n && i < stop.load(); i = next++) {
      try {
        progress.throw_if_cancelled();
        body(i);
      } catch (...) {
        fail(i);
        continue;
      }
      const std::size_t finished = ++done;
      if (finished % report_every != 0 && finished != n) continue;
      // Under the lock, so the reports reach the caller in rising order.
      std::lock_guard lock(report_mutex);
      if (finished <= reported) continue;
      reported = finished;
      progress.update(static_cast<double>(finished) / static_cast<double>(n));
    }
  };

  std::vector<std::thread> pool;
  pool.reserve(workers - 1);
  try {
    for (std::size_t k = 1; k < workers; ++k) pool.emplace_back(work);
  } catch (...) {
    // A thread could not be started: the ones running and this one still do every unit.
  }
  work();
  for (std::thread& t : pool) t.join();
  if (failure) std::rethrow_exception(failure);
}

}  // namespace elective
