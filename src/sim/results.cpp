#include "sim/results.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "stats/wait_summary.hpp"

namespace elective::sim {

namespace {

using Values = std::vector<std::optional<double>>;

std::vector<double> present(const Values& values) {
  std::vector<double> out;
  for (const auto& v : values) {
    if (v) out.push_back(*v);
  }
  return out;
}

std::optional<double> quantile(const Values& values, double p) {
  return plan::sample_percentile(present(values), p);
}

// A number for one replication, {"p10","p50","p90"} for several; null when no replication has a value.
nlohmann::json stat(const Values& values, bool multi) {
  const auto v = present(values);
  if (v.empty()) return nullptr;
  if (!multi) return v.front();
  return {{"p10", *plan::sample_percentile(v, 0.1)},
          {"p50", *plan::sample_percentile(v, 0.5)},
          {"p90", *plan::sample_percentile(v, 0.9)}};
}

// Tables show the P50 and, with several replications, the P10 and P90 in extra columns.
struct TableBuilder {
  Table table;
  bool multi = false;
  std::vector<Cell> row;

  void text_column(const std::string& key, const std::string& title) {
    table.columns.push_back({key, title, CellKind::text, 0});
  }
  void stat_column(const std::string& key, const std::string& title, CellKind kind, int decimals = 2) {
    table.columns.push_back({key, title, kind, decimals});
    if (multi) {
      table.columns.push_back({key + "_p10", title + " P10", kind, decimals});
      table.columns.push_back({key + "_p90", title + " P90", kind, decimals});
    }
  }
  void text(const std::string& s) { row.emplace_back(s); }
  void value(const Values& values) {
    auto cell = [](std::optional<double> v) -> Cell {
      if (!v) return std::monostate{};
      return *v;
    };
    row.push_back(cell(quantile(values, 0.5)));
    if (multi) {
      row.push_back(cell(quantile(values, 0.1)));
      row.push_back(cell(quantile(values, 0.9)));
    }
  }
  void end_row() {
    table.add_row(std::move(row));
    row.clear();
  }
};

struct GroupMetrics {
  Values count, list_share, median, p92, over18, over52, over52_count;
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
  const bool multi = runs.size() > 1;
  const size_t R = runs.size();

  // Groups: the waiting list at the end, and pathways treated in the final 52 weeks.
  out.groups = nlohmann::json::array();
  TableBuilder gt;
  gt.multi = multi;
  gt.text_column("basis", "Basis");
  gt.text_column("dimension", "Dimension");
  gt.text_column("group", "Group");
  gt.stat_column("count", "Pathways", CellKind::count);
  gt.stat_column("list_share", "Share", CellKind::fraction);
  gt.stat_column("median_weeks", "Median (wks)", CellKind::weeks);
  gt.stat_column("p92_weeks", "P92 (wks)", CellKind::weeks);
  gt.stat_column("share_over_18_weeks", "Over 18 wks", CellKind::fraction);
  gt.stat_column("share_over_52_weeks", "Over 52 wks", CellKind::fraction);
  gt.text_column("suppressed", "Suppressed");

