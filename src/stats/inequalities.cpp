#include "stats/inequalities.hpp"

#include <algorithm>
#include <map>

#include "core/wait_bands.hpp"
#include "data/rtt_extract.hpp"
#include "stats/disclosure.hpp"
#include "stats/wait_summary.hpp"

namespace elective::stats {
namespace {

constexpr const char* kRule =
    "Counts rounded to the nearest 5; groups of 1-4 pathways withheld, with the next-smallest "
    "groups until the withheld ones hold 5 or more; shares from the rounded counts; a selection "
    "under 10 pathways, or leaving 1-9 of a wider selection outside it, withheld whole "
    "(docs/security.md).";

struct Group {
  std::string label;
  WaitHistogram histogram{kCurrentTopBand};
};

nlohmann::json opt(const std::optional<double>& value) {
  return value ? nlohmann::json(*value) : nlohmann::json();
}

std::string quintile_label(int q) {
  static const char* labels[] = {"", "1 (most deprived)", "2", "3", "4", "5 (least deprived)"};
  return labels[q];
}

// The group (order key and label) of pathway i on a dimension.
std::pair<int, std::string> group_of(const data::PatientList& list, EquityDimension dimension, size_t i) {
  switch (dimension) {
    case EquityDimension::imd_quintile: {
      const int q = data::imd_quintile_of_decile(list.imd_decile[i]);
      if (q == 0) return {6, "unknown"};
      return {q, quintile_label(q)};
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
}

// Every group of a dimension: (order key, label) as group_of gives them.
std::vector<std::pair<int, std::string>> vocabulary(EquityDimension dimension) {
  std::vector<std::pair<int, std::string>> out;
  switch (dimension) {
    case EquityDimension::imd_quintile:
      for (int q = 1; q <= 5; ++q) out.push_back({q, quintile_label(q)});
      out.push_back({6, "unknown"});
      break;
    case EquityDimension::ethnic_group:
      for (int g = 0; g < data::kEthnicGroupCount; ++g)
        out.push_back({g, std::string(data::ethnic_group_name(static_cast<data::EthnicGroup>(g)))});
      break;
    case EquityDimension::age_band:
      for (int g = 0; g < data::kAgeBandCount; ++g)
        out.push_back({g, std::string(data::age_band_name(static_cast<data::AgeBand>(g)))});
      break;
    case EquityDimension::sex:
      for (int g = 0; g < data::kSexCount; ++g)
        out.push_back({g, std::string(data::sex_name(static_cast<data::Sex>(g)))});
      break;
  }
  return out;
}

std::string reference_of(EquityDimension dimension) {
  switch (dimension) {
    case EquityDimension::imd_quintile:
      return "5 (least deprived)";
    case EquityDimension::ethnic_group:
      return std::string(data::ethnic_group_name(data::EthnicGroup::white));
    case EquityDimension::age_band:
      return std::string(data::age_band_name(data::AgeBand::age_18_39));
    case EquityDimension::sex:
      return std::string(data::sex_name(data::Sex::female));
  }
  return {};
}

// Query-set-size control (stats/disclosure.hpp, rule 5): the selection, and what it leaves out of each wider
// selection a caller could ask for (dropping one filter or both), must be publishable.
bool selection_publishable(const data::PatientList& list, const std::optional<std::string>& provider,
                           const std::optional<std::string>& tfc) {
  // sizes[p][t]: pathways matching (provider filter if p) and (tfc filter if t).
  double sizes[2][2] = {{0, 0}, {0, 0}};
  for (size_t i = 0; i < list.size(); ++i) {
    const bool p = provider && list.providers[list.provider[i]] == *provider;
    const bool t = tfc && list.tfcs[list.tfc[i]] == *tfc;
    sizes[0][0] += 1;
    if (p) sizes[1][0] += 1;
    if (t) sizes[0][1] += 1;
    if (p && t) sizes[1][1] += 1;
  }
  const int pf = provider ? 1 : 0, tf = tfc ? 1 : 0;
  std::vector<double> wider;
  for (int p = 0; p <= pf; ++p) {
    for (int t = 0; t <= tf; ++t) {
      if (p != pf || t != tf) wider.push_back(sizes[p][t]);
    }
  }
  return publishable_selection(sizes[pf][tf], wider);
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
  const std::string reference = reference_of(dimension);
  std::optional<std::string> tfc;
  if (filter.tfc) tfc = data::normalise_tfc(*filter.tfc);
  const std::optional<std::string> tfc_filter = tfc && *tfc != "C_999" ? tfc : std::nullopt;

  // Rows: every group of the dimension, present in the list or not (so that the rows never tell which groups
  // exist); then the selection's pathways by group.
  std::map<int, Group> groups;
  for (const auto& [order, label] : vocabulary(dimension)) groups[order].label = label;
  const auto snapshot_days = list.snapshot.time_since_epoch().count();
  double total = 0;
  for (size_t i = 0; i < list.size(); ++i) {
    if (filter.provider && list.providers[list.provider[i]] != *filter.provider) continue;
    if (tfc_filter && list.tfcs[list.tfc[i]] != *tfc_filter) continue;
    auto& group = groups[group_of(list, dimension, i).first];
    const auto wait_days = static_cast<std::int64_t>(snapshot_days) - list.clock_start[i];
    group.histogram.counts[static_cast<size_t>(band_of_wait_days(wait_days))] += 1;
    total += 1;
  }
  const bool publishable = selection_publishable(list, filter.provider, tfc_filter);

  // The margins: group counts, and the numerators of the two shares.
  std::vector<double> counts, within18, over52;
  for (const auto& [order, group] : groups) {
    counts.push_back(group.histogram.total());
    within18.push_back(count_within_weeks(group.histogram, kWeeksStandard));
    over52.push_back(count_over_weeks(group.histogram, 52).value_or(0));
  }
  const auto withheld = withheld_cells(counts);
  const auto within_withheld = withheld_cells(within18);
  const auto over_withheld = withheld_cells(over52);
  // The total as published: rounded, or null when small or when the selection is withheld. (Written without
  // std::optional: GCC 12 reports a false maybe-uninitialized on it here.)
  const bool total_shown = publishable && !is_small_count(total);
  const double published_total = total_shown ? round_to_base(total) : 0.0;

  std::optional<double> reference_median;
  size_t g = 0;
  for (const auto& [order, group] : groups) {
    if (publishable && group.label == reference && !withheld[g] && counts[g] > 0)
      reference_median = band_percentile(group.histogram, 0.5).weeks;
    ++g;
  }

  nlohmann::json rows = nlohmann::json::array();
  g = 0;
  for (const auto& [order, group] : groups) {
    nlohmann::json row = {{"group", group.label}, {"reference", group.label == reference}};
    if (!publishable || withheld[g]) {
      row.update({{"suppressed", true},
                  {"count", nullptr},
                  {"share_of_list", nullptr},
                  {"pct_within_18_weeks", nullptr},
                  {"median_weeks", nullptr},
                  {"p92_weeks", nullptr},
                  {"pct_over_52_weeks", nullptr},
                  {"median_ratio_to_reference", nullptr}});
    } else {
      const double count = round_to_base(counts[g]);
      auto share = [&](double numerator, bool numerator_withheld) -> std::optional<double> {
        if (numerator_withheld || count <= 0) return std::nullopt;
        return round_to_base(numerator) / count;
      };
      std::optional<double> median, p92, ratio;
      if (counts[g] > 0) {
        median = band_percentile(group.histogram, 0.5).weeks;
        p92 = band_percentile(group.histogram, 0.92).weeks;
        if (reference_median && *reference_median > 0 && median) ratio = *median / *reference_median;
      }
      row.update({{"suppressed", false},
                  {"count", count},
                  {"share_of_list", published_total > 0 ? count / published_total : 0.0},
                  {"pct_within_18_weeks", opt(share(within18[g], within_withheld[g]))},
                  {"median_weeks", opt(median)},
                  {"p92_weeks", opt(p92)},
                  {"pct_over_52_weeks", opt(share(over52[g], over_withheld[g]))},
                  {"median_ratio_to_reference", opt(ratio)}});
    }
    rows.push_back(std::move(row));
    ++g;
  }
  return {{"by", equity_dimension_name(dimension)},
          {"snapshot_date", format_iso_date(list.snapshot)},
          {"reference_group", reference},
          {"provider", filter.provider ? nlohmann::json(*filter.provider) : nlohmann::json()},
          {"tfc", tfc ? nlohmann::json(*tfc) : nlohmann::json()},
          {"total", total_shown ? nlohmann::json(published_total) : nlohmann::json()},
          {"selection_withheld", !publishable},
          {"disclosure", kRule},
          {"groups", rows}};
}

}  // namespace elective::stats
