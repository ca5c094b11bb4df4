#include "plan/outcomes.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>

#include "stats/wait_summary.hpp"

namespace elective::plan {

namespace {

// Built this way (not with ?:) because GCC 12 reports a false maybe-uninitialized on a moved std::variant.
void push_optional(std::vector<Cell>& row, const std::optional<double>& v) {
  if (v) {
    row.emplace_back(std::in_place_type<double>, *v);
  } else {
    row.emplace_back(std::in_place_type<std::monostate>);
  }
}

std::optional<double> percentile_value(const stats::BandPercentile& p) {
  return p.weeks;
}

// Every numeric field of a month, in output order, with its accessor.
struct Field {
  const char* key;
  const char* title;
  CellKind kind;
  std::function<std::optional<double>(const MonthOutcome&)> get;
};

const std::vector<Field>& fields() {
  static const std::vector<Field> all = {
      {"list_size", "List size", CellKind::count,
       [](const MonthOutcome& m) { return std::optional(m.list_size); }},
      {"referrals", "Referrals", CellKind::count,
       [](const MonthOutcome& m) { return std::optional(m.referrals); }},
      {"removals_treated", "Treated", CellKind::count,
       [](const MonthOutcome& m) { return std::optional(m.removals_treated); }},
      {"removals_other", "Other removals", CellKind::count,
       [](const MonthOutcome& m) { return std::optional(m.removals_other); }},
      {"pct_within_18_weeks", "Within 18 wks", CellKind::fraction,
       [](const MonthOutcome& m) { return m.pct_within_18_weeks; }},
      {"over_18_weeks", "Over 18 wks", CellKind::count,
       [](const MonthOutcome& m) { return m.over_18_weeks; }},
      {"over_52_weeks", "Over 52 wks", CellKind::count,
       [](const MonthOutcome& m) { return m.over_52_weeks; }},
      {"over_65_weeks", "Over 65 wks", CellKind::count,
       [](const MonthOutcome& m) { return m.over_65_weeks; }},
      {"over_78_weeks", "Over 78 wks", CellKind::count,
       [](const MonthOutcome& m) { return m.over_78_weeks; }},
      {"over_104_weeks", "Over 104 wks", CellKind::count,
       [](const MonthOutcome& m) { return m.over_104_weeks; }},
      {"median_weeks", "Median wks", CellKind::weeks, [](const MonthOutcome& m) { return m.median_weeks; }},
      {"p92_weeks", "P92 wks", CellKind::weeks, [](const MonthOutcome& m) { return m.p92_weeks; }},
  };
  return all;
}

nlohmann::json optional_json(const std::optional<double>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json();
}

// Type-7 percentile of an already sorted sample.
double sorted_percentile(const std::vector<double>& sorted, double p) {
  const double h = (static_cast<double>(sorted.size()) - 1.0) * std::clamp(p, 0.0, 1.0);
  const auto lo = static_cast<size_t>(std::floor(h));
  const size_t hi = std::min(lo + 1, sorted.size() - 1);
  return sorted[lo] + (h - static_cast<double>(lo)) * (sorted[hi] - sorted[lo]);
}

nlohmann::json bands_json(std::vector<double>& values) {
  if (values.empty()) return nullptr;
  std::sort(values.begin(), values.end());
  return {{"p10", sorted_percentile(values, 0.10)},
          {"p50", sorted_percentile(values, 0.50)},
          {"p90", sorted_percentile(values, 0.90)}};
}

}  // namespace

MonthOutcome make_month_outcome(YearMonth month, const WaitHistogram& list, double referrals,
                                double removals_treated, double removals_other) {
  const stats::WaitSummary s = stats::summarise_waits(list);
  MonthOutcome m;
  m.month = month;
  m.list_size = s.total;
  m.referrals = referrals;
  m.removals_treated = removals_treated;
  m.removals_other = removals_other;
  m.pct_within_18_weeks = s.pct_within_18_weeks;
  m.over_18_weeks = s.over_18_weeks;
  m.over_52_weeks = s.over_52_weeks;
  m.over_65_weeks = s.over_65_weeks;
  m.over_78_weeks = s.over_78_weeks;
  m.over_104_weeks = s.over_104_weeks;
  m.median_weeks = percentile_value(s.median_weeks);
  m.p92_weeks = percentile_value(s.p92_weeks);
  return m;
}

std::optional<double> sample_percentile(std::vector<double> values, double p) {
  if (values.empty()) return std::nullopt;
  std::sort(values.begin(), values.end());
  return sorted_percentile(values, p);
}

nlohmann::json outcomes_json(const std::vector<MonthOutcome>& months,
                             const std::vector<TargetOutcome>& targets) {
  nlohmann::json out;
  out["months"] = nlohmann::json::array();
  for (const MonthOutcome& m : months) {
    nlohmann::json row;
    row["month"] = m.month.to_string();
    for (const Field& f : fields()) row[f.key] = optional_json(f.get(m));
    out["months"].push_back(std::move(row));
  }
  out["targets"] = nlohmann::json::array();
  for (const TargetOutcome& t : targets) {
    nlohmann::json row;
    row["text"] = t.text;
    row["met"] = t.met;
    row["first_met_month"] =
        t.first_met_month ? nlohmann::json(t.first_met_month->to_string()) : nlohmann::json();
    row["value_at_deadline"] = optional_json(t.value_at_deadline);
    row["gap_at_deadline"] = optional_json(t.gap_at_deadline);
    if (t.probability_met) row["probability_met"] = *t.probability_met;
    out["targets"].push_back(std::move(row));
  }
  return out;
}

nlohmann::json outcomes_json(const std::vector<std::vector<MonthOutcome>>& months_by_replication,
                             const std::vector<std::vector<TargetOutcome>>& targets_by_replication) {
  nlohmann::json out;
  out["months"] = nlohmann::json::array();
  const size_t n_months = months_by_replication.empty() ? 0 : months_by_replication.front().size();
  std::vector<double> values;
  values.reserve(months_by_replication.size());
  for (size_t i = 0; i < n_months; ++i) {
    nlohmann::json row;
    row["month"] = months_by_replication.front()[i].month.to_string();
    for (const Field& f : fields()) {
      values.clear();
      for (const auto& rep : months_by_replication) {
        if (i < rep.size())
          if (auto v = f.get(rep[i])) values.push_back(*v);
      }
      row[f.key] = bands_json(values);
    }
    out["months"].push_back(std::move(row));
  }
  out["targets"] = nlohmann::json::array();
  const size_t n_targets = targets_by_replication.empty() ? 0 : targets_by_replication.front().size();
  for (size_t j = 0; j < n_targets; ++j) {
    size_t met = 0;
    std::vector<double> at_deadline, gaps, first_met;
    for (const auto& rep : targets_by_replication) {
      const TargetOutcome& t = rep[j];
      if (t.met) ++met;
      if (t.value_at_deadline) at_deadline.push_back(*t.value_at_deadline);
      if (t.gap_at_deadline) gaps.push_back(*t.gap_at_deadline);
      // Never met counts as +infinity so that the median is "never" when fewer than half meet it.
      first_met.push_back(t.first_met_month ? static_cast<double>(t.first_met_month->index())
                                            : std::numeric_limits<double>::infinity());
    }
    const double n = static_cast<double>(targets_by_replication.size());
    const double probability = n > 0 ? static_cast<double>(met) / n : 0.0;
    nlohmann::json row;
    row["text"] = targets_by_replication.front()[j].text;
    row["met"] = probability >= 0.5;
    std::sort(first_met.begin(), first_met.end());
    const double median_first =
        first_met.empty() ? std::numeric_limits<double>::infinity() : first_met[(first_met.size() - 1) / 2];
    row["first_met_month"] =
        std::isfinite(median_first)
            ? nlohmann::json(YearMonth::from_index(static_cast<int>(median_first)).to_string())
            : nlohmann::json();
    row["value_at_deadline"] = bands_json(at_deadline);
    row["gap_at_deadline"] = bands_json(gaps);
    row["probability_met"] = probability;
    out["targets"].push_back(std::move(row));
  }
  return out;
}

Table months_table(const std::vector<MonthOutcome>& months) {
  Table table;
  table.columns.push_back({"month", "Month", CellKind::text, 0});
  for (const Field& f : fields())
    table.columns.push_back({f.key, f.title, f.kind, f.kind == CellKind::fraction ? 4 : 2});
  for (const MonthOutcome& m : months) {
    std::vector<Cell> row{m.month.to_string()};
    for (const Field& f : fields()) {
      push_optional(row, f.get(m));
    }
    table.add_row(std::move(row));
  }
  return table;
}

Table months_table(const std::vector<std::vector<MonthOutcome>>& months_by_replication) {
  Table table;
  table.columns.push_back({"month", "Month", CellKind::text, 0});
  for (const Field& f : fields()) {
    const int decimals = f.kind == CellKind::fraction ? 4 : 2;
    table.columns.push_back({std::string(f.key), std::string(f.title) + " P50", f.kind, decimals});
    table.columns.push_back({std::string(f.key) + "_p10", std::string(f.title) + " P10", f.kind, decimals});
    table.columns.push_back({std::string(f.key) + "_p90", std::string(f.title) + " P90", f.kind, decimals});
  }
  const size_t n_months = months_by_replication.empty() ? 0 : months_by_replication.front().size();
  std::vector<double> values;
  for (size_t i = 0; i < n_months; ++i) {
    std::vector<Cell> row{months_by_replication.front()[i].month.to_string()};
    for (const Field& f : fields()) {
      values.clear();
      for (const auto& rep : months_by_replication)
        if (auto v = f.get(rep[i])) values.push_back(*v);
      std::sort(values.begin(), values.end());
      for (double p : {0.5, 0.1, 0.9}) {
        push_optional(row, values.empty() ? std::nullopt : std::optional(sorted_percentile(values, p)));
      }
    }
    table.add_row(std::move(row));
  }
  return table;
}

Table targets_table(const std::vector<TargetOutcome>& targets) {
  Table table;
  table.columns = {{"text", "Target", CellKind::text, 0},
                   {"met", "Met", CellKind::text, 0},
                   {"first_met_month", "First met", CellKind::text, 0},
                   {"value_at_deadline", "Value at deadline", CellKind::number, 4},
                   {"gap_at_deadline", "Gap at deadline", CellKind::number, 4},
                   {"probability_met", "Probability met", CellKind::fraction, 3}};
  for (const TargetOutcome& t : targets) {
    std::vector<Cell> row;
    row.emplace_back(t.text);
    row.emplace_back(std::string(t.met ? "yes" : "no"));
    row.emplace_back(t.first_met_month ? t.first_met_month->to_string() : std::string("never"));
    push_optional(row, t.value_at_deadline);
    push_optional(row, t.gap_at_deadline);
    push_optional(row, t.probability_met);
    table.add_row(std::move(row));
  }
  return table;
}

}  // namespace elective::plan