  // Per replication, the group metrics used again by the gaps.
  std::array<std::vector<GroupMetrics>, kDimensionCount> list_metrics;
  for (int basis = 0; basis < 2; ++basis) {
    const char* basis_name = basis == 0 ? "waiting_list_at_end" : "treated_last_52_weeks";
    for (int d = 0; d < kDimensionCount; ++d) {
      const auto dim = static_cast<Dimension>(d);
      const int n = group_count(model, dim);
      std::vector<double> totals(R, 0.0);
      for (size_t r = 0; r < R; ++r) {
        const auto& hs = basis == 0 ? runs[r].list_by_group[static_cast<size_t>(d)]
                                    : runs[r].treated_by_group[static_cast<size_t>(d)];
        for (const auto& h : hs) totals[r] += h.total();
      }
      for (int g = 0; g < n; ++g) {
        std::vector<const WaitHistogram*> hs;
        for (size_t r = 0; r < R; ++r) {
          const auto& v = basis == 0 ? runs[r].list_by_group[static_cast<size_t>(d)]
                                     : runs[r].treated_by_group[static_cast<size_t>(d)];
          hs.push_back(&v[static_cast<size_t>(g)]);
        }
        GroupMetrics gm = metrics_of(hs, totals);
        if (basis == 0) list_metrics[static_cast<size_t>(d)].push_back(gm);
        const double count50 = quantile(gm.count, 0.5).value_or(0);
        const auto counts = present(gm.count);
        const double count_max = counts.empty() ? 0.0 : *std::max_element(counts.begin(), counts.end());
        if (count_max <= 0) continue;
        const bool suppressed = count50 < kSuppressBelow;
        if (suppressed) gm.median = gm.p92 = gm.over18 = gm.over52 = Values(R);
        nlohmann::json j{{"basis", basis_name},
                         {"dimension", dimension_name(dim)},
                         {"group", group_label(model, dim, g)},
                         {"count", suppressed ? nlohmann::json(nullptr) : stat(gm.count, multi)},
                         {"list_share", suppressed ? nlohmann::json(nullptr) : stat(gm.list_share, multi)},
                         {"median_weeks", stat(gm.median, multi)},
                         {"p92_weeks", stat(gm.p92, multi)},
                         {"share_over_18_weeks", stat(gm.over18, multi)},
                         {"share_over_52_weeks", stat(gm.over52, multi)},
                         {"suppressed", suppressed}};
        out.groups.push_back(std::move(j));
        gt.text(basis_name);
        gt.text(std::string(dimension_name(dim)));
        gt.text(group_label(model, dim, g));
        gt.value(suppressed ? Values(R) : gm.count);
        gt.value(suppressed ? Values(R) : gm.list_share);
        gt.value(gm.median);
        gt.value(gm.p92);
        gt.value(gm.over18);
        gt.value(gm.over52);
        gt.text(suppressed ? "yes" : "no");
        gt.end_row();
      }
    }
  }
  out.groups_table = std::move(gt.table);

