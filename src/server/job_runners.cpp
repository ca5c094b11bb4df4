#include "server/job_runners.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <limits>
#include <set>
#include <vector>

#include "core/error.hpp"
#include "core/policies.hpp"
#include "data/data_source.hpp"
#include "plan/cancer_forecast.hpp"
#include "plan/forecast_api.hpp"
#include "plan/levers.hpp"
#include "plan/scenario.hpp"
#include "plan/targets.hpp"
#include "server/api_util.hpp"
#include "server/isolated_run.hpp"
#include "sim/config.hpp"
#include "sim/simulate_api.hpp"

namespace elective::server {
namespace fs = std::filesystem;

std::shared_ptr<const data::Dataset> BundledFiles::get(const std::string& data_dir, const std::string& name) {
  std::lock_guard lock(mutex);
  auto& slot = parsed[name];
  if (!slot) {
    const std::string content = data::read_file((fs::path(data_dir) / name).string());
    slot = std::make_shared<const data::Dataset>(data::parse_input({data::InputFile{name, content}}));
  }
  return slot;
}

namespace {

// Requests nest a scenario a few levels deep; anything deeper is refused before it is walked recursively.
constexpr int kMaxRequestDepth = 64;

const SourceLocation kOptions{"options", 0, 0, {}};

// The server's path policy and data for one request: stored datasets by id, bundled data files by name, and
// nothing else. Names are remembered as they are resolved (by the scenario gate and the [simulation] reader);
// prefetch() then has every one of them parsed - in this process, before a job's child is forked - and the
// run reads them from here, never from the store or the disk.
class ServerDataSource : public data::DataSource {
 public:
  explicit ServerDataSource(const JobContext& context) : context_(context) {}

  std::optional<data::DataRef> find(const std::string& name) const override {
    // Only a bundled file's name counts: any folder part is dropped, so no other server path is ever looked
    // at.
    const std::string base = fs::path(name).filename().string();
    if (base.empty() || base == "." || base == "..") return std::nullopt;
    std::error_code ec;
    if (!fs::is_regular_file(fs::path(context_.data_dir) / base, ec)) return std::nullopt;
    data::DataRef ref{name, "bundled:" + base};
    remember(ref);
    return ref;
  }

  data::DataRef resolve(const std::string& name, const SourceLocation& where,
                        std::string_view key) const override {
    if (auto ref = find(name)) return *ref;
    throw InputError(where,
                     fmt::format("{}: the server reads only its bundled data files, by name ({}), or a "
                                 "stored dataset ({{\"start\": {{\"dataset\": ID}}}}); \"{}\" is neither",
                                 key, bundled_names(), name));
  }

  data::DataRef resolve_dataset(std::int64_t id, const SourceLocation& where,
                                std::string_view key) const override {
    return resolve_stored(id, {data::InputKind::rtt, data::InputKind::national}, where, key);
  }

  // A stored dataset of one of `kinds`.
  data::DataRef resolve_stored(std::int64_t id, const std::vector<data::InputKind>& kinds,
                               const SourceLocation& where, std::string_view key) const {
    const auto info = context_.datasets->find(id);
    if (!info) throw InputError(where, fmt::format("{}: dataset {} does not exist", key, id));
    if (std::find(kinds.begin(), kinds.end(), info->kind) == kinds.end())
      throw InputError(where, fmt::format("{}: dataset {} is {} data, which cannot be used here", key, id,
                                          store::to_string(info->kind)));
    data::DataRef ref{fmt::format("dataset {}", id), fmt::format("dataset:{}", id)};
    remember(ref);
    return ref;
  }

  // Parses (or takes the dataset service's parse of) everything resolved so far.
  void prefetch() {
    std::map<std::string, data::DataRef> refs;
    {
      std::lock_guard lock(refs_mutex_);
      refs = refs_;
    }
    for (const auto& [key, ref] : refs) {
      if (parsed_.count(key) != 0) continue;
      if (key.rfind("dataset:", 0) == 0) {
        parsed_[key] = context_.datasets->dataset(std::stoll(key.substr(8)));
      } else {
        parsed_[key] = bundled(key.substr(8));
      }
    }
  }

