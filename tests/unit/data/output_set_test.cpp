// Multi-file outputs as one unit (issue 9 item 10). The full-disk and kill cases are in
// tests/cli/out_dir_atomic.sh (they need a process that fails or dies mid-write).
#include "data/output_set.hpp"

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <string>

#include "core/error.hpp"
#include "data/atomic_file.hpp"
#include "data/input_file.hpp"

namespace elective::data {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

class OutputSetTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / fmt::format("elective-outset-{}", ::getpid());
    fs::remove_all(root_);
    fs::create_directories(root_);
  }
  void TearDown() override { fs::remove_all(root_); }
  std::set<std::string> names(const fs::path& dir) const {
    std::set<std::string> out;
    for (const auto& e : fs::directory_iterator(dir)) out.insert(e.path().filename().string());
    return out;
  }
  static void write_set(const fs::path& dir, const std::string& tag) {
    OutputSet set(dir.string());
    set.add("a.json", "{\"run\": \"" + tag + "\"}\n");
    set.add("b.csv", tag + "\n");
    set.commit();
  }
  fs::path root_;
};

TEST_F(OutputSetTest, WritesANewFolderWithEveryFileAndNoTemporaries) {
  write_set(root_ / "out", "one");
  EXPECT_EQ(names(root_ / "out"), (std::set<std::string>{"a.json", "b.csv", ".elective-output"}));
  EXPECT_EQ(read_file((root_ / "out" / "b.csv").string()), "one\n");
  EXPECT_EQ(names(root_), (std::set<std::string>{"out"}));
  // A trailing slash and missing parent folders are fine.
  write_set(root_ / "deeper" / "out2/", "two");
  EXPECT_EQ(read_file((root_ / "deeper" / "out2" / "a.json").string()), "{\"run\": \"two\"}\n");
}

TEST_F(OutputSetTest, ReplacesAPreviousOutputAsAWhole) {
  write_set(root_ / "out", "one");
  OutputSet second((root_ / "out").string());
  second.add("a.json", "{}\n");
  second.commit();  // b.csv of the first run is gone: the folder is the second set, not a mixture
  EXPECT_EQ(names(root_ / "out"), (std::set<std::string>{"a.json", ".elective-output"}));
  EXPECT_EQ(names(root_), (std::set<std::string>{"out"}));
  // An empty folder, or one holding only files of this set (an output from before the marker), is replaced.
  fs::create_directories(root_ / "empty");
  write_set(root_ / "empty", "e");
  fs::create_directories(root_ / "old");
  std::ofstream(root_ / "old" / "b.csv") << "old\n";
  write_set(root_ / "old", "new");
  EXPECT_EQ(read_file((root_ / "old" / "b.csv").string()), "new\n");
}

TEST_F(OutputSetTest, RefusesAFolderWithOtherFilesAndWritesNothing) {
  fs::create_directories(root_ / "docs");
  std::ofstream(root_ / "docs" / "thesis.tex") << "mine\n";
  try {
    write_set(root_ / "docs", "x");
    FAIL() << "a folder with a user's file was replaced";
  } catch (const InputError& e) {
    EXPECT_THAT(std::string(e.what()),
                HasSubstr("the folder holds 'thesis.tex', which this command did not write"));
  }
  EXPECT_EQ(names(root_ / "docs"), (std::set<std::string>{"thesis.tex"}));
  EXPECT_EQ(names(root_), (std::set<std::string>{"docs"}));
  std::ofstream(root_ / "file") << "x";
  EXPECT_THROW(write_set(root_ / "file", "x"), InputError);
  EXPECT_THROW(write_set(".", "x"), InputError);
  OutputSet bad((root_ / "o").string());
  EXPECT_THROW(bad.add("../escape", "x"), InputError);
  bad.add("a", "1");
  EXPECT_THROW(bad.add("a", "2"), InputError);
}

TEST_F(OutputSetTest, FailureLeavesThePreviousSetAndNoTemporaries) {
  write_set(root_ / "out", "one");
  // A file name the file system refuses (too long) fails after the temporary folder was made.
  OutputSet set((root_ / "out").string());
  set.add("a.json", "new");
  set.add(std::string(300, 'n'), "x");
  EXPECT_THROW(set.commit(), IoError);
  EXPECT_EQ(read_file((root_ / "out" / "b.csv").string()), "one\n");
  EXPECT_EQ(names(root_), (std::set<std::string>{"out"}));
}

TEST_F(OutputSetTest, RemovesStaleTemporariesOfDeadProcessesOnly) {
  // The pid of a process that has exited.
  const pid_t child = ::fork();
  if (child == 0) ::_exit(0);
  ::waitpid(child, nullptr, 0);
  const fs::path stale_dir = root_ / fmt::format(".out.tmp.{}.abcdef", child);
  const fs::path stale_file = root_ / fmt::format(".out.tmp.{}.ghijkl", child);
  const fs::path stale_old = root_ / fmt::format(".out.old.{}.mnopqr", child);
  const fs::path live = root_ / ".out.tmp.1.abcdef";  // pid 1 is always running
  const fs::path other = root_ / fmt::format(".other.tmp.{}.abcdef", child);
  fs::create_directories(stale_dir);
  std::ofstream(stale_dir / "a.json") << "partial";
  std::ofstream(stale_file) << "partial";
  fs::create_directories(stale_old);
  fs::create_directories(live);
  fs::create_directories(other);
  write_set(root_ / "out", "one");
  EXPECT_EQ(names(root_),
            (std::set<std::string>{"out", live.filename().string(), other.filename().string()}));
  // Single files written atomically clean up after killed writers too.
  std::ofstream(root_ / fmt::format(".other.tmp.{}.zzzzzz", child)) << "partial";
  write_file_atomically((root_ / "other").string(), "x");
  EXPECT_EQ(names(root_), (std::set<std::string>{"out", "other", live.filename().string()}));
}

}  // namespace
}  // namespace elective::data
