#include "store/store.hpp"

#include <array>
#include <ctime>
#include <thread>

#include "core/enum_names.hpp"
#include "core/error.hpp"
#include "core/json_text.hpp"

namespace elective::store {
namespace {

// Version 1 schema. Files are split into chunks so that a large upload is written as many modest rows (and a
// crash test can interrupt between them); ON DELETE CASCADE keeps chunks and files tied to their dataset.
constexpr std::string_view kSchema = R"sql(
CREATE TABLE IF NOT EXISTS meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS datasets (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  name       TEXT NOT NULL,
  kind       TEXT NOT NULL,  -- an input-format name (data/input_formats.hpp), checked by the registry
  created_at TEXT NOT NULL,
  bytes      INTEGER NOT NULL,
  rows       INTEGER NOT NULL,
  bundled    INTEGER NOT NULL DEFAULT 0,
  summary    TEXT NOT NULL DEFAULT '{}'
);
CREATE TABLE IF NOT EXISTS dataset_files (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
  seq        INTEGER NOT NULL,
  name       TEXT NOT NULL,
  bytes      INTEGER NOT NULL,
  chunks     INTEGER NOT NULL,
  UNIQUE (dataset_id, seq)
);
CREATE TABLE IF NOT EXISTS file_chunks (
  file_id INTEGER NOT NULL REFERENCES dataset_files(id) ON DELETE CASCADE,
  seq     INTEGER NOT NULL,
  data    BLOB NOT NULL,
  PRIMARY KEY (file_id, seq)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS jobs (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  kind        TEXT NOT NULL,
  state       TEXT NOT NULL,
  progress    REAL NOT NULL DEFAULT 0,
  created_at  TEXT NOT NULL,
  started_at  TEXT,
  finished_at TEXT,
  request     TEXT NOT NULL,
  result      TEXT,
  error       TEXT
);
)sql";

constexpr std::string_view kDatasetColumns = "id, name, kind, created_at, bytes, rows, bundled, summary";
constexpr std::string_view kJobColumns =
    "id, kind, state, progress, created_at, started_at, finished_at, request, result, error";

}  // namespace

std::string utc_now_iso() {
  const std::time_t now = std::time(nullptr);
  std::tm parts{};
  gmtime_r(&now, &parts);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &parts);
  return text;
}

std::string to_string(DatasetKind kind) {
  return std::string(data::input_kind_name(kind));
}

std::optional<DatasetKind> parse_dataset_kind(std::string_view text) {
  return data::parse_input_kind(text);
}

namespace {
constexpr std::array<EnumName<JobState>, 5> kJobStateNames{{{JobState::queued, "queued"},
                                                            {JobState::running, "running"},
                                                            {JobState::done, "done"},
                                                            {JobState::failed, "failed"},
                                                            {JobState::cancelled, "cancelled"}}};
}  // namespace

std::string to_string(JobState state) {
  return std::string(enum_name(kJobStateNames, state));
}

std::optional<JobState> parse_job_state(std::string_view text) {
  return enum_value(kJobStateNames, text);
}

Store::Store(const std::string& path) : db_(path) {
  // WAL: readers never block the writer and a crash mid-transaction is rolled back on the next open.
  // synchronous=NORMAL is crash-consistent in WAL mode (a power cut may lose the last commits, not corrupt).
  {
    auto mode = db_.prepare("PRAGMA journal_mode=WAL");
    mode.step();
  }
  db_.exec("PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;");
  migrate();
  // A job cannot survive its process: whatever was in flight when the server stopped is reported as failed.
  db_.exec(
      "UPDATE jobs SET state='failed', error='interrupted: the server stopped before the job finished' "
      "WHERE state IN ('queued', 'running')");
}