 protected:
  std::shared_ptr<const data::Dataset> load(const data::DataRef& ref,
                                            const data::ReadOptions& options) override {
    const auto it = parsed_.find(ref.key);
    if (it == parsed_.end())
      throw RuntimeError("internal error: " + ref.name + " was not prepared for this run");
    const auto& d = it->second;
    // Stored lists were checked row by row on upload; what is left to check is the scenario's provider list.
    if (d->patients && options.patients.known_providers)
      for (const auto& code : d->patients->providers)
        if (options.patients.known_providers->count(code) == 0)
          throw InputError(fmt::format(
              "{}: provider {} is not among the scenario's [[simulation.provider]] codes", ref.name, code));
    return d;
  }

 private:
  void remember(const data::DataRef& ref) const {
    std::lock_guard lock(refs_mutex_);
    refs_.emplace(ref.key, ref);
  }

  std::string bundled_names() const {
    std::vector<std::string> names;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(context_.data_dir, ec))
      if (entry.is_regular_file(ec) && entry.path().extension() == ".csv")
        names.push_back(entry.path().filename().string());
    std::sort(names.begin(), names.end());
    return names.empty() ? std::string("none") : fmt::format("{}", fmt::join(names, ", "));
  }

  // A bundled file, parsed once per server.
  std::shared_ptr<const data::Dataset> bundled(const std::string& name) const {
    return context_.bundled->get(context_.data_dir, name);
  }

  const JobContext context_;  // a copy: the source may outlive the runner call that made it
  mutable std::mutex refs_mutex_;
  mutable std::map<std::string, data::DataRef> refs_;
  std::map<std::string, std::shared_ptr<const data::Dataset>> parsed_;
};

struct PreparedScenario {
  std::shared_ptr<ServerDataSource> source;
  plan::Scenario scenario;
};

// Refuses requests nested deeper than `max` (walked without recursion: a request of 100,000 nested arrays is
// an error, not a stack overflow when it is later serialised).
void check_depth(const nlohmann::json& request, int max) {
  std::vector<std::pair<const nlohmann::json*, int>> stack{{&request, 1}};
  while (!stack.empty()) {
    const auto [value, depth] = stack.back();
    stack.pop_back();
    if (!value->is_structured()) continue;
    if (depth > max) throw InputError(fmt::format("the request is nested more than {} levels deep", max));
    for (const auto& child : *value) stack.emplace_back(&child, depth + 1);
  }
}

// The request's scenario through the gate. A JSON object is read as the server prints it (two-space indent,
// keys sorted): line and column refer to that; send the scenario as text (TOML, or JSON in a string) for
// positions in your own text.
PreparedScenario prepare_scenario(const JobContext& context, const nlohmann::json& request) {
  if (!request.contains("scenario"))
    throw InputError("scenario: missing (a JSON object, or TOML text as a string)");
  const auto& value = request["scenario"];
  std::string text;
  plan::ScenarioSyntax syntax = plan::ScenarioSyntax::toml;
  if (value.is_object()) {
    text = value.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
    syntax = plan::ScenarioSyntax::json;
  } else if (value.is_string()) {
    text = value.get<std::string>();
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first != std::string::npos && text[first] == '{') syntax = plan::ScenarioSyntax::json;
  } else {
    throw InputError("scenario: expected a JSON object or TOML text (a string)");
  }
  PreparedScenario out;
  out.source = std::make_shared<ServerDataSource>(context);
  out.scenario = plan::parse_scenario(text, syntax, "scenario", out.source);
  return out;
}

const nlohmann::json& options_of(const nlohmann::json& request) {
  static const nlohmann::json empty = nlohmann::json::object();
  if (!request.contains("options")) return empty;
  if (!request["options"].is_object()) throw InputError("options: expected a JSON object");
  return request["options"];
}

template <typename T>
std::optional<T> option(const nlohmann::json& options, const char* key) {
  if (!options.contains(key) || options[key].is_null()) return std::nullopt;
  try {
    return options[key].get<T>();
  } catch (const nlohmann::json::exception&) {
    throw InputError(std::string("options.") + key + ": wrong type");
  }
}

// A job's target is read against its scenario's list when the job runs; here it only has to be a target of
// some list (RTT weeks, DM01 weeks, a cancer standard's days), so that a typo is a 400 at once.
void check_target_text(const std::string& text) {
  try {
    (void)plan::parse_target(text);
    return;
  } catch (const InputError&) {
    try {
      (void)plan::parse_target(text, dm01_list());
      return;
    } catch (const InputError&) {
    }
    for (const data::CancerStandard standard : data::kCancerStandards) {
      try {
        (void)plan::parse_cancer_target(text, standard);
        return;
      } catch (const InputError&) {
      }
    }
    throw;
  }
}

