#include "server/job_manager.hpp"

#include <algorithm>
#include <cmath>

#include "core/error.hpp"
#include "core/json_text.hpp"

namespace elective::server {

JobManager::JobManager(store::Store& store, std::map<std::string, JobRunner> runners, int workers,
                       size_t max_queued)
    : store_(store), runners_(std::move(runners)), max_queued_(max_queued) {
  const int count = std::clamp(workers, 1, 16);
  for (int i = 0; i < count; ++i) workers_.emplace_back([this] { worker_loop(); });
}

JobManager::~JobManager() {
  shutdown();
}

std::vector<std::string> JobManager::kinds() const {
  std::vector<std::string> out;
  for (const auto& [kind, runner] : runners_) out.push_back(kind);
  return out;
}

std::int64_t JobManager::submit(const std::string& kind, const nlohmann::json& request) {
  if (!knows_kind(kind))
    throw InputError("kind: expected one of the job kinds this server runs, got \"" + kind + "\"");
  {
    std::lock_guard lock(mutex_);
    if (stopping_) throw RuntimeError("the server is shutting down");
    if (queue_.size() >= max_queued_)
      throw RuntimeError("too many queued jobs (" + std::to_string(max_queued_) + "); try again later");
  }
  auto job = std::make_shared<Live>();
  job->request = request;
  job->record.kind = kind;
  job->record.request = json_compact(request);
  job->record.id = store_.create_job(kind, job->record.request);
  job->record.created_at = store::utc_now_iso();
  {
    std::lock_guard lock(mutex_);
    live_[job->record.id] = job;
    queue_.push_back(job);
  }
  wake_.notify_one();
  return job->record.id;
}

void JobManager::worker_loop() {
  for (;;) {
    std::shared_ptr<Live> job;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (stopping_ && queue_.empty()) return;
      job = queue_.front();
      queue_.pop_front();
      if (job->cancel.load()) {
        job->record.state = store::JobState::cancelled;
        job->record.finished_at = store::utc_now_iso();
      } else {
        job->record.state = store::JobState::running;
        job->record.started_at = store::utc_now_iso();
      }
    }
    if (job->record.state == store::JobState::running) {
      persist(job);
      run_job(job);
    }
    persist(job);
    {
      std::lock_guard lock(mutex_);
      live_.erase(job->record.id);
    }
    finished_.notify_all();
  }
}

void JobManager::run_job(const std::shared_ptr<Live>& job) {
  Progress progress;
  progress.cancel = &job->cancel;
  progress.report = [job](double fraction) {
    if (std::isfinite(fraction)) job->progress.store(std::clamp(fraction, 0.0, 1.0));
  };
  store::JobState state = store::JobState::done;
  std::optional<std::string> result, error;
  try {
    const auto output = runners_.at(job->record.kind)(job->request, progress);
    if (job->cancel.load()) {
      state = store::JobState::cancelled;
    } else {
      result = json_compact(output);
    }
  } catch (const CancelledError&) {
    state = store::JobState::cancelled;
  } catch (const Error& e) {
    state = job->cancel.load() ? store::JobState::cancelled : store::JobState::failed;
    error = e.what();
  } catch (const std::exception& e) {
    state = store::JobState::failed;
    error = std::string("internal error: ") + e.what();
  }
  std::lock_guard lock(mutex_);
  job->record.state = state;
  job->record.result = std::move(result);
  job->record.error = std::move(error);
  job->record.finished_at = store::utc_now_iso();
  if (state == store::JobState::done) job->progress.store(1.0);
}

void JobManager::persist(const std::shared_ptr<Live>& job) {
  store::JobRecord copy;
  {
    std::lock_guard lock(mutex_);
    copy = job->record;
  }
  copy.progress = job->progress.load();
  store_.update_job(copy);
}

nlohmann::json JobManager::to_json(const store::JobRecord& record, double progress, bool with_result) const {
  nlohmann::json out = {
      {"id", record.id},
      {"kind", record.kind},
      {"state", store::to_string(record.state)},
      {"progress", progress},
      {"created_at", record.created_at},
      {"started_at", record.started_at ? nlohmann::json(*record.started_at) : nlohmann::json()},
      {"finished_at", record.finished_at ? nlohmann::json(*record.finished_at) : nlohmann::json()},
      {"error", record.error ? nlohmann::json(*record.error) : nlohmann::json()}};
  if (with_result && record.state == store::JobState::done && record.result)
    out["result"] = nlohmann::json::parse(*record.result, nullptr, false);
  return out;
}

std::optional<nlohmann::json> JobManager::describe(std::int64_t id, bool with_result) {
  {
    std::lock_guard lock(mutex_);
    auto it = live_.find(id);
    if (it != live_.end()) return to_json(it->second->record, it->second->progress.load(), with_result);
  }
  auto record = store_.find_job(id);
  if (!record) return std::nullopt;
  return to_json(*record, record->progress, with_result);
}

bool JobManager::cancel(std::int64_t id) {
  {
    std::lock_guard lock(mutex_);
    auto it = live_.find(id);
    if (it != live_.end()) {
      it->second->cancel.store(true);
      return true;
    }
  }
  return store_.find_job(id).has_value();
}

std::vector<nlohmann::json> JobManager::list(int limit) {
  std::vector<nlohmann::json> out;
  for (const auto& record : store_.list_jobs(limit)) {
    auto live = describe(record.id, false);
    if (live) out.push_back(*live);
  }
  return out;
}

bool JobManager::wait(std::int64_t id, std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  return finished_.wait_for(lock, timeout, [&] { return live_.count(id) == 0; });
}

void JobManager::shutdown() {
  {
    std::lock_guard lock(mutex_);
    if (stopping_ && workers_.empty()) return;
    stopping_ = true;
    for (auto& [id, job] : live_) job->cancel.store(true);
  }
  wake_.notify_all();
  for (auto& worker : workers_)
    if (worker.joinable()) worker.join();
  workers_.clear();
}

}  // namespace elective::server
