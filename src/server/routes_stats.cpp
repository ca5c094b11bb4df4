// Aggregate statistics: GET /api/stats, /api/national, /api/wait-estimate, /api/inequalities.
#include <nlohmann/json.hpp>

#include "core/table.hpp"
#include "data/csv.hpp"
#include "server/dataset_service.hpp"
#include "server/inequalities.hpp"
#include "server/response_cache.hpp"
#include "server/routes.hpp"
#include "server/wait_estimate.hpp"
#include "stats/rtt_query.hpp"

namespace elective::server {
namespace {

std::optional<YearMonth> parse_month_param(const std::optional<std::string>& text) {
  if (!text) return std::nullopt;
  auto month = YearMonth::parse(*text);
  if (!month) throw HttpError{400, "month: expected YYYY-MM, got \"" + *text + "\""};
  return month;
}

std::string national_json(DatasetService& datasets, const store::DatasetInfo& info,
                          const std::optional<YearMonth>& from, const std::optional<YearMonth>& to) {
  const auto series = datasets.national(info.id);
  static const char* columns[] = {"incomplete_total",
                                  "incomplete_total_est",
                                  "incomplete_pct_within_18_weeks",
                                  "incomplete_pct_within_18_weeks_est",
                                  "incomplete_median_wait_weeks",
                                  "incomplete_p92_wait_weeks",
                                  "incomplete_over_18_weeks",
                                  "incomplete_over_52_weeks",
                                  "incomplete_over_52_weeks_est",
                                  "incomplete_over_65_weeks",
                                  "incomplete_over_78_weeks",
                                  "incomplete_over_104_weeks",
                                  "new_rtt_periods",
                                  "admitted_pathways",
                                  "nonadmitted_pathways"};
  nlohmann::json months = nlohmann::json::array();
  for (size_t row = 0; row < series->size(); ++row) {
    const auto month = series->months()[row];
    if ((from && month < *from) || (to && month > *to)) continue;
    nlohmann::json item = {{"month", month.to_string()}};
    for (const char* column : columns) {
      if (!series->has_column(column)) continue;
      const auto value = series->value(column, row);
      item[column] = value ? nlohmann::json(*value) : nlohmann::json();
    }
    months.push_back(std::move(item));
  }
  const nlohmann::json body = {{"dataset", info.id}, {"source", info.name}, {"months", months}};
  return body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

void add_stats_routes(httplib::Server& http, RouteContext& context) {
  // The same selections as `elective stats`; the body is exactly `elective stats --format json`.
  http.Get("/api/stats",
           guarded(context.log, [&context](const httplib::Request& req, httplib::Response& res) {
             const auto info = context.datasets.resolve(param(req, "dataset"), store::DatasetKind::rtt);
             const auto extract = context.datasets.rtt(info.id);
             stats::Selection selection;
             if (auto part = param(req, "part")) selection.part = data::parse_part(*part);
             selection.provider = param(req, "provider");
             selection.tfc = param(req, "tfc");
             selection.commissioner = param(req, "commissioner");
             selection.month = parse_month_param(param(req, "month"));
             const auto by = stats::parse_breakdowns(params(req, "by"));
             stats::StatsTableOptions options;
             const auto bands = param(req, "bands");
             options.bands = bands && (*bands == "1" || *bands == "true");
             const auto rows = stats::query(*extract, selection, by);
             const auto table = stats::stats_table(rows, options);
             res.status = 200;
             res.set_content(render(table, Format::json), "application/json");
           }));

  // England's monthly series (NHS England RTT overview time series), for the overview charts. A stored
  // dataset never changes and ids are never reused, so the answer for a dataset and range is made and
  // compressed once (ResponseCache), then sent as it is.
  http.Get("/api/national",
           guarded(context.log, [&context](const httplib::Request& req, httplib::Response& res) {
             const auto info = context.datasets.resolve(param(req, "dataset"), store::DatasetKind::national);
             const auto from = parse_month_param(param(req, "from"));
             const auto to = parse_month_param(param(req, "to"));
             const auto key = "national/" + std::to_string(info.id) + "/" +
                              (from ? from->to_string() : std::string()) + "/" +
                              (to ? to->to_string() : std::string());
             const auto body =
                 context.responses.get(key, [&] { return national_json(context.datasets, info, from, to); });
             send_encoded(req, res, *body);
           }));

  http.Get("/api/wait-estimate",
           guarded(context.log, [&context](const httplib::Request& req, httplib::Response& res) {
             // source=providers: every provider of England from the provider months file, with the
             // forward-looking wait (routes_providers.cpp); otherwise a stored RTT extract.
             if (const auto source = param(req, "source")) {
               if (*source != "providers")
                 throw HttpError{
                     400, "source: expected providers (the provider months file), got \"" + *source + "\""};
               send_forward_wait_estimate(context, req, res);
               return;
             }
             const auto tfc = param(req, "tfc");
             if (!tfc) throw HttpError{400, "tfc: required (a treatment function code such as C_110 or 110)"};
             const auto info = context.datasets.resolve(param(req, "dataset"), store::DatasetKind::rtt);
             const auto extract = context.datasets.rtt(info.id);
             WaitEstimateQuery query;
             query.tfc = *tfc;
             query.provider = param(req, "provider");
             query.commissioner = param(req, "commissioner");
             query.month = parse_month_param(param(req, "month"));
             auto body = wait_estimate_json(estimate_waits(*extract, query));
             body["dataset"] = info.id;
             send_json(res, body);
           }));

  http.Get("/api/inequalities",
           guarded(context.log, [&context](const httplib::Request& req, httplib::Response& res) {
             const auto info =
                 context.datasets.resolve(param(req, "dataset"), store::DatasetKind::patient_list);
             const auto by_text = param(req, "by").value_or("imd_quintile");
             const auto dimension = parse_equity_dimension(by_text);
             if (!dimension)
               throw HttpError{
                   400, "by: expected imd_quintile, ethnic_group, age_band or sex, got \"" + by_text + "\""};
             EquityFilter filter{param(req, "provider"), param(req, "tfc")};
             auto body = equity_breakdown(*context.datasets.patient_list(info.id), *dimension, filter);
             body["dataset"] = info.id;
             send_json(res, body);
           }));
}

}  // namespace elective::server
