// Models run in a child process: the result and progress come back, errors keep their category and message,
// a crash fails only the call, and cancelling kills the child at once.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdint>
#include <thread>
#include <vector>

#include "core/error.hpp"
#include "server/isolated_run.hpp"

namespace elective::server {
namespace {
using namespace std::chrono_literals;

TEST(IsolatedRun, ReturnsTheResultAndProgress) {
  std::vector<double> seen;
  Progress progress;
  progress.report = [&](double f) { seen.push_back(f); };
  const auto result = run_isolated(
      [](const Progress& p) {
        for (int i = 1; i <= 10; ++i) p.update(i / 10.0);
        nlohmann::json big = nlohmann::json::array();
        for (int i = 0; i < 100000; ++i) big.push_back(i);  // larger than a pipe buffer
        return nlohmann::json{{"answer", 42}, {"big", big}};
      },
      progress);
  EXPECT_EQ(result["answer"], 42);
  EXPECT_EQ(result["big"].size(), 100000u);
  ASSERT_FALSE(seen.empty());
  EXPECT_DOUBLE_EQ(seen.back(), 1.0);
}

TEST(IsolatedRun, ErrorsKeepTheirCategory) {
  try {
    run_isolated(
        [](const Progress&) -> nlohmann::json { throw InputError("scenario: horizon.until: missing"); }, {});
    FAIL() << "no exception";
  } catch (const InputError& e) {
    EXPECT_STREQ(e.what(), "scenario: horizon.until: missing");
  }
  EXPECT_THROW(run_isolated([](const Progress&) -> nlohmann::json { throw RuntimeError("cannot meet"); }, {}),
               RuntimeError);
}

TEST(IsolatedRun, ACrashFailsOnlyTheCall) {
  try {
    run_isolated(
        [](const Progress&) -> nlohmann::json {
          std::raise(SIGSEGV);
          return {};
        },
        {});
    FAIL() << "no exception";
  } catch (const RuntimeError& e) {
    EXPECT_NE(std::string(e.what()).find("crashed"), std::string::npos) << e.what();
  }
  // And the next call works.
  EXPECT_EQ(run_isolated([](const Progress&) { return nlohmann::json(1); }, {}), 1);
}

TEST(IsolatedRun, CancelKillsTheChild) {
  std::atomic<bool> cancel{false};
  Progress progress;
  progress.cancel = &cancel;
  std::thread canceller([&] {
    std::this_thread::sleep_for(200ms);
    cancel = true;
  });
  const auto start = std::chrono::steady_clock::now();
  EXPECT_THROW(run_isolated(
                   [](const Progress&) -> nlohmann::json {
                     std::this_thread::sleep_for(60s);  // ignores its cancel flag
                     return {};
                   },
                   progress),
               CancelledError);
  canceller.join();
  EXPECT_LT(std::chrono::steady_clock::now() - start, 5s);
}

// Issue 9 item 3: job children have memory, processor-time and elapsed-time limits, and a child stopped by a
// limit fails with a message naming it.
TEST(IsolatedRunLimits, MemoryBeyondTheLimitFailsTheJobWithAClearMessage) {
  JobLimits limits;
  limits.memory_bytes = std::size_t{64} << 20;
  try {
    run_isolated(
        [](const Progress&) {
          std::vector<char> huge(std::size_t{2} << 30, 1);  // 2 GiB: far beyond 64 MiB
          return nlohmann::json(huge.size());
        },
        {}, limits);
    FAIL() << "no exception";
  } catch (const RuntimeError& e) {
    EXPECT_NE(std::string(e.what()).find("ran out of memory"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("64 MiB"), std::string::npos) << e.what();
  }
  // Within the limit the same kind of work succeeds.
  EXPECT_EQ(run_isolated(
                [](const Progress&) {
                  std::vector<char> small(std::size_t{8} << 20, 1);
                  return nlohmann::json(small.size());
                },
                {}, limits),
            std::size_t{8} << 20);
}

TEST(IsolatedRunLimits, ProcessorTimeLimitStopsABusyChild) {
  JobLimits limits;
  limits.cpu_time = 1s;
  limits.wall_time = 60s;
  const auto start = std::chrono::steady_clock::now();
  try {
    run_isolated(
        [](const Progress&) {
          volatile std::uint64_t x = 0;
          for (;;) x = x + 1;  // spins until stopped
          return nlohmann::json(0);
        },
        {}, limits);
    FAIL() << "no exception";
  } catch (const RuntimeError& e) {
    EXPECT_NE(std::string(e.what()).find("processor-time limit of 1 s"), std::string::npos) << e.what();
  }
  EXPECT_LT(std::chrono::steady_clock::now() - start, 30s);
}

TEST(IsolatedRunLimits, ElapsedTimeLimitKillsASleepingChild) {
  JobLimits limits;
  limits.wall_time = 1s;
  const auto start = std::chrono::steady_clock::now();
  try {
    run_isolated(
        [](const Progress&) -> nlohmann::json {
          std::this_thread::sleep_for(60s);
          return {};
        },
        {}, limits);
    FAIL() << "no exception";
  } catch (const RuntimeError& e) {
    EXPECT_NE(std::string(e.what()).find("time limit of 1 s"), std::string::npos) << e.what();
  }
  EXPECT_LT(std::chrono::steady_clock::now() - start, 10s);
}

TEST(IsolatedRunLimits, TheDefaultLimitsApplyToTheTwoArgumentForm) {
  const auto saved = default_job_limits();
  JobLimits tight = saved;
  tight.memory_bytes = std::size_t{32} << 20;
  set_default_job_limits(tight);
  EXPECT_THROW(run_isolated(
                   [](const Progress&) {
                     std::vector<char> huge(std::size_t{1} << 30, 1);
                     return nlohmann::json(huge.size());
                   },
                   {}),
               RuntimeError);
  set_default_job_limits(saved);
  EXPECT_GT(default_job_limits().memory_bytes, std::size_t{1} << 30);  // documented default: 4 GiB
}

}  // namespace
}  // namespace elective::server
