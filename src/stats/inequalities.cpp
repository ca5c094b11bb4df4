#include "stats/inequalities.hpp"

#include <algorithm>
#include <map>

#include "core/wait_bands.hpp"
#include "data/rtt_extract.hpp"
#include "stats/disclosure.hpp"
#include "stats/wait_summary.hpp"

namespace elective::stats {
namespace {

struct Group {
  std::string key;
  std::string label;
  WaitHistogram histogram{kCurrentTopBand};
};

nlohmann::json opt(const std::optional<double>& value) {
  return value ? nlohmann::json(*value) : nlohmann::json();
}

}  // namespace

std::optional<EquityDimension> parse_equity_dimension(std::string_view text) {
  if (text == "imd_quintile" || text == "imd" || text == "deprivation") return EquityDimension::imd_quintile;
  if (text == "ethnic_group" || text == "ethnicity") return EquityDimension::ethnic_group;
  if (text == "age_band" || text == "age") return EquityDimension::age_band;
  if (text == "sex") return EquityDimension::sex;
  return std::nullopt;
}

std::string_view equity_dimension_name(EquityDimension dimension) {
  switch (dimension) {
    case EquityDimension::imd_quintile:
      return "imd_quintile";
    case EquityDimension::ethnic_group:
      return "ethnic_group";
    case EquityDimension::age_band:
      return "age_band";
    case EquityDimension::sex:
      return "sex";
  }
  return "imd_quintile";
}

nlohmann::json equity_breakdown(const data::PatientList& list, EquityDimension dimension,
                                const EquityFilter& filter) {
  std::map<int, Group> groups;
  std::string reference;
  auto group_of = [&](size_t i) -> std::pair<int, std::string> {
    switch (dimension) {
      case EquityDimension::imd_quintile: {
        const int q = data::imd_quintile_of_decile(list.imd_decile[i]);
        if (q == 0) return {6, "unknown"};
        static const char* labels[] = {"", "1 (most deprived)", "2", "3", "4", "5 (least deprived)"};
        return {q, labels[q]};
      }
      case EquityDimension::ethnic_group:
        return {static_cast<int>(list.ethnic_group[i]),
                std::string(data::ethnic_group_name(list.ethnic_group[i]))};
      case EquityDimension::age_band:
        return {static_cast<int>(list.age_band[i]), std::string(data::age_band_name(list.age_band[i]))};
      case EquityDimension::sex:
        return {static_cast<int>(list.sex[i]), std::string(data::sex_name(list.sex[i]))};
    }
    return {0, ""};
  };
  switch (dimension) {
    case EquityDimension::imd_quintile:
      reference = "5 (least deprived)";
      break;
    case EquityDimension::ethnic_group:
      reference = std::string(data::ethnic_group_name(data::EthnicGroup::white));
      break;
    case EquityDimension::age_band:
      reference = std::string(data::age_band_name(data::AgeBand::age_18_39));
      break;
    case EquityDimension::sex:
      reference = std::string(data::sex_name(data::Sex::female));
      break;
  }

  std::optional<std::string> tfc;
  if (filter.tfc) tfc = data::normalise_tfc(*filter.tfc);
  const auto snapshot_days = list.snapshot.time_since_epoch().count();
  double total = 0;
  for (size_t i = 0; i < list.size(); ++i) {
    if (filter.provider && list.providers[list.provider[i]] != *filter.provider) continue;
    if (tfc && *tfc != "C_999" && list.tfcs[list.tfc[i]] != *tfc) continue;
    const auto [order, label] = group_of(i);
    auto& group = groups[order];
    group.label = label;
    const auto wait_days = static_cast<std::int64_t>(snapshot_days) - list.clock_start[i];
    group.histogram.counts[static_cast<size_t>(band_of_wait_days(wait_days))] += 1;
    total += 1;
  }

  std::optional<double> reference_median;
  for (const auto& [order, group] : groups) {
    if (group.label == reference && group.histogram.total() >= kSmallCount)
      reference_median = band_percentile(group.histogram, 0.5).weeks;
  }

  nlohmann::json rows = nlohmann::json::array();
  for (const auto& [order, group] : groups) {
    const double count = group.histogram.total();
    nlohmann::json row = {{"group", group.label}, {"reference", group.label == reference}};
    if (count < kSmallCount) {
      row.update({{"suppressed", true},
                  {"count", nullptr},
                  {"share_of_list", nullptr},
                  {"pct_within_18_weeks", nullptr},
                  {"median_weeks", nullptr},
                  {"p92_weeks", nullptr},
                  {"pct_over_52_weeks", nullptr},
                  {"median_ratio_to_reference", nullptr}});
    } else {
      const auto summary = summarise_waits(group.histogram);
      const auto over52 = summary.over_52_weeks;
      std::optional<double> ratio;
      if (reference_median && *reference_median > 0 && summary.median_weeks.weeks)
        ratio = *summary.median_weeks.weeks / *reference_median;
      row.update({{"suppressed", false},
                  {"count", count},
                  {"share_of_list", total > 0 ? count / total : 0.0},
                  {"pct_within_18_weeks", opt(summary.pct_within_18_weeks)},
                  {"median_weeks", opt(summary.median_weeks.weeks)},
                  {"p92_weeks", opt(summary.p92_weeks.weeks)},
                  {"pct_over_52_weeks", over52 ? nlohmann::json(*over52 / count) : nlohmann::json()},
                  {"median_ratio_to_reference", opt(ratio)}});
    }
    rows.push_back(std::move(row));
  }
  return {{"by", equity_dimension_name(dimension)},
          {"snapshot_date", format_iso_date(list.snapshot)},
          {"reference_group", reference},
          {"provider", filter.provider ? nlohmann::json(*filter.provider) : nlohmann::json()},
          {"tfc", tfc ? nlohmann::json(*tfc) : nlohmann::json()},
          {"total", total >= kSmallCount ? nlohmann::json(total) : nlohmann::json()},
          {"groups", rows}};
}

}  // namespace elective::stats
