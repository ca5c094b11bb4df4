#pragma once
// `elective stats` on the provider months layout (data/provider_months.hpp): any selection of provider (or
// merged group), ICB, region, specialty, type and month, broken down by provider, ICB, region, specialty
// and/or month, with the keys of the Full CSV statistics (rtt_query.hpp) where they apply.
//
// - Without a specialty (no --tfc, no breakdown by specialty) the `Total` rows are used; with a breakdown by
//   specialty, the 19 specialty rows (never both).
// - Without a month and without a breakdown by month the latest month is used (stocks of different months
//   cannot be added).
// - Figures in weeks (within 18 weeks, over 18 and 52 weeks, median, P92) are estimated from the month bins
//   (month_bin_estimate.hpp) and every row says so (`estimated`). Over 65/78/104 weeks and the unknown clock
//   starts are not in the layout: null.
// - ICB and region come from the provider reference (providers.csv). A merged group is never attributed to
//   one trust: it keeps its "merged:..." key by provider, and by ICB or region it goes to the ICB/region of
//   its codes when they all share one, else to the row "merged" (several ICBs/regions).
// - Flags of each row (`flags`, ';'-separated): merged_provider_group (the row holds a merged group),
//   undercounted_specialty (completed pathways by specialty of a provider-month whose specialties add up to
//   less than its Total), unreported_months (a provider-month whose Total incomplete is zero: possibly not
//   reported).
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/calendar.hpp"
#include "core/table.hpp"
#include "data/provider_months.hpp"
#include "data/provider_reference.hpp"
#include "stats/month_bin_estimate.hpp"
#include "stats/wait_summary.hpp"

namespace elective::stats {

enum class ProviderBreakdown { provider, icb, region, specialty, month };
// Each item may be a comma list of provider, icb, region, specialty (or tfc), month; "none" is dropped.
std::vector<ProviderBreakdown> parse_provider_breakdowns(const std::vector<std::string>& items);
bool needs_reference(const std::vector<ProviderBreakdown>& by);

// The ICB and region of a provider group from the reference: a merged group's only when all its codes share
// it (never the ICB of the trust whose name the group carries); "merged" when they differ, "unknown" when the
// reference has none.
struct ProviderPlace {
  std::string icb, icb_name, region, region_name;
};
ProviderPlace provider_place(const data::ProviderGroup& group, const data::ProviderReference& reference);
// The name a group is shown under: the file's name for one provider, "merged group of N providers" for a
// merged group (never the name of the trust the file files it under).
std::string provider_group_label(const data::ProviderGroup& group);

struct ProviderSelection {
  data::MonthsType type = data::MonthsType::incomplete;
  std::optional<std::string> provider;   // an ODS code or a "merged:..." key
  std::optional<std::string> icb;        // ICB code
  std::optional<std::string> region;     // region code
  std::optional<std::string> specialty;  // name or code ("Trauma and Orthopaedic", "C_110", "110")
  std::optional<YearMonth> month;
};

// "incomplete", "completed" (admitted + non-admitted clock stops), "referrals" (new RTT periods); the Full
// CSV names "new", "admitted"/"nonadmitted" are explained in the error.
data::MonthsType parse_months_part(std::string_view text);

struct ProviderStatsRow {
  data::MonthsType type = data::MonthsType::incomplete;
  std::optional<std::string> provider, provider_name;
  std::optional<std::string> icb, icb_name;
  std::optional<std::string> region, region_name;
  std::optional<std::string> tfc, tfc_name;
  YearMonth month;
  bool has_bins = false;  // false for referrals: only `total`
  data::MonthBins bins{};
  WaitHistogram weekly;  // estimated
  WaitSummary summary;   // summary.total is the sum of `total`
  bool merged = false, undercounted = false, unreported = false;
  std::size_t source_rows = 0;
  std::string flags() const;
};

struct ProviderQuery {
  ProviderSelection selection;
  std::vector<ProviderBreakdown> by;
  MonthBinMethod method = MonthBinMethod::calendar_days;
};

// Rows in key order. `reference` is needed for ICB and region (breakdown or selection); without it those
// throw. Throws InputError for a provider, specialty, ICB, region or month that selects nothing, naming why
// (a code folded into a merged group names the group).
std::vector<ProviderStatsRow> query_provider_months(const data::ProviderMonths& file,
                                                    const data::ProviderReference* reference,
                                                    const ProviderQuery& query);

struct ProviderTableOptions {
  bool for_text = false;
  bool bins = false;  // add m00 ... m12_plus
};
Table provider_stats_table(const std::vector<ProviderStatsRow>& rows,
                           const ProviderTableOptions& options = {});

}  // namespace elective::stats
