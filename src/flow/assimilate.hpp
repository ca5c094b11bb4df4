#pragma once
// National month-end lists by weekly band, assimilated from the published headline figures and the flows
// (docs/forecast.md "Start histogram"). The national series publishes only a few points of each month's wait
// distribution; reconstruct_histogram interpolates between them, which cannot know that the density falls
// steadily from the newest referrals onwards and so puts too many patients just below 18 weeks (checked
// against the national months-waited distributions of May 2024 - January 2025, docs/backtest.md).
//
// Assimilation carries the shape forward instead: month t's prior is month t-1's list aged by the month's
// days plus the month's new RTT periods spread over its days (flow::age_and_admit); the prior is then bent to
// the published points (pathways within 18 weeks, over 52/65/78/104 weeks, median, 92nd percentile) by
// rescaling the prior's cumulative count between consecutive points, so every published count holds exactly
// and the shape between points is the prior's. The first month is reconstructed by interpolation; its shape
// washes out of the bands under 18 weeks within five months.
#include <vector>

#include "core/calendar.hpp"
#include "core/wait_bands.hpp"
#include "flow/reconstruct.hpp"

namespace elective::flow {

struct NationalMonth;

// `prior` (105 bands) bent to the published figures: the result sums to figures.total and reproduces every
// published count. Throws InputError for impossible figures.
WaitHistogram fit_to_headline(const std::vector<double>& prior, const HeadlineFigures& figures);

// Assimilated month-end lists on the "with estimates for missing trusts" basis, one per month of `months`
// (same order). Months before the first month with new RTT periods, or without a list, are reconstructed by
// interpolation (empty histogram when there is no list). Causal: month t uses only months up to t.
std::vector<WaitHistogram> assimilate_national(const std::vector<NationalMonth>& months);

}  // namespace elective::flow
