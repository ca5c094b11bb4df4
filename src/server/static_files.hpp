#pragma once
// Static files of the built dashboard (web/dist). Request paths are decoded by the HTTP library; this module
// refuses any path with a ".." segment, a backslash or a NUL, and checks that the resolved file lies inside
// the root after following symbolic links, so nothing outside the folder can be read. Files are read and
// compressed (gzip and Brotli, at their best levels) once and kept in memory: the cache checks each file's
// size and modification time on every request, so a rebuilt dashboard is picked up without a restart.
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "server/compression.hpp"

namespace elective::server {

struct StaticFile {
  std::string content;
  std::string content_type;
  bool immutable = false;  // hashed asset under assets/: cache for a year
};

// Where a URL path leads under `root`: the resolved file and whether it is an immutable (hashed) asset.
struct StaticPath {
  std::string file;
  bool immutable = false;
};

// The file for a URL path under `root`. Paths without an extension (client-side routes) get index.html.
// nullopt when the path is unsafe or no such file exists.
std::optional<StaticPath> resolve_static_file(const std::string& root, const std::string& url_path);
std::optional<StaticFile> find_static_file(const std::string& root, const std::string& url_path);

// Content type from a file extension.
std::string content_type_for(const std::string& path);

// A self-contained page shown at / when the dashboard has not been built.
std::string missing_dashboard_page(const std::string& root);

struct CachedFile {
  EncodedBody body;
  bool immutable = false;
  std::string etag;  // "size-mtime", quoted
};

class StaticFileCache {
 public:
  explicit StaticFileCache(std::string root) : root_(std::move(root)) {}
  // The file for `url_path` (see resolve_static_file), compressed; nullptr when there is none.
  std::shared_ptr<const CachedFile> get(const std::string& url_path);
  // Reads and compresses every file under the root (called at start-up from a background thread, so the first
  // visitor does not wait for Brotli). Returns the number of files cached.
  int warm();
  const std::string& root() const { return root_; }

 private:
  struct Entry {
    std::uintmax_t size = 0;
    std::filesystem::file_time_type mtime;
    std::shared_ptr<const CachedFile> file;
  };
  std::string root_;
  std::mutex mutex_;       // files_
  std::mutex load_mutex_;  // one file read and compressed at a time
  std::map<std::string, Entry> files_;
  std::size_t cached_bytes_ = 0;
};

}  // namespace elective::server
