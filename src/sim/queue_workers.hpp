#pragma once
// The threads one replication runs on (part of the engine, sim/engine.cpp). The engine's weekly step is split
// by queue: every queue draws from its own random stream and touches only its own records, so queues of a
// step can run on any thread in any order; the engine then merges what the workers counted (integer counts,
// so the merge order does not change a bit) and does the parts where queues interact (mutual aid, month
// ends) on one thread. A pool of n workers keeps n - 1 threads for the whole replication; the caller is
// worker 0. With n = 1 everything runs on the caller.
#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace elective::sim::detail {

class QueueWorkers {
 public:
  // `weights[q]` is a rough cost of queue q (its pathways): queues are handed out heaviest first.
  QueueWorkers(int workers, const std::vector<double>& weights);
  ~QueueWorkers();
  QueueWorkers(const QueueWorkers&) = delete;
  QueueWorkers& operator=(const QueueWorkers&) = delete;

  int size() const { return n_; }
  // Calls task(worker, q) once for every queue q, spread over the workers; returns when all are done.
  // Rethrows the first exception a task threw (the other queues of the round still run).
  void for_each_queue(const std::function<void(int, std::size_t)>& task);

 private:
  void work(int worker);
  void loop(int worker);

  // A worker's own queues, heaviest first, and the count of them handed out this round. Each queue has one
  // owner for the whole replication, so its records and counters stay in that core's cache from week to week;
  // a worker that has run out takes the rest of another's list (the light end, by then).
  struct alignas(64) Share {
    std::vector<std::uint32_t> queues;
    std::atomic<std::size_t> next{0};
  };

  int n_;
  std::vector<Share> shares_;
  std::vector<std::thread> threads_;
  std::mutex mutex_;
  std::condition_variable start_, done_;
  std::uint64_t generation_ = 0;
  int running_ = 0;
  bool stop_ = false;
  const std::function<void(int, std::size_t)>* task_ = nullptr;
  std::exception_ptr error_;
};

}  // namespace elective::sim::detail
