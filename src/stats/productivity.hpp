#pragma once
// Elective productivity trust by trust (issue 16, `elective productivity`, docs/statistics.md
// "Productivity"): clock stops (completed RTT pathways, the `Total` row of the provider months file) per
// consultant FTE, per doctor FTE and per general and acute bed, and the clock stops expected from the trust's
// consultants and specialty mix at national rates (indirect standardisation):
//
//   exposure[p][s] = consultant_fte[p] * list_share[p][s]   (consultants apportioned by the trust's waiting
//                                                            list by specialty, the `incomplete` rows)
//   rate[s]        = c * sum_p stops[p][s] / sum_p exposure[p][s]
//   expected[p]    = sum_s exposure[p][s] * rate[s]
//   c              = sum_p clock_stops[p] / sum_p sum_s stops[p][s]
//
// c spreads the specialty rows' undercount (53 trusts' completed-by-specialty rows add up to less than their
// Total; shared data README section 5) over the specialties, so that the expected clock stops of the trusts
// in the comparison add up exactly to their observed clock stops. standardised_ratio = observed / expected;
// the trend is the least-squares slope of the ratio per month; the capacity added at the peers' median (upper
// quartile) is (peer ratio - ratio) * expected for a trust below it, 0 otherwise.
//
// A trust is in the comparison in a month when it is an acute trust (org_type of the sickness absence file,
// when given), has clock stops, consultants and a reported waiting list.
// Merged provider groups of the RTT file take the staff and beds of all their codes. Flags name every caveat
// of a row (see ProductivityRow::flags).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/calendar.hpp"
#include "core/table.hpp"
#include "data/beds_kh03.hpp"
#include "data/provider_months.hpp"
#include "data/provider_reference.hpp"
#include "data/sickness_absence.hpp"
#include "data/workforce.hpp"

namespace elective::stats {

enum class ProductivityLevel : std::uint8_t { provider, icb, region };
ProductivityLevel parse_productivity_level(std::string_view text);  // InputError naming --by

struct ProductivitySources {
  const data::ProviderMonths* rtt = nullptr;           // required
  const data::WorkforceFte* workforce = nullptr;       // required
  const data::BedsKh03* beds = nullptr;                // optional: beds columns empty without it
  const data::ProviderReference* reference = nullptr;  // required for --by icb|region
  // Optional: the organisation types (org_type "Acute"). With it only acute trusts are compared - a mental
  // health or community trust's consultants mostly do work that ends no RTT clock - and the others are
  // listed with the flag not_acute_trust and no expected figure.
  const data::SicknessAbsence* org_types = nullptr;
};

struct ProductivityOptions {
  std::optional<YearMonth> month;  // default: the latest month in both the RTT and the workforce file
  ProductivityLevel by = ProductivityLevel::provider;
};

struct ProductivityRow {
  std::string key, name;  // provider key ("RBD", "merged:..."), ICB or region code; name for people
  YearMonth month;
  std::optional<double> clock_stops, consultant_fte, doctor_fte, general_acute_beds, general_acute_occupied;
  std::optional<double> expected_clock_stops, standardised_ratio, ratio_trend_per_month;
  double added_at_median = 0, added_at_upper_quartile = 0;
  int trusts = 1;  // trusts (provider groups) in the row
  // Caveats: merged_provider_group, undercounted_specialty, unreported_month (no clock stops or list
  // reported this month), not_acute_trust (left out of the comparison), partial_workforce (a merged group's
  // code without staff figures), no_consultants, no_beds_row (the beds file has the quarter but not the
  // trust), no_beds_quarter (the beds file lacks the quarter), trend_months_missing (a month of the trend
  // window unreported or out of the comparison).
  std::vector<std::string> flags;

  std::optional<double> per_consultant() const;
  std::optional<double> per_doctor() const;
  std::optional<double> per_bed() const;
  std::string flag_text() const;  // ";"-separated
};

struct ProductivityResult {
  YearMonth month;
  std::vector<ProductivityRow> rows;  // in key order
  double peer_median_ratio = 0, peer_upper_quartile_ratio = 0;
  int trusts_compared = 0;              // trusts in the standardisation this month
  int rtt_providers_without_staff = 0;  // RTT providers with no workforce row (independent sector and others)
  std::vector<YearMonth> months;        // months with both RTT and workforce figures (the trend window)
};

// Throws InputError when a required file is missing, the month is not in both files, or --by icb|region
// has no reference.
ProductivityResult productivity(const ProductivitySources& sources, const ProductivityOptions& options);

// Columns: provider (or icb / region), name (text only), month, clock_stops, consultant_fte,
// clock_stops_per_consultant_fte, doctor_fte, clock_stops_per_doctor_fte, general_acute_beds,
// clock_stops_per_bed, general_acute_occupancy, expected_clock_stops, standardised_ratio,
// standardised_ratio_trend_per_month, added_clock_stops_at_median, added_clock_stops_at_upper_quartile,
// trusts, flags.
Table productivity_table(const ProductivityResult& result, ProductivityLevel level, bool for_text);

}  // namespace elective::stats
