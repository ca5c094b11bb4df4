// The other waiting-time standards (issue 12): GET /api/diagnostics (DM01, 6 weeks), GET /api/cancer (28-day
// FDS, 31-day, 62-day) and GET /api/standards (every standard side by side for an area).
//
// Each answers with exactly the JSON the CLI prints for the same query (`elective stats FILE --format json`,
// `elective standards --format json`; tests/cli/cli_api_standards_parity.sh), over the bundled files parsed
// once per server (BundledFiles). Options the dashboard needs beyond that add keys, never change them:
// `names=1` adds {"names": {code: name}} (DM01 names its providers; the cancer extract does not, so its
// names come from the provider reference), `history=1` adds each standard's monthly values.
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <map>
#include <memory>

#include "core/error.hpp"
#include "core/json_text.hpp"
#include "core/table.hpp"
#include "data/input_formats.hpp"
#include "plan/standards_projection.hpp"
#include "server/job_runners.hpp"
#include "server/response_cache.hpp"
#include "server/routes.hpp"
#include "server/server.hpp"
#include "stats/cancer_stats.hpp"
#include "stats/dm01_stats.hpp"
#include "stats/standards_overview.hpp"

namespace elective::server {
namespace {

constexpr const char* kDm01File = "diagnostics_dm01_provider.csv";
constexpr const char* kCancerFile = "cancer_cwt_provider.csv.gz";
constexpr const char* kCancerNationalFile = "cancer_waiting_times_national_monthly.csv";
constexpr const char* kReferenceFile = "providers.csv";
constexpr const char* kRttNationalFile = "rtt_national_timeseries.csv";
constexpr const char* kRttProviderFile = "rtt_provider_months_waited.csv.gz";

// `elective stats diagnostics_dm01_provider.csv --format json` with the same selections.
std::string diagnostics_json(RouteContext& context, const httplib::Request& req) {
  const auto file = bundled_file(context, kDm01File, "diagnostics (DM01) file");
  const data::Dm01List& list = *file->dm01;
  stats::Dm01Selection s;
  s.provider = param(req, "provider");
  s.test = param(req, "test");
  s.region = param(req, "region");
  s.month = month_param(req, "month");
  const auto rows = stats::dm01_query(list, s, stats::parse_dm01_breakdowns(params(req, "by")));
  nlohmann::json body = {{"rows", to_json_rows(stats::dm01_table(rows, false))}};
  if (flag(req, "names")) {
    nlohmann::json names = nlohmann::json::object();
    nlohmann::json regions = nlohmann::json::object();
    for (const data::Dm01Row& r : list.rows()) {
      names[r.provider_code] = r.provider_name;
      regions[r.region_code] = r.region_name;
    }
    nlohmann::json months = nlohmann::json::array();
    for (const YearMonth m : list.months()) months.push_back(m.to_string());
    body["names"] = std::move(names);
    body["regions"] = std::move(regions);
    body["months"] = std::move(months);
  }
  return json_text(body);
}

// `elective stats cancer_cwt_provider.csv.gz --format json` (or, with source=national, the national series).
std::string cancer_json(RouteContext& context, const httplib::Request& req) {
  stats::CwtSelection s;
  if (const auto standard = param(req, "standard")) {
    s.standard = data::parse_cancer_standard(*standard);
    if (!s.standard)
      throw HttpError{400, fmt::format("standard: expected \"28-day FDS\", \"31-day Combined\" or \"62-day "
                                       "Combined\"; got \"{}\"",
                                       *standard)};
  }
  s.provider = param(req, "provider");
  s.cancer_type = param(req, "cancer_type");
  s.route = param(req, "route");
  s.month = month_param(req, "month");
  const auto by = stats::parse_cwt_breakdowns(params(req, "by"));
  const auto source = param(req, "source").value_or("provider");
  std::vector<stats::CwtStatsRow> rows;
  if (source == "national") {
    if (s.provider || s.cancer_type || s.route)
      throw HttpError{400,
                      "provider, cancer_type, route: do not apply to the national series (source=national)"};
    s.from = month_param(req, "from");
    s.until = month_param(req, "until");
    rows = stats::cwt_national_query(
        *bundled_file(context, kCancerNationalFile, "national cancer series")->cwt_national, s, by);
  } else if (source == "provider") {
    const auto file = bundled_file(context, kCancerFile, "cancer waiting times provider extract");
    rows = stats::cwt_query(*file->cwt_provider, s, by);
  } else {
    throw HttpError{400, fmt::format("source: expected provider or national, got \"{}\"", source)};
  }
  nlohmann::json body = {{"rows", to_json_rows(stats::cwt_table(rows, false))}};
  if (flag(req, "names") && source == "provider") {
    const auto reference = optional_bundled_file(context, kReferenceFile);
    const auto file = bundled_file(context, kCancerFile, "cancer waiting times provider extract");
    nlohmann::json names = nlohmann::json::object();
    for (const std::string& code : file->cwt_provider->providers()) {
      const data::ProviderInfo* p = reference ? reference->providers->find(code) : nullptr;
      names[code] = p && !p->name.empty() ? nlohmann::json(p->name) : nlohmann::json();
    }
    nlohmann::json months = nlohmann::json::array();
    for (const YearMonth m : file->cwt_provider->months()) months.push_back(m.to_string());
    body["names"] = std::move(names);
    body["months"] = std::move(months);
  }
  return json_text(body);
}

// `elective standards --format json` for area=england|region|icb|provider and its code.
std::string standards_json(RouteContext& context, const httplib::Request& req) {
  const auto area_kind = param(req, "area").value_or("england");
  const auto code = param(req, "code");
  std::optional<std::string> provider, icb, region;
  if (area_kind == "provider") {
    provider = code;
  } else if (area_kind == "icb") {
    icb = code;
  } else if (area_kind == "region") {
    region = code;
  } else if (area_kind != "england") {
    throw HttpError{400,
                    fmt::format("area: expected england, region, icb or provider, got \"{}\"", area_kind)};
  }
  if (area_kind != "england" && !code)
    throw HttpError{400, fmt::format("code: required with area={} (e.g. {})", area_kind,
                                     area_kind == "provider" ? "RBD"
                                     : area_kind == "icb"    ? "QR1"
                                                             : "Y62")};
  const auto providers = optional_bundled_file(context, kReferenceFile);
  const data::ProviderReference* reference = providers ? providers->providers.get() : nullptr;
  const stats::Area area = stats::resolve_area(reference, provider, icb, region);
  const auto rtt = optional_bundled_file(
      context, area.kind == stats::AreaKind::england ? kRttNationalFile : kRttProviderFile);
  const auto dm01 = optional_bundled_file(context, kDm01File);
  const auto cancer = optional_bundled_file(context, kCancerFile);
  stats::StandardsSources sources;
  sources.providers = reference;
  if (rtt) {
    sources.rtt_national = rtt->national.get();
    sources.rtt_provider_months = rtt->provider_months.get();
  }
  sources.dm01 = dm01 ? dm01->dm01.get() : nullptr;
  sources.cancer = cancer ? cancer->cwt_provider.get() : nullptr;
  auto rows = stats::standards_overview(sources, area);
  plan::add_standard_projections(rows, area,
                                 std::make_shared<data::FileDataSource>(
                                     std::string{}, std::vector<std::string>{context.config.data_dir}));
  nlohmann::json body{{"standards", to_json_rows(stats::standards_table(rows, false))}};
  if (!flag(req, "history")) return json_text(body);  // byte for byte what the CLI prints
  body["area"] = area.name;
  for (size_t i = 0; i < rows.size(); ++i) {
    nlohmann::json history = nlohmann::json::array();
    for (const auto& [month, value] : rows[i].history)
      history.push_back({{"month", month.to_string()}, {"value", value}});
    body["standards"][i]["history"] = std::move(history);
  }
  return json_text(body);
}

}  // namespace

void add_standards_routes(httplib::Server& http, RouteContext& context) {
  add_cached_get(http, context, "/api/diagnostics", "diagnostics", diagnostics_json);
  add_cached_get(http, context, "/api/cancer", "cancer", cancer_json);
  add_cached_get(http, context, "/api/standards", "standards", standards_json);
}

}  // namespace elective::server
