// The input-format registry (detection in one place) and the command line's data source: the path policy
// (where relative names resolve; regular files only, refused before anything is read) and one parse per file.
#include "data/data_source.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "core/error.hpp"
#include "data/input_formats.hpp"

namespace elective::data {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

const std::string kData = std::string(ELECTIVE_SOURCE_DIR) + "/data";
const SourceLocation kHere{"test.toml", 3, 8, {}};

std::string error_of(const FileDataSource& source, const std::string& name) {
  try {
    (void)source.resolve(name, kHere, "start.data");
  } catch (const InputError& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(InputFormats, OneEntryPerKindAndDetectionInOnePlace) {
  for (int k = 0; k <= static_cast<int>(InputKind::beds_kh03); ++k) {
    const auto kind = static_cast<InputKind>(k);
    const InputFormat& f = input_format(kind);
    EXPECT_EQ(f.value, kind);
    EXPECT_EQ(parse_input_kind(f.name), kind);
    EXPECT_NE(f.detect, nullptr);
    EXPECT_NE(f.parse, nullptr);
    EXPECT_NE(f.summary, nullptr);
  }
  EXPECT_EQ(
      input_kind_names(),
      "rtt, national, patient_list, provider_months, providers, commissioner_lookup, dm01, cwt_provider, "
      "cwt_national, workforce_fte, workforce_total, sickness_absence or beds_kh03");
  EXPECT_EQ(detect_input_format(read_file(kData + "/rtt_full_2024-11_RBD.csv"))->value, InputKind::rtt);
  EXPECT_EQ(detect_input_format(read_file(kData + "/rtt_national_timeseries.csv"))->value,
            InputKind::national);
  EXPECT_EQ(detect_input_format("\xEF\xBB\xBFsnapshot_date,patient_id,pathway_id\n")->value,
            InputKind::patient_list);
  EXPECT_EQ(detect_input_format("a,b\n1,2\n"), nullptr);
  EXPECT_THAT(unrecognised_file_message(), HasSubstr("\"Provider Org Code\""));
  try {
    (void)parse_input({InputFile{"x.csv", "a,b\n1,2\n"}});
    FAIL();
  } catch (const InputError& e) {
    EXPECT_THAT(e.what(), HasSubstr("x.csv:1:1: not a recognised file"));
  }
}

TEST(FileDataSource, RelativeNamesResolveAgainstTheScenarioFolderThenTheDataFolder) {
  const FileDataSource source(std::string(ELECTIVE_SOURCE_DIR) + "/scenarios",
                              std::vector<std::string>{kData});
  EXPECT_EQ(source.resolve("../data/rtt_full_2024-11_RBD.csv", kHere, "k").key,
            std::string(ELECTIVE_SOURCE_DIR) + "/scenarios/../data/rtt_full_2024-11_RBD.csv");
  EXPECT_EQ(source.resolve("rtt_national_timeseries.csv", kHere, "k").key,
            kData + "/rtt_national_timeseries.csv");
  // "data/x.csv", as the shipped scenarios write it, also resolves against the data folder.
  EXPECT_EQ(fs::path(source.resolve("data/rtt_national_timeseries.csv", kHere, "k").key).filename(),
            "rtt_national_timeseries.csv");
  EXPECT_FALSE(source.find("no-such-file.csv"));
  EXPECT_EQ(error_of(source, "no-such-file.csv"),
            "test.toml:3:8: start.data: file not found: no-such-file.csv");
}

TEST(FileDataSource, OnlyRegularFilesAreRead) {
  const FileDataSource source;
  EXPECT_THAT(error_of(source, "/dev/urandom"), HasSubstr("start.data: /dev/urandom is not a regular file"));
  EXPECT_THAT(error_of(source, "/dev/zero"), HasSubstr("not a regular file"));
  EXPECT_THAT(error_of(source, kData), HasSubstr("not a regular file"));
  const fs::path fifo = fs::temp_directory_path() / ("elective-fifo-" + std::to_string(::getpid()));
  fs::remove(fifo);
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  EXPECT_THAT(error_of(source, fifo.string()), HasSubstr("not a regular file"));
  // Reading refuses them too, without blocking on a pipe or reading a device.
  EXPECT_THROW(read_file(fifo.string()), InputError);
  EXPECT_THROW(read_file("/dev/urandom"), InputError);
  fs::remove(fifo);
  EXPECT_THROW(read_file(kData + "/rtt_national_timeseries.csv", InputLimits{.max_file_bytes = 100}),
               InputError);  // over the limit
  EXPECT_THROW(read_file(kData + "/no-such-file.csv"), IoError);
}

TEST(FileDataSource, EachFileIsParsedOnceAndShared) {
  FileDataSource source;
  const DataRef ref = source.resolve(kData + "/rtt_national_timeseries.csv", kHere, "k");
  const auto a = source.open(ref);
  const auto b = source.open(ref, {InputKind::national, {}});
  EXPECT_EQ(a.get(), b.get());
  ASSERT_TRUE(a->national);
  EXPECT_GT(a->national->size(), 100u);
  // Asking for another format than the file is an error naming the file.
  EXPECT_THROW((void)source.open(ref, {InputKind::rtt, {}}), InputError);
}

TEST(FileDataSource, StoredDatasetsAreAServerThing) {
  const FileDataSource source;
  EXPECT_THROW((void)source.resolve_dataset(3, kHere, "start.dataset"), InputError);
}

}  // namespace
}  // namespace elective::data
