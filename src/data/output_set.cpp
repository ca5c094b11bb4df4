#include "data/output_set.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <set>

#include "core/error.hpp"

namespace elective::data {
namespace fs = std::filesystem;

namespace {

fs::path folder_of(const fs::path& target) {
  return target.has_parent_path() ? target.parent_path() : fs::path(".");
}

// The last component of a path such as "out/" or "out/." (a trailing slash is common for --out DIR).
fs::path normalised(const std::string& path) {
  fs::path p = fs::path(path).lexically_normal();
  if (!p.empty() && p.filename().empty()) p = p.parent_path();
  return p;
}

IoError io_error(const std::string& path, const char* what, int err) {
  return IoError(fmt::format("{}: {}: {}", path, what, std::strerror(err)));
}

void write_all(int fd, std::string_view content, const std::string& path) {
  size_t written = 0;
  while (written < content.size()) {
    const ssize_t n = ::write(fd, content.data() + written, content.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw io_error(path, "write failed", errno);
    }
    written += static_cast<size_t>(n);
  }
}

void fsync_path(const fs::path& path, bool directory) {
  const int fd = ::open(path.c_str(), (directory ? O_RDONLY | O_DIRECTORY : O_RDONLY) | O_CLOEXEC);
  if (fd < 0) throw io_error(path.string(), "cannot open to flush", errno);
  const int rc = ::fsync(fd);
  const int err = errno;
  ::close(fd);
  // Some file systems cannot fsync a directory (EINVAL); the data files themselves were flushed.
  if (rc != 0 && !(directory && (err == EINVAL || err == EROFS)))
    throw io_error(path.string(), "fsync failed", err);
}

// `shown` names the file in messages as the user knows it (DIR/name), not by its temporary path.
void write_new_file(const fs::path& path, std::string_view content, const std::string& shown) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) throw io_error(shown, "cannot create", errno);
  try {
    write_all(fd, content, shown);
    if (::fsync(fd) != 0) throw io_error(shown, "fsync failed", errno);
  } catch (...) {
    ::close(fd);
    throw;
  }
  if (::close(fd) != 0) throw io_error(shown, "close failed", errno);
}

// "<pid>.XXXXXX" after the prefix: the pid of the process that made the temporary.
bool stale_pid(std::string_view rest) {
  const size_t dot = rest.find('.');
  if (dot == 0 || dot == std::string_view::npos || rest.size() - dot - 1 != 6) return false;
  long pid = 0;
  for (char c : rest.substr(0, dot)) {
    if (c < '0' || c > '9' || pid > 100000000) return false;
    pid = pid * 10 + (c - '0');
  }
  if (pid <= 0 || pid == static_cast<long>(::getpid())) return false;
  return ::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH;
}

std::string temp_template(const fs::path& target, const char* kind) {
  return (folder_of(target) / fmt::format(".{}.{}.{}.XXXXXX", target.filename().string(), kind, ::getpid()))
      .string();
}

void remove_quietly(const fs::path& path) {
  std::error_code ec;
  fs::remove_all(path, ec);
}

}  // namespace

void remove_stale_temporaries(const std::string& target_path) {
  const fs::path target = normalised(target_path);
  const std::string name = target.filename().string();
  if (name.empty()) return;
  std::error_code ec;
  fs::directory_iterator it(folder_of(target), ec);
  if (ec) return;
  for (const auto& entry : it) {
    const std::string entry_name = entry.path().filename().string();
    for (const char* kind : {".tmp.", ".old."}) {
      const std::string prefix = "." + name + kind;
      if (entry_name.size() > prefix.size() && entry_name.compare(0, prefix.size(), prefix) == 0 &&
          stale_pid(std::string_view(entry_name).substr(prefix.size()))) {
        remove_quietly(entry.path());
      }
    }
  }
}

