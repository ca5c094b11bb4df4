// Productivity trust by trust (issue 16): GET /api/productivity (the league table) and
// GET /api/productivity/elasticity (the within-trust elasticity of clock stops to consultant FTE, checked on
// held-out months), over the bundled RTT provider months, workforce, beds, sickness absence (organisation
// types) and provider reference files, parsed once per server.
//
// Both answer exactly the JSON `elective productivity --format json` prints for the same query: the loading
// and the JSON are one function (stats/productivity_report.hpp) called by the CLI and here
// (tests/cli/cli_api_productivity_parity.sh).
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <string>

#include "core/json_text.hpp"
#include "data/input_formats.hpp"
#include "server/routes.hpp"
#include "stats/productivity_report.hpp"

namespace elective::server {
namespace {

const char* what_file(data::InputKind kind) {
  switch (kind) {
    case data::InputKind::provider_months:
      return "RTT provider months file";
    case data::InputKind::workforce_fte:
      return "workforce FTE file";
    case data::InputKind::beds_kh03:
      return "KH03 beds file";
    case data::InputKind::sickness_absence:
      return "sickness absence file";
    case data::InputKind::providers:
      return "provider reference";
    default:
      return "data file";
  }
}

stats::LoadedProductivitySources load(RouteContext& context, stats::ProductivityLevel by) {
  return stats::load_productivity_sources(
      stats::ProductivityFiles{}, by,
      [&context](const std::string& name, std::string_view, data::InputKind kind) {
        return bundled_file(context, name, what_file(kind));
      });
}

stats::ProductivityLevel level_param(const httplib::Request& req) {
  const auto by = param(req, "by").value_or("provider");
  if (by == "provider") return stats::ProductivityLevel::provider;
  if (by == "icb") return stats::ProductivityLevel::icb;
  if (by == "region") return stats::ProductivityLevel::region;
  throw HttpError{400, fmt::format("by: expected provider, icb or region, got \"{}\"", by)};
}

// `elective productivity [--month M] [--by provider|icb|region] --format json`. summary=1 adds what the
// CLI's text heading says (the month, the months there are, the peers' median and upper quartile ratio and
// the counts) and never changes the rows.
std::string productivity_json(RouteContext& context, const httplib::Request& req) {
  stats::ProductivityOptions options;
  options.by = level_param(req);
  options.month = month_param(req, "month");
  const auto loaded = load(context, options.by);
  const auto result = stats::productivity(loaded.sources, options);
  std::string text = stats::productivity_json(result, options.by);
  if (!flag(req, "summary")) return text;  // byte for byte what the CLI prints
  nlohmann::json body = nlohmann::json::parse(text);
  nlohmann::json months = nlohmann::json::array();
  for (const YearMonth m : result.months) months.push_back(m.to_string());
  body["summary"] = {{"month", result.month.to_string()},
                     {"months", std::move(months)},
                     {"peer_median_ratio", result.peer_median_ratio},
                     {"peer_upper_quartile_ratio", result.peer_upper_quartile_ratio},
                     {"trusts_compared", result.trusts_compared},
                     {"rtt_providers_without_staff", result.rtt_providers_without_staff}};
  return json_text(body);
}

// `elective productivity --elasticity [--held-out N] --format json`.
std::string elasticity_json(RouteContext& context, const httplib::Request& req) {
  stats::ElasticityOptions options;
  if (const auto held_out = param(req, "held_out"))
    options.held_out_months = static_cast<int>(parse_id(*held_out, "held_out"));
  const auto loaded = load(context, stats::ProductivityLevel::provider);
  return stats::elasticity_json(loaded.sources, options);
}

}  // namespace

void add_productivity_routes(httplib::Server& http, RouteContext& context) {
  add_cached_get(http, context, "/api/productivity/elasticity", "productivity-elasticity", elasticity_json);
  add_cached_get(http, context, "/api/productivity", "productivity", productivity_json);
}

}  // namespace elective::server
