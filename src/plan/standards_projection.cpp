#include "plan/standards_projection.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "core/progress.hpp"
#include "plan/forecast_api.hpp"
#include "plan/scenario.hpp"

namespace elective::plan {

std::optional<std::string> standard_projection_scenario(const stats::StandardRow& r,
                                                        const stats::Area& area) {
  if (!r.deadline || !r.month || !(*r.month < *r.deadline) || r.target.empty()) return std::nullopt;
  const bool england = area.kind == stats::AreaKind::england;
  const std::string provider =
      area.kind == stats::AreaKind::provider ? fmt::format("provider = \"{}\"\n", area.code) : "";
  std::string start;
  if (r.list == "rtt" && england) {
    start = "data = \"rtt_national_timeseries.csv\"\n";
  } else if (r.list == "rtt") {
    // A region, ICB or provider: its group of the provider months file (the same file its figures come from).
    const char* key = area.kind == stats::AreaKind::region ? "region"
                      : area.kind == stats::AreaKind::icb  ? "icb"
                                                           : "provider";
    start = fmt::format("data = \"rtt_provider_months_waited.csv.gz\"\n{} = \"{}\"\n", key, area.code);
  } else if (r.list == "dm01" && (england || !provider.empty())) {
    start = "data = \"diagnostics_dm01_provider.csv\"\n" + provider;
  } else if (r.list == "cancer" && r.cancer_standard && (england || !provider.empty())) {
    start = fmt::format("data = \"cancer_cwt_provider.csv.gz\"\nstandard = \"{}\"\n{}",
                        data::cancer_standard_name(*r.cancer_standard), provider);
  } else {
    return std::nullopt;
  }
  return fmt::format("[start]\nmonth = \"{}\"\n{}[horizon]\nuntil = \"{}\"\n[[target]]\ntext = \"{}\"\n",
                     r.month->to_string(), start, r.deadline->to_string(), r.target);
}

void add_standard_projections(std::vector<stats::StandardRow>& rows, const stats::Area& area,
                              const std::shared_ptr<data::DataSource>& data) {
  for (stats::StandardRow& r : rows) {
    const auto text = standard_projection_scenario(r, area);
    if (!text) continue;
    try {
      const Scenario scenario = parse_scenario(*text, ScenarioSyntax::toml, "standards projection", data);
      const nlohmann::json f = run_forecast(scenario, {}, Progress{});
      const nlohmann::json& value = f.at("targets").at(0).at("value_at_deadline");
      if (!value.is_number()) continue;
      r.projected = value.get<double>();
      r.projected_month = r.deadline;
      if (!r.met_at_deadline) r.met_at_deadline = stats::meets_standard(r, *r.projected);
    } catch (const Error&) {
      // Left null: the row still shows the published figures.
    }
  }
}

}  // namespace elective::plan
