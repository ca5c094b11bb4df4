#include "server/job_runners.hpp"

#include <atomic>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <toml++/toml.h>

#include "core/error.hpp"
#include "server/api_util.hpp"
#include "server/isolated_run.hpp"

#include "plan/forecast_api.hpp"
#include "plan/scenario.hpp"
#include "sim/simulate_api.hpp"

namespace elective::server {
namespace fs = std::filesystem;
namespace {

// A file exported from the store for one run; removed when the run ends. The folder is private (0700) because
// a patient-level list may be among them.
class ScratchFile {
 public:
  ScratchFile(const std::string& dir, const std::string& name, const std::string& content) {
    static std::atomic<int> counter{0};
    if (!fs::is_directory(dir)) throw IoError("scratch folder " + dir + " is missing");
    path_ = (fs::path(dir) / (std::to_string(++counter) + "-" + name)).string();
    std::ofstream out(path_, std::ios::binary | std::ios::trunc);
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    if (!out) throw IoError("cannot write scratch file " + path_);
  }
  ~ScratchFile() {
    std::error_code ec;
    fs::remove(path_, ec);
  }
  ScratchFile(const ScratchFile&) = delete;
  ScratchFile& operator=(const ScratchFile&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

struct PreparedScenario {
  std::string text;
  bool toml = false;
  std::vector<std::unique_ptr<ScratchFile>> files;
};

// Exports a stored dataset for a run. `kind` nullopt: any aggregate dataset (RTT extract or national series).
std::unique_ptr<ScratchFile> export_dataset(const JobContext& context, std::int64_t id,
                                            std::optional<store::DatasetKind> kind) {
  auto found = context.datasets->store().find_dataset(id);
  if (!found) throw InputError("dataset " + std::to_string(id) + " does not exist");
  const bool ok = kind ? found->kind == *kind : found->kind != store::DatasetKind::patient_list;
  if (!ok)
    throw InputError("dataset " + std::to_string(id) + " is " + store::to_string(found->kind) +
                     " data, which cannot be used here");
  const auto& info = *found;
  auto files = context.datasets->store().dataset_files(info.id);
  if (files.size() != 1)
    throw InputError("dataset " + std::to_string(id) + " has " + std::to_string(files.size()) +
                     " files; a scenario can start from a one-file dataset only");
  return std::make_unique<ScratchFile>(context.scratch_dir, files.front().name, files.front().content);
}

// Resolves a start.data value: only files of the bundled data folder are readable through the API. A path is
// accepted when it has no ".." and its file name exists there (so "data/rtt_full_2024-11_RBD.csv", as written
// in scenarios/*.toml, works); the server then reads its own copy in the data folder.
std::string resolve_data_name(const JobContext& context, const std::string& name) {
  const auto base = fs::path(name).filename().string();
  const bool safe = !name.empty() && name.find("..") == std::string::npos &&
                    name.find('\\') == std::string::npos && name.front() != '/' && !base.empty() &&
                    base != "." && base != "..";
  const auto resolved = fs::path(context.data_dir) / base;
  if (!safe || !fs::is_regular_file(resolved))
    throw InputError(
        "start.data: the server only reads its bundled data files by name (e.g. "
        "\"rtt_national_timeseries.csv\") or a stored dataset ({\"start\": {\"dataset\": ID}}), got \"" +
        name + "\"");
  return resolved.string();
}

PreparedScenario prepare_scenario(const JobContext& context, const nlohmann::json& request) {
  if (!request.contains("scenario"))
    throw InputError("scenario: missing (a JSON object, or TOML text as a string)");
  const auto& scenario = request["scenario"];
  PreparedScenario out;
  if (scenario.is_object()) {
    nlohmann::json copy = scenario;
    if (copy.contains("start") && copy["start"].is_object()) {
      auto& start = copy["start"];
      if (start.contains("dataset")) {
        if (!start["dataset"].is_number_integer()) throw InputError("start.dataset: expected a dataset id");
        out.files.push_back(export_dataset(context, start["dataset"].get<std::int64_t>(), std::nullopt));
        start.erase("dataset");
        start["data"] = out.files.back()->path();
      } else if (start.contains("data") && start["data"].is_string()) {
        start["data"] = resolve_data_name(context, start["data"].get<std::string>());
      }
    }
    out.text = copy.dump();
  } else if (scenario.is_string()) {
    out.toml = true;
    toml::table table;
    try {
      table = toml::parse(scenario.get<std::string>(), std::string_view("scenario"));
    } catch (const toml::parse_error& e) {
      const auto& where = e.source().begin;
      throw InputError(SourceLocation{"scenario", where.line, where.column, {}},
                       std::string(e.description()));
    }
    if (auto* start = table["start"].as_table()) {
      if (auto dataset = (*start)["dataset"].value<std::int64_t>()) {
        out.files.push_back(export_dataset(context, *dataset, std::nullopt));
        start->erase("dataset");
        start->insert_or_assign("data", out.files.back()->path());
      } else if (auto data = (*start)["data"].value<std::string>()) {
        start->insert_or_assign("data", resolve_data_name(context, *data));
      }
    }
    std::ostringstream text;
    text << table;
    out.text = text.str();
  } else {
    throw InputError("scenario: expected a JSON object or TOML text (a string)");
  }
  return out;
}

[[maybe_unused]] const nlohmann::json& options_of(const nlohmann::json& request) {
  static const nlohmann::json empty = nlohmann::json::object();
  if (!request.contains("options")) return empty;
  if (!request["options"].is_object()) throw InputError("options: expected a JSON object");
  return request["options"];
}

template <typename T>
[[maybe_unused]] std::optional<T> option(const nlohmann::json& options, const char* key) {
  if (!options.contains(key) || options[key].is_null()) return std::nullopt;
  try {
    return options[key].get<T>();
  } catch (const nlohmann::json::exception&) {
    throw InputError(std::string("options.") + key + ": wrong type");
  }
}

plan::Scenario parse_scenario_text(const std::string& text, bool toml, const std::string& data_dir) {
  return plan::parse_scenario(text, toml ? plan::ScenarioSyntax::toml : plan::ScenarioSyntax::json,
                              "scenario", data_dir);
}

plan::Scenario parse_prepared(const JobContext& context, const PreparedScenario& prepared) {
  return parse_scenario_text(prepared.text, prepared.toml, context.data_dir);
}

plan::RunOptions plan_options(const nlohmann::json& request) {
  const auto& options = options_of(request);
  plan::RunOptions out;
  out.samples = option<int>(options, "samples");
  if (out.samples && (*out.samples < 0 || *out.samples > 10000))
    throw InputError("options.samples: expected 0 to 10000");
  out.seed = option<std::uint64_t>(options, "seed");
  out.target = option<std::string>(options, "target");
  out.lever = option<std::string>(options, "lever");
  return out;
}

}  // namespace

void check_job_request(const JobContext& context, const nlohmann::json& request) {
  if (!request.is_object()) throw InputError("expected a JSON object {\"kind\", \"scenario\", \"options\"}");
  const auto prepared = prepare_scenario(context, request);
  const auto scenario = parse_prepared(context, prepared);
  (void)scenario;
  (void)options_of(request);
}

// Runs `model` isolated in a child process when the context asks for it, else here.
static nlohmann::json run_model(const JobContext& context, const IsolatedWork& model,
                                const Progress& progress) {
  return context.isolate ? run_isolated(model, progress) : model(progress);
}

// A forecast or solve job: both take a scenario and plan options and differ only in the plan function run.
using PlanFunction = nlohmann::json (*)(const plan::Scenario&, const plan::RunOptions&, const Progress&);

static JobRunner plan_runner(const JobContext& context, PlanFunction run) {
  return [context, run](const nlohmann::json& request, const Progress& progress) {
    const auto prepared = prepare_scenario(context, request);
    const auto options = plan_options(request);
    const std::string text = prepared.text, data_dir = context.data_dir;
    const bool toml = prepared.toml;
    return run_model(
        context,
        [text, toml, data_dir, options, run](const Progress& p) {
          return run(parse_scenario_text(text, toml, data_dir), options, p);
        },
        progress);
  };
}

std::map<std::string, JobRunner> make_job_runners(const JobContext& context) {
  std::map<std::string, JobRunner> runners;
  // Each runner prepares in this process (exports stored datasets, resolves data paths, reads options) and
  // parses and runs the model in the child: everything the child needs is captured by value.
  runners["forecast"] = plan_runner(context, &plan::run_forecast);
  runners["solve"] = plan_runner(context, &plan::run_solve);
  runners["simulate"] = [context](const nlohmann::json& request, const Progress& progress) {
    auto prepared = prepare_scenario(context, request);
    const auto& options = options_of(request);
    sim::SimRunOptions sim_options;
    sim_options.replications = option<int>(options, "replications");
    sim_options.threads = option<int>(options, "threads");
    sim_options.seed = option<std::uint64_t>(options, "seed");
    sim_options.policy = option<std::string>(options, "policy");
    std::unique_ptr<ScratchFile> patient_list;
    if (auto id = option<std::int64_t>(options, "patient_list_dataset")) {
      patient_list = export_dataset(context, *id, store::DatasetKind::patient_list);
      sim_options.patient_list_path = patient_list->path();
    }
    const std::string text = prepared.text, data_dir = context.data_dir;
    const bool toml = prepared.toml;
    return run_model(
        context,
        [text, toml, data_dir, sim_options](const Progress& p) {
          return sim::run_simulation(parse_scenario_text(text, toml, data_dir), sim_options, p);
        },
        progress);
  };
  return runners;
}

}  // namespace elective::server
