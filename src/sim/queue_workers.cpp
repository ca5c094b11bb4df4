#include "sim/queue_workers.hpp"

#include <algorithm>
#include <numeric>

namespace elective::sim::detail {
namespace {

// Queues taken per grab: few enough that the heaviest-first order still balances the tail, enough that the
// shared counter is touched rarely.
constexpr std::size_t kChunk = 4;

}  // namespace

QueueWorkers::QueueWorkers(int workers, const std::vector<double>& weights) : n_(std::max(1, workers)) {
  order_.resize(weights.size());
  std::iota(order_.begin(), order_.end(), 0u);
  std::stable_sort(order_.begin(), order_.end(),
                   [&](std::uint32_t a, std::uint32_t b) { return weights[a] > weights[b]; });
  // No more threads than there are queues to share.
  n_ = static_cast<int>(
      std::min<std::size_t>(static_cast<std::size_t>(n_), std::max<std::size_t>(1, order_.size())));
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
  for (;;) {
    const std::size_t first = next_.fetch_add(kChunk, std::memory_order_relaxed);
    if (first >= order_.size()) return;
    const std::size_t last = std::min(order_.size(), first + kChunk);
    for (std::size_t i = first; i < last; ++i) {
      try {
        (*task_)(worker, order_[i]);
      } catch (...) {
        std::lock_guard<std::mutex> lock(mutex_);
        if (!error_) error_ = std::current_exception();
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
  next_.store(0, std::memory_order_relaxed);
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
