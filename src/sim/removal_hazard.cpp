#include "sim/removal_hazard.hpp"

#include <algorithm>
#include <cmath>

#include "sim/random_draws.hpp"
#include "sim/record_store.hpp"

namespace elective::sim::detail {
namespace {

int hazard_group(const ProfileFields& f) {
  return f.imd_quintile * data::kAgeBandCount + static_cast<int>(f.age_band);
}
constexpr int kHazardGroups = 6 * data::kAgeBandCount;

}  // namespace

LeaveSampler::LeaveSampler(const SimModel& model, const RemovalHazard& hazard)
    : LeaveSampler(model, hazard, start_list_shape(model).longest_wait_weeks) {}

LeaveSampler::LeaveSampler(const SimModel& model, const RemovalHazard& hazard,
                           std::int32_t longest_wait_weeks)
    : weeks_(model.weeks) {
  group_of_.resize(kProfileCount);
  for (int p = 0; p < kProfileCount; ++p)
    group_of_[static_cast<size_t>(p)] =
        static_cast<std::uint8_t>(hazard_group(fields_of(static_cast<Profile>(p))));
  active_ = std::any_of(hazard.weekly.begin(), hazard.weekly.end(), [](double h) { return h > 0; });
  if (!active_) return;
  const size_t len = static_cast<size_t>(std::max(0, longest_wait_weeks)) + static_cast<size_t>(weeks_) + 2;
  cum_hazard_.assign(kHazardGroups, {});
  columns_ = static_cast<std::uint32_t>(weeks_) + 1;
  leave_columns_.reserve(kHazardGroups * columns_);
  for (int g = 0; g < kHazardGroups; ++g) {
    const double mult = hazard.imd_quintile_multiplier[static_cast<size_t>(g / data::kAgeBandCount)] *
                        hazard.age_band_multiplier[static_cast<size_t>(g % data::kAgeBandCount)];
    auto& H = cum_hazard_[static_cast<size_t>(g)];
    H.assign(len + 1, 0.0);
    for (size_t j = 0; j < len; ++j) {
      const double h = std::clamp(hazard.weekly[std::min(j, hazard.weekly.size() - 1)] * mult, 0.0, 0.999999);
      H[j + 1] = H[j] - std::log1p(-h);
    }
    const double step = H.back() > 0 ? H.back() / static_cast<double>(kBuckets) : 1.0;
    bucket_step_.push_back(step);
    bucket_scale_.push_back(1.0 / step);
    size_t j = 0;
    for (size_t b = 0; b < kBuckets; ++b) {
      const double threshold = static_cast<double>(b) * step;
      while (j < H.size() && H[j] <= threshold) ++j;
      bucket_first_.push_back(static_cast<std::uint32_t>(j));
    }
    std::vector<double> w(static_cast<size_t>(weeks_) + 1);
    for (int k = 0; k < weeks_; ++k) {
      w[static_cast<size_t>(k)] =
          std::exp(-H[static_cast<size_t>(k)]) - std::exp(-H[static_cast<size_t>(k) + 1]);
    }
    w[static_cast<size_t>(weeks_)] = std::exp(-H[static_cast<size_t>(weeks_)]);
    const AliasTable table(w);
    leave_columns_.insert(leave_columns_.end(), table.entries().begin(), table.entries().end());
  }
}

std::uint16_t LeaveSampler::for_waiting(std::int32_t wait_weeks, Profile profile, std::uint64_t bits) const {
  const size_t group = group_of_[profile];
  const auto& H = cum_hazard_[group];
  const size_t w0 = static_cast<size_t>(std::max(0, wait_weeks));
  const double e = -std::log(1.0 - uniform01_of(bits)) + H[w0];
  // The first week j > w0 with H[j] > e; only j <= w0 + weeks_ (a leave step within the horizon) matters.
  // H never decreases, so when its last entry in that range is not above e none is: most pathways on the
  // list do not leave within the horizon, and they need no search.
  const size_t from = std::min(w0 + 1, H.size());
  const size_t to = std::min(w0 + 1 + static_cast<size_t>(std::max(0, weeks_)), H.size());
  if (from == to || H[to - 1] <= e) return kNever;
  // The last bucket whose threshold is not above e: every week before its first has H <= e. It is at most
  // to - 1 (H[to - 1] > e), so the walk stops within the range.
  const double step = bucket_step_[group];
  auto b = static_cast<size_t>(std::min(e * bucket_scale_[group], static_cast<double>(kBuckets - 1)));
  while (b > 0 && static_cast<double>(b) * step > e) --b;
  size_t j = std::max(from, static_cast<size_t>(bucket_first_[group * kBuckets + b]));
  while (H[j] <= e) ++j;
  // Leaves during wait week j - 1.
  return static_cast<std::uint16_t>(j - 1 - w0);
}

}  // namespace elective::sim::detail
