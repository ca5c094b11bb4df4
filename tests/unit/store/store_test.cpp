// The SQLite store: schema creation, WAL, transactional imports (a cancelled import leaves nothing), chunked
// files reassembled byte for byte, jobs persisted and interrupted jobs marked failed on reopen.
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <random>
#include <string>

#include "core/error.hpp"
#include "store/sqlite_db.hpp"
#include "store/store.hpp"

namespace elective::store {
namespace {
namespace fs = std::filesystem;

class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("elective-store-test-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    path_ = (dir_ / "test.db").string();
  }
  void TearDown() override { fs::remove_all(dir_); }

  static std::string bytes(size_t n, unsigned seed) {
    std::string out(n, '\0');
    std::mt19937 gen(seed);
    for (auto& c : out) c = static_cast<char>(gen() & 0xFF);
    return out;
  }

  fs::path dir_;
  std::string path_;
};

TEST_F(StoreTest, CreatesSchemaInWalMode) {
  Store store(path_);
  EXPECT_TRUE(store.created());
  EXPECT_TRUE(store.list_datasets().empty());
  Database db(path_);
  auto mode = db.prepare("PRAGMA journal_mode");
  ASSERT_TRUE(mode.step());
  EXPECT_EQ(mode.column_text(0), "wal");
  EXPECT_EQ(store.integrity_check(), "ok");
}

TEST_F(StoreTest, ReopenIsNotCreated) {
  { Store store(path_); }
  Store again(path_);
  EXPECT_FALSE(again.created());
}

TEST_F(StoreTest, ImportRoundTripsLargeFilesByteForByte) {
  Store store(path_);
  ImportRequest request;
  request.name = "two files";
  request.kind = DatasetKind::rtt;
  request.rows = 42;
  request.summary = {{"months", {"2024-11"}}};
  // 2.5 chunks and an exact multiple of the chunk size, with every byte value (including NUL).
  request.files.push_back({"a.csv", bytes(Store::kChunkBytes * 2 + Store::kChunkBytes / 2, 1)});
  request.files.push_back({"b.csv", bytes(Store::kChunkBytes, 2)});
  std::vector<double> progress;
  Progress p;
  p.report = [&](double f) { progress.push_back(f); };
  const auto id = store.import_dataset(request, p);

  const auto info = store.find_dataset(id);
  ASSERT_TRUE(info);
  EXPECT_EQ(info->name, "two files");
  EXPECT_EQ(info->rows, 42);
  EXPECT_EQ(info->bytes,
            static_cast<std::int64_t>(request.files[0].content.size() + request.files[1].content.size()));
  EXPECT_EQ(info->files, (std::vector<std::string>{"a.csv", "b.csv"}));
  EXPECT_EQ(info->summary["months"][0], "2024-11");
  const auto files = store.dataset_files(id);
  ASSERT_EQ(files.size(), 2u);
  EXPECT_EQ(files[0].content, request.files[0].content);
  EXPECT_EQ(files[1].content, request.files[1].content);
  ASSERT_FALSE(progress.empty());
  EXPECT_DOUBLE_EQ(progress.back(), 1.0);
  EXPECT_EQ(store.integrity_check(), "ok");
}

TEST_F(StoreTest, CancelledImportLeavesNothing) {
  Store store(path_);
  ImportRequest request;
  request.name = "cancelled";
  request.files.push_back({"big.csv", bytes(Store::kChunkBytes * 3, 3)});
  std::atomic<bool> cancel{false};
  Progress p;
  p.cancel = &cancel;
  p.report = [&](double f) {
    if (f > 0.3) cancel = true;
  };
  EXPECT_THROW(store.import_dataset(request, p), CancelledError);
  EXPECT_TRUE(store.list_datasets().empty());
  Database db(path_);
  auto chunks = db.prepare("SELECT COUNT(*) FROM file_chunks");
  ASSERT_TRUE(chunks.step());
  EXPECT_EQ(chunks.column_int(0), 0);
  EXPECT_EQ(store.integrity_check(), "ok");
}

TEST_F(StoreTest, RejectsEmptyImports) {
  Store store(path_);
  ImportRequest request;
  request.name = "x";
  EXPECT_THROW(store.import_dataset(request), InputError);
  request.name.clear();
  request.files.push_back({"a", "b"});
  EXPECT_THROW(store.import_dataset(request), InputError);
}

TEST_F(StoreTest, DeleteCascadesToFilesAndChunks) {
  Store store(path_);
  ImportRequest request;
  request.name = "gone";
  request.files.push_back({"a.csv", bytes(1000, 4)});
  const auto id = store.import_dataset(request);
  EXPECT_TRUE(store.delete_dataset(id));
  EXPECT_FALSE(store.delete_dataset(id));
  EXPECT_FALSE(store.find_dataset(id));
  Database db(path_);
  auto chunks =
      db.prepare("SELECT (SELECT COUNT(*) FROM file_chunks) + (SELECT COUNT(*) FROM dataset_files)");
  ASSERT_TRUE(chunks.step());
  EXPECT_EQ(chunks.column_int(0), 0);
}

TEST_F(StoreTest, IntegrityCheckFindsATruncatedFile) {
  Store store(path_);
  ImportRequest request;
  request.name = "damaged";
  request.files.push_back({"a.csv", bytes(Store::kChunkBytes + 10, 5)});
  store.import_dataset(request);
  {
    Database db(path_);
    db.exec("DELETE FROM file_chunks WHERE seq = 1");
  }
  EXPECT_NE(store.integrity_check(), "ok");
  EXPECT_THROW(store.dataset_files(1), IoError);
}

TEST_F(StoreTest, MetaFlags) {
  Store store(path_);
  EXPECT_FALSE(store.meta("bundled_loaded"));
  store.set_meta("bundled_loaded", "yes");
  store.set_meta("bundled_loaded", "again");
  EXPECT_EQ(store.meta("bundled_loaded"), "again");
}

TEST_F(StoreTest, JobsPersistAndInterruptedJobsFailOnReopen) {
  std::int64_t done_id = 0, running_id = 0;
  {
    Store store(path_);
    done_id = store.create_job("forecast", R"({"kind":"forecast"})");
    running_id = store.create_job("solve", R"({"kind":"solve"})");
    auto done = *store.find_job(done_id);
    done.state = JobState::done;
    done.progress = 1;
    done.result = R"({"months":[]})";
    done.finished_at = utc_now_iso();
    store.update_job(done);
    auto running = *store.find_job(running_id);
    running.state = JobState::running;
    store.update_job(running);
  }
  Store store(path_);
  const auto done = store.find_job(done_id);
  ASSERT_TRUE(done);
  EXPECT_EQ(done->state, JobState::done);
  EXPECT_EQ(done->result, R"({"months":[]})");
  const auto running = store.find_job(running_id);
  ASSERT_TRUE(running);
  EXPECT_EQ(running->state, JobState::failed);
  ASSERT_TRUE(running->error);
  EXPECT_NE(running->error->find("interrupted"), std::string::npos);
  EXPECT_EQ(store.list_jobs().size(), 2u);
  EXPECT_EQ(store.list_jobs().front().id, running_id);  // newest first
}

TEST_F(StoreTest, RefusesANewerSchema) {
  { Store store(path_); }
  {
    Database db(path_);
    db.exec("PRAGMA user_version=99");
  }
  EXPECT_THROW(Store store(path_), IoError);
}

TEST_F(StoreTest, MigratesSchemaOneWhoseKindsWereListedInTheSchema) {
  {
    // Schema 1's datasets table, with the CHECK constraint that refused any new input format.
    Database db(path_);
    db.exec(R"sql(
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE datasets (
  id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('rtt', 'national', 'patient_list')), created_at TEXT NOT NULL,
  bytes INTEGER NOT NULL, rows INTEGER NOT NULL, bundled INTEGER NOT NULL DEFAULT 0,
  summary TEXT NOT NULL DEFAULT '{}');
INSERT INTO datasets (id, name, kind, created_at, bytes, rows) VALUES (7, 'old', 'national', '2026-01-01', 3, 1);
PRAGMA user_version=1;
)sql");
  }
  Store store(path_);
  const auto old = store.find_dataset(7);
  ASSERT_TRUE(old);
  EXPECT_EQ(old->kind, DatasetKind::national);
  ImportRequest request;
  request.name = "provider months";
  request.kind = DatasetKind::provider_months;
  request.files.push_back({"pm.csv", "x"});
  const auto id = store.import_dataset(request);
  EXPECT_GT(id, 7);
  EXPECT_EQ(store.find_dataset(id)->kind, DatasetKind::provider_months);
  EXPECT_EQ(store.list_datasets().size(), 2u);
}

TEST(DatasetKindTest, NamesRoundTrip) {
  for (auto kind : {DatasetKind::rtt, DatasetKind::national, DatasetKind::patient_list})
    EXPECT_EQ(parse_dataset_kind(to_string(kind)), kind);
  EXPECT_FALSE(parse_dataset_kind("RTT"));
  for (auto state :
       {JobState::queued, JobState::running, JobState::done, JobState::failed, JobState::cancelled})
    EXPECT_EQ(parse_job_state(to_string(state)), state);
}

}  // namespace
}  // namespace elective::store
