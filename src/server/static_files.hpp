#pragma once
// Static files of the built dashboard (web/dist). Request paths are decoded by the HTTP library; this module
// refuses any path with a ".." segment, a backslash or a NUL, and checks that the resolved file lies inside
// the root after following symbolic links, so nothing outside the folder can be read.
#include <optional>
#include <string>

namespace elective::server {

struct StaticFile {
  std::string content;
  std::string content_type;
  bool immutable = false;  // hashed asset under assets/: cache for a year
};

// The file for a URL path under `root`. Paths without an extension (client-side routes) get index.html.
// nullopt when the path is unsafe or no such file exists.
std::optional<StaticFile> find_static_file(const std::string& root, const std::string& url_path);

// Content type from a file extension.
std::string content_type_for(const std::string& path);

// A self-contained page shown at / when the dashboard has not been built.
std::string missing_dashboard_page(const std::string& root);

}  // namespace elective::server
