// Every provider of England (issue 11, item 8): GET /api/providers and GET /api/provider-stats, over the RTT
// provider months file (rtt_provider_months_waited.csv.gz: every provider x specialty by calendar months
// waited) and the provider reference (providers.csv: names, ICBs, regions, locations).
//
// Both read the bundled files (parsed once per server, BundledFiles) unless `dataset` names a stored
// provider months upload. A merged row of the file (several providers' combined figures under one name) is a
// group keyed "merged:CODE1+CODE2+..." here as everywhere: listed with all its codes, never as the trust
// whose name the source gave it, and never placed on a map at one trust's location.
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <memory>

#include "core/error.hpp"
#include "core/progress.hpp"
#include "core/table.hpp"
#include "data/data_source.hpp"
#include "data/input_file.hpp"
#include "data/input_formats.hpp"
#include "plan/forward_wait.hpp"
#include "plan/group_forecast.hpp"
#include "plan/scenario.hpp"
#include "server/dataset_service.hpp"
#include "server/job_runners.hpp"
#include "server/response_cache.hpp"
#include "server/routes.hpp"
#include "server/server.hpp"
#include "stats/provider_stats.hpp"

namespace elective::server {
namespace {

namespace fs = std::filesystem;

constexpr const char* kMonthsFile = "rtt_provider_months_waited.csv.gz";
constexpr const char* kReferenceFile = "providers.csv";

struct ProviderData {
  std::shared_ptr<const data::Dataset> months;     // holds provider_months
  std::shared_ptr<const data::Dataset> reference;  // holds providers
  std::string source;                              // the months file's name, or the stored dataset's
  std::optional<std::int64_t> dataset;             // the stored dataset, when one was named
};

ProviderData provider_data(RouteContext& context, const httplib::Request& req) {
  ProviderData out;
  if (const auto id = param(req, "dataset")) {
    const auto info = context.datasets.resolve(id, store::DatasetKind::provider_months);
    out.months = context.datasets.dataset(info.id);
    out.source = info.name;
    out.dataset = info.id;
  } else {
    out.months = bundled_file(context, kMonthsFile, "provider months file");
    out.source = kMonthsFile;
  }
  out.reference = bundled_file(context, kReferenceFile, "provider reference");
  return out;
}

nlohmann::json optional_text(const std::string& text) {
  return text.empty() ? nlohmann::json() : nlohmann::json(text);
}

// Each provider group of the months file with its place and, for a single provider, its location. A merged
// group lists its members (code and reference name) and has no location of its own.
std::string providers_json(const ProviderData& d) {
  const data::ProviderMonths& file = *d.months->provider_months;
  const data::ProviderReference& reference = *d.reference->providers;
  nlohmann::json groups = nlohmann::json::array();
  std::size_t merged = 0;
  for (const data::ProviderGroup& g : file.groups()) {
    const stats::ProviderPlace place = stats::provider_place(g, reference);
    nlohmann::json item = {{"provider", g.key},
                           {"provider_name", stats::provider_group_label(g)},
                           {"merged", g.merged()},
                           {"icb", place.icb},
                           {"icb_name", place.icb_name},
                           {"region", place.region},
                           {"region_name", place.region_name},
                           {"lat", nullptr},
                           {"lon", nullptr}};
    if (g.merged()) {
      ++merged;
      item["name_in_source"] = g.name;  // the one name the source files them all under
      nlohmann::json members = nlohmann::json::array();
      for (const std::string& code : g.codes) {
        const data::ProviderInfo* p = reference.find(code);
        members.push_back({{"code", code}, {"name", p ? optional_text(p->name) : nlohmann::json()}});
      }
      item["members"] = std::move(members);
    } else if (const data::ProviderInfo* p = reference.find(g.codes.front())) {
      if (!p->name.empty()) item["reference_name"] = p->name;
      if (p->lat && p->lon) {
        item["lat"] = *p->lat;
        item["lon"] = *p->lon;
      }
    }
    groups.push_back(std::move(item));
  }
  nlohmann::json specialties = nlohmann::json::array();
  for (const data::SpecialtyGroup& sg : data::specialty_groups())
    specialties.push_back({{"code", sg.code}, {"name", sg.name}});
  nlohmann::json months = nlohmann::json::array();
  for (const YearMonth m : file.months()) months.push_back(m.to_string());
  const nlohmann::json body = {{"source", d.source},
                               {"dataset", d.dataset ? nlohmann::json(*d.dataset) : nlohmann::json()},
                               {"reference", reference.source()},
                               {"months", months},
                               {"merged_groups", merged},
                               {"specialties", specialties},
                               {"providers", groups}};
  return body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// `elective stats rtt_provider_months_waited.csv.gz --format json` with the same selections.
std::string provider_stats_json(const ProviderData& d, const httplib::Request& req) {
  stats::ProviderQuery query;
  if (const auto part = param(req, "part")) query.selection.type = stats::parse_months_part(*part);
  query.selection.provider = param(req, "provider");
  query.selection.specialty = param(req, "tfc");
  query.selection.icb = param(req, "icb");
  query.selection.region = param(req, "region");
  if (const auto month = param(req, "month")) {
    query.selection.month = YearMonth::parse(*month);
    if (!query.selection.month) throw HttpError{400, "month: expected YYYY-MM, got \"" + *month + "\""};
  }
  query.by = stats::parse_provider_breakdowns(params(req, "by"));
  const auto rows =
      stats::query_provider_months(*d.months->provider_months, d.reference->providers.get(), query);
  stats::ProviderTableOptions options;
  const auto bins = param(req, "bins");
  options.bins = bins && (*bins == "1" || *bins == "true");
  return render(stats::provider_stats_table(rows, options), Format::json);
}

// The months file already parsed by the server, as the one file a scenario may name: the forward waits'
// scenario reads it from here, never from the disk again.
class ParsedMonths : public data::DataSource {
 public:
  ParsedMonths(std::string name, std::shared_ptr<const data::Dataset> dataset)
      : name_(std::move(name)), dataset_(std::move(dataset)) {}
  // A scenario names the file with or without a folder ("data/rtt_provider_months_waited.csv.gz").
  std::optional<data::DataRef> find(const std::string& name) const override {
    if (fs::path(name).filename().string() != name_) return std::nullopt;
    return data::DataRef{name, "parsed:" + name};
  }
  data::DataRef resolve(const std::string& name, const SourceLocation& where,
                        std::string_view key) const override {
    if (auto ref = find(name)) return *ref;
    throw InputError(where, fmt::format("{}: only {} can be read here", key, name_));
  }

 protected:
  std::shared_ptr<const data::Dataset> load(const data::DataRef&, const data::ReadOptions&) override {
    return dataset_;
  }

 private:
  std::string name_;
  std::shared_ptr<const data::Dataset> dataset_;
};

// `elective wait-estimate rtt_provider_months_waited.csv.gz --tfc ... --format json` with the same options
// (plan/forward_wait.hpp): every provider's backward- and forward-looking wait for one specialty.
std::string forward_wait_json(const ProviderData& d, const httplib::Request& req) {
  const auto tfc = param(req, "tfc");
  if (!tfc) throw HttpError{400, "tfc: required (a specialty code such as C_110, or its name)"};
  const std::string name = d.source;
  const plan::Scenario scenario =
      plan::parse_scenario(plan::current_trends_scenario_text(name), plan::ScenarioSyntax::toml,
                           "providers-current-trends", std::make_shared<ParsedMonths>(name, d.months));
  plan::ForwardWaitQuery query;
  query.tfc = *tfc;
  query.provider = param(req, "provider");
  query.near = param(req, "near");
  if (const auto km = param(req, "within_km")) {
    try {
      std::size_t used = 0;
      query.within_km = std::stod(*km, &used);
      if (used != km->size() || !(query.within_km > 0) || query.within_km > 2000)
        throw std::invalid_argument("");
    } catch (const std::logic_error&) {
      throw HttpError{400,
                      "within_km: expected a distance in km above 0 and at most 2000, got \"" + *km + "\""};
    }
  }
  nlohmann::json body = plan::forward_wait_estimate(scenario, d.reference->providers.get(), query);
  body["dataset"] = d.dataset ? nlohmann::json(*d.dataset) : nlohmann::json();
  return body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// The capacity gap to the target of every provider (issue 11, item 8): `elective solve
// scenarios/providers-current-trends.toml --by provider --lever extra_per_week --target "92% within 18 weeks
// by 2029-03" --format json` (by provider,specialty for one specialty, `tfc`), on this server's months file.
constexpr const char* kGapScenario = "providers-current-trends.toml";
constexpr const char* kGapTarget = "92% within 18 weeks by 2029-03";

std::string capacity_gap_json(RouteContext& context, const ProviderData& d, const httplib::Request& req) {
  const fs::path path = fs::path(context.config.scenarios_dir) / kGapScenario;
  std::error_code ec;
  if (!fs::is_regular_file(path, ec))
    throw HttpError{404, fmt::format("this server has no scenario {}", kGapScenario)};
  const plan::Scenario scenario =
      plan::parse_scenario(data::read_file(path.string()), plan::ScenarioSyntax::toml, kGapScenario,
                           std::make_shared<ParsedMonths>(d.source, d.months));
  std::optional<std::string> tfc;
  if (const auto t = param(req, "tfc")) {
    const auto i = data::find_specialty(*t);
    if (!i)
      throw HttpError{400, "tfc: expected a specialty code such as C_110 or its name, got \"" + *t + "\""};
    if (*i != data::kTotalSpecialty) tfc = std::string(data::specialty_groups()[*i].code);
  }
  plan::RunOptions options;
  options.lever = "extra_per_week";
  options.target = kGapTarget;
  std::vector<stats::ProviderBreakdown> by{stats::ProviderBreakdown::provider};
  if (tfc) by.push_back(stats::ProviderBreakdown::specialty);
  nlohmann::json body = plan::solve_groups(scenario, by, options, Progress{}, tfc).to_json();
  body["scenario"] = kGapScenario;
  body["target"] = kGapTarget;
  body["lever"] = "extra_per_week";
  body["dataset"] = d.dataset ? nlohmann::json(*d.dataset) : nlohmann::json();
  return body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// The cache key of a request: the route and its query as sent (the same query gives the same answer: the
// files and stored datasets never change; the cache is cleared when a dataset is deleted).
std::string cache_key(const std::string& route, const httplib::Request& req) {
  std::string key = route;
  for (const auto& [name, value] : req.params) key += fmt::format("&{}={}", name, value);
  return key;
}

}  // namespace

void send_forward_wait_estimate(RouteContext& context, const httplib::Request& req, httplib::Response& res) {
  const auto data = provider_data(context, req);
  const auto body =
      context.responses.get(cache_key("wait-estimate", req), [&] { return forward_wait_json(data, req); });
  send_encoded(req, res, *body);
}

void add_provider_routes(httplib::Server& http, RouteContext& context) {
  http.Get("/api/providers",
           guarded(context.log, [&context](const httplib::Request& req, httplib::Response& res) {
             const auto data = provider_data(context, req);
             const auto body =
                 context.responses.get(cache_key("providers", req), [&] { return providers_json(data); });
             send_encoded(req, res, *body);
           }));
  http.Get("/api/provider-stats",
           guarded(context.log, [&context](const httplib::Request& req, httplib::Response& res) {
             const auto data = provider_data(context, req);
             const auto body = context.responses.get(cache_key("provider-stats", req),
                                                     [&] { return provider_stats_json(data, req); });
             send_encoded(req, res, *body);
           }));
  // Solved once per specialty and cached (a few seconds for every provider).
  http.Get("/api/provider-capacity-gap",
           guarded(context.log, [&context](const httplib::Request& req, httplib::Response& res) {
             const auto data = provider_data(context, req);
             const auto body = context.responses.get(cache_key("provider-capacity-gap", req),
                                                     [&] { return capacity_gap_json(context, data, req); });
             send_encoded(req, res, *body);
           }));
}

}  // namespace elective::server
