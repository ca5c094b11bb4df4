#include "sim/engine.hpp"

#include <pcg_random.hpp>

#include <algorithm>
#include <cmath>
#include <optional>
#include <random>

#include "sim/alias_table.hpp"
#include "sim/policy.hpp"

namespace elective::sim {

std::string_view dimension_name(Dimension d) {
  static constexpr std::array<std::string_view, kDimensionCount> names{
      "priority", "imd_quintile", "ethnicity", "age_band", "sex", "provider"};
  return names[static_cast<size_t>(d)];
}

int group_count(const SimModel& model, Dimension d) {
  switch (d) {
    case Dimension::priority:
      return data::kPriorityCount;
    case Dimension::imd_quintile:
      return 6;
    case Dimension::ethnicity:
      return data::kEthnicGroupCount;
    case Dimension::age_band:
      return data::kAgeBandCount;
    case Dimension::sex:
      return data::kSexCount;
    case Dimension::provider:
      return static_cast<int>(model.providers.size());
  }
  return 0;
}

namespace {

constexpr std::uint16_t kNever = 0xFFFF;
constexpr std::uint16_t kProfileMask = 0x3FFF;
constexpr std::uint16_t kOfferedFlag = 0x8000;
constexpr std::uint16_t kMovedFlag = 0x4000;
static_assert(kProfileCount <= kProfileMask + 1);

// One pathway on the list: 8 bytes.
struct Record {
  std::int32_t clock_start;  // day number
  std::uint16_t profile;     // Profile | flags
  std::uint16_t leave;       // step at which it leaves without treatment, kNever if not within the horizon
};
static_assert(sizeof(Record) == 8);

// Records in clock-start order; `head` is the first not yet removed from the front.
struct SubQueue {
  std::vector<Record> v;
  std::uint32_t head = 0;
};

int hazard_group(const ProfileFields& f) {
  return f.imd_quintile * data::kAgeBandCount + static_cast<int>(f.age_band);
}
constexpr int kHazardGroups = 6 * data::kAgeBandCount;

double haversine_km(double lat1, double lon1, double lat2, double lon2) {
  constexpr double kRad = 3.14159265358979323846 / 180.0;
  const double dlat = (lat2 - lat1) * kRad, dlon = (lon2 - lon1) * kRad;
  const double a = std::sin(dlat / 2) * std::sin(dlat / 2) +
                   std::cos(lat1 * kRad) * std::cos(lat2 * kRad) * std::sin(dlon / 2) * std::sin(dlon / 2);
  return 2 * 6371.0 * std::asin(std::min(1.0, std::sqrt(a)));
}

class Engine {
 public:
  Engine(const SimModel& model, const WeeklyDrivers* drivers, std::uint64_t seed, std::uint64_t replication)
      : m_(model),
        d_(drivers ? *drivers : model.drivers),
        keys_(model.policy),
        rng_(seed, replication),
        S_(keys_.subqueue_count()) {
    Q_ = model.queues.size();
    W_ = model.weeks;
    subs_.resize(Q_ * static_cast<size_t>(S_));
    live_.assign(Q_, 0);
    pending_.assign(Q_ * static_cast<size_t>(W_ + 1), 0);
    carry_.assign(Q_, 0.0);
    cap_now_.assign(Q_, 0.0);
    hub_extra_.assign(Q_, 0.0);
    for (double w : m_.treat_weight) tw_max_ = std::max(tw_max_, w);
    if (m_.treat_weight.size() < static_cast<size_t>(kCurrentTopBand) + 1) tw_max_ = 0;
    accept_.assign(static_cast<size_t>(kCurrentTopBand) + 1, 0);
    for (size_t k = 0; tw_max_ > 0 && k < accept_.size(); ++k) {
      accept_[k] =
          static_cast<std::uint32_t>(std::min(4294967295.0, m_.treat_weight[k] / tw_max_ * 4294967296.0));
    }
    build_removal_tables();
    build_capacity_shares();
    for (int d = 0; d < kDimensionCount; ++d) {
      const auto n = static_cast<size_t>(group_count(m_, static_cast<Dimension>(d)));
      r_.list_by_group[static_cast<size_t>(d)].assign(n, WaitHistogram(kCurrentTopBand));
      r_.treated_by_group[static_cast<size_t>(d)].assign(n, WaitHistogram(kCurrentTopBand));
    }
    r_.queues.assign(Q_, QueueOutcome{0, 0, 0, WaitHistogram(kCurrentTopBand)});
    queues_by_tfc_.resize(m_.tfcs.size());
    for (size_t q = 0; q < Q_; ++q) queues_by_tfc_[m_.queues[q].tfc].push_back(static_cast<std::uint32_t>(q));
  }

