#include "data/data_source.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>

namespace elective::data {

namespace fs = std::filesystem;

namespace {

// The part of the cache key that changes a parse: patient-list options.
std::string options_key(const ReadOptions& options) {
  std::string key = options.patients.skip_invalid ? "|skip" : "|strict";
  if (options.patients.known_providers) {
    key += "|known:";
    for (const auto& code : *options.patients.known_providers) key += code + ",";
  }
  return key;
}

class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

}  // namespace

DataRef DataSource::resolve_dataset(std::int64_t, const SourceLocation& where, std::string_view key) const {
  throw InputError(where, fmt::format("{}: stored datasets exist only in the server (elective serve); name a "
                                      "file with start.data instead",
                                      key));
}

std::shared_ptr<const Dataset> DataSource::open(const DataRef& ref, const ReadOptions& options) {
  std::lock_guard lock(mutex_);
  const std::string key = ref.key + options_key(options);
  auto it = cache_.find(key);
  if (it == cache_.end()) it = cache_.emplace(key, load(ref, options)).first;
  const Dataset& d = *it->second;
  if (options.as && d.kind != *options.as)
    throw InputError(fmt::format("{}: expected {}, but it is {}", ref.name, input_format(*options.as).label,
                                 input_format(d.kind).label));
  return it->second;
}

std::vector<std::string> bundled_data_dirs() {
  std::vector<std::string> dirs;
  if (const char* env = std::getenv("ELECTIVE_DATA_DIR"); env != nullptr && *env != '\0')
    dirs.emplace_back(env);
  dirs.emplace_back(ELECTIVE_DEFAULT_DATA_DIR);
  return dirs;
}

FileDataSource::FileDataSource(std::string base_dir, std::optional<std::vector<std::string>> data_dirs)
    : base_dir_(std::move(base_dir)), data_dirs_(data_dirs ? std::move(*data_dirs) : bundled_data_dirs()) {}

std::optional<DataRef> FileDataSource::find(const std::string& name) const {
  if (name.empty()) return std::nullopt;
  const fs::path p(name);
  std::vector<fs::path> candidates;
  if (p.is_absolute()) {
    candidates.push_back(p);
  } else {
    candidates.push_back(p);
    if (!base_dir_.empty()) candidates.push_back(fs::path(base_dir_) / p);
    for (const auto& dir : data_dirs_) {
      candidates.push_back(fs::path(dir) / p);
      // "data/x.csv", written relative to the repository root, also resolves against the data folder.
      if (p.begin()->string() == "data") candidates.push_back(fs::path(dir) / p.lexically_relative("data"));
    }
  }
  for (const fs::path& candidate : candidates) {
    std::error_code ec;
    if (fs::exists(candidate, ec)) return DataRef{name, candidate.string()};
  }
  return std::nullopt;
}

DataRef FileDataSource::resolve(const std::string& name, const SourceLocation& where,
                                std::string_view key) const {
  const auto ref = find(name);
  if (!ref) throw InputError(where, fmt::format("{}: file not found: {}", key, name));
  std::error_code ec;
  if (!fs::is_regular_file(ref->key, ec))
    throw InputError(
        where,
        fmt::format("{}: {} is not a regular file (a folder, device or pipe cannot be read)", key, name));
  return *ref;
}

std::shared_ptr<const Dataset> FileDataSource::load(const DataRef& ref, const ReadOptions& options) {
  const std::string content = read_file(ref.key);  // the byte layer: regular files, size limits
  return std::make_shared<const Dataset>(parse_input({InputFile{ref.key, content}}, options));
}

std::string read_bounded(const std::string& path, std::uint64_t max_bytes) {
  const Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) throw IoError(fmt::format("{}: cannot open file: {}", path, std::strerror(errno)));
  std::string content;
  char buffer[1 << 16];
  while (true) {
    const ssize_t n = ::read(fd.get(), buffer, sizeof buffer);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw IoError(fmt::format("{}: read failed: {}", path, std::strerror(errno)));
    }
    if (n == 0) break;
    content.append(buffer, static_cast<size_t>(n));
    if (content.size() > max_bytes)
      throw InputError(SourceLocation{path, 0, 0, {}},
                       fmt::format("the scenario is over {} bytes (the limit for a scenario)", max_bytes));
  }
  return content;
}

}  // namespace elective::data
