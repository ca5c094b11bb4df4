#include "data/atomic_file.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <string>

#include "core/error.hpp"
#include "data/output_set.hpp"

namespace elective::data {

void write_file_atomically(const std::string& path, std::string_view content) {
  namespace fs = std::filesystem;
  const fs::path target(path);
  const fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
  // `.NAME.tmp.<pid>.XXXXXX`: the pid lets a later write remove what a killed process left behind.
  remove_stale_temporaries(path);
  std::string tmpl =
      (dir / fmt::format(".{}.tmp.{}.XXXXXX", target.filename().string(), ::getpid())).string();
  const int fd = ::mkstemp(tmpl.data());
  if (fd < 0)
    throw IoError(fmt::format("{}: cannot create a temporary file: {}", path, std::strerror(errno)));
  auto fail = [&](const char* what) {
    const int err = errno;
    ::close(fd);
    ::unlink(tmpl.c_str());
    throw IoError(fmt::format("{}: {}: {}", path, what, std::strerror(err)));
  };
  size_t written = 0;
  while (written < content.size()) {
    const ssize_t n = ::write(fd, content.data() + written, content.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      fail("write failed");
    }
    written += static_cast<size_t>(n);
  }
  if (::fchmod(fd, 0644) != 0) fail("chmod failed");
  if (::fsync(fd) != 0) fail("fsync failed");
  if (::close(fd) != 0) {
    ::unlink(tmpl.c_str());
    throw IoError(fmt::format("{}: close failed: {}", path, std::strerror(errno)));
  }
  if (::rename(tmpl.c_str(), path.c_str()) != 0) {
    const int err = errno;
    ::unlink(tmpl.c_str());
    throw IoError(fmt::format("{}: rename failed: {}", path, std::strerror(err)));
  }
}

void ensure_directory(const std::string& path) {
  std::error_code ec;
  std::filesystem::create_directories(path, ec);
  if (ec) throw IoError(fmt::format("{}: cannot create directory: {}", path, ec.message()));
}

}  // namespace elective::data