plan::RunOptions plan_options(const nlohmann::json& request) {
  const auto& options = options_of(request);
  plan::RunOptions out;
  out.samples = option<int>(options, "samples");
  if (out.samples && (*out.samples < 0 || *out.samples > 10000))
    throw InputError("options.samples: expected 0 to 10000");
  out.seed = option<std::uint64_t>(options, "seed");
  out.target = option<std::string>(options, "target");
  if (out.target) check_target_text(*out.target);
  out.lever = option<std::string>(options, "lever");
  if (out.lever && plan::find_lever(*out.lever) == nullptr)
    throw InputError(fmt::format("options.lever: expected {}; got \"{}\"", plan::lever_names(), *out.lever));
  // Samples and groups run on this many threads; unset (or 0) is one per core. Results do not depend on it.
  out.threads = option<int>(options, "threads");
  if (out.threads && (*out.threads < 0 || *out.threads > 1024))
    throw InputError("options.threads: expected 0 to 1024");
  return out;
}

sim::SimRunOptions sim_options(const nlohmann::json& request, const ServerDataSource& source) {
  const auto& options = options_of(request);
  sim::SimRunOptions out;
  out.replications = option<int>(options, "replications");
  if (out.replications && (*out.replications < 1 || *out.replications > 100000))
    throw InputError("options.replications: expected 1 to 100000");
  out.threads = option<int>(options, "threads");
  if (out.threads && (*out.threads < 0 || *out.threads > 1024))
    throw InputError("options.threads: expected 0 to 1024");
  out.seed = option<std::uint64_t>(options, "seed");
  out.policy = option<std::string>(options, "policy");
  if (out.policy && !parse_policy(*out.policy, Engine::simulation))
    throw InputError(fmt::format("options.policy: unknown policy '{}' (expected {})", *out.policy,
                                 policy_names(Engine::simulation)));
  if (auto id = option<std::int64_t>(options, "patient_list_dataset"))
    out.patient_list =
        source.resolve_stored(*id, {data::InputKind::patient_list}, kOptions, "options.patient_list_dataset");
  return out;
}

// Runs `model` isolated in a child process when the context asks for it, else here.
nlohmann::json run_model(const JobContext& context, const IsolatedWork& model, const Progress& progress) {
  return context.isolate ? run_isolated(model, progress) : model(progress);
}

// A forecast or solve job: both take a scenario and plan options and differ only in the plan function run.
using PlanFunction = nlohmann::json (*)(const plan::Scenario&, const plan::RunOptions&, const Progress&);

JobRunner plan_runner(const JobContext& context, PlanFunction run) {
  return [context, run](const nlohmann::json& request, const Progress& progress) {
    auto prepared = prepare_scenario(context, request);
    const auto options = plan_options(request);
    prepared.source->prefetch();
    const plan::Scenario scenario = std::move(prepared.scenario);
    return run_model(
        context, [scenario, options, run](const Progress& p) { return run(scenario, options, p); }, progress);
  };
}

}  // namespace

void check_job_request(const JobContext& context, const nlohmann::json& request) {
  if (!request.is_object()) throw InputError("expected a JSON object {\"kind\", \"scenario\", \"options\"}");
  check_depth(request, kMaxRequestDepth);
  const auto prepared = prepare_scenario(context, request);
  if (request.value("kind", std::string()) == "simulate") {
    (void)sim::parse_sim_config(prepared.scenario);
    (void)sim_options(request, *prepared.source);
  } else {
    (void)plan_options(request);
  }
}

std::map<std::string, JobRunner> make_job_runners(const JobContext& context) {
  std::map<std::string, JobRunner> runners;
  // Each runner prepares in this process (the scenario gate, options, and every dataset the run reads,
  // parsed) and runs the model in the child: everything the child needs is captured by value.
  runners["forecast"] = plan_runner(context, &plan::run_forecast);
  runners["solve"] = plan_runner(context, &plan::run_solve);
  runners["simulate"] = [context](const nlohmann::json& request, const Progress& progress) {
    auto prepared = prepare_scenario(context, request);
    const sim::SimRunOptions options = sim_options(request, *prepared.source);
    (void)sim::parse_sim_config(prepared.scenario);  // resolves the files [simulation] names, for prefetch
    prepared.source->prefetch();
    const plan::Scenario scenario = std::move(prepared.scenario);
    return run_model(
        context, [scenario, options](const Progress& p) { return sim::run_simulation(scenario, options, p); },
        progress);
  };
  return runners;
}

}  // namespace elective::server
