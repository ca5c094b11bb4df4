#include "report/rtt_overview.hpp"

#include <fmt/format.h>

#include <cmath>

#include "core/wait_bands.hpp"

namespace elective::report {
namespace {

std::optional<double> part_total(const data::RttExtract& x, const std::string& provider, YearMonth month,
                                 data::RttPart part) {
  stats::Selection s;
  s.part = part;
  s.provider = provider;
  s.month = month;
  const auto rows = stats::query(x, s, {});
  if (rows.empty()) return std::nullopt;
  return rows.front().summary.total;
}

std::string weeks_text(const std::optional<double>& weeks, bool censored) {
  if (!weeks) return "-";
  if (censored) return fmt::format("{:.0f}+ weeks", *weeks);
  return fmt::format("{:.1f} weeks", *weeks);
}

std::string count_or_dash(const std::optional<double>& v) {
  return v ? format_count(*v) : std::string("-");
}

std::string signed_count(double v) {
  return (v >= 0 ? "+" : "-") + format_count(std::fabs(v));
}

nlohmann::json national_row_json(const stats::NationalStatsRow& r) {
  const auto rows = to_json_rows(stats::national_stats_table({r}, r.part, false));
  return rows.at(0);
}

}  // namespace

Overview build_overview(const data::NationalSeries* national, const data::RttExtract* extract,
                        int trend_months) {
  Overview o;
  if (national != nullptr) {
    o.national_source = national->source();
    const auto rows = stats::national_stats(*national, stats::NationalOptions{});
    if (!rows.empty()) {
      o.latest = rows.back();
      for (const auto& r : rows) {
        if (r.month == o.latest->month - 12) o.year_before = r;
        if (r.month - o.latest->month >= -trend_months) o.trend.push_back(r);
      }
    }
  }
  if (extract != nullptr && !extract->empty()) {
    o.extract_sources = extract->sources();
    const auto month = *extract->latest_month();
    stats::Selection s;
    s.month = month;
    const auto totals = stats::query(*extract, s, {stats::Breakdown::provider});
    const auto by_tfc = stats::query(*extract, s, {stats::Breakdown::provider, stats::Breakdown::tfc});
    for (const auto& t : totals) {
      ProviderOverview p;
      p.provider = *t.provider;
      p.provider_name = t.provider_name.value_or("");
      p.month = month;
      p.incomplete = t;
      p.dta = part_total(*extract, p.provider, month, data::RttPart::dta);
      p.new_periods = part_total(*extract, p.provider, month, data::RttPart::new_periods);
      p.admitted = part_total(*extract, p.provider, month, data::RttPart::admitted);
      p.nonadmitted = part_total(*extract, p.provider, month, data::RttPart::nonadmitted);
      for (const auto& r : by_tfc) {
        if (r.provider == t.provider) p.by_tfc.push_back(r);
      }
      o.providers.push_back(std::move(p));
    }
  }
  return o;
}

std::string overview_text(const Overview& o) {
  std::string out;
  if (o.latest) {
    const auto& r = *o.latest;
    out += fmt::format("England, consultant-led referral to treatment (RTT), {} {}\n",
                       month_name(r.month.month()), r.month.year());
    out += fmt::format("Source: {}\n\n", o.national_source);
    out += fmt::format("  Waiting list (incomplete pathways)  {}\n", count_or_dash(r.total));
    if (r.pct_within_18_weeks) {
      const double gap = (kStandardShare - *r.pct_within_18_weeks) * 100.0;
      out += fmt::format("  Within 18 weeks                     {}  ({}; standard 92%{})\n",
                         format_percent(*r.pct_within_18_weeks), count_or_dash(r.within_18_weeks),
                         gap > 0 ? fmt::format(", {:.1f} points below", gap) : std::string(", met"));
    }
    out += fmt::format("  Over 52 / 65 / 78 / 104 weeks       {} / {} / {} / {}\n",
                       count_or_dash(r.over_52_weeks), count_or_dash(r.over_65_weeks),
                       count_or_dash(r.over_78_weeks), count_or_dash(r.over_104_weeks));
    out += fmt::format("  Median wait                         {}\n",
                       weeks_text(r.median_weeks, r.median_censored));
    out += fmt::format("  92nd percentile wait                {}\n",
                       weeks_text(r.percentile_weeks, r.percentile_censored));
    if (o.year_before && o.year_before->total && r.total) {
      const auto& y = *o.year_before;
      out += fmt::format("\n  Change since {}: list {} ({:+.1f}%)", y.month.to_string(),
                         signed_count(*r.total - *y.total), (*r.total / *y.total - 1.0) * 100.0);
      if (y.pct_within_18_weeks && r.pct_within_18_weeks) {
        out += fmt::format(", within 18 weeks {:+.1f} points",
                           (*r.pct_within_18_weeks - *y.pct_within_18_weeks) * 100.0);
      }
      if (y.over_52_weeks && r.over_52_weeks) {
        out += fmt::format(", over 52 weeks {}", signed_count(*r.over_52_weeks - *y.over_52_weeks));
      }
      out += "\n";
    }
    if (!o.trend.empty()) {
      out += fmt::format("\nThe last {} months\n\n", o.trend.size());
      Table t = stats::national_stats_table(o.trend, data::RttPart::incomplete, true);
      // Keep the columns people read; drop the part (always incomplete) and unknown clock starts (not
      // published).
      Table slim;
      for (size_t c = 0; c < t.columns.size(); ++c) {
        const auto& key = t.columns[c].key;
        if (key == "part" || key == "unknown_clock_start" || key == "over_18_weeks") continue;
        slim.columns.push_back(t.columns[c]);
      }
      for (const auto& row : t.rows) {
        std::vector<Cell> cells;
        for (size_t c = 0; c < t.columns.size(); ++c) {
          const auto& key = t.columns[c].key;
          if (key == "part" || key == "unknown_clock_start" || key == "over_18_weeks") continue;
          cells.push_back(row[c]);
        }
        slim.add_row(std::move(cells));
      }
      out += render_text(slim);
    }
  }
  for (const auto& p : o.providers) {
    if (!out.empty()) out += "\n";
    out += fmt::format("Provider {} {}, {} {}\n", p.provider, p.provider_name, month_name(p.month.month()),
                       p.month.year());
    const auto& s = p.incomplete.summary;
    out +=
        fmt::format("  Waiting list {} ({} within 18 weeks, {} over 52 weeks); median {}, P92 {}\n",
                    format_count(s.total),
                    s.pct_within_18_weeks ? format_percent(*s.pct_within_18_weeks) : std::string("-"),
                    count_or_dash(s.over_52_weeks), weeks_text(s.median_weeks.weeks, s.median_weeks.censored),
                    weeks_text(s.p92_weeks.weeks, s.p92_weeks.censored));
    out += fmt::format(
        "  In the month: {} new RTT periods, {} clock stops ({} admitted, {} non-admitted); {} waiting "
        "with a decision to admit\n\n",
        count_or_dash(p.new_periods),
        p.admitted && p.nonadmitted ? format_count(*p.admitted + *p.nonadmitted) : std::string("-"),
        count_or_dash(p.admitted), count_or_dash(p.nonadmitted), count_or_dash(p.dta));
    std::vector<stats::StatsRow> rows = p.by_tfc;
    stats::StatsRow total = p.incomplete;
    total.tfc = std::string(data::kAllSpecialtiesTfc);
    total.tfc_name = "All specialties";
    rows.push_back(total);
    for (auto& r : rows) r.provider.reset();  // one provider per table
    stats::StatsTableOptions opt;
    opt.for_text = true;
    Table t = stats::stats_table(rows, opt);
    Table slim;
    auto keep = [](const std::string& key) {
      return key != "part" && key != "month" && key != "over_18_weeks" && key != "unknown_clock_start";
    };
    for (const auto& c : t.columns) {
      if (keep(c.key)) slim.columns.push_back(c);
    }
    for (const auto& row : t.rows) {
      std::vector<Cell> cells;
      for (size_t c = 0; c < t.columns.size(); ++c) {
        if (keep(t.columns[c].key)) cells.push_back(row[c]);
      }
      slim.add_row(std::move(cells));
    }
    out += render_text(slim);
  }
  if (out.empty()) out = "Nothing to report: no national series and no extract were read.\n";
  return out;
}

nlohmann::json overview_json(const Overview& o) {
  nlohmann::json j = nlohmann::json::object();
  if (o.latest) {
    nlohmann::json n = nlohmann::json::object();
    n["source"] = o.national_source;
    n["standard"] = kStandardShare;
    n["latest"] = national_row_json(*o.latest);
    n["year_before"] = o.year_before ? national_row_json(*o.year_before) : nlohmann::json(nullptr);
    nlohmann::json change = nullptr;
    if (o.year_before && o.year_before->total && o.latest->total) {
      change = nlohmann::json::object();
      change["from_month"] = o.year_before->month.to_string();
      change["total"] = *o.latest->total - *o.year_before->total;
      change["total_fraction"] = *o.latest->total / *o.year_before->total - 1.0;
      auto diff = [](const std::optional<double>& a, const std::optional<double>& b) {
        return a && b ? nlohmann::json(*a - *b) : nlohmann::json(nullptr);
      };
      change["pct_within_18_weeks"] = diff(o.latest->pct_within_18_weeks, o.year_before->pct_within_18_weeks);
      change["over_52_weeks"] = diff(o.latest->over_52_weeks, o.year_before->over_52_weeks);
      change["median_weeks"] = diff(o.latest->median_weeks, o.year_before->median_weeks);
    }
    n["change_12_months"] = change;
    n["trend"] = to_json_rows(stats::national_stats_table(o.trend, data::RttPart::incomplete, false));
    j["national"] = n;
  } else {
    j["national"] = nullptr;
  }
  nlohmann::json providers = nlohmann::json::array();
  for (const auto& p : o.providers) {
    nlohmann::json e = nlohmann::json::object();
    e["provider"] = p.provider;
    e["provider_name"] = p.provider_name;
    e["month"] = p.month.to_string();
    e["incomplete"] = to_json_rows(stats::stats_table({p.incomplete})).at(0);
    auto opt = [](const std::optional<double>& v) {
      return v ? nlohmann::json(std::llround(*v)) : nlohmann::json(nullptr);
    };
    e["dta_total"] = opt(p.dta);
    e["new_periods"] = opt(p.new_periods);
    e["admitted"] = opt(p.admitted);
    e["nonadmitted"] = opt(p.nonadmitted);
    e["by_tfc"] = to_json_rows(stats::stats_table(p.by_tfc));
    providers.push_back(std::move(e));
  }
  j["providers"] = providers;
  j["extract_sources"] = o.extract_sources;
  return j;
}

}  // namespace elective::report
