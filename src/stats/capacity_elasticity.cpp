#include "stats/capacity_elasticity.hpp"

#include <fmt/format.h>

#include <cmath>
#include <map>
#include <string>

#include "core/error.hpp"

namespace elective::stats {

ElasticityResult capacity_elasticity(const ProductivitySources& sources, const ElasticityOptions& options) {
  // The compared trusts' clock stops and consultants in every shared month.
  const auto months = productivity(sources, {}).months;
  const int held = options.held_out_months;
  if (held < 1 || static_cast<int>(months.size()) - held < 3)
    throw InputError(fmt::format("elasticity: {} shared months cannot hold out {} and train on 3 or more",
                                 months.size(), held));
  std::map<std::string, std::vector<std::pair<double, double>>> panel;  // key -> (stops, fte) by month
  for (std::size_t t = 0; t < months.size(); ++t) {
    ProductivityOptions o;
    o.month = months[t];
    for (const auto& r : productivity(sources, o).rows) {
      if (!r.expected_clock_stops || !r.clock_stops || !r.consultant_fte) continue;
      auto& v = panel[r.key];
      v.resize(months.size(), {0.0, 0.0});
      v[t] = {*r.clock_stops, *r.consultant_fte};
    }
  }
  // A balanced panel: trusts compared in every month.
  std::vector<std::vector<std::pair<double, double>>> trusts;
  for (auto& [key, v] : panel) {
    (void)key;
    bool complete = v.size() == months.size();
    for (const auto& [s, f] : v) complete = complete && s > 0 && f > 0;
    if (complete) trusts.push_back(v);
  }
  ElasticityResult result;
  const std::size_t train = months.size() - static_cast<std::size_t>(held);
  result.training.assign(months.begin(), months.begin() + static_cast<std::ptrdiff_t>(train));
  result.held_out.assign(months.begin() + static_cast<std::ptrdiff_t>(train), months.end());
  result.trusts = static_cast<int>(trusts.size());
  if (trusts.size() < 3) throw InputError("elasticity: fewer than 3 trusts are compared in every month");
  // Two-way demeaning of the logs over the training months (balanced, so one pass of each is exact).
  const auto n = static_cast<double>(trusts.size()), T = static_cast<double>(train);
  std::vector<double> month_y(train, 0), month_x(train, 0);
  double all_y = 0, all_x = 0;
  std::vector<double> trust_y(trusts.size(), 0), trust_x(trusts.size(), 0);
  for (std::size_t p = 0; p < trusts.size(); ++p)
    for (std::size_t t = 0; t < train; ++t) {
      const double y = std::log(trusts[p][t].first), x = std::log(trusts[p][t].second);
      trust_y[p] += y / T, trust_x[p] += x / T, month_y[t] += y / n, month_x[t] += x / n;
      all_y += y / (n * T), all_x += x / (n * T);
    }
  double sxy = 0, sxx = 0;
  std::vector<std::pair<double, double>> demeaned;
  for (std::size_t p = 0; p < trusts.size(); ++p)
    for (std::size_t t = 0; t < train; ++t) {
      const double y = std::log(trusts[p][t].first) - trust_y[p] - month_y[t] + all_y;
      const double x = std::log(trusts[p][t].second) - trust_x[p] - month_x[t] + all_x;
      demeaned.emplace_back(x, y);
      sxy += x * y, sxx += x * x;
    }
  result.beta = sxx > 0 ? sxy / sxx : 0;
  double rss = 0;
  for (const auto& [x, y] : demeaned) rss += (y - result.beta * x) * (y - result.beta * x);
  const double dof = n * T - n - T;  // trust and month effects and beta
  result.beta_se = sxx > 0 && dof > 0 ? std::sqrt(rss / dof / sxx) : 0;
  result.fte_change_sd = std::sqrt(sxx / (n * T));
  // Held-out months.
  std::vector<double> national(months.size(), 0);
  for (const auto& v : trusts)
    for (std::size_t t = 0; t < months.size(); ++t) national[t] += v[t].first;
  const std::size_t last = train - 1;
  for (const auto& [name, beta] :
       {std::pair{"fitted", result.beta}, std::pair{"naive_scaling", 1.0}, std::pair{"persistence", 0.0}}) {
    double error = 0;
    int count = 0;
    // The month's national total is shared out by each method's trust growth, so that the methods differ
    // only in how the FTE changes move clock stops between trusts.
    std::vector<double> shared(months.size(), 0);
    for (const auto& v : trusts)
      for (std::size_t t = train; t < months.size(); ++t)
        shared[t] += v[last].first * std::pow(v[t].second / v[last].second, beta);
    for (const auto& v : trusts)
      for (std::size_t t = train; t < months.size(); ++t) {
        const double forecast =
            v[last].first * std::pow(v[t].second / v[last].second, beta) * national[t] / shared[t];
        error += std::abs(forecast - v[t].first) / v[t].first;
        ++count;
      }
    result.methods.push_back({name, beta, error / count});
  }
  return result;
}

Table elasticity_table(const ElasticityResult& r) {
  Table t;
  t.columns.push_back({"method", "Method", CellKind::text});
  t.columns.push_back({"beta", "Elasticity", CellKind::number, 3});
  t.columns.push_back({"beta_se", "Std error", CellKind::number, 3});
  t.columns.push_back({"trusts", "Trusts", CellKind::count});
  t.columns.push_back({"training_months", "Training", CellKind::text});
  t.columns.push_back({"held_out_months", "Held out", CellKind::text});
  t.columns.push_back({"held_out_mape", "Held-out MAPE", CellKind::fraction, 3});
  t.columns.push_back({"fte_variation_sd", "Within-trust log FTE sd", CellKind::number, 4});
  auto span = [](const std::vector<YearMonth>& m) {
    return m.empty() ? std::string() : m.front().to_string() + ".." + m.back().to_string();
  };
  for (const auto& m : r.methods) {
    const bool fitted = std::string_view(m.name) == "fitted";
    t.add_row({std::string(m.name), m.beta, fitted ? Cell{r.beta_se} : Cell{}, std::int64_t{r.trusts},
               span(r.training), span(r.held_out), m.mape, r.fte_change_sd});
  }
  return t;
}

}  // namespace elective::stats
