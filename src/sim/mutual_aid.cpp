#include "sim/mutual_aid.hpp"

#include <algorithm>
#include <cmath>

#include "sim/random_draws.hpp"

namespace elective::sim::detail {

double great_circle_km(double lat1, double lon1, double lat2, double lon2) {
  constexpr double kRad = 3.14159265358979323846 / 180.0;
  const double dlat = (lat2 - lat1) * kRad, dlon = (lon2 - lon1) * kRad;
  const double a = std::sin(dlat / 2) * std::sin(dlat / 2) +
                   std::cos(lat1 * kRad) * std::cos(lat2 * kRad) * std::sin(dlon / 2) * std::sin(dlon / 2);
  return 2 * 6371.0 * std::asin(std::min(1.0, std::sqrt(a)));
}

bool in_reach(const MutualAid& ma, const ProviderInfo& a, const ProviderInfo& b) {
  if (ma.same_region && (a.region.empty() || a.region != b.region)) return false;
  if (ma.travel_km) {
    if (!a.lat || !a.lon || !b.lat || !b.lon) return false;
    if (great_circle_km(*a.lat, *a.lon, *b.lat, *b.lon) > *ma.travel_km) return false;
  }
  return true;
}

MutualAidRounds::MutualAidRounds(const SimModel& model) : m_(model), providers_(model.providers.size()) {
  const size_t Q = m_.queues.size();
  peer_first_.assign(Q + 1, 0);
  if (!m_.mutual_aid.enabled) return;
  std::vector<std::uint8_t> reach(providers_ * providers_, 0);  // provider x provider
  auto merged = [&](size_t p) { return p < m_.provider_details.size() && m_.provider_details[p].merged(); };
  for (size_t a = 0; a < providers_; ++a)
    for (size_t b = 0; b < providers_; ++b)
      reach[a * providers_ + b] = static_cast<std::uint8_t>(
          a != b && !merged(a) && !merged(b) && in_reach(m_.mutual_aid, m_.providers[a], m_.providers[b]));
  std::vector<std::vector<std::uint32_t>> queues_by_tfc(m_.tfcs.size());
  for (size_t q = 0; q < Q; ++q) queues_by_tfc[m_.queues[q].tfc].push_back(static_cast<std::uint32_t>(q));
  for (size_t q = 0; q < Q; ++q) {
    for (const std::uint32_t d : queues_by_tfc[m_.queues[q].tfc]) {
      if (reach[m_.queues[q].provider * providers_ + m_.queues[d].provider] != 0) peers_.push_back(d);
    }
    peer_first_[q + 1] = static_cast<std::uint32_t>(peers_.size());
  }
}

double MutualAidRounds::acceptance(const ProfileFields& f) const {
  const auto& ma = m_.mutual_aid;
  const double byq = ma.acceptance_by_imd_quintile[f.imd_quintile];
  if (byq >= 0) return byq;
  const double bya = ma.acceptance_by_age_band[static_cast<size_t>(f.age_band)];
  if (bya >= 0) return bya;
  return ma.acceptance;
}

void MutualAidRounds::run(RecordStore& store, const std::vector<double>& capacity_now, int step,
                          std::int32_t end_day, pcg64& rng, MutualAidOutcome& outcome) {
  const auto& ma = m_.mutual_aid;
  const size_t Q = store.queues();
  outcome.moved_out_by_provider.resize(providers_, 0.0);
  outcome.moved_in_by_provider.resize(providers_, 0.0);
  std::vector<double> expected(Q), budget(Q);
  for (size_t q = 0; q < Q; ++q) {
    expected[q] = capacity_now[q] > 0 ? static_cast<double>(store.live(q)) / capacity_now[q] : 1e9;
    budget[q] = ma.max_share_of_capacity * capacity_now[q];
  }
  const std::int32_t threshold = ma.threshold_weeks * 7;
  // Longest expected waits offer first.
  std::vector<std::uint32_t> sources(Q);
  for (size_t q = 0; q < Q; ++q) sources[q] = static_cast<std::uint32_t>(q);
  std::stable_sort(sources.begin(), sources.end(),
                   [&](std::uint32_t a, std::uint32_t b) { return expected[a] > expected[b]; });
  for (auto q : sources) {
    auto find_destination = [&]() -> std::int64_t {
      std::int64_t best = -1;
      for (std::uint32_t i = peer_first_[q]; i < peer_first_[q + 1]; ++i) {
        const std::uint32_t d = peers_[i];
        if (budget[d] < 1 || expected[d] + ma.min_advantage_weeks > expected[q]) continue;
        if (best < 0 || expected[d] < expected[static_cast<size_t>(best)]) best = d;
      }
      return best;
    };
    std::int64_t dest = find_destination();
    if (dest < 0) continue;
    for (int k = 0; k < store.subqueues() && dest >= 0; ++k) {
      SubQueue& s = store.sub(q, k);
      size_t i = s.head;
      kept_.clear();
      for (; i < s.v.size() && end_day - s.v[i].clock_start >= threshold && dest >= 0; ++i) {
        Record rec = s.v[i];
        if (rec.leave <= step) continue;  // already left: drop the record
        if (rec.profile & kOfferedFlag) {
          kept_.push_back(rec);
          continue;
        }
        rec.profile |= kOfferedFlag;
        const ProfileFields& f = fields_of(rec.profile_id());
        outcome.offered += 1;
        outcome.offered_by_imd_quintile[f.imd_quintile] += 1;
        outcome.offered_by_age_band[static_cast<size_t>(f.age_band)] += 1;
        if (uniform01(rng) >= acceptance(f)) {
          kept_.push_back(rec);
          continue;
        }
        const auto d = static_cast<size_t>(dest);
        rec.profile |= kMovedFlag;
        outcome.moved += 1;
        outcome.moved_by_imd_quintile[f.imd_quintile] += 1;
        outcome.moved_by_age_band[static_cast<size_t>(f.age_band)] += 1;
        outcome.moved_out_by_provider[m_.queues[q].provider] += 1;
        outcome.moved_in_by_provider[m_.queues[d].provider] += 1;
        store.transfer(q, d, k, rec);
        budget[d] -= 1;
        expected[d] += capacity_now[d] > 0 ? 1.0 / capacity_now[d] : 0.0;
        expected[q] -= capacity_now[q] > 0 ? 1.0 / capacity_now[q] : 0.0;
        if (budget[d] < 1 || expected[d] + ma.min_advantage_weeks > expected[q]) dest = find_destination();
      }
      // Keep the declined (and not yet offered) pathways in order at the front.
      const size_t first = i - kept_.size();
      std::copy(kept_.begin(), kept_.end(), s.v.begin() + static_cast<std::ptrdiff_t>(first));
      s.head = static_cast<std::uint32_t>(first);
    }
  }
}

}  // namespace elective::sim::detail
