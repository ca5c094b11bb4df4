#pragma once
// The job kinds the server runs, each a thin adapter from the request JSON to the library entry point that
// the CLI command calls (plan::run_forecast, plan::run_solve, sim::run_simulation), so results have exactly
// the shape of `elective forecast|solve|simulate --format json`.
//
// Request: {"kind": "forecast"|"solve"|"simulate", "scenario": <JSON object, or TOML text as a string>,
//           "options": {"samples", "seed", "target", "lever", "replications", "threads", "policy",
//                       "patient_list_dataset"}}
// A scenario's start data may name a stored dataset ({"start": {"dataset": 3}}); a file path must be a
// bundled data file (a bare name in the data folder): the API never reads arbitrary server paths.
#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "server/dataset_service.hpp"
#include "server/job_manager.hpp"

namespace elective::server {

struct JobContext {
  DatasetService* datasets = nullptr;
  std::string data_dir;     // bundled data (scenario file names resolve here)
  std::string scratch_dir;  // private folder for datasets exported for a run
  bool isolate = true;      // run each model in a child process (isolated_run.hpp); false: in a worker thread
};

std::map<std::string, JobRunner> make_job_runners(const JobContext& context);

// Validates the request's scenario without running it (POST /api/jobs answers 400 at once for a bad
// scenario). Throws InputError / HttpError.
void check_job_request(const JobContext& context, const nlohmann::json& request);

}  // namespace elective::server