  ReplicationResult run(const std::function<void()>& progress_step, const Progress* cancel) {
    place_initial();
    month_hist_ = WaitHistogram(kCurrentTopBand);
    for (int step = 0; step < W_; ++step) {
      if (cancel) cancel->throw_if_cancelled();
      const std::int32_t end_day = start_day() + 7 * (step + 1);
      for (const auto& v : d_.validation) {
        if (v.step == step) validation_sprint(step, end_day, v);
      }
      arrivals(step);
      // Removals other than treatment falling due in this step (drawn when each pathway joined).
      for (size_t q = 0; q < Q_; ++q) {
        const std::int32_t n = pending_[q * static_cast<size_t>(W_ + 1) + static_cast<size_t>(step)];
        live_[q] -= n;
        step_other_ += n;
      }
      std::fill(hub_extra_.begin(), hub_extra_.end(), 0.0);
      for (const auto& h : m_.hubs) {
        if (step >= h.first_step && step <= h.last_step) hub_extra_[h.queue] += h.per_week;
      }
      for (size_t q = 0; q < Q_; ++q) treat_queue(q, step, end_day);
      r_.treated_total += step_treated_;
      r_.other_removals_total += step_other_;
      split_step_flow(other_by_month_, step, step_other_);
      split_step_flow(treated_by_month_, step, step_treated_);
      step_other_ = step_treated_ = 0;
      if (m_.mutual_aid.enabled && (step + 1) % std::max(1, m_.mutual_aid.every_weeks) == 0) {
        mutual_aid(step, end_day);
      }
      for (size_t q = 0; q < Q_; ++q) {
        r_.referrals_total += step_referrals_[q];
        if (step >= W_ - m_.wait_estimate_weeks) r_.queues[q].referrals_per_week += step_referrals_[q];
      }
      if (m_.snapshot_step[static_cast<size_t>(step)]) {
        scan(step, end_day, false);
        snapshot_month_ = month_of(Date{std::chrono::days{end_day - 3}});
      }
      if (m_.month_end[static_cast<size_t>(step)]) close_month(step, end_day);
      if (step == W_ - 1) scan(step, end_day, true);
      if (progress_step) progress_step();
    }
    const double est_weeks = std::max(1, std::min(m_.wait_estimate_weeks, W_));
    for (size_t q = 0; q < Q_; ++q) {
      r_.queues[q].list_size = static_cast<double>(live_[q]);
      r_.queues[q].capacity_per_week = cap_now_[q];
      r_.queues[q].referrals_per_week /= est_weeks;
    }
    return std::move(r_);
  }

 private:
  std::int32_t start_day() const { return static_cast<std::int32_t>(m_.start.time_since_epoch().count()); }
  SubQueue& sub(size_t q, int key) { return subs_[q * static_cast<size_t>(S_) + static_cast<size_t>(key)]; }
  std::uint64_t next() { return rng_(); }
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