void Store::migrate() {
  std::int64_t version = 0;
  {
    auto version_query = db_.prepare("PRAGMA user_version");
    version_query.step();
    version = version_query.column_int(0);
  }
  if (version > kSchemaVersion)
    throw IoError("database " + db_.path() + " was written by a newer elective (schema " +
                  std::to_string(version) + ", this build knows " + std::to_string(kSchemaVersion) + ")");
  if (version == kSchemaVersion) return;
  if (version == 1) {
    // Schema 1 listed the dataset kinds in a CHECK constraint, which SQLite cannot alter: the table is
    // rebuilt without it (kinds are the input-format registry's, so a new reader needs no schema change).
    // Foreign keys are off while the table is swapped so that dropping the old one does not cascade to its
    // files.
    db_.exec("PRAGMA foreign_keys=OFF");
    {
      Transaction transaction(db_);
      db_.exec(R"sql(
CREATE TABLE datasets_v2 (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  name       TEXT NOT NULL,
  kind       TEXT NOT NULL,
  created_at TEXT NOT NULL,
  bytes      INTEGER NOT NULL,
  rows       INTEGER NOT NULL,
  bundled    INTEGER NOT NULL DEFAULT 0,
  summary    TEXT NOT NULL DEFAULT '{}'
);
INSERT INTO datasets_v2 (id, name, kind, created_at, bytes, rows, bundled, summary)
  SELECT id, name, kind, created_at, bytes, rows, bundled, summary FROM datasets;
DROP TABLE datasets;
ALTER TABLE datasets_v2 RENAME TO datasets;
)sql");
      db_.exec(kSchema);  // anything else of the schema not there yet
      db_.exec("PRAGMA user_version=" + std::to_string(kSchemaVersion));
      transaction.commit();
    }
    db_.exec("PRAGMA foreign_keys=ON");
    return;
  }
  Transaction transaction(db_);
  db_.exec(kSchema);
  db_.exec("PRAGMA user_version=" + std::to_string(kSchemaVersion));
  transaction.commit();
  created_ = version == 0;
}

std::int64_t Store::import_dataset(const ImportRequest& request, const Progress& progress) {
  if (request.name.empty()) throw InputError("dataset name is empty");
  if (request.files.empty()) throw InputError("a dataset needs at least one file");
  size_t total_bytes = 0;
  for (const auto& file : request.files) total_bytes += file.content.size();

  // An import is written through its own connection so that readers (the mutex-guarded main connection) keep
  // answering while a large file is being stored; WAL lets them read the last committed state meanwhile.
  const bool in_memory = db_.path() == ":memory:" || db_.path().empty();
  std::unique_lock<std::mutex> lock(mutex_, std::defer_lock);
  std::optional<Database> own;
  if (in_memory) {
    lock.lock();
  } else {
    own.emplace(db_.path());
    own->exec("PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;");
  }
  Database& db = in_memory ? db_ : *own;

  Transaction transaction(db);
  auto insert_dataset = db.prepare(
      "INSERT INTO datasets (name, kind, created_at, bytes, rows, bundled, summary) VALUES (?, ?, ?, ?, ?, "
      "?, ?)");
  insert_dataset.bind(1, std::string_view(request.name))
      .bind(2, std::string_view(to_string(request.kind)))
      .bind(3, std::string_view(utc_now_iso()))
      .bind(4, static_cast<std::int64_t>(total_bytes))
      .bind(5, request.rows)
      .bind(6, static_cast<std::int64_t>(request.bundled ? 1 : 0))
      .bind(7, std::string_view(json_compact(request.summary)));
  insert_dataset.run();
  const std::int64_t dataset_id = db.last_insert_rowid();

  auto insert_file =
      db.prepare("INSERT INTO dataset_files (dataset_id, seq, name, bytes, chunks) VALUES (?, ?, ?, ?, ?)");
  auto insert_chunk = db.prepare("INSERT INTO file_chunks (file_id, seq, data) VALUES (?, ?, ?)");
  size_t written = 0;
  for (size_t f = 0; f < request.files.size(); ++f) {
    const auto& file = request.files[f];
    const size_t chunks = (file.content.size() + kChunkBytes - 1) / kChunkBytes;
    insert_file.bind(1, dataset_id)
        .bind(2, static_cast<std::int64_t>(f))
        .bind(3, std::string_view(file.name))
        .bind(4, static_cast<std::int64_t>(file.content.size()))
        .bind(5, static_cast<std::int64_t>(chunks));
    insert_file.run();
    const std::int64_t file_id = db.last_insert_rowid();
    for (size_t c = 0; c < chunks; ++c) {
      progress.throw_if_cancelled();
      const std::string_view piece = std::string_view(file.content).substr(c * kChunkBytes, kChunkBytes);
      insert_chunk.bind(1, file_id).bind(2, static_cast<std::int64_t>(c)).bind_blob(3, piece);
      insert_chunk.run();
      written += piece.size();
      progress.update(total_bytes == 0 ? 1.0
                                       : static_cast<double>(written) / static_cast<double>(total_bytes));
      if (chunk_delay_.count() > 0) std::this_thread::sleep_for(chunk_delay_);
    }
  }
  transaction.commit();
  return dataset_id;
}

