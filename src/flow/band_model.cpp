#include "flow/band_model.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <type_traits>

namespace elective::flow {

void age_and_admit(const std::vector<double>& list, int days, double referrals, std::vector<double>& out) {
  // Any weekly layout: the list's size is its band count (105 for RTT, 14 for DM01), the last band open.
  const int top = static_cast<int>(list.size()) - 1;
  out.resize(list.size());
  if (top < 0) return;
  const double weeks = static_cast<double>(days) / 7.0;
  const int whole = static_cast<int>(std::floor(weeks));
  const double frac = weeks - whole;
  const double stay = 1.0 - frac;
  const double* const n = list.data();
  double* const o = out.data();
  // Band k is uniform on [k, k+1) weeks; after `weeks` it covers [k+weeks, k+1+weeks): n[k] x stay lands in
  // band k + whole and n[k] x frac in the next one (both capped at the open top band). A closed band j below
  // the top therefore gets, in this order, the moving-up share of band j - whole - 1 and the staying share of
  // band j - whole, each added to zero as the band-by-band scatter adds them (an empty source band adds
  // nothing there; adding its zero products to the leading 0.0 gives the same value), but in one pass that
  // the compiler vectorises.
  const int first_full = std::min(whole + 1, top);  // from here both sources exist
  for (int j = 0; j < std::min(whole, top); ++j) o[j] = 0.0;
  if (whole < top) o[whole] = 0.0 + n[0] * stay;
  for (int j = first_full; j < top; ++j) o[j] = (0.0 + n[j - whole - 1] * frac) + n[j - whole] * stay;
  // The open top band: every band that reaches it, in band order, then what was already there.
  double reached = 0.0;
  for (int k = std::max(0, top - whole - 1); k < top; ++k) {
    const double v = n[k];
    if (v == 0) continue;
    if (k + whole >= top) reached += v * stay;
    if (k + whole + 1 >= top) reached += v * frac;
  }
  o[top] = reached + n[top];
  // Referrals arrive evenly over the month: at month end their waits are uniform on [0, weeks).
  if (referrals != 0) {
    const double per_week = referrals / weeks;
    for (int j = 0; j < whole && j < top; ++j) o[j] += per_week;
    if (frac > 0) o[std::min(whole, top)] += per_week * frac;
  }
}

namespace {

// Whether scale x share[i] >= room[i] for any i < n: two bands at a time in vector registers (GCC/Clang
// vector extensions; the same IEEE comparison as the scalar one), then any odd band.
bool fills_any(double scale, const double* share, const double* room, size_t n) {
  using Pair = double __attribute__((vector_size(16)));
  using Mask = long long __attribute__((vector_size(16)));
  Mask any = {0, 0};
  const Pair s = {scale, scale};
  size_t i = 0;
  for (; i + 2 <= n; i += 2) {
    Pair a, r;
    std::memcpy(&a, share + i, sizeof a);
    std::memcpy(&r, room + i, sizeof r);
    any |= (s * a >= r);
  }
  bool found = (any[0] | any[1]) != 0;
  for (; i < n; ++i) found |= scale * share[i] >= room[i];
  return found;
}

// The water-filling of allocate_proportional on plain arrays, with the bands that still have room kept in a
// compact list (their positions, weight x available and room, in band order). A band leaves the list only by
// being filled, and the room of a band still in it never changes before the last round, so each round visits
// only the bands that can take more and reads what the full scan would have recomputed: the same terms in
// the same band order, so the same sums, comparisons and results to the bit, for fewer operations.
double water_fill(double capacity, const double* weight, const double* available, double* already,
                  size_t bands, AllocationScratch& scratch, bool nothing_given) {
  scratch.band.resize(bands);
  scratch.demand.resize(bands);
  scratch.room.resize(bands);
  std::uint32_t* const band = scratch.band.data();
  double* const wanted = scratch.demand.data();  // weight x available of each listed band
  double* const room = scratch.room.data();
  double given = 0;
  double remaining = capacity;
  // Share in proportion to weight*avail among bands with room; bands that would get more than their room
  // are filled and dropped, and the rest is shared again. At most one round per band, usually one or two.
  // The sums over the bands with room (demand, room_total) of the next round are taken in the same pass that
  // fills this round's bands.
  double demand = 0;
  double room_total = 0;
  size_t listed = 0;
  auto list_bands = [&](auto from_zero) {
    for (size_t k = 0; k < bands; ++k) {
      // Nothing given yet: the room is the band itself (x - 0.0 is x, whatever x is).
      const double r = from_zero ? available[k] : available[k] - already[k];
      if (r <= 0) continue;
      const double d = weight[k] * available[k];
      demand += d;
      room_total += r;
      band[listed] = static_cast<std::uint32_t>(k);
      wanted[listed] = d;
      room[listed] = r;
      ++listed;
    }
  };
  if (nothing_given) {
    list_bands(std::true_type{});
  } else {
    list_bands(std::false_type{});
  }
  const int rounds = static_cast<int>(bands);
  for (int round = 0; round < rounds && remaining > 1e-12; ++round) {
    if (room_total <= 0) break;
    if (remaining >= room_total) {  // capacity covers every remaining patient
      for (size_t i = 0; i < listed; ++i) already[band[i]] = available[band[i]];
      given += room_total;
      remaining = 0;
      break;
    }
    const bool use_room = demand <= 0;  // no weight left: share by room instead
    const double scale = remaining / (use_room ? room_total : demand);
    // Whether any band is filled this round, by a branch-free scan the compiler vectorises (the same
    // comparison the pass below makes). Usually none is, in the last round: then every band with room simply
    // gets its want, and the lists need not be rebuilt.
    if (!fills_any(scale, use_room ? room : wanted, room, listed)) {
      double shared = 0;  // the wants in band order, as the pass adding them sums them
      for (size_t i = 0; i < listed; ++i) {
        const double w = scale * (use_room ? room[i] : wanted[i]);
        already[band[i]] += w;
        shared += w;
      }
      given += shared;
      remaining = 0;
      break;
    }
    double given_round = 0;                       // the rooms of the bands filled this round, in band order
    double next_demand = 0, next_room_total = 0;  // over the bands this round leaves with room
    size_t kept = 0;
    for (size_t i = 0; i < listed; ++i) {
      const double r = room[i];
      const double w = scale * (use_room ? r : wanted[i]);
      if (w >= r) {
        already[band[i]] = available[band[i]];
        given_round += r;
      } else {
        next_demand += wanted[i];
        next_room_total += r;
        band[kept] = band[i];
        wanted[kept] = wanted[i];
        room[kept] = r;
        ++kept;
      }
    }
    given += given_round;
    remaining -= given_round;
    demand = next_demand;
    room_total = next_room_total;
    listed = kept;
  }
  return given;
}

}  // namespace

double allocate_proportional(double capacity, const std::vector<double>& weight,
                             const std::vector<double>& avail, std::vector<double>& already) {
  thread_local AllocationScratch scratch;
  return allocate_proportional(capacity, weight, avail, already, scratch);
}

double allocate_proportional(double capacity, const std::vector<double>& weight,
                             const std::vector<double>& avail, std::vector<double>& already,
                             AllocationScratch& scratch) {
  return water_fill(capacity, weight.data(), avail.data(), already.data(), avail.size(), scratch, false);
}

namespace {

// treat_weight[k] x exp(treat_trend[k] x sum_{j=1..h} damping^j) for months ahead h: the same for every
// projection of a calibration, and a large share of a Monte Carlo sample's time when recomputed (105 bands x
// every month x every sample). Each thread keeps the weights of the last rates it met (compared by value,
// so changed rates are never served stale) and adds months as they are asked for; the values are exactly
// those computed inline (the factor, then the weight times it). `generation` changes whenever the cache is
// refilled for other rates, so a model that has compared its rates once can skip the comparison until then.
struct TrendWeightCache {
  std::vector<double> trend, weight;
  double damping = 0;
  std::uint64_t generation = 0;
  std::vector<std::vector<double>> by_month;  // [h]: one weight per band; empty until asked for
};

}  // namespace

const std::vector<double>& BandModel::trend_weights(int months_ahead) {
  thread_local TrendWeightCache cache;
  if (trend_cache_ != &cache || trend_generation_ != cache.generation) {
    if (cache.damping != rates_.trend_damping || cache.trend != rates_.treat_trend ||
        cache.weight != rates_.treat_weight) {
      cache.trend = rates_.treat_trend;
      cache.weight = rates_.treat_weight;
      cache.damping = rates_.trend_damping;
      cache.by_month.clear();
      ++cache.generation;
    }
    trend_cache_ = &cache;
    trend_generation_ = cache.generation;
  }
  const auto h = static_cast<size_t>(months_ahead);
  if (cache.by_month.size() <= h) cache.by_month.resize(h + 1);
  std::vector<double>& weight = cache.by_month[h];
  if (weight.empty()) {
    double d = 0, f = 1;
    for (int j = 1; j <= months_ahead; ++j) {
      f *= rates_.trend_damping;
      d += f;
    }
    weight = rates_.treat_weight;
    for (size_t k = 0; k < weight.size() && k < rates_.treat_trend.size(); ++k) {
      const double factor = std::exp(rates_.treat_trend[k] * d);
      weight[k] *= factor;
    }
  }
  return weight;
}

BandModel::BandModel(BandRates rates, AllocationPolicy policy)
    : rates_(std::move(rates)),
      policy_(policy),
      bands_(rates_.treat_weight.size()),
      inflow_(bands_),
      avail_(bands_),
      treated_(bands_),
      weight_(rates_.treat_weight) {}

const std::vector<double>& BandModel::month_weights(int months_ahead) {
  const bool trend = !rates_.treat_trend.empty() && months_ahead > 0;
  if (rates_.tails.empty() && !trend) return rates_.treat_weight;
  const std::vector<double>& base = trend ? trend_weights(months_ahead) : rates_.treat_weight;
  if (rates_.tails.empty()) return base;
  weight_ = base;
  double total = 0;
  for (size_t k = 0; k < bands_; ++k) total += avail_[k];
  if (total <= 0) return weight_;
  for (const BandRates::Tail& t : rates_.tails) {
    if (t.elasticity == 0 || t.reference_share <= 0) continue;
    const auto from = static_cast<size_t>(std::clamp(t.from_band, 0, static_cast<int>(bands_) - 1));
    double tail = 0;
    for (size_t k = from; k < bands_; ++k) tail += avail_[k];
    if (tail <= 0) continue;
    const double m = std::pow(tail / total / t.reference_share, -t.elasticity);
    for (size_t k = from; k < bands_; ++k) weight_[k] *= m;
  }
  return weight_;
}

MonthFlows BandModel::step(std::vector<double>& list, const MonthDrivers& month) {
  MonthFlows flows;
  flows.referrals = month.referrals;
  age_and_admit(list, month.days, month.referrals, inflow_);

  double other = 0;
  if (month.other_volume >= 0) {
    for (size_t k = 0; k < bands_; ++k) treated_[k] = 0;
    other = water_fill(month.other_volume, rates_.other_rate.data(), inflow_.data(), treated_.data(), bands_,
                       scratch_, true);
    for (size_t k = 0; k < bands_; ++k) {
      avail_[k] = inflow_[k] - treated_[k];
      treated_[k] = 0;
    }
  } else if (rates_.other_share >= 0 || month.other_share >= 0) {
    double inflow_total = 0;
    for (size_t k = 0; k < bands_; ++k) {
      inflow_total += inflow_[k];
      treated_[k] = 0;  // used here as scratch for the other removals
    }
    const double share = month.other_share >= 0 ? month.other_share : rates_.other_share;
    const double wanted = std::clamp(share * month.other_rate_factor, 0.0, 1.0) * inflow_total;
    other =
        water_fill(wanted, rates_.other_rate.data(), inflow_.data(), treated_.data(), bands_, scratch_, true);
    for (size_t k = 0; k < bands_; ++k) {
      avail_[k] = inflow_[k] - treated_[k];
      treated_[k] = 0;
    }
  } else {
    for (size_t k = 0; k < bands_; ++k) {
      const double rate = std::clamp(rates_.other_rate[k] * month.other_rate_factor, 0.0, 1.0);
      const double o = inflow_[k] * rate;
      other += o;
      avail_[k] = inflow_[k] - o;
      treated_[k] = 0;
    }
  }

  double capacity = std::max(0.0, month.capacity);
  double treated = 0;
  const std::vector<double>& weights = month_weights(month.months_ahead);
  if (policy_.rule == RemovalRule::calibrated) {
    treated = water_fill(capacity, weights.data(), avail_.data(), treated_.data(), bands_, scratch_, true);
  } else {
    const double share = std::clamp(policy_.urgent_share, 0.0, 1.0);
    treated =
        water_fill(capacity * share, weights.data(), avail_.data(), treated_.data(), bands_, scratch_, true);
    double rest = capacity - treated;
    const int floor_band =
        policy_.rule == RemovalRule::in_turn
            ? 0
            : std::clamp(policy_.long_wait_threshold_weeks, 0, static_cast<int>(bands_) - 1);
    for (int k = static_cast<int>(bands_) - 1; k >= floor_band && rest > 0; --k) {
      const auto i = static_cast<size_t>(k);
      const double take = std::min(rest, avail_[i] - treated_[i]);
      if (take <= 0) continue;
      treated_[i] += take;
      treated += take;
      rest -= take;
    }
    if (rest > 0) treated += allocate_proportional(rest, weights, avail_, treated_, scratch_);
  }

  const double v = std::clamp(month.validation_share, 0.0, 1.0);
  if (v > 0) {
    for (size_t k = 0; k < bands_; ++k) {
      double left = std::max(0.0, avail_[k] - treated_[k]);
      other += left * v;
      left -= left * v;
      list[k] = left;
    }
  } else {  // most months: no validation, a pass the compiler vectorises
    for (size_t k = 0; k < bands_; ++k) list[k] = std::max(0.0, avail_[k] - treated_[k]);
  }
  flows.treated = treated;
  flows.other = other;
  return flows;
}

}  // namespace elective::flow
