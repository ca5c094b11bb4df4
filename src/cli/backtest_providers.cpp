#include "cli/backtest_providers.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "core/error.hpp"
#include "core/json_text.hpp"
#include "core/table.hpp"
#include "data/data_source.hpp"
#include "flow/provider_backtest.hpp"
#include "plan/group_forecast.hpp"

namespace elective::cli {

namespace {

Table rows_table(const std::vector<flow::GroupBacktestRow>& rows, bool for_text) {
  Table t;
  t.columns = {{"level", "Level", CellKind::text},
               {"key", "Group", CellKind::text},
               {"horizon", "Months ahead", CellKind::count},
               {"n", "Forecasts", CellKind::count},
               {"actual_list", "Actual lists", CellKind::count},
               {"model_list_wmape", "Model list wMAPE", CellKind::fraction, 4},
               {"persistence_list_wmape", "Persistence list wMAPE", CellKind::fraction, 4},
               {"model_pct_within_18_weeks_mae", "Model % <18 MAE (pts)", CellKind::number, 2},
               {"persistence_pct_within_18_weeks_mae", "Persistence % <18 MAE (pts)", CellKind::number, 2}};
  auto cell = [](const std::optional<double>& v, double scale) { return v ? Cell{*v * scale} : Cell{}; };
  for (const flow::GroupBacktestRow& r : rows) {
    if (for_text && r.level != "all" && r.level != "specialty" && r.level != "icb" && r.level != "region")
      continue;
    if (for_text && r.level == "specialty" && r.key == "Total") continue;  // the same as "all"
    t.add_row({r.level, r.key.empty() ? std::string("England") : r.key, static_cast<std::int64_t>(r.horizon),
               static_cast<std::int64_t>(r.n), static_cast<std::int64_t>(std::llround(r.actual_list)),
               cell(r.model_list_wmape, 1), cell(r.persistence_list_wmape, 1), cell(r.model_pct_mae, 100),
               cell(r.persistence_pct_mae, 100)});
  }
  return t;
}

nlohmann::json optional_json(const std::optional<double>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json();
}

}  // namespace

std::string run_provider_backtest(const ProviderBacktestCliOptions& o, Format format) {
  const auto by = plan::parse_group_by(o.by);
  data::FileDataSource files;
  const SourceLocation where{"command line", 0, 0, {}};
  const auto dataset =
      files.open(files.resolve(o.data, where, "--data"), {data::InputKind::provider_months, {}});
  std::shared_ptr<const data::Dataset> reference;
  if (stats::needs_reference(by)) {
    const auto found = files.find("providers.csv");
    if (!found) throw InputError("--by icb and --by region need the provider reference providers.csv");
    reference = files.open(*found, {data::InputKind::providers, {}});
  }
  const auto series = flow::provider_group_series(*dataset->provider_months,
                                                  reference ? reference->providers.get() : nullptr, by);
  flow::ProviderBacktestOptions options;
  options.window = o.window;
  options.first_origin_months = static_cast<std::size_t>(o.first_origin_months);
  options.threads = o.threads;
  const auto& months = dataset->provider_months->months();
  if (options.first_origin_months < flow::kMinCalibrationMonths ||
      options.first_origin_months >= months.size())
    throw InputError(fmt::format("--first-origin: expected {} to {} months (the file has {})",
                                 flow::kMinCalibrationMonths, months.size() - 1, months.size()));
  const flow::ProviderBacktestResult result = flow::provider_backtest(series, months, options);
  if (format == Format::json) {
    nlohmann::json j;
    j["data"] = o.data;
    j["by"] = o.by;
    j["origins"] = nlohmann::json::array();
    for (YearMonth m : result.origins) j["origins"].push_back(m.to_string());
    j["groups"] = result.groups;
    j["short_history"] = result.short_history;
    j["estimated"] = true;
    j["summary"] = nlohmann::json::array();
    for (const flow::GroupBacktestRow& r : result.rows)
      j["summary"].push_back({{"level", r.level},
                              {"key", r.key},
                              {"horizon", r.horizon},
                              {"n", r.n},
                              {"actual_list", r.actual_list},
                              {"model_list_wmape", optional_json(r.model_list_wmape)},
                              {"persistence_list_wmape", optional_json(r.persistence_list_wmape)},
                              {"model_pct_within_18_weeks_mae", optional_json(r.model_pct_mae)},
                              {"persistence_pct_within_18_weeks_mae", optional_json(r.persistence_pct_mae)}});
    return json_text(j);
  }
  if (format == Format::csv) return render_csv(rows_table(result.rows, false));
  return fmt::format(
             "Provider-level back-test on {} by {}: origins {} to {}, each group calibrated on its own "
             "listed "
             "months up to the origin (at most {} + 1) and projected with its window's mean flows, against "
             "persistence. {} groups, {} never calibrated (fewer than {} listed months). wMAPE = sum |error| "
             "/ "
             "sum actual list; % within 18 weeks estimated from month bins, MAE weighted by the list. By "
             "provider: --format csv.\n\n",
             o.data, o.by, result.origins.front().to_string(), result.origins.back().to_string(), o.window,
             result.groups, result.short_history, flow::kMinCalibrationMonths) +
         render_text(rows_table(result.rows, true));
}

}  // namespace elective::cli
