// The byte layer every reader uses: regular files only, size limits, .csv.gz and .zip decompressed with a
// decompression-bomb limit. Compressed files are made here from data/rtt_full_2024-11_RBD.csv (no binaries in
// the repository).
#include "data/input_file.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>
#include <zlib.h>

#include <fmt/format.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "core/error.hpp"
#include "data/national_series.hpp"
#include "data/patient_list.hpp"
#include "data/rtt_extract.hpp"
#include "support/input_error.hpp"

namespace elective::data {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

const std::string kExtract = std::string(ELECTIVE_SOURCE_DIR) + "/data/rtt_full_2024-11_RBD.csv";
const std::string kNational = std::string(ELECTIVE_SOURCE_DIR) + "/data/rtt_national_timeseries.csv";

std::string gzip(std::string_view text) {
  z_stream z{};
  EXPECT_EQ(deflateInit2(&z, 9, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY), Z_OK);
  std::string out(deflateBound(&z, static_cast<uLong>(text.size())) + 64, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
  z.avail_in = static_cast<uInt>(text.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(deflate(&z, Z_FINISH), Z_STREAM_END);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

// A zip archive holding `entries` (name, content), built with libzip in a temporary file.
std::string zip_of(const std::vector<std::pair<std::string, std::string>>& entries) {
  // An empty archive is its end-of-central-directory record alone (libzip writes no file for it).
  if (entries.empty()) return std::string("PK\x05\x06", 4) + std::string(18, '\0');
  const fs::path path = fs::temp_directory_path() / fmt::format("elective-zip-test-{}.zip", ::getpid());
  fs::remove(path);
  int err = 0;
  zip_t* z = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &err);
  EXPECT_NE(z, nullptr);
  for (const auto& [name, content] : entries) {
    zip_source_t* s = zip_source_buffer(z, content.data(), content.size(), 0);
    EXPECT_GE(zip_file_add(z, name.c_str(), s, ZIP_FL_OVERWRITE), 0);
  }
  EXPECT_EQ(zip_close(z), 0);
  const std::string bytes = read_file(path.string());
  fs::remove(path);
  return bytes;
}

class TempDir {
 public:
  TempDir() : path_(fs::temp_directory_path() / fmt::format("elective-input-test-{}", ::getpid())) {
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~TempDir() { fs::remove_all(path_); }
  std::string write(const std::string& name, std::string_view content) const {
    const fs::path p = path_ / name;
    std::ofstream(p, std::ios::binary).write(content.data(), static_cast<std::streamsize>(content.size()));
    return p.string();
  }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

using test::input_error_of;

TEST(InputFile, GzipAndZipOfTheExtractReadAsThePlainFile) {
  const std::string plain = read_file(kExtract);
  TempDir dir;
  const std::string gz = dir.write("rbd.csv.gz", gzip(plain));
  const std::string zip = dir.write("rbd.zip", zip_of({{"rtt_full_2024-11_RBD.csv", plain}}));
  EXPECT_EQ(read_input_file(gz), plain);
  EXPECT_EQ(read_input_file(zip), plain);
  const RttExtract a = RttExtract::load({kExtract});
  for (const auto& path : {gz, zip}) {
    const RttExtract b = RttExtract::load({path});
    ASSERT_EQ(b.size(), a.size());
    RowFilter f;
    f.part = RttPart::incomplete;
    f.provider = "RBD";
    EXPECT_EQ(b.totals(f).total_all, a.totals(f).total_all);
    EXPECT_EQ(b.totals(f).histogram.total(), a.totals(f).histogram.total());
  }
  // Parsing compressed bytes directly (an upload) works too, whatever the name.
  EXPECT_EQ(RttExtract::parse(gzip(plain), "upload").size(), a.size());
}

TEST(InputFile, EveryReaderAcceptsGzip) {
  const std::string national = read_file(kNational);
  EXPECT_EQ(NationalSeries::parse(gzip(national), "n.csv.gz").size(),
            NationalSeries::parse(national, "n.csv").size());
  const std::string ptl =
      "snapshot_date,patient_id,pathway_id,provider_code,tfc,clock_start_date\n"
      "2024-11-24,p1,A1,RBD,110,2024-01-02\n";
  EXPECT_EQ(parse_patient_list(gzip(ptl), "ptl.csv.gz").size(), 1u);
}

TEST(InputFile, ZipArchivesHoldOneCsv) {
  const std::string csv = "a,b\n1,2\n";
  // A folder entry and macOS metadata beside the one file are fine; so is one .csv among other files.
  EXPECT_EQ(
      decode_input(zip_of({{"x/", ""}, {"x/data.csv", csv}, {"__MACOSX/x/._data.csv", "junk"}}), "z.zip"),
      csv);
  EXPECT_EQ(decode_input(zip_of({{"readme.txt", "hello"}, {"data.CSV", csv}}), "z.zip"), csv);
  EXPECT_THAT(
      input_error_of([&] {
        decode_input(zip_of({{"a.csv", csv}, {"b.csv", csv}}), "z.zip");
      }),
      HasSubstr("z.zip: the zip archive holds 2 files (a.csv, b.csv); expected exactly one CSV file"));
  EXPECT_THAT(input_error_of([&] { decode_input(zip_of({}), "empty.zip"); }),
              HasSubstr("empty.zip: the zip archive holds no file (expected one CSV file)"));
  EXPECT_THAT(input_error_of([&] { decode_input(std::string("PK\x03\x04zipdata", 11), "bad.zip"); }),
              HasSubstr("bad.zip: not a readable zip archive"));
}

TEST(InputFile, CorruptTruncatedAndNestedGzipAreInputErrors) {
  const std::string gz = gzip(read_file(kExtract));
  EXPECT_THAT(input_error_of([&] { decode_input(gz.substr(0, gz.size() / 2), "cut.gz"); }),
              HasSubstr("cut.gz: truncated gzip data"));
  std::string corrupt = gz;
  for (size_t i = 20; i < 60; ++i) corrupt[i] = static_cast<char>(corrupt[i] ^ 0x5a);
  EXPECT_THAT(input_error_of([&] { decode_input(corrupt, "bad.gz"); }),
              HasSubstr("bad.gz: corrupt gzip data"));
  EXPECT_THAT(input_error_of([&] { decode_input(gzip(gz), "twice.gz"); }),
              HasSubstr("twice.gz: the compressed file holds another compressed file"));
  // Two gzip members one after another (`cat a.gz b.gz`) are one text.
  EXPECT_EQ(decode_input(gzip("a,b\n") + gzip("1,2\n"), "two.gz"), "a,b\n1,2\n");
}

TEST(InputFile, DecompressionBombsStopAtTheLimit) {
  const std::string zeros(4 << 20, '0');  // 4 MiB that compress to ~4 KB: ratio ~1000
  InputLimits limits;
  limits.expansion_allowance = 0;
  EXPECT_THAT(input_error_of([&] { decode_input(gzip(zeros), "bomb.gz", limits); }),
              HasSubstr("bomb.gz: decompressed content is more than 200 times its compressed size"));
  EXPECT_THAT(input_error_of([&] {
                decode_input(zip_of({{"bomb.csv", zeros}}), "bomb.zip", limits);
              }),
              HasSubstr("bomb.zip: decompressed content is more than 200 times"));
  limits = InputLimits{};
  limits.max_text_bytes = 1 << 20;
  EXPECT_THAT(input_error_of([&] { decode_input(gzip(zeros), "big.gz", limits); }),
              HasSubstr("big.gz: decompressed content is larger than the limit of 1 MiB"));
  // Within the limits the same text is read.
  EXPECT_EQ(decode_input(gzip(zeros), "ok.gz").size(), zeros.size());
}

TEST(InputFile, OnlyRegularFilesWithinTheSizeLimit) {
  TempDir dir;
  EXPECT_THAT(input_error_of([&] { read_file(dir.path().string()); }),
              HasSubstr(dir.path().string() + ": a directory, not a file (expected a CSV file)"));
  EXPECT_THAT(input_error_of([&] { read_input_file("/dev/zero"); }),
              HasSubstr("/dev/zero: a character device, not a file"));
  const std::string fifo = (dir.path() / "pipe").string();
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  EXPECT_THAT(input_error_of([&] { read_file(fifo); }), HasSubstr("pipe: a pipe, not a file"));
  const std::string small = dir.write("small.csv", "0123456789abcdef");
  InputLimits limits;
  limits.max_file_bytes = 10;
  EXPECT_THAT(input_error_of([&] { read_file(small, limits); }),
              HasSubstr("small.csv: the file is 16 bytes, more than the limit"));
  EXPECT_EQ(read_file(small), "0123456789abcdef");
  EXPECT_THROW(read_file((dir.path() / "missing.csv").string()), IoError);
  // Readers' load() go through the same check: a directory given as a patient list is an input error.
  EXPECT_THAT(input_error_of([&] { load_patient_list(dir.path().string()); }), HasSubstr("a directory"));
}

TEST(InputFile, DetectsCompressionByContent) {
  EXPECT_EQ(detect_compression("\x1f\x8b rest"), Compression::gzip);
  EXPECT_EQ(detect_compression(std::string("PK\x03\x04", 4)), Compression::zip);
  EXPECT_EQ(detect_compression(std::string("PK\x05\x06", 4)), Compression::zip);
  EXPECT_EQ(detect_compression("Period,Year"), Compression::none);
  EXPECT_EQ(detect_compression(""), Compression::none);
}

}  // namespace
}  // namespace elective::data