  // Gaps on the waiting list at the end.
  out.gaps = nlohmann::json::array();
  TableBuilder ga;
  ga.multi = multi;
  ga.text_column("measure", "Measure");
  ga.text_column("dimension", "Dimension");
  ga.text_column("group", "Group");
  ga.text_column("reference_group", "Reference");
  ga.stat_column("value", "Value", CellKind::number, 3);
  ga.stat_column("reference_value", "Reference value", CellKind::number, 3);
  ga.stat_column("difference", "Difference", CellKind::number, 3);
  ga.stat_column("ratio", "Ratio", CellKind::number, 3);
  auto add_gap = [&](const std::string& measure, Dimension dim, int g, int ref,
                     const Values GroupMetrics::*field) {
    const auto& ms = list_metrics[static_cast<size_t>(dim)];
    if (static_cast<size_t>(std::max(g, ref)) >= ms.size()) return;
    const GroupMetrics& a = ms[static_cast<size_t>(g)];
    const GroupMetrics& b = ms[static_cast<size_t>(ref)];
    if (quantile(a.count, 0.5).value_or(0) < kSuppressBelow ||
        quantile(b.count, 0.5).value_or(0) < kSuppressBelow)
      return;
    Values value, reference, difference, ratio;
    for (size_t r = 0; r < R; ++r) {
      const auto x = (a.*field)[r], y = (b.*field)[r];
      value.push_back(x);
      reference.push_back(y);
      difference.push_back(x && y ? std::optional<double>(*x - *y) : std::nullopt);
      ratio.push_back(x && y && *y != 0 ? std::optional<double>(*x / *y) : std::nullopt);
    }
    out.gaps.push_back({{"measure", measure},
                        {"dimension", dimension_name(dim)},
                        {"group", group_label(model, dim, g)},
                        {"reference_group", group_label(model, dim, ref)},
                        {"value", stat(value, multi)},
                        {"reference_value", stat(reference, multi)},
                        {"difference", stat(difference, multi)},
                        {"ratio", stat(ratio, multi)}});
    ga.text(measure);
    ga.text(std::string(dimension_name(dim)));
    ga.text(group_label(model, dim, g));
    ga.text(group_label(model, dim, ref));
    ga.value(value);
    ga.value(reference);
    ga.value(difference);
    ga.value(ratio);
    ga.end_row();
  };
  // Most vs least deprived quintile; each ethnic group vs white; children vs adults 18-39.
  add_gap("median_weeks", Dimension::imd_quintile, 1, 5, &GroupMetrics::median);
  add_gap("p92_weeks", Dimension::imd_quintile, 1, 5, &GroupMetrics::p92);
  add_gap("share_over_52_weeks", Dimension::imd_quintile, 1, 5, &GroupMetrics::over52);
  for (int e = 1; e < data::kEthnicGroupCount - 1; ++e)
    add_gap("median_weeks", Dimension::ethnicity, e, 0, &GroupMetrics::median);
  add_gap("median_weeks", Dimension::age_band, 0, 1, &GroupMetrics::median);
  // Share of the over-52-week waiters in each quintile relative to its share of the list (1 = proportionate).
  {
    const auto& ms = list_metrics[static_cast<size_t>(Dimension::imd_quintile)];
    for (int q = 1; q <= 5 && static_cast<size_t>(q) < ms.size(); ++q) {
      if (quantile(ms[static_cast<size_t>(q)].count, 0.5).value_or(0) < kSuppressBelow) continue;
      Values ratio;
      for (size_t r = 0; r < R; ++r) {
        double over_total = 0;
        for (const auto& gm : ms) over_total += gm.over52_count[r].value_or(0);
        const auto over = ms[static_cast<size_t>(q)].over52_count[r];
        const auto share = ms[static_cast<size_t>(q)].list_share[r];
        ratio.push_back(over && share && *share > 0 && over_total > 0
                            ? std::optional<double>((*over / over_total) / *share)
                            : std::nullopt);
      }
      out.gaps.push_back({{"measure", "over_52_share_relative_to_list_share"},
                          {"dimension", "imd_quintile"},
                          {"group", std::to_string(q)},
                          {"reference_group", nullptr},
                          {"value", stat(ratio, multi)},
                          {"reference_value", nullptr},
                          {"difference", nullptr},
                          {"ratio", stat(ratio, multi)}});
      ga.text("over_52_share_relative_to_list_share");
      ga.text("imd_quintile");
      ga.text(std::to_string(q));
      ga.text("");
      ga.value(ratio);
      ga.value(Values(R));
      ga.value(Values(R));
      ga.value(ratio);
      ga.end_row();
    }
  }
  out.gaps_table = std::move(ga.table);

