#include "plan/outcomes.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>

#include "core/parallel_for.hpp"
#include "plan/targets.hpp"
#include "stats/disclosure.hpp"
#include "stats/wait_summary.hpp"

namespace elective::plan {

namespace {

std::optional<double> percentile_value(const stats::BandPercentile& p) {
  return p.weeks;
}

// Every numeric field of a month, in output order, with its accessor and, under disclosure control, how it is
// published.
struct Field {
  const char* key;
  const char* title;
  CellKind kind;
  std::function<std::optional<double>(const MonthOutcome&)> get;
  std::function<std::optional<double>(const MonthOutcome&)> publish;
};

std::optional<double> count_of(std::optional<double> v) {
  return v ? stats::publish_count(*v) : std::nullopt;
}

const std::vector<Field>& rtt_fields() {
  using M = MonthOutcome;
  static const std::vector<Field> all = {
      {"list_size", "List size", CellKind::count, [](const M& m) { return std::optional(m.list_size); },
       [](const M& m) { return stats::publish_count(m.list_size); }},
      {"referrals", "Referrals", CellKind::count, [](const M& m) { return std::optional(m.referrals); },
       [](const M& m) { return stats::publish_count(m.referrals); }},
      {"removals_treated", "Treated", CellKind::count,
       [](const M& m) { return std::optional(m.removals_treated); },
       [](const M& m) { return stats::publish_count(m.removals_treated); }},
      {"removals_other", "Other removals", CellKind::count,
       [](const M& m) { return std::optional(m.removals_other); },
       [](const M& m) { return stats::publish_count(m.removals_other); }},
      // Published: the within-18-weeks count and the list as published, so the share adds nothing to them.
      {"pct_within_18_weeks", "Within 18 wks", CellKind::fraction,
       [](const M& m) { return m.pct_within_18_weeks; },
       [](const M& m) -> std::optional<double> {
         if (!m.pct_within_18_weeks || !m.over_18_weeks) return std::nullopt;
         return stats::publish_share(m.list_size - *m.over_18_weeks, m.list_size);
       }},
      {"over_18_weeks", "Over 18 wks", CellKind::count, [](const M& m) { return m.over_18_weeks; },
       [](const M& m) { return count_of(m.over_18_weeks); }},
      {"over_52_weeks", "Over 52 wks", CellKind::count, [](const M& m) { return m.over_52_weeks; },
       [](const M& m) { return count_of(m.over_52_weeks); }},
      {"over_65_weeks", "Over 65 wks", CellKind::count, [](const M& m) { return m.over_65_weeks; },
       [](const M& m) { return count_of(m.over_65_weeks); }},
      {"over_78_weeks", "Over 78 wks", CellKind::count, [](const M& m) { return m.over_78_weeks; },
       [](const M& m) { return count_of(m.over_78_weeks); }},
      {"over_104_weeks", "Over 104 wks", CellKind::count, [](const M& m) { return m.over_104_weeks; },
       [](const M& m) { return count_of(m.over_104_weeks); }},
      // Percentiles are waits, not counts: published as computed (the list is never a handful of pathways
      // when they are; see docs/security.md).
      {"median_weeks", "Median wks", CellKind::weeks, [](const M& m) { return m.median_weeks; },
       [](const M& m) { return m.median_weeks; }},
      {"p92_weeks", "P92 wks", CellKind::weeks, [](const M& m) { return m.p92_weeks; },
       [](const M& m) { return m.p92_weeks; }},
  };
  return all;
}

// The diagnostics list's month fields (issue 12): its 6-week standard and 13+ band instead of RTT's.
const std::vector<Field>& dm01_fields() {
  using M = MonthOutcome;
  static const std::vector<Field> all = [] {
    const std::vector<Field>& rtt = rtt_fields();
    std::vector<Field> f(rtt.begin(), rtt.begin() + 4);  // list_size, referrals, removals_treated, _other
    f.push_back({"pct_within_6_weeks", "Within 6 wks", CellKind::fraction,
                 [](const M& m) { return m.pct_within_6_weeks; },
                 [](const M& m) -> std::optional<double> {
                   if (!m.pct_within_6_weeks || !m.over_6_weeks) return std::nullopt;
                   return stats::publish_share(m.list_size - *m.over_6_weeks, m.list_size);
                 }});
    f.push_back({"over_6_weeks", "Over 6 wks", CellKind::count, [](const M& m) { return m.over_6_weeks; },
                 [](const M& m) { return count_of(m.over_6_weeks); }});
    f.push_back({"over_13_weeks", "Over 13 wks", CellKind::count, [](const M& m) { return m.over_13_weeks; },
                 [](const M& m) { return count_of(m.over_13_weeks); }});
    f.push_back({"median_weeks", "Median wks", CellKind::weeks, [](const M& m) { return m.median_weeks; },
                 [](const M& m) { return m.median_weeks; }});
    return f;
  }();
  return all;
}

// The fields of the months' list.
const std::vector<Field>& fields(const std::vector<std::vector<MonthOutcome>>& months_by_replication) {
  const bool dm01 = !months_by_replication.empty() && !months_by_replication.front().empty() &&
                    months_by_replication.front().front().list == dm01_list().name;
  return dm01 ? dm01_fields() : rtt_fields();
}

// A target's value at its deadline from published counts: a count as published, a share as the published
// numerator over the published list at the deadline.
std::optional<double> published_target_value(const Target& target, const TargetOutcome& outcome,
                                             const std::vector<MonthOutcome>& months) {
  if (!outcome.value_at_deadline) return std::nullopt;
  const double value = *outcome.value_at_deadline;
  if (target.kind == TargetKind::count_over || target.kind == TargetKind::list_below)
    return stats::publish_count(value);
  const auto at = std::find_if(months.begin(), months.end(),
                               [&](const MonthOutcome& m) { return m.month == target.deadline; });
  if (at == months.end()) return std::nullopt;
  return stats::publish_share(std::round(value * at->list_size), at->list_size);
}

// Built with if/else (not ?:) because GCC 12 reports a false maybe-uninitialized on a moved std::variant.
void push_optional(std::vector<ResultCell>& row, const std::optional<double>& v) {
  if (v) {
    row.emplace_back(std::in_place_type<double>, *v);
  } else {
    row.emplace_back(std::in_place_type<std::monostate>);
  }
}

void push_month(std::vector<ResultCell>& row, const std::optional<YearMonth>& month) {
  if (month) {
    row.emplace_back(std::in_place_type<std::string>, month->to_string());
  } else {
    row.emplace_back(std::in_place_type<std::monostate>);
  }
}

ResultColumn column(const char* key, const char* title, CellKind kind, int decimals, bool uncertain = false) {
  ResultColumn c;
  c.key = key;
  c.title = title;
  c.kind = kind;
  c.decimals = decimals;
  c.uncertain = uncertain;
  return c;
}

// The month and its flows, the same for every list; the caller adds the list's own figures.
MonthOutcome month_flows(YearMonth month, double list_size, double referrals, double removals_treated,
                         double removals_other) {
  MonthOutcome m;
  m.month = month;
  m.list_size = list_size;
  m.referrals = referrals;
  m.removals_treated = removals_treated;
  m.removals_other = removals_other;
  return m;
}

}  // namespace

MonthOutcome make_month_outcome(YearMonth month, const WaitHistogram& list, double referrals,
                                double removals_treated, double removals_other) {
  const stats::WaitSummary s = stats::summarise_waits(list);
  MonthOutcome m = month_flows(month, s.total, referrals, removals_treated, removals_other);
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

MonthOutcome make_list_month_outcome(const ListDefinition& list, YearMonth month, const WaitHistogram& counts,
                                     double referrals, double removals_treated, double removals_other) {
  if (list.name != dm01_list().name)
    return make_month_outcome(month, counts, referrals, removals_treated, removals_other);
  const ListSummary s = summarise_list(list, counts.counts);
  MonthOutcome m = month_flows(month, s.total, referrals, removals_treated, removals_other);
  m.list = list.name;
  m.pct_within_6_weeks = s.share_within_standard;
  m.over_6_weeks = s.over_standard;
  m.over_13_weeks = count_over(list.bands, counts.counts, list.bands.top_lower());
  m.median_weeks = s.median.value;
  return m;
}

namespace {

// The months table's columns, without rows.
ResultTable months_columns(const std::vector<Field>& month_fields, bool multi) {
  ResultTable t;
  t.multi = multi;
  t.central_title_suffix = " P50";
  t.columns.push_back(column("month", "Month", CellKind::text, 0));
  for (const Field& f : month_fields)
    t.columns.push_back(column(f.key, f.title, f.kind, f.kind == CellKind::fraction ? 4 : 2, true));
  return t;
}

// Month i's row: its month and every field's values across the replications.
std::vector<ResultCell> month_row(const std::vector<std::vector<MonthOutcome>>& months_by_replication,
                                  const std::vector<Field>& month_fields, bool control, size_t i) {
  std::vector<ResultCell> row{months_by_replication.front()[i].month.to_string()};
  for (const Field& f : month_fields) {
    Samples values;
    values.reserve(months_by_replication.size());
    for (const auto& rep : months_by_replication)
      values.push_back(i < rep.size() ? (control ? f.publish(rep[i]) : f.get(rep[i])) : std::nullopt);
    row.emplace_back(std::move(values));
  }
  return row;
}

// Thousands of Monte Carlo samples: the months are gathered (and rendered) on every core, each into its own
// slot.
int month_threads(const std::vector<std::vector<MonthOutcome>>& months_by_replication) {
  return months_by_replication.size() >= 1000 ? 0 : 1;
}

}  // namespace

ResultTable months_results(const std::vector<std::vector<MonthOutcome>>& months_by_replication, bool multi,
                           Publication publication) {
  const std::vector<Field>& month_fields = fields(months_by_replication);
  ResultTable t = months_columns(month_fields, multi);
  const bool control = publication == Publication::disclosure_controlled;
  const size_t n_months = months_by_replication.empty() ? 0 : months_by_replication.front().size();
  t.rows.resize(n_months);
  parallel_for(n_months, month_threads(months_by_replication),
               [&](size_t i) { t.rows[i] = month_row(months_by_replication, month_fields, control, i); });
  return t;
}

nlohmann::json months_json(const std::vector<std::vector<MonthOutcome>>& months_by_replication, bool multi) {
  // months_results(...).json() a month at a time: a row's JSON depends only on the row and the columns, so
  // each month's row is gathered, rendered and dropped in turn, and the values of every month and field
  // across 10,000 samples (about 100 MB) are never held at once.
  const std::vector<Field>& month_fields = fields(months_by_replication);
  const size_t n_months = months_by_replication.empty() ? 0 : months_by_replication.front().size();
  std::vector<nlohmann::json> rows(n_months);
  parallel_for(n_months, month_threads(months_by_replication), [&](size_t i) {
    ResultTable t = months_columns(month_fields, multi);
    t.rows.push_back(month_row(months_by_replication, month_fields, false, i));
    nlohmann::json one = t.json();
    rows[i] = std::move(one[0]);
  });
  nlohmann::json out = nlohmann::json::array();
  for (nlohmann::json& row : rows) out.push_back(std::move(row));
  return out;
}

ResultTable targets_results(const std::vector<std::vector<TargetOutcome>>& targets_by_replication, bool multi,
                            Publication publication, const TargetDefinitions& definitions) {
  ResultTable t;
  t.multi = multi;
  t.central_title_suffix = " P50";
  t.columns = {column("text", "Target", CellKind::text, 0),
               column("met", "Met", CellKind::text, 0),
               column("first_met_month", "First met", CellKind::text, 0),
               column("value_at_deadline", "Value at deadline", CellKind::number, 4, true),
               column("gap_at_deadline", "Gap at deadline", CellKind::number, 4, true),
               column("probability_met", "Probability met", CellKind::fraction, 3)};
  t.columns[2].missing_text = "never";
  t.columns[5].omit_when_missing = !multi;
  const bool control = publication == Publication::disclosure_controlled && definitions.targets &&
                       definitions.months_by_replication;
  const size_t n_targets = targets_by_replication.empty() ? 0 : targets_by_replication.front().size();
  for (size_t j = 0; j < n_targets; ++j) {
    Samples values, gaps;
    size_t met = 0;
    std::vector<double> first_met;
    for (size_t r = 0; r < targets_by_replication.size(); ++r) {
      const TargetOutcome& o = targets_by_replication[r][j];
      if (o.met) ++met;
      if (control) {
        const Target& target = (*definitions.targets)[j];
        const auto value = published_target_value(target, o, (*definitions.months_by_replication)[r]);
        values.push_back(value);
        gaps.push_back(value ? std::optional(margin(target, *value)) : std::nullopt);
      } else {
        values.push_back(o.value_at_deadline);
        gaps.push_back(o.gap_at_deadline);
      }
      // Never met counts as +infinity so that the median is "never" when fewer than half meet it.
      first_met.push_back(o.first_met_month ? static_cast<double>(o.first_met_month->index())
                                            : std::numeric_limits<double>::infinity());
    }
    const TargetOutcome& first = targets_by_replication.front()[j];
    std::vector<ResultCell> row{first.text};
    if (!multi) {
      row.emplace_back(first.met);
      push_month(row, first.first_met_month);
      row.emplace_back(std::move(values));
      row.emplace_back(std::move(gaps));
      push_optional(row, first.probability_met);
    } else {
      const double n = static_cast<double>(targets_by_replication.size());
      const double probability = static_cast<double>(met) / n;
      std::sort(first_met.begin(), first_met.end());
      const double median_first = first_met[(first_met.size() - 1) / 2];
      row.emplace_back(probability >= 0.5);
      push_month(row, std::isfinite(median_first)
                          ? std::optional(YearMonth::from_index(static_cast<int>(median_first)))
                          : std::nullopt);
      row.emplace_back(std::move(values));
      row.emplace_back(std::move(gaps));
      row.emplace_back(probability);
    }
    t.add_row(std::move(row));
  }
  return t;
}

nlohmann::json outcomes_json(const std::vector<MonthOutcome>& months,
                             const std::vector<TargetOutcome>& targets) {
  return {{"months", months_results({months}, false).json()},
          {"targets", targets_results({targets}, false).json()}};
}

nlohmann::json outcomes_json(const std::vector<std::vector<MonthOutcome>>& months_by_replication,
                             const std::vector<std::vector<TargetOutcome>>& targets_by_replication) {
  return {{"months", months_json(months_by_replication, true)},
          {"targets", targets_results(targets_by_replication, true).json()}};
}

Table months_table(const std::vector<MonthOutcome>& months) {
  return months_results({months}, false).table();
}

Table months_table(const std::vector<std::vector<MonthOutcome>>& months_by_replication) {
  return months_results(months_by_replication, true).table();
}

Table targets_table(const std::vector<TargetOutcome>& targets) {
  return targets_results({targets}, false).table();
}

}  // namespace elective::plan
