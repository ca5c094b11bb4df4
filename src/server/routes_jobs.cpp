// /api/jobs: submit, list, one, result, cancel.
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "server/job_manager.hpp"
#include "server/job_runners.hpp"
#include "server/routes.hpp"

namespace elective::server {

void add_job_routes(httplib::Server& http, RouteContext& context) {
  http.Post(
      "/api/jobs", guarded(context.log, [&context](const httplib::Request& req, httplib::Response& res) {
        const auto request = nlohmann::json::parse(req.body);
        if (!request.is_object() || !request.contains("kind") || !request["kind"].is_string())
          throw HttpError{400, "expected {\"kind\": \"forecast\"|\"solve\"|\"simulate\", \"scenario\": ...}"};
        const auto kind = request["kind"].get<std::string>();
        if (!context.jobs.knows_kind(kind))
          throw HttpError{400, "kind: \"" + kind + "\" is not a job kind this server runs (" +
                                   fmt::format("{}", fmt::join(context.jobs.kinds(), ", ")) + ")"};
        // A bad scenario is a 400 now, not a failed job later.
        check_job_request(context.job_context, request);
        std::int64_t id = 0;
        try {
          id = context.jobs.submit(kind, request);
        } catch (const RuntimeError& e) {
          throw HttpError{503, e.what()};
        }
        res.set_header("Location", "/api/jobs/" + std::to_string(id));
        send_json(res, *context.jobs.describe(id, false), 202);
      }));
  http.Get("/api/jobs", guarded(context.log, [&context](const httplib::Request&, httplib::Response& res) {
             send_json(res, {{"jobs", context.jobs.list()}});
           }));
  http.Get(R"(/api/jobs/(\d+))",
           guarded(context.log, [&context](const httplib::Request& req, httplib::Response& res) {
             auto job = context.jobs.describe(parse_id(req.matches[1], "job id"));
             if (!job) throw HttpError{404, "no job " + std::string(req.matches[1])};
             send_json(res, *job);
           }));
  http.Get(R"(/api/jobs/(\d+)/result)",
           guarded(context.log, [&context](const httplib::Request& req, httplib::Response& res) {
             auto job = context.jobs.describe(parse_id(req.matches[1], "job id"));
             if (!job) throw HttpError{404, "no job " + std::string(req.matches[1])};
             if (!job->contains("result"))
               throw HttpError{
                   409, "job " + std::string(req.matches[1]) + " is " + (*job)["state"].get<std::string>()};
             send_json(res, (*job)["result"]);
           }));
  http.Delete(R"(/api/jobs/(\d+))",
              guarded(context.log, [&context](const httplib::Request& req, httplib::Response& res) {
                const auto id = parse_id(req.matches[1], "job id");
                if (!context.jobs.cancel(id)) throw HttpError{404, "no job " + std::to_string(id)};
                send_json(res, *context.jobs.describe(id, false), 202);
              }));
}

}  // namespace elective::server