  // Per hazard group: cumulative hazard H[j] = -log S(j) by wait week (for pathways already waiting) and an
  // alias table over the leave week of a new referral (last outcome = not within the horizon).
  void build_removal_tables() {
    const auto& rh = d_.removal;
    has_removals_ = std::any_of(rh.weekly.begin(), rh.weekly.end(), [](double h) { return h > 0; });
    if (!has_removals_) return;
    std::int32_t max_wait_weeks = 0;
    for (const auto& p : m_.initial) {
      max_wait_weeks = std::max(max_wait_weeks, (start_day() - p.clock_start) / 7);
    }
    const size_t len = static_cast<size_t>(max_wait_weeks) + static_cast<size_t>(W_) + 2;
    cum_hazard_.assign(kHazardGroups, {});
    leave_alias_.resize(kHazardGroups);
    for (int g = 0; g < kHazardGroups; ++g) {
      const double mult = rh.imd_quintile_multiplier[static_cast<size_t>(g / data::kAgeBandCount)] *
                          rh.age_band_multiplier[static_cast<size_t>(g % data::kAgeBandCount)];
      auto& H = cum_hazard_[static_cast<size_t>(g)];
      H.assign(len + 1, 0.0);
      for (size_t j = 0; j < len; ++j) {
        const double h = std::clamp(rh.weekly[std::min(j, rh.weekly.size() - 1)] * mult, 0.0, 0.999999);
        H[j + 1] = H[j] - std::log1p(-h);
      }
      std::vector<double> w(static_cast<size_t>(W_) + 1);
      for (int k = 0; k < W_; ++k) {
        w[static_cast<size_t>(k)] =
            std::exp(-H[static_cast<size_t>(k)]) - std::exp(-H[static_cast<size_t>(k) + 1]);
      }
      w[static_cast<size_t>(W_)] = std::exp(-H[static_cast<size_t>(W_)]);
      leave_alias_[static_cast<size_t>(g)] = AliasTable(w);
    }
  }

  void build_capacity_shares() {
    double total = 0;
    for (const auto& q : m_.queues) total += q.capacity_per_week;
    cap_share_.assign(Q_, Q_ ? 1.0 / static_cast<double>(Q_) : 0.0);
    ref_share_.assign(Q_, Q_ ? 1.0 / static_cast<double>(Q_) : 0.0);
    if (total > 0) {
      for (size_t q = 0; q < Q_; ++q) cap_share_[q] = m_.queues[q].capacity_per_week / total;
    }
    double rtotal = 0;
    for (const auto& q : m_.queues) rtotal += q.referrals_per_week;
    if (rtotal > 0) {
      for (size_t q = 0; q < Q_; ++q) ref_share_[q] = m_.queues[q].referrals_per_week / rtotal;
    }
    step_referrals_.assign(Q_, 0.0);
  }

  std::uint16_t leave_for_referral(int step, Profile p) {
    if (!has_removals_) return kNever;
    const auto k = leave_alias_[static_cast<size_t>(hazard_group(fields_of(p)))].sample(next());
    const std::int64_t s = step + static_cast<std::int64_t>(k);
    return s >= W_ ? kNever : static_cast<std::uint16_t>(s);
  }

  std::uint16_t leave_for_waiting(std::int32_t wait_weeks, Profile p) {
    if (!has_removals_) return kNever;
    const auto& H = cum_hazard_[static_cast<size_t>(hazard_group(fields_of(p)))];
    const size_t w0 = static_cast<size_t>(std::max(0, wait_weeks));
    const double e = -std::log(1.0 - uniform()) + H[w0];
    auto it = std::upper_bound(H.begin() + static_cast<std::ptrdiff_t>(w0) + 1, H.end(), e);
    if (it == H.end()) return kNever;
    const std::int64_t j = (it - H.begin()) - 1;  // leaves during wait week j
    const std::int64_t s = j - static_cast<std::int64_t>(w0);
    return s >= W_ ? kNever : static_cast<std::uint16_t>(s);
  }

  void add_record(size_t q, Record rec) {
    sub(q, keys_.key_of(static_cast<Profile>(rec.profile & kProfileMask))).v.push_back(rec);
    ++live_[q];
    if (rec.leave != kNever) ++pending_[q * static_cast<size_t>(W_ + 1) + rec.leave];
  }

