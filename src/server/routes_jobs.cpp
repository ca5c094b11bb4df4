// /api/jobs: submit, list, one, result, result.xlsx, cancel.
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "report/xlsx_workbook.hpp"
#include "server/job_manager.hpp"
#include "server/job_runners.hpp"
#include "server/routes.hpp"

namespace elective::server {
namespace {

// The Inputs sheet of a job's workbook: the scenario as it was sent (TOML or JSON text verbatim, a JSON
// object indented) and the job's options, so the workbook says what was run.
std::string job_inputs_text(const std::string& request_text) {
  const auto request = nlohmann::json::parse(request_text, nullptr, false);
  if (request.is_discarded() || !request.is_object()) return request_text;
  std::string text;
  if (const auto options = request.find("options"); options != request.end() && !options->empty())
    text += "# options of the job: " + options->dump() + "\n";
  if (const auto scenario = request.find("scenario"); scenario != request.end())
    text += scenario->is_string() ? scenario->get<std::string>() : scenario->dump(2);
  return text;
}

// The result of a finished job, or the HTTP error saying why there is none.
nlohmann::json finished_result(JobManager& jobs, const std::string& id_text) {
  auto job = jobs.describe(parse_id(id_text, "job id"));
  if (!job) throw HttpError{404, "no job " + id_text};
  if (!job->contains("result"))
    throw HttpError{409, "job " + id_text + " is " + (*job)["state"].get<std::string>()};
  return std::move((*job)["result"]);
}

}  // namespace

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
             send_json(res, finished_result(context.jobs, req.matches[1]));
           }));
  // The whole result as an Excel workbook: the same workbook as `elective forecast|solve|simulate --format
  // xlsx` (report/xlsx_workbook.hpp: a sheet per table, the scenario on "Inputs", a "Provenance" sheet).
  http.Get(R"(/api/jobs/(\d+)/result\.xlsx)",
           guarded(context.log, [&context](const httplib::Request& req, httplib::Response& res) {
             const std::string id_text = req.matches[1];
             const auto result = finished_result(context.jobs, id_text);
             const auto record = context.datasets.store().find_job(parse_id(id_text, "job id"));
             if (!record) throw HttpError{404, "no job " + id_text};
             const std::string bytes = render_xlsx(json_workbook(
                 result, job_inputs_text(record->request),
                 workbook_provenance(
                     "made by",
                     fmt::format("{} job {} of elective serve, submitted {} (GET /api/jobs/{}/result.xlsx)",
                                 record->kind, record->id, record->created_at, record->id))));
             res.set_header(
                 "Content-Disposition",
                 fmt::format("attachment; filename=\"elective-{}-job-{}.xlsx\"", record->kind, record->id));
             res.set_content(bytes, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
           }));
  http.Delete(R"(/api/jobs/(\d+))",
              guarded(context.log, [&context](const httplib::Request& req, httplib::Response& res) {
                const auto id = parse_id(req.matches[1], "job id");
                if (!context.jobs.cancel(id)) throw HttpError{404, "no job " + std::to_string(id)};
                send_json(res, *context.jobs.describe(id, false), 202);
              }));
}

}  // namespace elective::server
