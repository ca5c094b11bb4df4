#pragma once
// Background jobs (forecast, solve, simulate) for the HTTP API: a small pool of worker threads takes queued
// jobs in order, reports progress through elective::Progress, and can be cancelled through its atomic flag.
// States: queued -> running -> done | failed | cancelled. Every change is written to the store, so a finished
// job's result can be fetched after a restart; the in-memory table answers progress polls cheaply.
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/progress.hpp"
#include "store/store.hpp"

namespace elective::server {

// Runs one job: takes the request JSON ({"kind", "scenario", "options"}) and returns the result JSON. Throws
// elective::Error on failure (InputError for a bad scenario), CancelledError when cancelled.
using JobRunner = std::function<nlohmann::json(const nlohmann::json& request, const Progress& progress)>;

class JobManager {
 public:
  // `runners` maps a job kind to its runner; `max_queued` bounds the queue (submit fails beyond it).
  JobManager(store::Store& store, std::map<std::string, JobRunner> runners, int workers = 2,
             size_t max_queued = 32);
  ~JobManager();
  JobManager(const JobManager&) = delete;
  JobManager& operator=(const JobManager&) = delete;

  bool knows_kind(const std::string& kind) const { return runners_.count(kind) != 0; }
  std::vector<std::string> kinds() const;

  // Queues a job and returns its id. Throws RuntimeError when the queue is full.
  std::int64_t submit(const std::string& kind, const nlohmann::json& request);
  // The job's public JSON (id, kind, state, progress, timestamps, error; result when `with_result` and done).
  std::optional<nlohmann::json> describe(std::int64_t id, bool with_result = true);
  // Asks a queued or running job to stop. Returns false when there is no such job; a finished job is left as
  // is.
  bool cancel(std::int64_t id);
  std::vector<nlohmann::json> list(int limit = 50);
  // Waits until the job leaves queued/running or the timeout passes (for tests).
  bool wait(std::int64_t id, std::chrono::milliseconds timeout);
  // Stops the workers: running jobs are cancelled, queued ones marked cancelled.
  void shutdown();

 private:
  struct Live {
    store::JobRecord record;
    nlohmann::json request;
    std::atomic<bool> cancel{false};
    std::atomic<double> progress{0};
  };
  void worker_loop();
  void run_job(const std::shared_ptr<Live>& job);
  void persist(const std::shared_ptr<Live>& job);
  nlohmann::json to_json(const store::JobRecord& record, double progress, bool with_result) const;

  store::Store& store_;
  std::map<std::string, JobRunner> runners_;
  size_t max_queued_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::condition_variable finished_;
  std::deque<std::shared_ptr<Live>> queue_;
  std::map<std::int64_t, std::shared_ptr<Live>> live_;  // queued and running jobs
  std::vector<std::thread> workers_;
  bool stopping_ = false;
};

}  // namespace elective::server
