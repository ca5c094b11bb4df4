#pragma once
// The job kinds the server runs, each a thin adapter from the request JSON to the library entry point that
// the CLI command calls (plan::run_forecast, plan::run_solve, sim::run_simulation), so results have exactly
// the shape of `elective forecast|solve|simulate --format json`.
//
// Request: {"kind": "forecast"|"solve"|"simulate", "scenario": <JSON object, or TOML or JSON text as a
//           string>, "options": {"samples", "seed", "target", "lever", "replications", "threads", "policy",
//           "patient_list_dataset"}}
// A scenario passes the same gate as on the command line (plan::parse_scenario), with the server's path
// policy: its start data may name a stored dataset ({"start": {"dataset": 3}}) or a bundled data file by name
// ("rtt_national_timeseries.csv"); no other file on the server can be named, and messages never say whether
// one exists. Stored datasets reach the run already parsed (DatasetService): no scratch files, no rewritten
// scenario, no second parse; a job's child process (isolated_run.hpp) inherits them at fork.
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include <nlohmann/json.hpp>

#include "data/input_formats.hpp"
#include "server/dataset_service.hpp"
#include "server/job_manager.hpp"

namespace elective::server {

// Bundled data files parsed once per server (by name), shared by every job and by the provider routes
// (routes_providers.cpp).
struct BundledFiles {
  std::mutex mutex;
  std::map<std::string, std::shared_ptr<const data::Dataset>> parsed;
  // The file `name` of `data_dir` (a base name, never a path), parsed the first time it is asked for.
  std::shared_ptr<const data::Dataset> get(const std::string& data_dir, const std::string& name);
};

struct JobContext {
  DatasetService* datasets = nullptr;
  std::string data_dir;  // bundled data (scenario file names resolve here)
  std::string
      scratch_dir;  // unused since stored datasets reach runs parsed; kept until server.cpp stops making it
  bool isolate = true;  // run each model in a child process (isolated_run.hpp); false: in a worker thread
  std::shared_ptr<BundledFiles> bundled = std::make_shared<BundledFiles>();
};

std::map<std::string, JobRunner> make_job_runners(const JobContext& context);

// Validates the request - its scenario through the gate (every section, [simulation] included, and every
// file it names) and its options - without reading any data (POST /api/jobs answers 400 at once for a bad
// request). Throws InputError / HttpError.
void check_job_request(const JobContext& context, const nlohmann::json& request);

}  // namespace elective::server
