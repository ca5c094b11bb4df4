#pragma once
// The patient-level start of England from the REAL provider x specialty lists of the provider months file
// (data/provider_months.hpp; docs/simulation.md "Real provider lists"). Each (provider group, specialty) row
// of the start month becomes one queue:
// - its waiting list, month bin by month bin: the bin's count rounded to whole pathways by largest remainders
//   within the row (round_bins), placed at waits inside the bin's calendar month (stats::month_bin_wait_days)
//   evenly (the calendar_days method's uniform density), the open m12_plus bin on an exponential tail;
// - its clock stops per month: the mean over the last `flow_months` reported months up to the start,
//   completed pathways scaled up to the provider's `Total` row where the file's specialty rows undercount it
//   (flagged); its inflow: those clock stops plus the list's mean growth per month over the same months.
// Merged rows (several ODS codes under one name) stay one queue group keyed "merged:CODE1+CODE2..." and are
// never named as a single trust; their location is that of the code whose name the row carries.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/calendar.hpp"
#include "data/provider_months.hpp"
#include "data/provider_reference.hpp"

namespace elective::sim {

struct RealProvider {
  std::string key;                 // the ODS code, or "merged:CODE1+CODE2+..."
  std::string label;               // the trust's name, or "merged group of N providers"
  std::vector<std::string> codes;  // the ODS codes whose figures the row holds
  std::string region;              // NHS England region name ("" when not in the reference)
  std::optional<double> lat, lon;
  std::string located_at;  // the code whose location is used ("" when none)
  bool merged = false;
  bool undercounted_completed = false;  // specialty completed scaled up to Total in a flow month
  bool unreported_months = false;       // a flow month skipped as unreported
};

struct RealQueue {
  std::uint32_t provider = 0;                             // index into RealLists::providers
  std::uint16_t specialty = 0;                            // index into data::specialty_groups()
  std::array<std::int64_t, data::kMonthBins> pathways{};  // whole pathways by month bin
  double referrals_per_month = 0;                         // the file's clock starts (where the clock started)
  double completed_per_month = 0;  // the file's clock stops, scaled up where undercounted
  // Inflow by flow balance: clock stops plus the list's growth per month (never below 0). Pathways moved
  // between providers start at one and stop at another (independent-sector providers complete up to three
  // times what they start), so a queue's own clock starts do not balance its clock stops; the balance does.
  double inflow_per_month = 0;
};

struct RealLists {
  YearMonth month;  // the start month (the lists' reporting month)
  std::vector<YearMonth> flow_months;
  std::vector<RealProvider> providers;
  std::vector<RealQueue> queues;
};

// The queues of `month` (which must be in the file). `reference` may be null (no regions or locations).
RealLists real_lists(const data::ProviderMonths& file, const data::ProviderReference* reference,
                     YearMonth month, int flow_months);

// Whole pathways from a row's month bins (multiples of 1/7): each bin gets its floor, and the units left to
// reach the row total rounded to the nearest whole go to the bins with the largest remainders (ties: the
// earlier bin). So every bin is within one of the file's value and the row keeps its (rounded) total.
std::array<std::int64_t, data::kMonthBins> round_bins(const data::MonthBins& bins);

// Waits (days before the reporting month's last day) of `n` pathways in bin `bin`: evenly spread over the
// bin's days; for the open m12_plus bin, at the quantiles of an exponential tail with mean `tail_mean_days`
// past the bin's first day. Appends to `out`.
void place_in_bin(YearMonth reporting_month, int bin, std::int64_t n, double tail_mean_days,
                  std::vector<std::int32_t>& out);

}  // namespace elective::sim
