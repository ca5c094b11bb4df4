#include "plan/dm01_backtest.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>

#include "core/band_layout.hpp"
#include "core/error.hpp"
#include "plan/dm01_start.hpp"
#include "plan/engine.hpp"

namespace elective::plan {
namespace {

struct Score {
  size_t pairs = 0;
  double pct_abs = 0, list_ape = 0;
  std::optional<YearMonth> first, last;
  void add(YearMonth origin, double pct_forecast, double pct_actual, double list_forecast,
           double list_actual) {
    ++pairs;
    pct_abs += std::fabs(pct_forecast - pct_actual) * 100;
    list_ape += std::fabs(list_forecast - list_actual) / list_actual * 100;
    if (!first || origin < *first) first = origin;
    if (!last || *last < origin) last = origin;
  }
};

double share_within(const WaitHistogram& list) {
  return summarise_list(dm01_list(), list.counts).share_within_standard.value_or(1.0);
}

// The forecast of one selection from one origin, `months_ahead` months on, as a default scenario runs it.
std::vector<MonthOutcome> project_from(const std::vector<flow::ObservedMonth>& history, int months_ahead) {
  Baseline b;
  b.calibration = dm01_calibrate_observed(history, "back-test");
  b.start = b.calibration.month;
  b.until = b.start + months_ahead;
  b.list = &dm01_list();
  const Scenario defaults;  // no growth, no extra capacity: the window's flat means
  return project(b, build_drivers(defaults, b, midpoint_draw(defaults), b.until), {}).months;
}

// Scores every origin of one selection's months.
void score_series(const std::vector<flow::ObservedMonth>& months, const std::vector<int>& horizons,
                  int min_months, double min_list, std::map<std::pair<int, int>, Score>& scores) {
  const int max_h = *std::max_element(horizons.begin(), horizons.end());
  for (size_t o = static_cast<size_t>(min_months - 1); o + 1 < months.size(); ++o) {
    const flow::ObservedMonth& origin = months[o];
    if (origin.list.total() < min_list) continue;
    // Consecutive months only: calibration infers referrals from month to month.
    bool consecutive = true;
    for (size_t i = 1; i <= o; ++i) consecutive = consecutive && months[i - 1].month + 1 == months[i].month;
    if (!consecutive) continue;
    const std::vector<flow::ObservedMonth> history(months.begin(), months.begin() + static_cast<long>(o) + 1);
    std::vector<MonthOutcome> forecast;
    try {
      forecast = project_from(history, max_h);
    } catch (const InputError&) {
      continue;  // a selection too small to calibrate (no removals in its window)
    }
    for (int h : horizons) {
      const size_t t = o + static_cast<size_t>(h);
      if (t >= months.size() || months[t].month != origin.month + h) continue;
      const double actual_list = months[t].list.total();
      if (actual_list <= 0) continue;
      const MonthOutcome& f = forecast[static_cast<size_t>(h - 1)];
      scores[{h, 0}].add(origin.month, f.pct_within_6_weeks.value_or(1.0), share_within(months[t].list),
                         f.list_size, actual_list);
      scores[{h, 1}].add(origin.month, share_within(origin.list), share_within(months[t].list),
                         origin.list.total(), actual_list);
    }
  }
}

}  // namespace

std::vector<Dm01BacktestRow> backtest_dm01(const data::Dm01List& list, const std::vector<int>& horizons,
                                           double min_provider_list, int min_months) {
  if (horizons.empty()) throw InputError("--horizons: expected at least one");
  for (int h : horizons)
    if (h < 1 || h > 12) throw InputError(fmt::format("--horizons: expected months from 1 to 12, got {}", h));
  if (min_months < 2) throw InputError("the back-test needs at least two months before each origin");
  struct Scope {
    std::string name;
    std::vector<std::pair<std::optional<std::string>, std::optional<std::string>>> selections;
    double min_list = 0;
  };
  std::vector<Scope> scopes = {
      {"England, all tests", {{std::nullopt, std::nullopt}}, 0},
      {"England, each test", {}, 0},
      {fmt::format("providers, all tests (list >= {:.0f})", min_provider_list), {}, min_provider_list}};
  for (int test = 1; test <= 15; ++test) scopes[1].selections.push_back({std::nullopt, std::to_string(test)});
  for (const std::string& p : list.providers()) scopes[2].selections.push_back({p, std::nullopt});
  std::vector<Dm01BacktestRow> out;
  const char* methods[] = {"model", "persistence"};
  for (const Scope& scope : scopes) {
    std::map<std::pair<int, int>, Score> scores;
    for (const auto& [provider, test] : scope.selections)
      score_series(dm01_observed_months(list, provider, test), horizons, min_months, scope.min_list, scores);
    for (int h : horizons)
      for (int m = 0; m < 2; ++m) {
        const auto it = scores.find({h, m});
        if (it == scores.end() || it->second.pairs == 0) continue;
        const Score& s = it->second;
        const auto n = static_cast<double>(s.pairs);
        out.push_back({scope.name, h, methods[m], s.pairs, s.pct_abs / n, s.list_ape / n, *s.first, *s.last});
      }
  }
  return out;
}

}  // namespace elective::plan