  // Priority patients past their due date.
  out.priority_breaches = nlohmann::json::array();
  TableBuilder pt;
  pt.multi = multi;
  pt.text_column("priority", "Priority");
  pt.stat_column("due_within_days", "Due within (days)", CellKind::count);
  pt.stat_column("treated", "Treated", CellKind::count);
  pt.stat_column("treated_after_due", "Treated after due", CellKind::count);
  pt.stat_column("share_treated_after_due", "Share after due", CellKind::fraction);
  pt.stat_column("waiting_at_end", "Waiting at end", CellKind::count);
  pt.stat_column("waiting_past_due_at_end", "Past due at end", CellKind::count);
  for (int p = 0; p < data::kPriorityCount; ++p) {
    Values treated, late, share, waiting, past, due;
    double any = 0;
    for (const auto& run : runs) {
      const auto& po = run.priority[static_cast<size_t>(p)];
      treated.push_back(po.treated);
      late.push_back(po.treated_after_due);
      share.push_back(po.treated > 0 ? std::optional<double>(po.treated_after_due / po.treated)
                                     : std::nullopt);
      waiting.push_back(po.waiting_at_end);
      past.push_back(po.waiting_past_due_at_end);
      due.push_back(model.policy.due_days[static_cast<size_t>(p)]);
      any += po.treated + po.waiting_at_end;
    }
    if (any <= 0) continue;
    const std::string name(data::priority_name(static_cast<data::Priority>(p)));
    out.priority_breaches.push_back({{"priority", name},
                                     {"due_within_days", model.policy.due_days[static_cast<size_t>(p)]},
                                     {"treated", stat(treated, multi)},
                                     {"treated_after_due", stat(late, multi)},
                                     {"share_treated_after_due", stat(share, multi)},
                                     {"waiting_at_end", stat(waiting, multi)},
                                     {"waiting_past_due_at_end", stat(past, multi)}});
    pt.text(name);
    pt.value(due);
    pt.value(treated);
    pt.value(late);
    pt.value(share);
    pt.value(waiting);
    pt.value(past);
    pt.end_row();
  }
  out.priority_table = std::move(pt.table);

  // Mutual aid.
  {
    Values offered, moved, rate;
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
        Values o, mv;
        for (const auto& run : runs) {
          const auto& ma = run.mutual_aid;
          o.push_back(quintile_dim ? ma.offered_by_imd_quintile[static_cast<size_t>(g)]
                                   : ma.offered_by_age_band[static_cast<size_t>(g)]);
          mv.push_back(quintile_dim ? ma.moved_by_imd_quintile[static_cast<size_t>(g)]
                                    : ma.moved_by_age_band[static_cast<size_t>(g)]);
        }
        if (quantile(o, 1.0).value_or(0) <= 0) continue;
        arr.push_back(
            {{"group", group_label(model, dim, g)}, {"offered", stat(o, multi)}, {"moved", stat(mv, multi)}});
      }
      return arr;
    };
    out.mutual_aid = {{"enabled", model.mutual_aid.enabled},
                      {"threshold_weeks", model.mutual_aid.threshold_weeks},
                      {"offered", stat(offered, multi)},
                      {"moved", stat(moved, multi)},
                      {"acceptance_rate", stat(rate, multi)},
                      {"by_imd_quintile", by_group(Dimension::imd_quintile, 6, true)},
                      {"by_age_band", by_group(Dimension::age_band, data::kAgeBandCount, false)}};
  }

