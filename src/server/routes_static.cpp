// Every other GET: the dashboard's files from --static, compressed once (StaticFileCache) and sent in the
// encoding the browser prefers. The dashboard page also sets the CSRF cookie (request_policy.hpp).
#include <filesystem>

#include "server/request_policy.hpp"
#include "server/routes.hpp"
#include "server/server.hpp"
#include "server/static_files.hpp"

namespace elective::server {
namespace fs = std::filesystem;

void add_static_routes(httplib::Server& http, RouteContext& context) {
  http.Get(
      ".*", guarded(context.log, [&context](const httplib::Request& req, httplib::Response& res) {
        if (req.path.rfind("/api/", 0) == 0 || req.path == "/api") {
          send_error(res, 404, "not found: " + req.path);
          return;
        }
        const auto file = context.static_files.get(req.path);
        if (!file) {
          std::error_code ec;
          if (!fs::exists(fs::path(context.config.static_dir) / "index.html", ec) &&
              (req.path == "/" || req.path == "/index.html")) {
            res.set_content(missing_dashboard_page(context.config.static_dir), "text/html; charset=utf-8");
            return;
          }
          send_error(res, 404, "not found: " + req.path);
          return;
        }
        res.set_header("Cache-Control", file->immutable ? "public, max-age=31536000, immutable" : "no-cache");
        res.set_header("ETag", file->etag);
        const bool html = file->body.content_type.rfind("text/html", 0) == 0;
        if (html) {
          res.set_header("Content-Security-Policy",
                         "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
                         "connect-src 'self'; frame-ancestors 'none'");
          ensure_csrf_cookie(req, res);
        }
        if (req.get_header_value("If-None-Match") == file->etag) {
          res.status = 304;
          return;
        }
        send_encoded(req, res, file->body);
      }));
}

}  // namespace elective::server
