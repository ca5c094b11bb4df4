#include "sim/engine.hpp"

#include <pcg_random.hpp>

#include <algorithm>
#include <cmath>
#include <random>

#include "sim/mutual_aid.hpp"
#include "sim/policy.hpp"
#include "sim/random_draws.hpp"
#include "sim/record_store.hpp"
#include "sim/recording.hpp"
#include "sim/removal_hazard.hpp"

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

using detail::kNever;
using detail::Record;
using detail::RecordStore;
using detail::SubQueue;

// One replication: the weekly loop, referrals, and treatment by capacity and policy. The list itself, the
// removal hazard, mutual aid and what is recorded are components (record_store, removal_hazard, mutual_aid,
// recording); all draw from the one stream rng_ in a fixed order.
class Engine {
 public:
  Engine(const SimModel& model, const WeeklyDrivers* drivers, std::uint64_t seed, std::uint64_t replication,
         bool without_mutual_aid)
      : m_(model),
        aid_on_(model.mutual_aid.enabled && !without_mutual_aid),
        d_(drivers ? *drivers : model.drivers),
        keys_(model.policy),
        rng_(seed, replication),
        S_(keys_.subqueue_count()),
        Q_(model.queues.size()),
        W_(model.weeks),
        store_(Q_, S_, W_),
        leave_(model, d_.removal),
        aid_(model),
        rec_(model) {
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
    build_shares();
  }

  ReplicationResult run(const std::function<void()>& progress_step, const Progress* cancel) {
    ReplicationResult& r = rec_.result();
    place_initial();
    for (int step = 0; step < W_; ++step) {
      if (cancel) cancel->throw_if_cancelled();
      const std::int32_t end_day = start_day() + 7 * (step + 1);
      for (const auto& v : d_.validation) {
        if (v.step == step) validation_sprint(step, end_day, v);
      }
      arrivals(step);
      // Removals other than treatment falling due in this step (drawn when each pathway joined).
      for (size_t q = 0; q < Q_; ++q) step_other_ += store_.leave_due(q, step);
      std::fill(hub_extra_.begin(), hub_extra_.end(), 0.0);
      for (const auto& h : m_.hubs) {
        if (step >= h.first_step && step <= h.last_step) hub_extra_[h.queue] += h.per_week;
      }
      for (size_t q = 0; q < Q_; ++q) treat_queue(q, step, end_day);
      r.treated_total += step_treated_;
      r.other_removals_total += step_other_;
      rec_.step_flows(step, step_treated_, step_other_);
      step_other_ = step_treated_ = 0;
      if (aid_on_ && (step + 1) % std::max(1, m_.mutual_aid.every_weeks) == 0) {
        aid_.run(store_, cap_now_, step, end_day, rng_, r.mutual_aid);
      }
      for (size_t q = 0; q < Q_; ++q) {
        r.referrals_total += step_referrals_[q];
        if (step >= W_ - m_.wait_estimate_weeks) r.queues[q].referrals_per_week += step_referrals_[q];
      }
      if (m_.snapshot_step[static_cast<size_t>(step)]) rec_.snapshot(store_, step, end_day);
      if (m_.month_end[static_cast<size_t>(step)]) rec_.close_month(store_, step, end_day);
      if (step == W_ - 1) rec_.finish(store_, step, end_day);
      if (progress_step) progress_step();
    }
    const double est_weeks = std::max(1, std::min(m_.wait_estimate_weeks, W_));
    for (size_t q = 0; q < Q_; ++q) {
      r.queues[q].list_size = static_cast<double>(store_.live(q));
      r.queues[q].capacity_per_week = cap_now_[q];
      r.queues[q].referrals_per_week /= est_weeks;
    }
    return std::move(r);
  }

 private:
  std::int32_t start_day() const { return static_cast<std::int32_t>(m_.start.time_since_epoch().count()); }

