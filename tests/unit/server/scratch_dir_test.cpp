// Scratch files (issue 9 item 10): a private folder beside the store, not in the system's temporary
// directory; folders left by a server that was killed are removed at the next start; a live server's folder
// is kept.
#include <gtest/gtest.h>

#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "server/scratch_dir.hpp"
#include "server_test_util.hpp"

namespace elective::server {
namespace {
namespace fs = std::filesystem;

class ScratchDirTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("elective-scratch-test-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

unsigned mode_of(const fs::path& path) {
  struct stat info {};
  ::stat(path.c_str(), &info);
  return info.st_mode & 0777;
}

TEST_F(ScratchDirTest, PrivateFolderBesideTheStore) {
  const auto db = (dir_ / "store.db").string();
  std::string own;
  {
    ScratchDir scratch(db);
    EXPECT_EQ(scratch.root(), db + ".scratch");
    EXPECT_EQ(fs::path(scratch.path()).parent_path(), fs::path(db + ".scratch"));
    EXPECT_EQ(mode_of(scratch.root()), 0700u);
    EXPECT_EQ(mode_of(scratch.path()), 0700u);
    own = scratch.path();
    std::ofstream(fs::path(own) / "list.csv") << "patient-level rows";
  }
  EXPECT_FALSE(fs::exists(own));  // removed when the server stops
}

TEST_F(ScratchDirTest, FoldersOfAKilledServerAreRemovedAtStart) {
  const auto db = (dir_ / "store.db").string();
  const fs::path root = db + ".scratch";
  fs::create_directories(root / "run-dead01");
  std::ofstream(root / "run-dead01" / ".lock");  // nobody holds its lock: its server is gone
  std::ofstream(root / "run-dead01" / "patients.csv") << "a whole uploaded patient list";
  ScratchDir live(db);  // a live server on the same store
  ScratchDir next(db);
  EXPECT_EQ(live.removed_stale(), 1);
  EXPECT_FALSE(fs::exists(root / "run-dead01"));
  EXPECT_TRUE(fs::exists(live.path()));  // the live server's folder is kept
  EXPECT_EQ(next.removed_stale(), 0);
  EXPECT_NE(live.path(), next.path());
}

TEST_F(ScratchDirTest, ALooseRootIsMadePrivate) {
  const auto db = (dir_ / "store.db").string();
  fs::create_directories(db + ".scratch");
  ::chmod((db + ".scratch").c_str(), 0777);
  ScratchDir scratch(db);
  EXPECT_EQ(mode_of(scratch.root()), 0700u);
}

TEST_F(ScratchDirTest, TheServerWorksInAFolderBesideItsStore) {
  ServerConfig config;
  config.load_bundled = false;
  testing::RunningServer server(config, "scratch");
  const auto root = server.config().db_path + ".scratch";
  ASSERT_TRUE(fs::is_directory(root));
  EXPECT_EQ(mode_of(root), 0700u);
  int folders = 0;
  for (const auto& entry : fs::directory_iterator(root))
    folders += entry.path().filename().string().rfind("run-", 0) == 0;
  EXPECT_EQ(folders, 1);
}

}  // namespace
}  // namespace elective::server
