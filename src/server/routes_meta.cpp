// GET /api/health and GET /api/scenarios.
#include <algorithm>
#include <filesystem>
#include <vector>

#include <toml++/toml.h>
#include <nlohmann/json.hpp>

#include "core/version.hpp"
#include "data/csv.hpp"
#include "server/dataset_service.hpp"
#include "server/job_manager.hpp"
#include "server/request_policy.hpp"
#include "server/routes.hpp"
#include "server/server.hpp"

namespace elective::server {
namespace fs = std::filesystem;

void add_meta_routes(httplib::Server& http, RouteContext& context) {
  http.Get("/api/health",
           guarded(context.log, [&context](const httplib::Request& req, httplib::Response& res) {
             ensure_csrf_cookie(req, res);
             send_json(res, {{"status", "ok"},
                             {"version", std::string(version())},
                             {"auth_required", context.config.token.has_value()},
                             {"job_kinds", context.jobs.kinds()},
                             {"datasets", context.datasets.list().size()}});
           }));
  // The ready-made scenarios shipped in scenarios/ (published plans, current trends, patient-level runs), so
  // the dashboard can start from them. Only *.toml files directly in that folder are listed.
  http.Get("/api/scenarios",
           guarded(context.log, [&context](const httplib::Request&, httplib::Response& res) {
             nlohmann::json list = nlohmann::json::array();
             std::error_code ec;
             std::vector<fs::path> files;
             for (const auto& entry : fs::directory_iterator(context.config.scenarios_dir, ec))
               if (entry.is_regular_file() && entry.path().extension() == ".toml")
                 files.push_back(entry.path());
             std::sort(files.begin(), files.end());
             for (const auto& file : files) {
               const auto text = data::read_file(file.string());
               nlohmann::json item = {{"file", file.filename().string()},
                                      {"name", file.stem().string()},
                                      {"description", ""},
                                      {"patient_level", false},
                                      {"text", text}};
               try {
                 const auto table = toml::parse(text, file.string());
                 if (auto name = table["scenario"]["name"].value<std::string>()) item["name"] = *name;
                 if (auto description = table["scenario"]["description"].value<std::string>())
                   item["description"] = *description;
                 item["patient_level"] = table.contains("simulation");
                 // The list it forecasts, so that the RTT builder offers only RTT scenarios: a cancer
                 // standard, the DM01 file (the server reads only bundled files, by name), else RTT.
                 const auto data = table["start"]["data"].value<std::string>().value_or("");
                 item["list"] = table["start"]["standard"]               ? "cancer"
                                : data.find("dm01") != std::string::npos ? "dm01"
                                                                         : "rtt";
               } catch (const toml::parse_error&) {
                 continue;  // not a valid scenario: not offered
               }
               list.push_back(std::move(item));
             }
             send_json(res, {{"scenarios", list}});
           }));
}

}  // namespace elective::server
