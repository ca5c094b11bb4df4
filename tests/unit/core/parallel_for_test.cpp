#include "core/parallel_for.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace elective {
namespace {

TEST(ParallelFor, EveryIndexOnceIntoItsOwnSlotForAnyThreadCount) {
  for (int threads : {1, 2, 3, 8}) {
    std::vector<int> calls(1000, 0);
    std::vector<double> slot(1000, 0.0);
    parallel_for(calls.size(), threads, [&](std::size_t i) {
      ++calls[i];
      slot[i] = static_cast<double>(i) * 0.5;
    });
    for (std::size_t i = 0; i < calls.size(); ++i) {
      EXPECT_EQ(calls[i], 1) << "index " << i << " with " << threads << " threads";
      EXPECT_EQ(slot[i], static_cast<double>(i) * 0.5);
    }
  }
}

TEST(ParallelFor, OneThreadRunsInOrderOnTheCallingThread) {
  std::vector<std::size_t> order;
  const auto caller = std::this_thread::get_id();
  bool elsewhere = false;
  parallel_for(50, 1, [&](std::size_t i) {
    order.push_back(i);
    if (std::this_thread::get_id() != caller) elsewhere = true;
  });
  ASSERT_EQ(order.size(), 50u);
  for (std::size_t i = 0; i < order.size(); ++i) EXPECT_EQ(order[i], i);
  EXPECT_FALSE(elsewhere);
}

TEST(ParallelFor, NothingToDoCallsNothing) {
  bool called = false;
  parallel_for(0, 4, [&](std::size_t) { called = true; });
  EXPECT_FALSE(called);
}

TEST(ParallelFor, ZeroThreadsMeansOnePerCore) {
  EXPECT_GE(worker_threads(0), 1);
  EXPECT_EQ(worker_threads(0), worker_threads(-1));
  EXPECT_EQ(worker_threads(3), 3);
}

// The error of a serial run, whichever thread meets a failure first: units 300 and 700 throw, and every
// thread count reports 300's, having run every unit before it.
TEST(ParallelFor, TheLowestFailingIndexIsRethrown) {
  for (int threads : {1, 2, 4}) {
    std::vector<std::atomic<int>> ran(1000);
    try {
      parallel_for(ran.size(), threads, [&](std::size_t i) {
        ran[i] = 1;
        if (i == 700 || i == 300) throw std::runtime_error("unit " + std::to_string(i));
      });
      ADD_FAILURE() << "no exception with " << threads << " threads";
    } catch (const std::runtime_error& e) {
      EXPECT_EQ(std::string(e.what()), "unit 300") << threads << " threads";
    }
    for (std::size_t i = 0; i < 300; ++i) EXPECT_EQ(ran[i].load(), 1) << i;
    // The units after the failure are mostly not started (only those already taken by other threads).
    int after = 0;
    for (std::size_t i = 301; i < ran.size(); ++i) after += ran[i].load();
    EXPECT_LT(after, 700);
  }
}

TEST(ParallelFor, TypedErrorsKeepTheirType) {
  EXPECT_THROW(parallel_for(10, 2,
                            [](std::size_t i) {
                              if (i == 3) throw InputError("bad unit");
                            }),
               InputError);
}

TEST(ParallelFor, CancellationStopsTheWorkWithCancelledError) {
  for (int threads : {1, 2, 4}) {
    std::atomic<bool> cancel{false};
    Progress progress;
    progress.cancel = &cancel;
    std::atomic<int> ran{0};
    EXPECT_THROW(parallel_for(
                     100000, threads,
                     [&](std::size_t i) {
                       ++ran;
                       if (i == 10) cancel = true;
                     },
                     progress),
                 CancelledError);
    EXPECT_LT(ran.load(), 100000) << threads << " threads";
  }
}

TEST(ParallelFor, CancelledBeforeTheStartRunsNothing) {
  std::atomic<bool> cancel{true};
  Progress progress;
  progress.cancel = &cancel;
  int ran = 0;
  EXPECT_THROW(parallel_for(
                   10, 1, [&](std::size_t) { ++ran; }, progress),
               CancelledError);
  EXPECT_EQ(ran, 0);
}

TEST(ParallelFor, ProgressRisesToOneAndNeverGoesBack) {
  for (int threads : {1, 3}) {
    std::mutex mutex;
    std::vector<double> seen;
    Progress progress;
    progress.report = [&](double f) {
      std::lock_guard lock(mutex);
      seen.push_back(f);
    };
    parallel_for(
        1000, threads, [](std::size_t) {}, progress);
    ASSERT_FALSE(seen.empty());
    EXPECT_DOUBLE_EQ(seen.back(), 1.0);
    EXPECT_GE(seen.size(), 10u);
    for (std::size_t k = 1; k < seen.size(); ++k) EXPECT_GT(seen[k], seen[k - 1]) << threads << " threads";
  }
}

}  // namespace
}  // namespace elective