void OutputSet::add(std::string name, std::string content) {
  if (name.empty() || name.find('/') != std::string::npos || name == "." || name == ".." || name == kMarker)
    throw InputError(fmt::format("{}: '{}' is not a plain file name for an output", dir_, name));
  for (const auto& f : files_) {
    if (f.first == name) throw InputError(fmt::format("{}: '{}' is written twice", dir_, name));
  }
  files_.emplace_back(std::move(name), std::move(content));
}

void OutputSet::commit() {
  const fs::path target = normalised(dir_);
  if (target.empty() || target.filename() == "." || target.filename() == "..") {
    throw InputError(fmt::format("{}: expected a new folder to write the output to (not '.' or '..')", dir_));
  }
  const fs::path parent = folder_of(target);
  std::error_code ec;
  fs::create_directories(parent, ec);
  if (ec) throw IoError(fmt::format("{}: cannot create folder: {}", parent.string(), ec.message()));
  remove_stale_temporaries(target.string());

  // May an existing target be replaced? Only a previous output (marker, or nothing but this set's files).
  struct stat st {};
  const bool exists = ::lstat(target.c_str(), &st) == 0;
  if (exists) {
    if (S_ISLNK(st.st_mode) || !S_ISDIR(st.st_mode)) {
      throw InputError(
          fmt::format("{}: exists and is not a folder (expected a folder for the output files)", dir_));
    }
    std::set<std::string> ours;
    for (const auto& f : files_) ours.insert(f.first);
    const bool marked = fs::exists(target / kMarker, ec);
    for (const auto& entry : fs::directory_iterator(target, ec)) {
      const std::string name = entry.path().filename().string();
      const bool plain_file = entry.is_regular_file(ec) && !entry.is_symlink(ec);
      if (plain_file && (marked || ours.count(name) || name == kMarker)) continue;
      throw InputError(fmt::format(
          "{}: the folder holds '{}', which this command did not write (expected a new folder, an empty one "
          "or a previous output to replace; nothing was written)",
          dir_, name));
    }
    if (ec) throw IoError(fmt::format("{}: cannot list folder: {}", dir_, ec.message()));
  }

  std::string tmp = temp_template(target, "tmp");
  if (::mkdtemp(tmp.data()) == nullptr)
    throw io_error(dir_, "cannot create a temporary folder beside it", errno);
  try {
    ::chmod(tmp.c_str(), 0755);
    for (const auto& [name, content] : files_)
      write_new_file(fs::path(tmp) / name, content, (target / name).string());
    write_new_file(fs::path(tmp) / kMarker,
                   "Written by elective. The next run with the same --out replaces this folder as a whole.\n",
                   (target / kMarker).string());
    fsync_path(tmp, true);
    if (!exists) {
      if (::rename(tmp.c_str(), target.c_str()) != 0) throw io_error(dir_, "rename failed", errno);
    } else if (::renameat2(AT_FDCWD, tmp.c_str(), AT_FDCWD, target.c_str(), RENAME_EXCHANGE) == 0) {
      // `tmp` now holds the previous set.
      remove_quietly(tmp);
    } else if (errno == EINVAL || errno == ENOSYS || errno == EOPNOTSUPP) {
      // No atomic exchange on this file system: move the previous set aside, then the new one in.
      std::string old = temp_template(target, "old");
      if (::mkdtemp(old.data()) == nullptr) throw io_error(dir_, "cannot create a temporary folder", errno);
      if (::rename(target.c_str(), old.c_str()) != 0) {
        const int err = errno;
        remove_quietly(old);
        throw io_error(dir_, "rename failed", err);
      }
      if (::rename(tmp.c_str(), target.c_str()) != 0) {
        const int err = errno;
        ::rename(old.c_str(), target.c_str());  // put the previous set back
        throw io_error(dir_, "rename failed", err);
      }
      remove_quietly(old);
    } else {
      throw io_error(dir_, "rename failed", errno);
    }
  } catch (...) {
    remove_quietly(tmp);
    throw;
  }
  fsync_path(parent, true);
}

}  // namespace elective::data