  void place_initial() {
    std::vector<std::uint32_t> order(m_.initial.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = static_cast<std::uint32_t>(i);
    const auto& init = m_.initial;
    auto less = [&](std::uint32_t a, std::uint32_t b) {
      return init[a].queue != init[b].queue ? init[a].queue < init[b].queue
                                            : init[a].clock_start < init[b].clock_start;
    };
    if (!std::is_sorted(order.begin(), order.end(), less)) std::stable_sort(order.begin(), order.end(), less);
    const std::int32_t day0 = start_day();
    for (auto i : order) {
      const auto& p = init[i];
      const std::int32_t wait_weeks = (day0 - p.clock_start) / 7;
      add_record(p.queue, Record{p.clock_start, p.profile, leave_for_waiting(wait_weeks, p.profile)});
    }
  }

  void arrivals(int step) {
    const double rf = d_.referral_factor[static_cast<size_t>(step)];
    const double extra = d_.extra_referrals[static_cast<size_t>(step)];
    const std::int32_t first_day = start_day() + 7 * step + 1;
    for (size_t q = 0; q < Q_; ++q) {
      const double lambda = m_.queues[q].referrals_per_week * rf + extra * ref_share_[q];
      int n = 0;
      if (lambda > 0) {
        std::poisson_distribution<int> pois(lambda);
        n = pois(rng_);
      }
      step_referrals_[q] = n;
      if (n == 0) continue;
      std::array<int, 7> per_day{};
      for (int i = 0; i < n; ++i) ++per_day[static_cast<size_t>(((next() >> 32) * 7) >> 32)];
      for (int d = 0; d < 7; ++d) {
        flow_by_month(referrals_by_month_, month_index(first_day + d), per_day[static_cast<size_t>(d)]);
        for (int i = 0; i < per_day[static_cast<size_t>(d)]; ++i) {
          const auto profile = static_cast<Profile>(m_.referral_mix.sample(next()));
          add_record(q, Record{first_day + d, profile, leave_for_referral(step, profile)});
        }
      }
    }
  }

  // Advances a sub-queue's head past pathways that have already left; true when a live head remains.
  static bool live_head(SubQueue& s, int step) {
    while (s.head < s.v.size() && s.v[s.head].leave <= step) ++s.head;
    return s.head < s.v.size();
  }

  void compact_front(SubQueue& s) {
    if (s.head > 256 && s.head * 2 > s.v.size()) {
      s.v.erase(s.v.begin(), s.v.begin() + s.head);
      s.head = 0;
    }
  }

  void treated(size_t q, const Record& rec, int step, std::int32_t end_day) {
    --live_[q];
    if (rec.leave != kNever) --pending_[q * static_cast<size_t>(W_ + 1) + rec.leave];
    ++step_treated_;
    const std::int32_t wait = end_day - rec.clock_start;
    const ProfileFields& f = fields_of(static_cast<Profile>(rec.profile & kProfileMask));
    auto& po = r_.priority[static_cast<size_t>(f.priority)];
    po.treated += 1;
    if (wait > m_.policy.due_days[static_cast<size_t>(f.priority)]) po.treated_after_due += 1;
    if (step >= W_ - 52) {
      const auto band = static_cast<size_t>(band_of_wait_days(wait));
      add_groups(r_.treated_by_group, f, m_.queues[q].provider, band);
    }
    if (step >= W_ - m_.wait_estimate_weeks) {
      r_.queues[q].treated_recent.counts[static_cast<size_t>(band_of_wait_days(wait))] += 1;
    }
  }

  static void add_groups(std::array<std::vector<WaitHistogram>, kDimensionCount>& h, const ProfileFields& f,
                         std::uint16_t provider, size_t band) {
    h[0][static_cast<size_t>(f.priority)].counts[band] += 1;
    h[1][f.imd_quintile].counts[band] += 1;
    h[2][static_cast<size_t>(f.ethnic_group)].counts[band] += 1;
    h[3][static_cast<size_t>(f.age_band)].counts[band] += 1;
    h[4][static_cast<size_t>(f.sex)].counts[band] += 1;
    h[5][provider].counts[band] += 1;
  }

  // Treats up to n pathways of queue q, best score first; only urgent sub-queues when urgent_only.
  int serve(size_t q, int n, bool urgent_only, int step, std::int32_t end_day) {
    if (n <= 0) return 0;
    cand_.clear();
    for (int k = 0; k < S_; ++k) {
      if (urgent_only && !keys_.urgent(k)) continue;
      SubQueue& s = sub(q, k);
      if (live_head(s, step)) cand_.push_back({keys_.score(k, end_day - s.v[s.head].clock_start), k});
    }
    int done = 0;
    const bool use_heap = cand_.size() > 8;
    auto cmp = [](const Cand& a, const Cand& b) {
      return a.score < b.score || (a.score == b.score && a.key > b.key);
    };
    if (use_heap) std::make_heap(cand_.begin(), cand_.end(), cmp);
    while (done < n && !cand_.empty()) {
      size_t best = 0;
      if (use_heap) {
        std::pop_heap(cand_.begin(), cand_.end(), cmp);
        best = cand_.size() - 1;
      } else {
        for (size_t i = 1; i < cand_.size(); ++i) {
          if (cmp(cand_[best], cand_[i])) best = i;
        }
      }
      const int k = cand_[best].key;
      SubQueue& s = sub(q, k);
      treated(q, s.v[s.head], step, end_day);
      ++s.head;
      ++done;
      if (live_head(s, step)) {
        cand_[best].score = keys_.score(k, end_day - s.v[s.head].clock_start);
        if (use_heap) std::push_heap(cand_.begin(), cand_.end(), cmp);
      } else {
        if (use_heap) {
          cand_.pop_back();
        } else {
          cand_[best] = cand_.back();
          cand_.pop_back();
        }
      }
    }
    for (int k = 0; k < S_; ++k) compact_front(sub(q, k));
    return done;
  }

  void treat_queue(size_t q, int step, std::int32_t end_day) {
    const auto& qi = m_.queues[q];
    const double cap = qi.capacity_per_week * d_.capacity_factor[static_cast<size_t>(step)] +
                       qi.extra_per_week + hub_extra_[q] +
                       d_.independent_sector[static_cast<size_t>(step)] * cap_share_[q];
    cap_now_[q] = std::max(0.0, cap);
    const double avail = cap_now_[q] + carry_[q];
    const int slots = static_cast<int>(std::floor(avail));
    carry_[q] = avail - slots;
    if (live_[q] <= 0 || slots <= 0) return;
    int reserve = 0;
    if (m_.urgent_reserve_share > 0) {
      reserve = static_cast<int>(std::lround(slots * m_.urgent_reserve_share));
      serve(q, reserve, true, step, end_day);  // unused reserved slots are lost (the price of ring-fencing)
    }
    int general = slots - reserve;
    if (m_.calibrated_share > 0) {
      const int by_pattern = static_cast<int>(std::lround(general * m_.calibrated_share));
      general -= serve_calibrated(q, by_pattern, step, end_day);
    }
    serve(q, general, false, step, end_day);
  }

  // Treats up to n pathways picked with probability proportional to treat_weight[band] (rejection sampling
  // over the queue's records); a treated pathway in the middle of a sub-queue is left as a record that has
  // "left".
  int serve_calibrated(size_t q, int n, int step, std::int32_t end_day) {
    if (n <= 0 || tw_max_ <= 0) return 0;
    cum_.assign(static_cast<size_t>(S_) + 1, 0);
    for (int k = 0; k < S_; ++k) {
      const SubQueue& s = sub(q, k);
      cum_[static_cast<size_t>(k) + 1] = cum_[static_cast<size_t>(k)] + (s.v.size() - s.head);
    }
    const std::uint64_t total = cum_.back();
    if (total == 0) return 0;
    int done = 0;
    for (std::int64_t attempts = 64 * static_cast<std::int64_t>(n) + 256;
         done < n && live_[q] > 0 && attempts > 0; --attempts) {
      // One 64-bit draw: the high half picks the record, the low half is the acceptance coin.
      const std::uint64_t bits = next();
      const std::uint64_t pick = ((bits >> 32) * total) >> 32;
      int k = 0;
      while (cum_[static_cast<size_t>(k) + 1] <= pick) ++k;
      SubQueue& s = sub(q, k);
      Record& rec = s.v[s.head + (pick - cum_[static_cast<size_t>(k)])];
      if (rec.leave <= step) continue;
      const int band = band_of_wait_days(end_day - rec.clock_start);
      if (static_cast<std::uint32_t>(bits) >= accept_[static_cast<size_t>(band)]) continue;
      treated(q, rec, step, end_day);
      rec.leave =
          static_cast<std::uint16_t>(step);  // gone: skipped from now on, not counted as other removal
      ++done;
    }
    return done;
  }

  void validation_sprint(int step, std::int32_t end_day, const ValidationSprint& v) {
    const std::int32_t min_wait = v.min_wait_weeks * 7;
    for (size_t q = 0; q < Q_; ++q) {
      for (int k = 0; k < S_; ++k) {
        SubQueue& s = sub(q, k);
        for (size_t i = s.head; i < s.v.size(); ++i) {
          Record& rec = s.v[i];
          if (rec.leave <= step || end_day - rec.clock_start < min_wait) continue;
          if (uniform() >= v.share) continue;
          if (rec.leave != kNever) --pending_[q * static_cast<size_t>(W_ + 1) + rec.leave];
          rec.leave = static_cast<std::uint16_t>(step);
          ++pending_[q * static_cast<size_t>(W_ + 1) + static_cast<size_t>(step)];
        }
      }
    }
  }

  double acceptance(const ProfileFields& f) const {
    const auto& ma = m_.mutual_aid;
    const double byq = ma.acceptance_by_imd_quintile[f.imd_quintile];
    if (byq >= 0) return byq;
    const double bya = ma.acceptance_by_age_band[static_cast<size_t>(f.age_band)];
    if (bya >= 0) return bya;
    return ma.acceptance;
  }

  bool reachable(size_t from, size_t to) const {
    const auto& ma = m_.mutual_aid;
    const auto& a = m_.providers[m_.queues[from].provider];
    const auto& b = m_.providers[m_.queues[to].provider];
    if (m_.queues[from].provider == m_.queues[to].provider) return false;
    if (ma.same_region && a.region != b.region) return false;
    if (ma.travel_km && a.lat && a.lon && b.lat && b.lon &&
        haversine_km(*a.lat, *a.lon, *b.lat, *b.lon) > *ma.travel_km)
      return false;
    return true;
  }

  void mutual_aid(int step, std::int32_t end_day) {
    const auto& ma = m_.mutual_aid;
    std::vector<double> expected(Q_), budget(Q_);
    for (size_t q = 0; q < Q_; ++q) {
      expected[q] = cap_now_[q] > 0 ? static_cast<double>(live_[q]) / cap_now_[q] : 1e9;
      budget[q] = ma.max_share_of_capacity * cap_now_[q];
    }
    const std::int32_t threshold = ma.threshold_weeks * 7;
    std::vector<std::uint32_t> sources(Q_);
    for (size_t q = 0; q < Q_; ++q) sources[q] = static_cast<std::uint32_t>(q);
    std::stable_sort(sources.begin(), sources.end(),
                     [&](std::uint32_t a, std::uint32_t b) { return expected[a] > expected[b]; });
    std::vector<Record> kept;
    for (auto q : sources) {
      auto find_destination = [&]() -> std::int64_t {
        std::int64_t best = -1;
        for (auto d : queues_by_tfc_[m_.queues[q].tfc]) {
          if (d == q || budget[d] < 1 || expected[d] + ma.min_advantage_weeks > expected[q]) continue;
          if (!reachable(q, d)) continue;
          if (best < 0 || expected[d] < expected[static_cast<size_t>(best)]) best = d;
        }
        return best;
      };
      std::int64_t dest = find_destination();
      if (dest < 0) continue;
      for (int k = 0; k < S_ && dest >= 0; ++k) {
        SubQueue& s = sub(q, k);
        size_t i = s.head;
        kept.clear();
        for (; i < s.v.size() && end_day - s.v[i].clock_start >= threshold && dest >= 0; ++i) {
          Record rec = s.v[i];
          if (rec.leave <= step) continue;  // already left: drop the record
          if (rec.profile & kOfferedFlag) {
            kept.push_back(rec);
            continue;
          }
          rec.profile |= kOfferedFlag;
          const ProfileFields& f = fields_of(static_cast<Profile>(rec.profile & kProfileMask));
          r_.mutual_aid.offered += 1;
          r_.mutual_aid.offered_by_imd_quintile[f.imd_quintile] += 1;
          r_.mutual_aid.offered_by_age_band[static_cast<size_t>(f.age_band)] += 1;
          if (uniform() >= acceptance(f)) {
            kept.push_back(rec);
            continue;
          }
          const auto d = static_cast<size_t>(dest);
          rec.profile |= kMovedFlag;
          r_.mutual_aid.moved += 1;
          r_.mutual_aid.moved_by_imd_quintile[f.imd_quintile] += 1;
          r_.mutual_aid.moved_by_age_band[static_cast<size_t>(f.age_band)] += 1;
          --live_[q];
          ++live_[d];
          if (rec.leave != kNever) {
            --pending_[q * static_cast<size_t>(W_ + 1) + rec.leave];
            ++pending_[d * static_cast<size_t>(W_ + 1) + rec.leave];
          }
          insert_sorted(sub(d, k), rec);
          budget[d] -= 1;
          expected[d] += cap_now_[d] > 0 ? 1.0 / cap_now_[d] : 0.0;
          expected[q] -= cap_now_[q] > 0 ? 1.0 / cap_now_[q] : 0.0;
          if (budget[d] < 1 || expected[d] + ma.min_advantage_weeks > expected[q]) dest = find_destination();
        }
        // Keep the declined (and not yet offered) pathways in order at the front.
        const size_t first = i - kept.size();
        std::copy(kept.begin(), kept.end(), s.v.begin() + static_cast<std::ptrdiff_t>(first));
        s.head = static_cast<std::uint32_t>(first);
      }
    }
  }

  static void insert_sorted(SubQueue& s, const Record& rec) {
    auto begin = s.v.begin() + s.head;
    auto pos = std::upper_bound(begin, s.v.end(), rec.clock_start,
                                [](std::int32_t day, const Record& r) { return day < r.clock_start; });
    if (s.head > 0) {
      std::move(begin, pos, begin - 1);
      --s.head;
      *(pos - 1) = rec;
    } else {
      s.v.insert(pos, rec);
    }
  }

  size_t month_index(std::int32_t day) const {
    return static_cast<size_t>(month_of(Date{std::chrono::days{day}}) - month_of(m_.start));
  }
  static double at(const std::vector<double>& v, size_t i) { return i < v.size() ? v[i] : 0.0; }
  static void flow_by_month(std::vector<double>& acc, size_t i, double count) {
    if (acc.size() <= i) acc.resize(i + 1, 0.0);
    acc[i] += count;
  }
  // A step's removals are spread over its days: a step that straddles two months gives each its share.
  void split_step_flow(std::vector<double>& acc, int step, double count) {
    if (count == 0) return;
    const std::int32_t first = start_day() + 7 * step + 1;
    const size_t a = month_index(first), b = month_index(first + 6);
    if (a == b) {
      flow_by_month(acc, a, count);
      return;
    }
    int days_a = 0;
    for (int d = 0; d < 7; ++d) days_a += month_index(first + d) == a ? 1 : 0;
    flow_by_month(acc, a, count * days_a / 7.0);
    flow_by_month(acc, b, count * (7 - days_a) / 7.0);
  }

  // Walks the whole list once: drops pathways that have left, builds the list's wait-band histogram and, when
  // `groups`, the end-of-horizon group histograms and priority counts.
  void scan(int step, std::int32_t end_day, bool groups) {
    std::fill(month_hist_.counts.begin(), month_hist_.counts.end(), 0.0);
    for (size_t q = 0; q < Q_; ++q) {
      for (int k = 0; k < S_; ++k) {
        SubQueue& s = sub(q, k);
        size_t out = 0;
        for (size_t i = s.head; i < s.v.size(); ++i) {
          const Record rec = s.v[i];
          if (rec.leave <= step) continue;
          s.v[out++] = rec;
          const std::int32_t wait = end_day - rec.clock_start;
          const auto band = static_cast<size_t>(band_of_wait_days(wait));
          month_hist_.counts[band] += 1;
          if (groups) {
            const ProfileFields& f = fields_of(static_cast<Profile>(rec.profile & kProfileMask));
            add_groups(r_.list_by_group, f, m_.queues[q].provider, band);
            auto& po = r_.priority[static_cast<size_t>(f.priority)];
            po.waiting_at_end += 1;
            if (wait > m_.policy.due_days[static_cast<size_t>(f.priority)]) po.waiting_past_due_at_end += 1;
          }
        }
        s.v.resize(out);
        s.head = 0;
        if (s.v.capacity() > 64 && s.v.capacity() > 4 * out) s.v.shrink_to_fit();
      }
    }
  }

  // Emits the month whose last day falls in this step, with the list taken at its snapshot step.
  void close_month(int step, std::int32_t end_day) {
    const YearMonth month = m_.step_month[static_cast<size_t>(step)];
    if (!snapshot_month_ || *snapshot_month_ != month) scan(step, end_day, false);
    snapshot_month_.reset();
    // The start month is not reported when the start is not its last day (its flows would be partial).
    if (month == month_of(m_.start)) return;
    const size_t i = static_cast<size_t>(month - month_of(m_.start));
    r_.months.push_back(plan::make_month_outcome(month, month_hist_, at(referrals_by_month_, i),
                                                 at(treated_by_month_, i), at(other_by_month_, i)));
    r_.month_lists.push_back(month_hist_);
  }

  struct Cand {
    double score;
    int key;
  };

  const SimModel& m_;
  const WeeklyDrivers& d_;
  PolicyKeys keys_;
  pcg64 rng_;
  int S_;
  size_t Q_ = 0;
  int W_ = 0;
  std::vector<SubQueue> subs_;
  std::vector<std::int64_t> live_;
  std::vector<std::int32_t> pending_;
  std::vector<double> hub_extra_;
  double tw_max_ = 0;
  std::vector<std::uint32_t> accept_;  // acceptance threshold by band, treat_weight / max x 2^32
  std::vector<std::uint64_t> cum_;
  std::vector<double> carry_, cap_now_, cap_share_, ref_share_, step_referrals_;
  bool has_removals_ = false;
  std::vector<std::vector<double>> cum_hazard_;
  std::vector<AliasTable> leave_alias_;
  std::vector<std::vector<std::uint32_t>> queues_by_tfc_;
  std::vector<Cand> cand_;
  WaitHistogram month_hist_;
  double step_treated_ = 0, step_other_ = 0;
  std::optional<YearMonth> snapshot_month_;
  std::vector<double> referrals_by_month_, treated_by_month_,
      other_by_month_;  // by month after month_of(start)
  ReplicationResult r_;
};

}  // namespace

ReplicationResult run_replication(const SimModel& model, std::uint64_t seed, std::uint64_t replication,
                                  const std::function<void()>& progress_step, const Progress* cancel,
                                  const WeeklyDrivers* drivers) {
  Engine engine(model, drivers, seed, replication);
  return engine.run(progress_step, cancel);
}

}  // namespace elective::sim