DatasetInfo Store::read_dataset_row(Statement& statement) {
  DatasetInfo info;
  info.id = statement.column_int(0);
  info.name = statement.column_text(1);
  info.kind = parse_dataset_kind(statement.column_text(2)).value_or(DatasetKind::rtt);
  info.created_at = statement.column_text(3);
  info.bytes = statement.column_int(4);
  info.rows = statement.column_int(5);
  info.bundled = statement.column_int(6) != 0;
  info.summary = nlohmann::json::parse(statement.column_text(7), nullptr, false);
  if (info.summary.is_discarded()) info.summary = nlohmann::json::object();
  return info;
}

std::vector<DatasetInfo> Store::list_datasets() {
  std::lock_guard lock(mutex_);
  std::vector<DatasetInfo> out;
  auto query = db_.prepare("SELECT " + std::string(kDatasetColumns) + " FROM datasets ORDER BY id");
  while (query.step()) out.push_back(read_dataset_row(query));
  auto files = db_.prepare("SELECT dataset_id, name FROM dataset_files ORDER BY dataset_id, seq");
  while (files.step()) {
    const auto id = files.column_int(0);
    for (auto& info : out)
      if (info.id == id) info.files.push_back(files.column_text(1));
  }
  return out;
}

std::optional<DatasetInfo> Store::find_dataset(std::int64_t id) {
  std::lock_guard lock(mutex_);
  auto query = db_.prepare("SELECT " + std::string(kDatasetColumns) + " FROM datasets WHERE id = ?");
  query.bind(1, id);
  if (!query.step()) return std::nullopt;
  DatasetInfo info = read_dataset_row(query);
  auto files = db_.prepare("SELECT name FROM dataset_files WHERE dataset_id = ? ORDER BY seq");
  files.bind(1, id);
  while (files.step()) info.files.push_back(files.column_text(0));
  return info;
}

std::vector<DatasetFile> Store::dataset_files(std::int64_t id) {
  std::lock_guard lock(mutex_);
  std::vector<DatasetFile> out;
  auto files = db_.prepare("SELECT id, name, bytes FROM dataset_files WHERE dataset_id = ? ORDER BY seq");
  auto chunks = db_.prepare("SELECT data FROM file_chunks WHERE file_id = ? ORDER BY seq");
  files.bind(1, id);
  while (files.step()) {
    DatasetFile file;
    file.name = files.column_text(1);
    file.content.reserve(static_cast<size_t>(files.column_int(2)));
    chunks.bind(1, files.column_int(0));
    while (chunks.step()) file.content += chunks.column_blob(0);
    chunks.reset();
    if (static_cast<std::int64_t>(file.content.size()) != files.column_int(2))
      throw IoError("database: stored file " + file.name + " is incomplete");
    out.push_back(std::move(file));
  }
  return out;
}

bool Store::delete_dataset(std::int64_t id) {
  std::lock_guard lock(mutex_);
  Transaction transaction(db_);
  auto remove = db_.prepare("DELETE FROM datasets WHERE id = ?");
  remove.bind(1, id);
  remove.run();
  const bool removed = db_.changes() > 0;
  transaction.commit();
  return removed;
}

std::optional<std::string> Store::meta(const std::string& key) {
  std::lock_guard lock(mutex_);
  auto query = db_.prepare("SELECT value FROM meta WHERE key = ?");
  query.bind(1, std::string_view(key));
  if (!query.step()) return std::nullopt;
  return query.column_text(0);
}

