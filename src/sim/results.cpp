#include "sim/results.hpp"

#include <algorithm>

#include "stats/disclosure.hpp"
#include "stats/wait_summary.hpp"

namespace elective::sim {

namespace {

std::optional<double> p50(const Samples& values) {
  return samples_percentile(values, 0.5);
}

ResultColumn text_column(const char* key, const char* title) {
  ResultColumn c;
  c.key = key;
  c.title = title;
  c.kind = CellKind::text;
  c.decimals = 0;
  return c;
}

// A field that varies across replications: the P50 in tables, with P10 and P90 columns when there are
// several.
ResultColumn stat_column(const char* key, const char* title, CellKind kind, int decimals = 2) {
  ResultColumn c;
  c.key = key;
  c.title = title;
  c.kind = kind;
  c.decimals = decimals;
  c.uncertain = true;
  return c;
}

ResultTable results_table(bool multi, std::vector<ResultColumn> columns) {
  ResultTable t;
  t.multi = multi;
  t.columns = std::move(columns);
  return t;
}

struct GroupMetrics {
  Samples count, list_share, median, p92, over18, over52, over52_count;
};

GroupMetrics metrics_of(const std::vector<const WaitHistogram*>& hists, const std::vector<double>& totals) {
  GroupMetrics m;
  for (size_t r = 0; r < hists.size(); ++r) {
    const WaitHistogram& h = *hists[r];
    const stats::WaitSummary s = stats::summarise_waits(h);
    m.count.push_back(s.known);
    m.list_share.push_back(totals[r] > 0 ? std::optional<double>(s.known / totals[r]) : std::nullopt);
    if (s.known > 0) {
      m.median.push_back(s.median_weeks.weeks);
      m.p92.push_back(s.p92_weeks.weeks);
      m.over18.push_back(s.over_18_weeks ? std::optional<double>(*s.over_18_weeks / s.known) : std::nullopt);
      m.over52.push_back(s.over_52_weeks ? std::optional<double>(*s.over_52_weeks / s.known) : std::nullopt);
    } else {
      m.median.push_back(std::nullopt);
      m.p92.push_back(std::nullopt);
      m.over18.push_back(std::nullopt);
      m.over52.push_back(std::nullopt);
    }
    m.over52_count.push_back(s.over_52_weeks);
  }
  return m;
}

bool small(const Samples& count) {
  return p50(count).value_or(0) < stats::kSmallCount;
}

// The waiting list at the end, and pathways treated in the final 52 weeks, by dimension and group. Fills
// list_metrics[d][g] for the gaps.
ResultTable groups_table(const SimModel& model, const std::vector<ReplicationResult>& runs,
                         std::array<std::vector<GroupMetrics>, kDimensionCount>& list_metrics) {
  const size_t R = runs.size();
  auto t =
      results_table(R > 1, {text_column("basis", "Basis"), text_column("dimension", "Dimension"),
                            text_column("group", "Group"), stat_column("count", "Pathways", CellKind::count),
                            stat_column("list_share", "Share", CellKind::fraction),
                            stat_column("median_weeks", "Median (wks)", CellKind::weeks),
                            stat_column("p92_weeks", "P92 (wks)", CellKind::weeks),
                            stat_column("share_over_18_weeks", "Over 18 wks", CellKind::fraction),
                            stat_column("share_over_52_weeks", "Over 52 wks", CellKind::fraction),
                            text_column("suppressed", "Suppressed")});
  for (int basis = 0; basis < 2; ++basis) {
    const char* basis_name = basis == 0 ? "waiting_list_at_end" : "treated_last_52_weeks";
    for (int d = 0; d < kDimensionCount; ++d) {
      const auto dim = static_cast<Dimension>(d);
      auto histograms = [&](size_t r) -> const std::vector<WaitHistogram>& {
        return basis == 0 ? runs[r].list_by_group[static_cast<size_t>(d)]
                          : runs[r].treated_by_group[static_cast<size_t>(d)];
      };
      std::vector<double> totals(R, 0.0);
      for (size_t r = 0; r < R; ++r) {
        for (const auto& h : histograms(r)) totals[r] += h.total();
      }
      for (int g = 0; g < group_count(model, dim); ++g) {
        std::vector<const WaitHistogram*> hs;
        for (size_t r = 0; r < R; ++r) hs.push_back(&histograms(r)[static_cast<size_t>(g)]);
        GroupMetrics gm = metrics_of(hs, totals);
        if (basis == 0) list_metrics[static_cast<size_t>(d)].push_back(gm);
        const auto counts = samples_percentile(gm.count, 1.0);
        if (counts.value_or(0) <= 0) continue;
        const bool suppressed = small(gm.count);
        if (suppressed) gm.count = gm.list_share = gm.median = gm.p92 = gm.over18 = gm.over52 = Samples(R);
        t.add_row({basis_name, std::string(dimension_name(dim)), group_label(model, dim, g), gm.count,
                   gm.list_share, gm.median, gm.p92, gm.over18, gm.over52, suppressed});
      }
    }
  }
  return t;
}

// Gaps on the waiting list at the end: most vs least deprived quintile, each ethnic group vs white, children
// vs adults 18-39, and each quintile's share of the over-52-week waiters relative to its share of the list.
ResultTable gaps_table(const SimModel& model, size_t R,
                       const std::array<std::vector<GroupMetrics>, kDimensionCount>& list_metrics) {
  auto t = results_table(R > 1, {text_column("measure", "Measure"), text_column("dimension", "Dimension"),
                                 text_column("group", "Group"), text_column("reference_group", "Reference"),
                                 stat_column("value", "Value", CellKind::number, 3),
                                 stat_column("reference_value", "Reference value", CellKind::number, 3),
                                 stat_column("difference", "Difference", CellKind::number, 3),
                                 stat_column("ratio", "Ratio", CellKind::number, 3)});
  t.columns[3].missing_text = "";
  auto add_gap = [&](const std::string& measure, Dimension dim, int g, int ref,
                     const Samples GroupMetrics::*field) {
    const auto& ms = list_metrics[static_cast<size_t>(dim)];
    if (static_cast<size_t>(std::max(g, ref)) >= ms.size()) return;
    const GroupMetrics& a = ms[static_cast<size_t>(g)];
    const GroupMetrics& b = ms[static_cast<size_t>(ref)];
    if (small(a.count) || small(b.count)) return;
    Samples value, reference, difference, ratio;
    for (size_t r = 0; r < R; ++r) {
      const auto x = (a.*field)[r], y = (b.*field)[r];
      value.push_back(x);
      reference.push_back(y);
      difference.push_back(x && y ? std::optional<double>(*x - *y) : std::nullopt);
      ratio.push_back(x && y && *y != 0 ? std::optional<double>(*x / *y) : std::nullopt);
    }
    t.add_row({measure, std::string(dimension_name(dim)), group_label(model, dim, g),
               group_label(model, dim, ref), value, reference, difference, ratio});
  };
  add_gap("median_weeks", Dimension::imd_quintile, 1, 5, &GroupMetrics::median);
  add_gap("p92_weeks", Dimension::imd_quintile, 1, 5, &GroupMetrics::p92);
  add_gap("share_over_52_weeks", Dimension::imd_quintile, 1, 5, &GroupMetrics::over52);
  for (int e = 1; e < data::kEthnicGroupCount - 1; ++e)
    add_gap("median_weeks", Dimension::ethnicity, e, 0, &GroupMetrics::median);
  add_gap("median_weeks", Dimension::age_band, 0, 1, &GroupMetrics::median);
  // Share of the over-52-week waiters in each quintile relative to its share of the list (1 = proportionate).
  const auto& ms = list_metrics[static_cast<size_t>(Dimension::imd_quintile)];
  for (int q = 1; q <= 5 && static_cast<size_t>(q) < ms.size(); ++q) {
    if (small(ms[static_cast<size_t>(q)].count)) continue;
    Samples ratio;
    for (size_t r = 0; r < R; ++r) {
      double over_total = 0;
      for (const auto& gm : ms) over_total += gm.over52_count[r].value_or(0);
      const auto over = ms[static_cast<size_t>(q)].over52_count[r];
      const auto share = ms[static_cast<size_t>(q)].list_share[r];
      ratio.push_back(over && share && *share > 0 && over_total > 0
                          ? std::optional<double>((*over / over_total) / *share)
                          : std::nullopt);
    }
    t.add_row({"over_52_share_relative_to_list_share",
               "imd_quintile",
               std::to_string(q),
               {},
               ratio,
               Samples(R),
               Samples(R),
               ratio});
  }
  return t;
}

// Priority patients past their due date.
ResultTable priority_table(const SimModel& model, const std::vector<ReplicationResult>& runs) {
  auto t = results_table(runs.size() > 1,
                         {text_column("priority", "Priority"),
                          stat_column("due_within_days", "Due within (days)", CellKind::count),
                          stat_column("treated", "Treated", CellKind::count),
                          stat_column("treated_after_due", "Treated after due", CellKind::count),
                          stat_column("share_treated_after_due", "Share after due", CellKind::fraction),
                          stat_column("waiting_at_end", "Waiting at end", CellKind::count),
                          stat_column("waiting_past_due_at_end", "Past due at end", CellKind::count)});
  for (int p = 0; p < data::kPriorityCount; ++p) {
    Samples treated, late, share, waiting, past;
    double any = 0;
    for (const auto& run : runs) {
      const auto& po = run.priority[static_cast<size_t>(p)];
      treated.push_back(po.treated);
      late.push_back(po.treated_after_due);
      share.push_back(po.treated > 0 ? std::optional<double>(po.treated_after_due / po.treated)
                                     : std::nullopt);
      waiting.push_back(po.waiting_at_end);
      past.push_back(po.waiting_past_due_at_end);
      any += po.treated + po.waiting_at_end;
    }
    if (any <= 0) continue;
    t.add_row({std::string(data::priority_name(static_cast<data::Priority>(p))),
               std::int64_t{model.policy.due_days[static_cast<size_t>(p)]}, treated, late, share, waiting,
               past});
  }
  return t;
}

nlohmann::json mutual_aid_json(const SimModel& model, const std::vector<ReplicationResult>& runs) {
  const bool multi = runs.size() > 1;
  Samples offered, moved, rate;
  for (const auto& run : runs) {
    offered.push_back(run.mutual_aid.offered);
    moved.push_back(run.mutual_aid.moved);
    rate.push_back(run.mutual_aid.offered > 0
                       ? std::optional<double>(run.mutual_aid.moved / run.mutual_aid.offered)
                       : std::nullopt);
  }
  auto by_group = [&](Dimension dim, int n, bool quintile_dim) {
    nlohmann::json arr = nlohmann::json::array();
    for (int g = 0; g < n; ++g) {
      Samples o, mv;
      for (const auto& run : runs) {
        const auto& ma = run.mutual_aid;
        o.push_back(quintile_dim ? ma.offered_by_imd_quintile[static_cast<size_t>(g)]
                                 : ma.offered_by_age_band[static_cast<size_t>(g)]);
        mv.push_back(quintile_dim ? ma.moved_by_imd_quintile[static_cast<size_t>(g)]
                                  : ma.moved_by_age_band[static_cast<size_t>(g)]);
      }
      if (samples_percentile(o, 1.0).value_or(0) <= 0) continue;
      arr.push_back({{"group", group_label(model, dim, g)},
                     {"offered", samples_json(o, multi)},
                     {"moved", samples_json(mv, multi)}});
    }
    return arr;
  };
  return {{"enabled", model.mutual_aid.enabled},
          {"threshold_weeks", model.mutual_aid.threshold_weeks},
          {"offered", samples_json(offered, multi)},
          {"moved", samples_json(moved, multi)},
          {"acceptance_rate", samples_json(rate, multi)},
          {"by_imd_quintile", by_group(Dimension::imd_quintile, 6, true)},
          {"by_age_band", by_group(Dimension::age_band, data::kAgeBandCount, false)}};
}

// The wait a patient would be quoted per provider and treatment function.
ResultTable wait_estimates_table(const SimModel& model, const std::vector<ReplicationResult>& runs) {
  const size_t R = runs.size();
  auto t =
      results_table(R > 1, {text_column("provider", "Provider"), text_column("tfc", "TFC"),
                            stat_column("list_size", "List", CellKind::count),
                            stat_column("capacity_per_week", "Capacity/wk", CellKind::number, 1),
                            stat_column("referrals_per_week", "Referrals/wk", CellKind::number, 1),
                            stat_column("list_over_capacity_weeks", "List/capacity (wks)", CellKind::weeks),
                            stat_column("quoted_median_weeks", "Quoted median (wks)", CellKind::weeks),
                            stat_column("quoted_p92_weeks", "Quoted P92 (wks)", CellKind::weeks)});
  for (size_t q = 0; q < model.queues.size(); ++q) {
    Samples list, cap, ref, ratio, median, p92;
    for (const auto& run : runs) {
      const QueueOutcome& qo = run.queues[q];
      list.push_back(qo.list_size);
      cap.push_back(qo.capacity_per_week);
      ref.push_back(qo.referrals_per_week);
      ratio.push_back(qo.capacity_per_week > 0 ? std::optional<double>(qo.list_size / qo.capacity_per_week)
                                               : std::nullopt);
      const bool enough = qo.treated_recent.total() >= stats::kSmallCount;
      median.push_back(enough ? stats::band_percentile(qo.treated_recent, 0.5).weeks : std::nullopt);
      p92.push_back(enough ? stats::band_percentile(qo.treated_recent, 0.92).weeks : std::nullopt);
    }
    t.add_row({model.providers[model.queues[q].provider].code, model.tfcs[model.queues[q].tfc],
               small(list) ? Samples(R) : list, cap, ref, ratio, median, p92});
  }
  return t;
}

ResultTable replications_table(const std::vector<ReplicationResult>& runs) {
  ResultColumn replication = text_column("replication", "Replication");
  replication.kind = CellKind::count;
  auto column = [](const char* key, const char* title, CellKind kind, int decimals) {
    ResultColumn c = text_column(key, title);
    c.kind = kind;
    c.decimals = decimals;
    return c;
  };
  auto t = results_table(false, {replication, column("list_size", "List at end", CellKind::count, 0),
                                 column("pct_within_18_weeks", "Within 18 wks", CellKind::fraction, 1),
                                 column("p92_weeks", "P92 (wks)", CellKind::weeks, 2),
                                 column("over_52_weeks", "Over 52 wks", CellKind::count, 0),
                                 column("referrals", "Referrals", CellKind::count, 0),
                                 column("removals_treated", "Treated", CellKind::count, 0),
                                 column("removals_other", "Other removals", CellKind::count, 0),
                                 column("moved_by_mutual_aid", "Moved", CellKind::count, 0)});
  for (size_t r = 0; r < runs.size(); ++r) {
    const auto& run = runs[r];
    const plan::MonthOutcome last = run.months.empty() ? plan::MonthOutcome{} : run.months.back();
    // Optional values as Samples of one: a missing one is null, without a variant built by ?: (GCC 12 warns).
    t.add_row({static_cast<std::int64_t>(r), last.list_size, Samples{last.pct_within_18_weeks},
               Samples{last.p92_weeks}, Samples{last.over_52_weeks}, run.referrals_total, run.treated_total,
               run.other_removals_total, run.mutual_aid.moved});
  }
  return t;
}

nlohmann::json totals_json(const std::vector<ReplicationResult>& runs) {
  Samples refs, treated, other;
  for (const auto& run : runs) {
    refs.push_back(run.referrals_total);
    treated.push_back(run.treated_total);
    other.push_back(run.other_removals_total);
  }
  const bool multi = runs.size() > 1;
  return {{"referrals", samples_json(refs, multi)},
          {"removals_treated", samples_json(treated, multi)},
          {"removals_other", samples_json(other, multi)}};
}

}  // namespace

std::string group_label(const SimModel& model, Dimension d, int g) {
  switch (d) {
    case Dimension::priority:
      return std::string(data::priority_name(static_cast<data::Priority>(g)));
    case Dimension::imd_quintile:
      return g == 0 ? "unknown" : std::to_string(g);
    case Dimension::ethnicity:
      return std::string(data::ethnic_group_name(static_cast<data::EthnicGroup>(g)));
    case Dimension::age_band:
      return std::string(data::age_band_name(static_cast<data::AgeBand>(g)));
    case Dimension::sex:
      return std::string(data::sex_name(static_cast<data::Sex>(g)));
    case Dimension::provider:
      return model.providers[static_cast<size_t>(g)].code;
  }
  return {};
}

Summaries summarise(const SimModel& model, const std::vector<ReplicationResult>& runs,
                    const std::vector<std::vector<plan::TargetOutcome>>& targets) {
  (void)targets;
  Summaries out;
  std::array<std::vector<GroupMetrics>, kDimensionCount> list_metrics;
  const ResultTable groups = groups_table(model, runs, list_metrics);
  const ResultTable gaps = gaps_table(model, runs.size(), list_metrics);
  const ResultTable priority = priority_table(model, runs);
  const ResultTable waits = wait_estimates_table(model, runs);
  const ResultTable replications = replications_table(runs);
  out.groups = groups.json();
  out.groups_table = groups.table();
  out.gaps = gaps.json();
  out.gaps_table = gaps.table();
  out.priority_breaches = priority.json();
  out.priority_table = priority.table();
  out.wait_estimates = waits.json();
  out.wait_estimates_table = waits.table();
  out.replication_results = replications.json();
  out.replications_table = replications.table();
  out.mutual_aid = mutual_aid_json(model, runs);
  out.totals = totals_json(runs);
  return out;
}

}  // namespace elective::sim
