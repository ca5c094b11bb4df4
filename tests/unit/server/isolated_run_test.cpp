// Models run in a child process: the result and progress come back, errors keep their category and message,
// a crash fails only the call, and cancelling kills the child at once.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <csignal>
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

}  // namespace
}  // namespace elective::server