  // The wait a patient would be quoted per provider and treatment function.
  out.wait_estimates = nlohmann::json::array();
  TableBuilder wt;
  wt.multi = multi;
  wt.text_column("provider", "Provider");
  wt.text_column("tfc", "TFC");
  wt.stat_column("list_size", "List", CellKind::count);
  wt.stat_column("capacity_per_week", "Capacity/wk", CellKind::number, 1);
  wt.stat_column("referrals_per_week", "Referrals/wk", CellKind::number, 1);
  wt.stat_column("list_over_capacity_weeks", "List/capacity (wks)", CellKind::weeks);
  wt.stat_column("quoted_median_weeks", "Quoted median (wks)", CellKind::weeks);
  wt.stat_column("quoted_p92_weeks", "Quoted P92 (wks)", CellKind::weeks);
  for (size_t q = 0; q < model.queues.size(); ++q) {
    Values list, cap, ref, ratio, median, p92;
    for (const auto& run : runs) {
      const QueueOutcome& qo = run.queues[q];
      list.push_back(qo.list_size);
      cap.push_back(qo.capacity_per_week);
      ref.push_back(qo.referrals_per_week);
      ratio.push_back(qo.capacity_per_week > 0 ? std::optional<double>(qo.list_size / qo.capacity_per_week)
                                               : std::nullopt);
      if (qo.treated_recent.total() >= kSuppressBelow) {
        median.push_back(stats::band_percentile(qo.treated_recent, 0.5).weeks);
        p92.push_back(stats::band_percentile(qo.treated_recent, 0.92).weeks);
      } else {
        median.push_back(std::nullopt);
        p92.push_back(std::nullopt);
      }
    }
    const std::string provider = model.providers[model.queues[q].provider].code;
    const std::string& tfc = model.tfcs[model.queues[q].tfc];
    const bool small = quantile(list, 0.5).value_or(0) < kSuppressBelow;
    out.wait_estimates.push_back({{"provider", provider},
                                  {"tfc", tfc},
                                  {"list_size", small ? nlohmann::json(nullptr) : stat(list, multi)},
                                  {"capacity_per_week", stat(cap, multi)},
                                  {"referrals_per_week", stat(ref, multi)},
                                  {"list_over_capacity_weeks", stat(ratio, multi)},
                                  {"quoted_median_weeks", stat(median, multi)},
                                  {"quoted_p92_weeks", stat(p92, multi)}});
    wt.text(provider);
    wt.text(tfc);
    wt.value(small ? Values(R) : list);
    wt.value(cap);
    wt.value(ref);
    wt.value(ratio);
    wt.value(median);
    wt.value(p92);
    wt.end_row();
  }
  out.wait_estimates_table = std::move(wt.table);

  // Totals and per-replication headlines.
  Values refs, treated, other;
  out.replication_results = nlohmann::json::array();
  Table rt;
  rt.columns = {{"replication", "Replication", CellKind::count, 0},
                {"list_size", "List at end", CellKind::count, 0},
                {"pct_within_18_weeks", "Within 18 wks", CellKind::fraction, 1},
                {"p92_weeks", "P92 (wks)", CellKind::weeks, 2},
                {"over_52_weeks", "Over 52 wks", CellKind::count, 0},
                {"referrals", "Referrals", CellKind::count, 0},
                {"removals_treated", "Treated", CellKind::count, 0},
                {"removals_other", "Other removals", CellKind::count, 0},
                {"moved_by_mutual_aid", "Moved", CellKind::count, 0}};
  for (size_t r = 0; r < R; ++r) {
    const auto& run = runs[r];
    refs.push_back(run.referrals_total);
    treated.push_back(run.treated_total);
    other.push_back(run.other_removals_total);
    const plan::MonthOutcome last = run.months.empty() ? plan::MonthOutcome{} : run.months.back();
    out.replication_results.push_back(
        {{"replication", r},
         {"list_size", last.list_size},
         {"pct_within_18_weeks",
          last.pct_within_18_weeks ? nlohmann::json(*last.pct_within_18_weeks) : nlohmann::json(nullptr)},
         {"p92_weeks", last.p92_weeks ? nlohmann::json(*last.p92_weeks) : nlohmann::json(nullptr)},
         {"over_52_weeks",
          last.over_52_weeks ? nlohmann::json(*last.over_52_weeks) : nlohmann::json(nullptr)},
         {"referrals", run.referrals_total},
         {"removals_treated", run.treated_total},
         {"removals_other", run.other_removals_total},
         {"moved_by_mutual_aid", run.mutual_aid.moved}});
    auto opt = [](std::optional<double> v) -> Cell {
      if (!v) return std::monostate{};
      return *v;
    };
    rt.add_row({static_cast<std::int64_t>(r), last.list_size, opt(last.pct_within_18_weeks),
                opt(last.p92_weeks), opt(last.over_52_weeks), run.referrals_total, run.treated_total,
                run.other_removals_total, run.mutual_aid.moved});
  }
  out.replications_table = std::move(rt);
  out.totals = {{"referrals", stat(refs, multi)},
                {"removals_treated", stat(treated, multi)},
                {"removals_other", stat(other, multi)}};
  return out;
}

}  // namespace elective::sim
