// Uploads of the provider-level files (issue 11 item 1): the RTT provider months file (here as the bundled
// .csv.gz), the provider reference and the commissioner lookup are recognised, parsed once, stored with their
// kind and summarised without any model code knowing them.
#include <gtest/gtest.h>

#include <filesystem>

#include "data/csv.hpp"
#include "server/dataset_service.hpp"

namespace elective::server {
namespace {
namespace fs = std::filesystem;

const std::string kData = std::string(ELECTIVE_SOURCE_DIR) + "/data";

TEST(ProviderUpload, TheThreeProviderFilesAreStoredDatasets) {
  const std::string path = (fs::temp_directory_path() / "elective-provider-upload.db").string();
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(path + suffix);
  {
    store::Store store(path);
    DatasetService service(store);
    const auto months =
        service.import_files("months", std::nullopt,
                             {{"rtt_provider_months_waited.csv.gz",
                               data::read_file(kData + "/rtt_provider_months_waited.csv.gz")}});
    EXPECT_EQ(months.kind, data::InputKind::provider_months);
    EXPECT_EQ(months.rows, 92742);
    EXPECT_EQ(months.summary["merged_provider_groups"].size(), 7u);
    EXPECT_EQ(months.summary["unreported_provider_months"], 121);
    EXPECT_EQ(service.dataset(months.id)->provider_months->groups().size(), 422u);

    const auto providers = service.import_files(
        "providers", std::nullopt, {{"providers.csv", data::read_file(kData + "/providers.csv")}});
    EXPECT_EQ(providers.kind, data::InputKind::providers);
    EXPECT_EQ(providers.rows, 579);

    const auto lookup = service.import_files(
        "lookup", std::nullopt,
        {{"rtt_commissioner_lookup.csv", data::read_file(kData + "/rtt_commissioner_lookup.csv")}});
    EXPECT_EQ(lookup.kind, data::InputKind::commissioner_lookup);
    EXPECT_EQ(lookup.rows, 14053);
    EXPECT_EQ(lookup.summary["providers"], 477);
    EXPECT_EQ(lookup.summary["commissioners"], 129);
  }
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(path + suffix);
}

}  // namespace
}  // namespace elective::server
