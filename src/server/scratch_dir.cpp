#include "server/scratch_dir.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <system_error>

#include "core/error.hpp"

namespace elective::server {
namespace fs = std::filesystem;
namespace {

constexpr const char* kLockName = ".lock";

// The root must be a real directory (not a symbolic link) of this user, readable by this user only.
void make_private_root(const std::string& root) {
  if (::mkdir(root.c_str(), 0700) != 0 && errno != EEXIST)
    throw IoError("cannot create the scratch folder " + root + ": " + std::strerror(errno));
  struct stat info {};
  if (::lstat(root.c_str(), &info) != 0 || !S_ISDIR(info.st_mode))
    throw IoError("the scratch folder " + root + " is not a directory");
  if (info.st_uid != ::geteuid()) throw IoError("the scratch folder " + root + " belongs to another user");
  if ((info.st_mode & 0777) != 0700 && ::chmod(root.c_str(), 0700) != 0)
    throw IoError("cannot make the scratch folder " + root + " private: " + std::strerror(errno));
}

// True when the subfolder's owner is gone: its lock can be taken (or it has no lock file and is over a minute
// old, i.e. its server died between creating it and locking it).
bool is_stale(const fs::path& dir) {
  const auto lock_path = (dir / kLockName).string();
  const int fd = ::open(lock_path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0) {
    std::error_code ec;
    const auto written = fs::last_write_time(dir, ec);
    return !ec && fs::file_time_type::clock::now() - written > std::chrono::minutes(1);
  }
  const bool free = ::flock(fd, LOCK_EX | LOCK_NB) == 0;
  ::close(fd);  // also releases the lock just taken
  return free;
}

}  // namespace

std::string ScratchDir::root_for(const std::string& db_path) {
  if (db_path.empty() || db_path == ":memory:" || db_path.rfind("file:", 0) == 0) {
    std::error_code ec;
    auto temp = fs::temp_directory_path(ec);
    if (ec) temp = "/tmp";
    return (temp / ("elective-scratch-" + std::to_string(::geteuid()))).string();
  }
  const fs::path db(db_path);
  return (db.parent_path() / (db.filename().string() + ".scratch")).string();
}

ScratchDir::ScratchDir(const std::string& db_path) : root_(root_for(db_path)) {
  make_private_root(root_);
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(root_, ec)) {
    const auto name = entry.path().filename().string();
    if (name.rfind("run-", 0) != 0 || !entry.is_directory() || entry.is_symlink()) continue;
    if (!is_stale(entry.path())) continue;
    std::error_code remove_ec;
    fs::remove_all(entry.path(), remove_ec);
    if (!remove_ec) ++removed_;
  }
  std::string pattern = (fs::path(root_) / "run-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr)
    throw IoError("cannot create a private folder in " + root_ + ": " + std::strerror(errno));
  path_ = pattern;
  const auto lock_path = (fs::path(path_) / kLockName).string();
  lock_fd_ = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (lock_fd_ < 0 || ::flock(lock_fd_, LOCK_EX | LOCK_NB) != 0)
    throw IoError("cannot lock the scratch folder " + path_ + ": " + std::strerror(errno));
}

ScratchDir::~ScratchDir() {
  std::error_code ec;
  fs::remove_all(path_, ec);
  if (lock_fd_ >= 0) ::close(lock_fd_);
  ::rmdir(root_.c_str());  // only when empty: other servers' folders stay
}

}  // namespace elective::server
