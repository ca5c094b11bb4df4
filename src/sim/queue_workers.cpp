#include "sim/queue_workers.hpp"

#include <algorithm>
#include <numeric>

namespace elective::sim::detail {
namespace {

// Queues taken per grab: few enough that the heaviest-first order still balances the tail, enough that a
// share's counter is touched rarely.
constexpr std::size_t kChunk = 4;

}  // namespace

QueueWorkers::QueueWorkers(int workers, const std::vector<double>& weights) : n_(std::max(1, workers)) {
  std::vector<std::uint32_t> order(weights.size());
  std::iota(order.begin(), order.end(), 0u);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::uint32_t a, std::uint32_t b) { return weights[a] > weights[b]; });
  // No more threads than there are queues to share.
  n_ = static_cast<int>(
      std::min<std::size_t>(static_cast<std::size_t>(n_), std::max<std::size_t>(1, order.size())));
  // Heaviest first, each queue to the worker with the least weight so far.
  shares_ = std::vector<Share>(static_cast<std::size_t>(n_));
  std::vector<double> load(static_cast<std::size_t>(n_), 0.0);
  for (std::uint32_t q : order) {
    const auto w = static_cast<std::size_t>(std::min_element(load.begin(), load.end()) - load.begin());
    shares_[w].queues.push_back(q);
    load[w] += weights[q];
  }
  for (int w = 1; w < n_; ++w) threads_.emplace_back([this, w] { loop(w); });
}

QueueWorkers::~QueueWorkers() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stop_ = true;
  }
  start_.notify_all();
  for (auto& t : threads_) t.join();
}

void QueueWorkers::work(int worker) {
  // Its own share first, then the others' in turn.
  for (int k = 0; k < n_; ++k) {
    Share& share = shares_[static_cast<std::size_t>((worker + k) % n_)];
    for (;;) {
      const std::size_t first = share.next.fetch_add(kChunk, std::memory_order_relaxed);
      if (first >= share.queues.size()) break;
      const std::size_t last = std::min(share.queues.size(), first + kChunk);
      for (std::size_t i = first; i < last; ++i) {
        try {
          (*task_)(worker, share.queues[i]);
        } catch (...) {
          std::lock_guard<std::mutex> lock(mutex_);
          if (!error_) error_ = std::current_exception();
        }
      }
    }
  }
}

void QueueWorkers::loop(int worker) {
  std::uint64_t seen = 0;
  for (;;) {
    {
      std::unique_lock<std::mutex> lock(mutex_);
      start_.wait(lock, [&] { return stop_ || generation_ != seen; });
      if (stop_) return;
      seen = generation_;
    }
    work(worker);
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (--running_ == 0) done_.notify_one();
    }
  }
}

void QueueWorkers::for_each_queue(const std::function<void(int, std::size_t)>& task) {
  task_ = &task;
  for (auto& share : shares_) share.next.store(0, std::memory_order_relaxed);
  error_ = nullptr;
  if (n_ > 1) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      running_ = n_ - 1;
      ++generation_;
    }
    start_.notify_all();
  }
  work(0);
  if (n_ > 1) {
    std::unique_lock<std::mutex> lock(mutex_);
    done_.wait(lock, [&] { return running_ == 0; });
  }
  task_ = nullptr;
  if (error_) std::rethrow_exception(error_);
}

}  // namespace elective::sim::detail
