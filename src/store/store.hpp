#pragma once
// The embedded store behind `elective serve`: one SQLite file in WAL mode holding the imported datasets (the
// raw bytes of every uploaded file plus metadata) and the forecast/solve/simulation jobs with their results.
//
// Why raw bytes: the readers in src/data are the single definition of how a file is parsed, so the store
// keeps exactly what was uploaded and the server re-parses it (once, then caches) instead of keeping a
// second, diverging relational copy. An import is one transaction: a crash at any point leaves the dataset
// absent or complete, never half-written (WAL recovery rolls the open transaction back on the next open).
//
// Thread safety: every public member takes the store's mutex; SQLite itself runs serialized.
#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/progress.hpp"
#include "data/input_formats.hpp"
#include "store/sqlite_db.hpp"

namespace elective::store {

// What a dataset holds: an input format of the registry (data/input_formats.hpp). `rtt`: NHS England RTT Full
// CSV extract(s); `national`: the RTT overview time series; `patient_list`: a patient-level PTL CSV
// (domain.md 5.2), which never leaves the server except as aggregates.
using DatasetKind = data::InputKind;
std::string to_string(DatasetKind kind);
std::optional<DatasetKind> parse_dataset_kind(std::string_view text);

struct DatasetFile {
  std::string name;     // the uploaded file name (base name only)
  std::string content;  // raw bytes
};

struct DatasetInfo {
  std::int64_t id = 0;
  std::string name;
  DatasetKind kind = DatasetKind::rtt;
  std::string created_at;  // ISO 8601 UTC
  std::int64_t bytes = 0;
  std::int64_t rows = 0;
  bool bundled = false;  // loaded from the data/ folder on first start
  std::vector<std::string> files;
  nlohmann::json summary;  // reader-specific metadata (months, providers, ...), safe to publish
};

struct ImportRequest {
  std::string name;
  DatasetKind kind = DatasetKind::rtt;
  std::vector<DatasetFile> files;
  std::int64_t rows = 0;
  nlohmann::json summary = nlohmann::json::object();
  bool bundled = false;
};

enum class JobState { queued, running, done, failed, cancelled };
std::string to_string(JobState state);
std::optional<JobState> parse_job_state(std::string_view text);

struct JobRecord {
  std::int64_t id = 0;
  std::string kind;  // forecast | solve | simulate
  JobState state = JobState::queued;
  double progress = 0;
  std::string created_at;
  std::optional<std::string> started_at;
  std::optional<std::string> finished_at;
  std::string request;                // the request body as received (scenario and options), JSON text
  std::optional<std::string> result;  // JSON text, same shape as the CLI's --format json
  std::optional<std::string> error;
};

class Store {
 public:
  static constexpr int kSchemaVersion = 2;        // 2: dataset kinds no longer listed in the schema
  static constexpr size_t kChunkBytes = 1 << 20;  // file bytes are stored in 1 MiB chunks

  // Opens or creates the store at `path` (":memory:" for tests), switches to WAL, and creates/migrates the
  // schema. Jobs left queued or running by a previous process are marked failed ("interrupted").
  explicit Store(const std::string& path);

  // True when this open created the schema (a new, empty store).
  bool created() const { return created_; }
  const std::string& path() const { return db_.path(); }

  // Imports a dataset in one transaction and returns its id. `progress` is told the share of bytes written
  // and may cancel (the transaction is then rolled back and CancelledError thrown).
  std::int64_t import_dataset(const ImportRequest& request, const Progress& progress = {});
  std::vector<DatasetInfo> list_datasets();
  std::optional<DatasetInfo> find_dataset(std::int64_t id);
  // The stored files of a dataset, reassembled from their chunks.
  std::vector<DatasetFile> dataset_files(std::int64_t id);
  bool delete_dataset(std::int64_t id);

  // A key/value flag table for one-off set-up steps (e.g. "bundled data loaded").
  std::optional<std::string> meta(const std::string& key);
  void set_meta(const std::string& key, const std::string& value);

  std::int64_t create_job(const std::string& kind, const std::string& request);
  void update_job(const JobRecord& job);
  std::optional<JobRecord> find_job(std::int64_t id);
  std::vector<JobRecord> list_jobs(int limit = 50);

  // Runs PRAGMA integrity_check and foreign_key_check; returns "ok" or the problems found.
  std::string integrity_check();

  // Test hook for the crash-during-import test: sleep this long after each chunk inside the transaction.
  void set_import_chunk_delay(std::chrono::milliseconds delay) { chunk_delay_ = delay; }

 private:
  void migrate();
  DatasetInfo read_dataset_row(Statement& statement);
  JobRecord read_job_row(Statement& statement);

  std::mutex mutex_;
  Database db_;
  bool created_ = false;
  std::chrono::milliseconds chunk_delay_{0};
};

// Current time as ISO 8601 UTC ("2026-11-22T10:31:05Z").
std::string utc_now_iso();

}  // namespace elective::store
