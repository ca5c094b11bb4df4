#pragma once
// Weekly waits estimated from calendar-month bins (the provider months layout, data/provider_months.hpp),
// behind one small interface so that the estimation can later move onto generic band edges.
//
// NHSRtt's tidy_file() turned each weekly band "k to k+1 weeks" of a reporting month M into the seven days
// whose clock start lies 7k .. 7k+6 days before M's last day, one seventh per day, and summed the days by the
// calendar month they fall in: bin j holds the clock starts of month M - j, m12_plus all before M - 11. The
// estimate inverts that sharing (docs/statistics.md, "Waits from month bins"):
// - calendar_days (the default): every day of a bin's calendar month gets an equal share of the bin (a
//   uniform density within each month, with the true month lengths), and band k sums the days of wait
//   7k .. 7k+6. The bins start-to-end cover waits 0 .. ~365 days; m12_plus and the days of m11 past 364 days
//   form the open top band 52+ (so over 52 weeks is almost exact, and percentiles past 52 weeks are censored
//   "52+", like NHS England's published figures before April 2021).
// - mean_month: the same with every month 30.44 days long (the simpler method, kept to measure against).
// The estimate is linear in the bins, so estimating a sum of bins equals summing estimates.
#include <array>
#include <utility>

#include "core/calendar.hpp"
#include "core/wait_bands.hpp"

namespace elective::stats {

inline constexpr int kMonthBinCount = 13;  // m00 ... m11, m12_plus
inline constexpr int kMonthBinTopBand = 52;

enum class MonthBinMethod { calendar_days, mean_month };

// A weekly histogram with bands 0 .. 51 and the open top band 52+, estimated from the month bins of
// `reporting_month`.
WaitHistogram weekly_from_month_bins(const std::array<double, kMonthBinCount>& bins,
                                     YearMonth reporting_month,
                                     MonthBinMethod method = MonthBinMethod::calendar_days);

// The forward sharing (NHSRtt's tidy_file): month bins of `reporting_month` from weekly bands (any top band;
// the open top band goes to m12_plus). Used to test the estimate and to measure its error on exact extracts.
std::array<double, kMonthBinCount> month_bins_from_weekly(const WaitHistogram& weekly,
                                                          YearMonth reporting_month);

// The waits in days that bin `bin` (0 = m00 ... 12 = m12_plus) of `reporting_month` covers, [first, second),
// by the calendar_days method: the days from the reporting month's last day back through the bin's calendar
// month. m12_plus is open: its second is +infinity. The patient-level start list (src/sim/provider_lists.hpp)
// places pathways inside these ranges.
std::pair<double, double> month_bin_wait_days(YearMonth reporting_month, int bin);

}  // namespace elective::stats