  // Each queue's share of national capacity and of national referrals (for national extras).
  void build_shares() {
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

  void add_record(size_t q, const Record& rec) { store_.add(q, keys_.key_of(rec.profile_id()), rec); }

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
      add_record(p.queue, Record{p.clock_start, p.profile, leave_.for_waiting(wait_weeks, p.profile, rng_)});
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
      for (int i = 0; i < n; ++i) ++per_day[static_cast<size_t>(((rng_() >> 32) * 7) >> 32)];
      for (int d = 0; d < 7; ++d) {
        rec_.referrals(first_day + d, per_day[static_cast<size_t>(d)]);
        for (int i = 0; i < per_day[static_cast<size_t>(d)]; ++i) {
          const auto profile = static_cast<Profile>(m_.referral_mix.sample(rng_()));
          add_record(q, Record{first_day + d, profile, leave_.for_referral(step, profile, rng_)});
        }
      }
    }
  }

  void treated(size_t q, const Record& rec, int step, std::int32_t end_day) {
    store_.take(q, rec);
    ++step_treated_;
    rec_.treated(q, end_day - rec.clock_start, fields_of(rec.profile_id()), step);
  }

  // Treats up to n pathways of queue q, best score first; only urgent sub-queues when urgent_only.
  int serve(size_t q, int n, bool urgent_only, int step, std::int32_t end_day) {
    if (n <= 0) return 0;
    cand_.clear();
    for (int k = 0; k < S_; ++k) {
      if (urgent_only && !keys_.urgent(k)) continue;
      SubQueue& s = store_.sub(q, k);
      if (RecordStore::live_head(s, step))
        cand_.push_back({keys_.score(k, end_day - s.v[s.head].clock_start), k});
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
      SubQueue& s = store_.sub(q, k);
      treated(q, s.v[s.head], step, end_day);
      ++s.head;
      ++done;
      if (RecordStore::live_head(s, step)) {
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
    for (int k = 0; k < S_; ++k) RecordStore::compact_front(store_.sub(q, k));
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
    if (store_.live(q) <= 0 || slots <= 0) return;
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
      const SubQueue& s = store_.sub(q, k);
      cum_[static_cast<size_t>(k) + 1] = cum_[static_cast<size_t>(k)] + (s.v.size() - s.head);
    }
    const std::uint64_t total = cum_.back();
    if (total == 0) return 0;
    int done = 0;
    for (std::int64_t attempts = 64 * static_cast<std::int64_t>(n) + 256;
         done < n && store_.live(q) > 0 && attempts > 0; --attempts) {
      // One 64-bit draw: the high half picks the record, the low half is the acceptance coin.
      const std::uint64_t bits = rng_();
      const std::uint64_t pick = ((bits >> 32) * total) >> 32;
      int k = 0;
      while (cum_[static_cast<size_t>(k) + 1] <= pick) ++k;
      SubQueue& s = store_.sub(q, k);
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
        SubQueue& s = store_.sub(q, k);
        for (size_t i = s.head; i < s.v.size(); ++i) {
          Record& rec = s.v[i];
          if (rec.leave <= step || end_day - rec.clock_start < min_wait) continue;
          if (detail::uniform01(rng_) >= v.share) continue;
          store_.leave_now(q, rec, step);
        }
      }
    }
  }

  struct Cand {
    double score;
    int key;
  };

  const SimModel& m_;
  bool aid_on_;
  const WeeklyDrivers& d_;
  PolicyKeys keys_;
  pcg64 rng_;
  int S_;
  size_t Q_;
  int W_;
  RecordStore store_;
  detail::LeaveSampler leave_;
  detail::MutualAidRounds aid_;
  detail::Recorder rec_;
  std::vector<double> hub_extra_;
  double tw_max_ = 0;
  std::vector<std::uint32_t> accept_;  // acceptance threshold by band, treat_weight / max x 2^32
  std::vector<std::uint64_t> cum_;
  std::vector<double> carry_, cap_now_, cap_share_, ref_share_, step_referrals_;
  std::vector<Cand> cand_;
  double step_treated_ = 0, step_other_ = 0;
};

}  // namespace

ReplicationResult run_replication(const SimModel& model, std::uint64_t seed, std::uint64_t replication,
                                  const std::function<void()>& progress_step, const Progress* cancel,
                                  const WeeklyDrivers* drivers, bool without_mutual_aid) {
  Engine engine(model, drivers, seed, replication, without_mutual_aid);
  return engine.run(progress_step, cancel);
}

}  // namespace elective::sim
