// The job manager with stand-in runners: progress, results, failures, cancellation of running and queued
// jobs, and persistence in the store.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "core/error.hpp"
#include "server/job_manager.hpp"

namespace elective::server {
namespace {
using namespace std::chrono_literals;
using nlohmann::json;

class JobManagerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = (std::filesystem::temp_directory_path() /
             ("elective-jobs-" +
              std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()) + ".db"))
                .string();
    std::filesystem::remove(path_);
    store_ = std::make_unique<store::Store>(path_);
  }
  void TearDown() override {
    store_.reset();
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path_ + suffix);
  }
  std::map<std::string, JobRunner> runners() {
    return {{"echo",
             [](const json& request, const Progress& progress) {
               progress.update(0.5);
               return json{{"echo", request["value"]}};
             }},
            {"fail", [](const json&, const Progress&) -> json { throw InputError("scenario: bad key"); }},
            {"slow", [](const json&, const Progress& progress) -> json {
               for (int i = 0; i < 2000; ++i) {
                 progress.throw_if_cancelled();
                 progress.update(i / 2000.0);
                 std::this_thread::sleep_for(1ms);
               }
               return json{{"finished", true}};
             }}};
  }
  std::string path_;
  std::unique_ptr<store::Store> store_;
};

TEST_F(JobManagerTest, RunsAJobToCompletion) {
  JobManager jobs(*store_, runners(), 1);
  const auto id = jobs.submit("echo", {{"kind", "echo"}, {"value", 7}});
  ASSERT_TRUE(jobs.wait(id, 10s));
  const auto job = *jobs.describe(id);
  EXPECT_EQ(job["state"], "done");
  EXPECT_DOUBLE_EQ(job["progress"].get<double>(), 1.0);
  EXPECT_EQ(job["result"]["echo"], 7);
  // Persisted: a second manager on the same store sees the result.
  JobManager other(*store_, runners(), 1);
  EXPECT_EQ((*other.describe(id))["result"]["echo"], 7);
}

TEST_F(JobManagerTest, FailureCarriesTheMessage) {
  JobManager jobs(*store_, runners(), 1);
  const auto id = jobs.submit("fail", json::object());
  ASSERT_TRUE(jobs.wait(id, 10s));
  const auto job = *jobs.describe(id);
  EXPECT_EQ(job["state"], "failed");
  EXPECT_EQ(job["error"], "scenario: bad key");
  EXPECT_FALSE(job.contains("result"));
}

TEST_F(JobManagerTest, CancelsRunningAndQueuedJobs) {
  JobManager jobs(*store_, runners(), 1);
  const auto running = jobs.submit("slow", json::object());
  const auto queued = jobs.submit("slow", json::object());
  // Wait until the first one runs.
  for (int i = 0; i < 200 && (*jobs.describe(running))["state"] != "running"; ++i)
    std::this_thread::sleep_for(5ms);
  EXPECT_EQ((*jobs.describe(queued))["state"], "queued");
  EXPECT_TRUE(jobs.cancel(queued));
  EXPECT_TRUE(jobs.cancel(running));
  ASSERT_TRUE(jobs.wait(running, 10s));
  ASSERT_TRUE(jobs.wait(queued, 10s));
  EXPECT_EQ((*jobs.describe(running))["state"], "cancelled");
  EXPECT_EQ((*jobs.describe(queued))["state"], "cancelled");
  EXPECT_FALSE(jobs.cancel(987654));
}

TEST_F(JobManagerTest, UnknownKindAndQueueLimit) {
  JobManager jobs(*store_, runners(), 1, 2);
  EXPECT_THROW(jobs.submit("nope", json::object()), InputError);
  const auto first = jobs.submit("slow", json::object());
  for (int i = 0; i < 200 && (*jobs.describe(first))["state"] != "running"; ++i)
    std::this_thread::sleep_for(5ms);
  jobs.submit("slow", json::object());
  jobs.submit("slow", json::object());
  EXPECT_THROW(jobs.submit("slow", json::object()), RuntimeError);
  jobs.shutdown();  // cancels everything
  for (const auto& job : jobs.list()) EXPECT_EQ(job["state"], "cancelled") << job.dump();
}

}  // namespace
}  // namespace elective::server
