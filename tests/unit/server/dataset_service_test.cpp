// DatasetService: kind detection, validation before storing, the parse cache (one parse shared by concurrent
// requests, least recently used datasets dropped and re-parsed on demand) and bundled data loaded once.
#include <gtest/gtest.h>

#include <filesystem>
#include <thread>

#include "core/error.hpp"
#include "data/csv.hpp"
#include "server/dataset_service.hpp"

namespace elective::server {
namespace {
namespace fs = std::filesystem;

const std::string kData = std::string(ELECTIVE_SOURCE_DIR) + "/data";

class DatasetServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = (fs::temp_directory_path() /
             ("elective-ds-" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()) +
              ".db"))
                .string();
    TearDown();
    store_ = std::make_unique<store::Store>(path_);
  }
  void TearDown() override {
    store_.reset();
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(path_ + suffix);
  }
  std::string path_;
  std::unique_ptr<store::Store> store_;
};

TEST_F(DatasetServiceTest, DetectsKinds) {
  EXPECT_EQ(detect_dataset_kind(data::read_file(kData + "/rtt_full_2024-11_RBD.csv")),
            store::DatasetKind::rtt);
  EXPECT_EQ(detect_dataset_kind(data::read_file(kData + "/rtt_national_timeseries.csv")),
            store::DatasetKind::national);
  EXPECT_EQ(detect_dataset_kind("snapshot_date,patient_id,pathway_id,provider_code\n"),
            store::DatasetKind::patient_list);
  EXPECT_FALSE(detect_dataset_kind("a,b\n1,2\n"));
  EXPECT_EQ(safe_file_name("../../etc/passwd"), "passwd");
  EXPECT_EQ(safe_file_name("C:\\x\\y.csv"), "y.csv");
  EXPECT_EQ(safe_file_name("a;b|c.csv"), "a_b_c.csv");
  EXPECT_EQ(safe_file_name(".."), "upload.csv");
}

TEST_F(DatasetServiceTest, BundledDataLoadedOnceAndDeletionRespected) {
  DatasetService service(*store_);
  EXPECT_EQ(service.load_bundled(kData), 2);
  EXPECT_EQ(service.list().size(), 2u);
  EXPECT_TRUE(service.list().front().bundled);
  EXPECT_TRUE(service.remove(service.list().front().id));
  EXPECT_EQ(service.load_bundled(kData), 0);  // not re-added
  EXPECT_EQ(service.list().size(), 1u);
}

TEST_F(DatasetServiceTest, KindMismatchAndBadFilesStoreNothing) {
  DatasetService service(*store_);
  const auto rtt = data::read_file(kData + "/rtt_full_2024-11_RBD.csv");
  EXPECT_THROW(service.import_files("x", store::DatasetKind::national, {{"a.csv", rtt}}), InputError);
  EXPECT_THROW(service.import_files(
                   "x", std::nullopt,
                   {{"a.csv", rtt}, {"b.csv", data::read_file(kData + "/rtt_national_timeseries.csv")}}),
               InputError);
  EXPECT_THROW(service.import_files("x", std::nullopt, {{"empty.csv", ""}}), InputError);
  EXPECT_THROW(service.import_files("x", std::nullopt, {}), InputError);
  EXPECT_TRUE(service.list().empty());
  EXPECT_THROW(service.resolve(std::string("1"), store::DatasetKind::rtt), InputError);
  EXPECT_THROW(service.resolve(std::nullopt, store::DatasetKind::rtt), InputError);
}

TEST_F(DatasetServiceTest, TwoMonthsInOneDatasetAndCacheEviction) {
  DatasetService service(*store_);
  const auto rtt = data::read_file(kData + "/rtt_full_2024-11_RBD.csv");
  // The second file is another month: the same month twice would be repeated rows, which readers refuse.
  std::string december = rtt;
  for (size_t at = 0; (at = december.find("RTT-November-2024", at)) != std::string::npos;)
    december.replace(at, 17, "RTT-December-2024");
  const auto info = service.import_files("two", std::nullopt, {{"a.csv", rtt}, {"b.csv", december}});
  EXPECT_EQ(info.rows, 1024);
  EXPECT_EQ(info.files.size(), 2u);

  // Concurrent first requests share one parse.
  std::vector<std::shared_ptr<const data::RttExtract>> got(8);
  std::vector<std::thread> threads;
  for (size_t i = 0; i < got.size(); ++i) threads.emplace_back([&, i] { got[i] = service.rtt(info.id); });
  for (auto& t : threads) t.join();
  for (const auto& g : got) EXPECT_EQ(g.get(), got.front().get());
  EXPECT_EQ(got.front()->size(), 1024u);

  // Using more than the cache holds drops the least recently used; it is parsed again when asked for.
  std::vector<std::int64_t> ids;
  for (int i = 0; i < 7; ++i)
    ids.push_back(service.import_files("m" + std::to_string(i), std::nullopt, {{"m.csv", rtt}}).id);
  for (auto id : ids) service.rtt(id);
  const auto again = service.rtt(info.id);
  EXPECT_NE(again.get(), got.front().get());
  EXPECT_EQ(again->size(), 1024u);
  EXPECT_EQ(service.rtt(info.id).get(), again.get());  // cached again
}

TEST_F(DatasetServiceTest, AnUploadIsParsedOnceAndThatParseIsKept) {
  DatasetService service(*store_);
  const auto rtt = data::read_file(kData + "/rtt_full_2024-11_RBD.csv");
  const auto info = service.import_files("one", std::nullopt, {{"a.csv", rtt}});
  // Take the files away behind the service's back: had it not kept the upload's parse, it would have to read
  // them again now.
  ASSERT_TRUE(store_->delete_dataset(info.id));
  const auto extract = service.rtt(info.id);
  EXPECT_EQ(extract->size(), 512u);
  EXPECT_EQ(service.dataset(info.id).get(), service.dataset(info.id).get());
  EXPECT_THROW(service.national(info.id), InputError);  // the typed accessors check the kind
}

}  // namespace
}  // namespace elective::server
