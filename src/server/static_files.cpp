#include "server/static_files.hpp"

#include <filesystem>
#include <string>
#include <system_error>

#include "data/csv.hpp"

namespace elective::server {
namespace fs = std::filesystem;

std::string content_type_for(const std::string& path) {
  const auto ext = fs::path(path).extension().string();
  if (ext == ".html") return "text/html; charset=utf-8";
  if (ext == ".js" || ext == ".mjs") return "text/javascript; charset=utf-8";
  if (ext == ".css") return "text/css; charset=utf-8";
  if (ext == ".json" || ext == ".map") return "application/json";
  if (ext == ".svg") return "image/svg+xml";
  if (ext == ".png") return "image/png";
  if (ext == ".ico") return "image/x-icon";
  if (ext == ".woff2") return "font/woff2";
  if (ext == ".txt") return "text/plain; charset=utf-8";
  if (ext == ".yaml" || ext == ".yml") return "application/yaml";
  return "application/octet-stream";
}

std::optional<StaticPath> resolve_static_file(const std::string& root, const std::string& url_path) {
  if (url_path.empty() || url_path.front() != '/') return std::nullopt;
  if (url_path.find('\0') != std::string::npos || url_path.find('\\') != std::string::npos)
    return std::nullopt;
  // Reject any ".." segment outright (before normalisation could hide it).
  size_t start = 1;
  while (start <= url_path.size()) {
    const auto end = url_path.find('/', start);
    const auto segment = url_path.substr(start, end == std::string::npos ? std::string::npos : end - start);
    if (segment == "..") return std::nullopt;
    if (end == std::string::npos) break;
    start = end + 1;
  }
  std::error_code ec;
  const fs::path base = fs::canonical(root, ec);
  if (ec) return std::nullopt;
  std::string relative = url_path.substr(1);
  if (relative.empty() || relative.back() == '/') relative += "index.html";
  fs::path candidate = base / relative;
  if (!fs::exists(candidate, ec) && fs::path(relative).extension().empty()) candidate = base / "index.html";
  const fs::path resolved = fs::canonical(candidate, ec);
  if (ec || !fs::is_regular_file(resolved, ec)) return std::nullopt;
  // The resolved file (symbolic links followed) must still be inside the root.
  const auto root_text = base.string() + "/";
  if (resolved.string().compare(0, root_text.size(), root_text) != 0) return std::nullopt;
  return StaticPath{resolved.string(), relative.rfind("assets/", 0) == 0};
}

std::optional<StaticFile> find_static_file(const std::string& root, const std::string& url_path) {
  const auto path = resolve_static_file(root, url_path);
  if (!path) return std::nullopt;
  return StaticFile{data::read_file(path->file), content_type_for(path->file), path->immutable};
}

namespace {
// Larger files are served as they are, read on each request (the dashboard's largest is about 220 kB); so are
// files beyond the cache's total, so that a large --static folder cannot make every request compress anew.
constexpr std::uintmax_t kMaxCachedFile = 16u << 20;
constexpr std::size_t kMaxCachedBytes = 64u << 20;
constexpr int kMaxWarmFiles = 1000;
}  // namespace

std::shared_ptr<const CachedFile> StaticFileCache::get(const std::string& url_path) {
  const auto path = resolve_static_file(root_, url_path);
  if (!path) return nullptr;
  std::error_code ec;
  const auto size = fs::file_size(path->file, ec);
  const auto mtime = fs::last_write_time(path->file, ec);
  if (ec) return nullptr;
  {
    std::lock_guard lock(mutex_);
    const auto found = files_.find(path->file);
    if (found != files_.end() && found->second.size == size && found->second.mtime == mtime)
      return found->second.file;
  }
  std::lock_guard load(load_mutex_);
  {
    std::lock_guard lock(mutex_);
    const auto found = files_.find(path->file);
    if (found != files_.end() && found->second.size == size && found->second.mtime == mtime)
      return found->second.file;
  }
  auto file = std::make_shared<CachedFile>();
  file->immutable = path->immutable;
  const auto ticks = mtime.time_since_epoch().count();
  file->etag = "\"" + std::to_string(size) + "-" + std::to_string(ticks) + "\"";
  auto content = data::read_file(path->file);
  bool room = false;
  {
    std::lock_guard lock(mutex_);
    room = cached_bytes_ + 2 * size <= kMaxCachedBytes;
  }
  if (size > kMaxCachedFile || !room) {
    file->body.content_type = content_type_for(path->file);
    file->body.identity = std::move(content);
    return file;
  }
  file->body = EncodedBody::make(std::move(content), content_type_for(path->file), 9, 11);
  std::lock_guard lock(mutex_);
  auto& entry = files_[path->file];
  if (entry.file) cached_bytes_ -= entry.file->body.memory();
  entry = Entry{size, mtime, file};
  cached_bytes_ += file->body.memory();
  return file;
}

int StaticFileCache::warm() {
  std::error_code ec;
  const fs::path base = fs::canonical(root_, ec);
  if (ec) return 0;
  int count = 0;
  for (auto it = fs::recursive_directory_iterator(base, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    if (!it->is_regular_file(ec)) continue;
    if (count >= kMaxWarmFiles) break;
    const auto relative = it->path().lexically_relative(base).generic_string();
    if (get("/" + relative)) ++count;
  }
  return count;
}

std::string missing_dashboard_page(const std::string& root) {
  return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Elective</title>"
         "<style>body{font-family:Arial,sans-serif;max-width:40em;margin:3em "
         "auto;color:#212b32;line-height:1.5}"
         "code{background:#f0f4f5;padding:0 .3em}</style></head><body>"
         "<h1>Elective is running, but the dashboard has not been built</h1>"
         "<p>No built dashboard was found in <code>" +
         root +
         "</code>. Build it with <code>bash scripts/bootstrap.d/web.sh</code> (or <code>make run</code>), or "
         "point the server at the built files with <code>elective serve --static DIR</code>.</p>"
         "<p>The JSON API works without it: try <a href=\"/api/health\">/api/health</a> and "
         "<a href=\"/api/datasets\">/api/datasets</a>. See docs/api.md.</p></body></html>";
}

}  // namespace elective::server