void Store::set_meta(const std::string& key, const std::string& value) {
  std::lock_guard lock(mutex_);
  auto upsert = db_.prepare(
      "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value");
  upsert.bind(1, std::string_view(key)).bind(2, std::string_view(value));
  upsert.run();
}

std::int64_t Store::create_job(const std::string& kind, const std::string& request) {
  std::lock_guard lock(mutex_);
  auto insert = db_.prepare("INSERT INTO jobs (kind, state, created_at, request) VALUES (?, 'queued', ?, ?)");
  insert.bind(1, std::string_view(kind))
      .bind(2, std::string_view(utc_now_iso()))
      .bind(3, std::string_view(request));
  insert.run();
  return db_.last_insert_rowid();
}

void Store::update_job(const JobRecord& job) {
  std::lock_guard lock(mutex_);
  auto update = db_.prepare(
      "UPDATE jobs SET state = ?, progress = ?, started_at = ?, finished_at = ?, result = ?, error = ? WHERE "
      "id = ?");
  update.bind(1, std::string_view(to_string(job.state)))
      .bind(2, job.progress)
      .bind(3, job.started_at)
      .bind(4, job.finished_at)
      .bind(5, job.result)
      .bind(6, job.error)
      .bind(7, job.id);
  update.run();
}

JobRecord Store::read_job_row(Statement& statement) {
  JobRecord job;
  job.id = statement.column_int(0);
  job.kind = statement.column_text(1);
  job.state = parse_job_state(statement.column_text(2)).value_or(JobState::failed);
  job.progress = statement.column_double(3);
  job.created_at = statement.column_text(4);
  job.started_at = statement.column_optional_text(5);
  job.finished_at = statement.column_optional_text(6);
  job.request = statement.column_text(7);
  job.result = statement.column_optional_text(8);
  job.error = statement.column_optional_text(9);
  return job;
}

std::optional<JobRecord> Store::find_job(std::int64_t id) {
  std::lock_guard lock(mutex_);
  auto query = db_.prepare("SELECT " + std::string(kJobColumns) + " FROM jobs WHERE id = ?");
  query.bind(1, id);
  if (!query.step()) return std::nullopt;
  return read_job_row(query);
}

std::vector<JobRecord> Store::list_jobs(int limit) {
  std::lock_guard lock(mutex_);
  std::vector<JobRecord> out;
  auto query = db_.prepare("SELECT " + std::string(kJobColumns) + " FROM jobs ORDER BY id DESC LIMIT ?");
  query.bind(1, static_cast<std::int64_t>(limit));
  while (query.step()) out.push_back(read_job_row(query));
  return out;
}

std::string Store::integrity_check() {
  std::lock_guard lock(mutex_);
  std::string problems;
  auto integrity = db_.prepare("PRAGMA integrity_check");
  while (integrity.step()) {
    const auto line = integrity.column_text(0);
    if (line != "ok") problems += line + "\n";
  }
  auto foreign = db_.prepare("PRAGMA foreign_key_check");
  while (foreign.step()) problems += "foreign key violation in " + foreign.column_text(0) + "\n";
  // Every file must have all its chunks and the right byte count: a half-written dataset would show here.
  auto files = db_.prepare(
      "SELECT f.name FROM dataset_files f LEFT JOIN file_chunks c ON c.file_id = f.id GROUP BY f.id "
      "HAVING COUNT(c.seq) != f.chunks OR COALESCE(SUM(LENGTH(c.data)), 0) != f.bytes");
  while (files.step()) problems += "incomplete file " + files.column_text(0) + "\n";
  auto datasets = db_.prepare(
      "SELECT d.name FROM datasets d LEFT JOIN dataset_files f ON f.dataset_id = d.id GROUP BY d.id "
      "HAVING COALESCE(SUM(f.bytes), 0) != d.bytes");
  while (datasets.step()) problems += "incomplete dataset " + datasets.column_text(0) + "\n";
  return problems.empty() ? "ok" : problems;
}

}  // namespace elective::store
