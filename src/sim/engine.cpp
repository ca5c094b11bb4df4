#include "sim/engine.hpp"

#include <pcg_random.hpp>

#include <algorithm>
#include <cmath>
#include <random>

#include "sim/mutual_aid.hpp"
#include "sim/policy.hpp"
#include "sim/queue_stream.hpp"
#include "sim/queue_workers.hpp"
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
using detail::QueueStream;
using detail::Record;
using detail::RecordStore;
using detail::SubQueue;
using detail::Tally;

// The seed of a replication's queue streams: a mix of (seed, replication) (splitmix64's finaliser), so that
// replications of one seed and seeds of one replication both get unrelated states.
std::uint64_t replication_state(std::uint64_t seed, std::uint64_t replication) {
  std::uint64_t z = seed + 0x9E3779B97F4A7C15ull * (replication + 1);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

// One replication: the weekly loop, referrals, and treatment by capacity and policy. The list itself, the
// removal hazard, mutual aid and what is recorded are components (record_store, removal_hazard, mutual_aid,
// recording).
//
// Random streams: every queue has its own pcg64 stream (state from (seed, replication), stream number = the
// queue), which draws everything that happens inside the queue in a fixed order - its start list's leave
// steps, validation sprints, referrals and their attributes, calibrated picks. Mutual aid, where queues
// interact, draws from the replication's own stream pcg64(seed, replication). So a queue's week depends only
// on its own state and stream, queues of a week can run on any thread (queue_workers.hpp), and the results
// are the same bytes for any thread count.
class Engine {
 public:
  Engine(const SimModel& model, const WeeklyDrivers* drivers, std::uint64_t seed, std::uint64_t replication,
         bool without_mutual_aid, int threads)
      : m_(model),
        aid_on_(model.mutual_aid.enabled && !without_mutual_aid),
        d_(drivers ? *drivers : model.drivers),
        keys_(model.policy),
        aid_rng_(seed, replication),
        S_(keys_.subqueue_count()),
        Q_(model.queues.size()),
        W_(model.weeks),
        store_(Q_, S_, W_),
        shape_(start_list_shape(model)),
        leave_(model, d_.removal, shape_.longest_wait_weeks),
        aid_(model),
        rec_(model),
        workers_(threads, queue_weights(model, shape_)) {
    const std::uint64_t state = replication_state(seed, replication);
    rng_.reserve(Q_);
    for (size_t q = 0; q < Q_; ++q) rng_.emplace_back(state, static_cast<std::uint64_t>(q));
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
    route_.resize(kProfileCount);
    for (int p = 0; p < kProfileCount; ++p) {
      const auto profile = static_cast<Profile>(p);
      route_[static_cast<size_t>(p)] = Route{keys_.key_of(profile), leave_.group_of(profile)};
    }
    scratch_.resize(static_cast<size_t>(workers_.size()));
    for (int w = 0; w < workers_.size(); ++w) tallies_.push_back(rec_.make_tally());
  }

  ReplicationResult run(const std::function<void()>& progress_step, const Progress* cancel) {
    ReplicationResult& r = rec_.result();
    place_initial();
    for (int step = 0; step < W_; ++step) {
      if (cancel) cancel->throw_if_cancelled();
      const std::int32_t end_day = start_day() + 7 * (step + 1);
      std::fill(hub_extra_.begin(), hub_extra_.end(), 0.0);
      for (const auto& h : m_.hubs) {
        if (step >= h.first_step && step <= h.last_step) hub_extra_[h.queue] += h.per_week;
      }
      // Each queue's week on its own stream: validation sprints, referrals, removals other than treatment
      // falling due (drawn when each pathway joined), treatment.
      workers_.for_each_queue([&](int w, size_t q) { queue_week(w, q, step, end_day); });
      rec_.step_flows(tallies_, step, end_day - 6);
      if (aid_on_ && (step + 1) % std::max(1, m_.mutual_aid.every_weeks) == 0) {
        aid_.run(store_, cap_now_, step, end_day, aid_rng_, r.mutual_aid);
      }
      for (size_t q = 0; q < Q_; ++q) {
        r.referrals_total += step_referrals_[q];
        if (step >= W_ - m_.wait_estimate_weeks) r.queues[q].referrals_per_week += step_referrals_[q];
      }
      if (m_.snapshot_step[static_cast<size_t>(step)]) {
        month_end_list(step, end_day);
        rec_.snapshot(end_day);
      }
      if (m_.month_end[static_cast<size_t>(step)]) {
        if (rec_.close_needs_scan(step)) month_end_list(step, end_day);
        rec_.close_month(step);
      }
      if (step == W_ - 1) scan(step, end_day, true);  // the one pass for the group breakdowns
      if (progress_step) progress_step();
    }
    rec_.finish(tallies_);
    const double est_weeks = std::max(1, std::min(m_.wait_estimate_weeks, W_));
    for (size_t q = 0; q < Q_; ++q) {
      r.queues[q].list_size = static_cast<double>(store_.live(q));
      r.queues[q].capacity_per_week = cap_now_[q];
      r.queues[q].referrals_per_week /= est_weeks;
    }
    return std::move(r);
  }

 private:
  struct Cand {
    double score;
    int key;
  };
  // Where a referral of a profile goes: its policy sub-queue and its removal hazard group, side by side in
  // one table of 2 bytes per profile (25 KB) so that a referral looks up both in one cache line.
  struct Route {
    std::uint8_t key;
    std::uint8_t hazard_group;
  };
  // A worker's scratch space (the worker's tally is in tallies_).
  struct Scratch {
    std::vector<Cand> cand;
    std::vector<std::uint64_t> cum;
    std::vector<std::uint64_t> bits;  // a block of draws: a queue-week's referrals, a queue's start list
  };

  std::int32_t start_day() const { return static_cast<std::int32_t>(m_.start.time_since_epoch().count()); }

  // Rough cost of a queue for sharing queues among workers: its pathways over the run.
  static std::vector<double> queue_weights(const SimModel& m, const StartListShape& shape) {
    std::vector<double> w(m.queues.size());
    for (size_t q = 0; q < w.size(); ++q) {
      w[q] = 1.0 + static_cast<double>(shape.first[q + 1] - shape.first[q]);
      w[q] += m.queues[q].referrals_per_week * m.weeks;
    }
    return w;
  }

  // The whole list walked once by the workers, queue by queue, then merged into the month-end list.
  void scan(int step, std::int32_t end_day, bool groups) {
    workers_.for_each_queue([&](int w, size_t q) {
      rec_.scan_queue(tallies_[static_cast<size_t>(w)], store_, q, step, end_day, groups);
    });
    rec_.list_scanned(tallies_);
  }

  // The month-end list from the counts by clock-start week (recording.hpp), with no walk over the records.
  // The records that have left are dropped from a queue once they are a fifth of it; with calibrated picks,
  // which draw a position among all the records, they are dropped at every month end as the scan did, so
  // that the picks stay the same.
  void month_end_list(int step, std::int32_t end_day) {
    if (!rec_.counts_list()) {
      scan(step, end_day, false);
      return;
    }
    const bool every_month = m_.calibrated_share > 0 && tw_max_ > 0;
    workers_.for_each_queue([&](int, size_t q) {
      if (every_month || 4 * store_.stored(q) > 5 * store_.live(q) + 4096) store_.compact(q, step);
    });
    rec_.list_counted(tallies_, step);
  }

  void queue_week(int w, size_t q, int step, std::int32_t end_day) {
    Tally& t = tallies_[static_cast<size_t>(w)];
    store_.prefetch_week(q, step);
    for (const auto& v : d_.validation) {
      if (v.step == step) validation_sprint(t, q, step, end_day, v);
    }
    arrivals(t, scratch_[static_cast<size_t>(w)], q, step);
    t.other += store_.leave_due(q, step);
    treat_queue(w, q, step, end_day);
  }

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

  void add_record(Tally& t, size_t q, const Record& rec) {
    store_.add(q, keys_.key_of(rec.profile_id()), rec);
    rec_.joined(t, rec);
  }

  // The start list, queue by queue in clock-start order, each queue's leave steps from its own stream.
  // A list in that order already (build_model sorts it) is placed as it is, without an index to sort.
  void place_initial() {
    const auto& init = m_.initial;
    std::vector<std::uint32_t> order;
    if (!shape_.sorted) {
      order.resize(init.size());
      for (size_t i = 0; i < order.size(); ++i) order[i] = static_cast<std::uint32_t>(i);
      auto less = [&](std::uint32_t a, std::uint32_t b) {
        return init[a].queue != init[b].queue ? init[a].queue < init[b].queue
                                              : init[a].clock_start < init[b].clock_start;
      };
      std::stable_sort(order.begin(), order.end(), less);
    }
    const std::vector<size_t>& first = shape_.first;
    const std::int32_t day0 = start_day();
    workers_.for_each_queue([&](int w, size_t q) {
      Tally& t = tallies_[static_cast<size_t>(w)];
      // One draw per pathway in list order (none without removals), drawn as one block.
      std::vector<std::uint64_t>& bits = scratch_[static_cast<size_t>(w)].bits;
      bits.resize(leave_.active() ? first[q + 1] - first[q] : 0);
      rng_[q].fill(bits.data(), bits.size());
      for (size_t i = first[q]; i < first[q + 1]; ++i) {
        const auto& p = init[order.empty() ? i : order[i]];
        const std::int32_t wait_weeks = (day0 - p.clock_start) / 7;
        const std::uint16_t leave =
            bits.empty() ? kNever : leave_.for_waiting(wait_weeks, p.profile, bits[i - first[q]]);
        add_record(t, q, Record{p.clock_start, p.profile, leave});
      }
    });
  }

  // A queue-week's referrals: how many (Poisson), their clock-start days, then each one's profile and leave
  // step. The draws come in the order of the one-referral-at-a-time loop (n days, then per referral in day
  // order: profile, leave step), but are drawn first into a buffer: the lookups of different referrals then
  // no longer wait on one chain of draws, and the CPU overlaps them.
  void arrivals(Tally& t, Scratch& sc, size_t q, int step) {
    const double rf = d_.referral_factor[static_cast<size_t>(step)];
    const double extra = d_.extra_referrals[static_cast<size_t>(step)];
    const std::int32_t first_day = start_day() + 7 * step + 1;
    const double lambda = m_.queues[q].referrals_per_week * rf + extra * ref_share_[q];
    int n = 0;
    if (lambda > 0) {
      std::poisson_distribution<int> pois(lambda);
      n = pois(rng_[q]);
    }
    step_referrals_[q] = n;
    if (n == 0) return;
    // A local copy of the queue's stream, written back at the end: its state stays in registers instead of
    // going through memory (a store-forwarding stall) at every draw.
    QueueStream rng = rng_[q];
    const size_t per = leave_.active() ? 2 : 1;
    std::vector<std::uint64_t>& bits = sc.bits;
    bits.resize((per + 1) * static_cast<size_t>(n));
    store_.prefetch_tails(q);
    rng.fill(bits.data(), bits.size());
    rng_[q] = rng;
    std::array<int, 7> per_day{};
    for (int i = 0; i < n; ++i)
      ++per_day[static_cast<size_t>(((bits[static_cast<size_t>(i)] >> 32) * 7) >> 32)];
    const std::uint64_t* draw = bits.data() + static_cast<size_t>(n);
    // What the loop reads, in locals: the stores of records would otherwise make the compiler reload each
    // member at every referral. Leave steps are counted branch-free (RecordStore::leave_column).
    const AliasTable::View mix = m_.referral_mix.view();
    const detail::LeaveSampler::ReferralDraw leave_of = leave_.referral_draw();
    const Route* route_of = route_.data();
    SubQueue* subqueues = store_.subqueues_of(q);
    std::int32_t* pending = store_.pending_row(q);
    const int weeks = W_;
    const bool leaves = per == 2;
    for (int d = 0; d < 7; ++d) {
      const int count = per_day[static_cast<size_t>(d)];
      t.referrals_by_day[static_cast<size_t>(d)] += count;
      // The day's referrals are counted on the list at once; each one's leave step is booked.
      std::int32_t* booking = detail::Recorder::booking_row(t, rec_.joined_on(t, first_day + d, count));
      const std::int32_t day = first_day + d;
      for (int i = 0; i < count; ++i, draw += per) {
        const auto profile = static_cast<Profile>(mix.sample(draw[0]));
        const Route route = route_of[profile];
        const std::uint16_t leave = leaves ? leave_of(step, route.hazard_group, draw[1]) : kNever;
        RecordStore::push(subqueues[route.key], Record::bits_of(day, profile, leave));
        const size_t column = RecordStore::leave_column(leave, weeks);
        ++pending[column];
        ++booking[column];
      }
    }
    store_.add_live(q, n);
  }

  void treated(Tally& t, size_t q, const Record& rec, int step, std::int32_t end_day) {
    store_.take(q, rec);
    ++t.treated;
    rec_.treated(t, q, rec, end_day, step);
  }

  // Treats up to n pathways of queue q, best score first; only urgent sub-queues when urgent_only.
  int serve(int w, size_t q, int n, bool urgent_only, int step, std::int32_t end_day) {
    if (n <= 0) return 0;
    Tally& t = tallies_[static_cast<size_t>(w)];
    std::vector<Cand>& cand = scratch_[static_cast<size_t>(w)].cand;
    cand.clear();
    for (int k = 0; k < S_; ++k) {
      if (urgent_only && !keys_.urgent(k)) continue;
      SubQueue& s = store_.sub(q, k);
      if (RecordStore::live_head(s, step))
        cand.push_back({keys_.score(k, end_day - s.v[s.head].clock_start), k});
    }
    int done = 0;
    // The treatment path's counters, in locals (as in arrivals); the queue's live count is
    // updated once at the end.
    detail::Recorder::Treating record_treated(rec_, t, q, end_day, step);
    std::int32_t* pending = store_.pending_row(q);
    const int weeks = W_;
    // a < b: b is treated first (the higher score; on a tie the lower sub-queue key) - a total order.
    auto cmp = [](const Cand& a, const Cand& b) {
      return a.score < b.score || (a.score == b.score && a.key > b.key);
    };
    // The heads in order, best last: sorted for a few sub-queues (the heads trade places at almost every
    // treatment, and a served head mostly drops one or two places), a heap for many.
    const bool use_heap = cand.size() > 16;
    if (use_heap) {
      std::make_heap(cand.begin(), cand.end(), cmp);
    } else {
      std::sort(cand.begin(), cand.end(), cmp);
    }
    while (done < n && !cand.empty()) {
      // The best head and the runner-up (the best of the others). The best sub-queue is then served for as
      // long as its new head still beats the runner-up, which has not changed: the same order as picking
      // the best of all heads before every treatment, with one comparison per treatment instead of a scan.
      if (use_heap) std::pop_heap(cand.begin(), cand.end(), cmp);
      const size_t best = cand.size() - 1;
      const Cand* runner = best == 0 ? nullptr : use_heap ? &cand.front() : &cand[best - 1];
      const int k = cand[best].key;
      SubQueue& s = store_.sub(q, k);
      bool live = true;
      for (;;) {
        const Record rec = s.v[s.head];
        --pending[RecordStore::leave_column(rec.leave, weeks)];
        record_treated(rec);
        ++s.head;
        ++done;
        // Records are read once, in order, long after they were written: fetch two cache lines ahead.
        if (s.head + 16 < s.v.size()) __builtin_prefetch(&s.v[s.head + 16]);
        live = RecordStore::live_head(s, step);
        if (!live) break;
        cand[best].score = keys_.score(k, end_day - s.v[s.head].clock_start);
        if (done >= n || (runner && !cmp(*runner, cand[best]))) break;
      }
      if (!live) {
        cand.pop_back();
      } else if (use_heap) {
        std::push_heap(cand.begin(), cand.end(), cmp);
      } else {
        // The served head now scores lower: it moves down to its place.
        const Cand served = cand[best];
        size_t i = best;
        for (; i > 0 && cmp(served, cand[i - 1]); --i) cand[i] = cand[i - 1];
        cand[i] = served;
      }
    }
    store_.add_live(q, -done);
    t.treated += done;
    for (int k = 0; k < S_; ++k) RecordStore::compact_front(store_.sub(q, k));
    return done;
  }

  void treat_queue(int w, size_t q, int step, std::int32_t end_day) {
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
      serve(w, q, reserve, true, step,
            end_day);  // unused reserved slots are lost (the price of ring-fencing)
    }
    int general = slots - reserve;
    if (m_.calibrated_share > 0) {
      const int by_pattern = static_cast<int>(std::lround(general * m_.calibrated_share));
      general -= serve_calibrated(w, q, by_pattern, step, end_day);
    }
    serve(w, q, general, false, step, end_day);
  }

  // Treats up to n pathways picked with probability proportional to treat_weight[band] (rejection sampling
  // over the queue's records); a treated pathway in the middle of a sub-queue is left as a record that has
  // "left".
  int serve_calibrated(int w, size_t q, int n, int step, std::int32_t end_day) {
    if (n <= 0 || tw_max_ <= 0) return 0;
    Tally& t = tallies_[static_cast<size_t>(w)];
    std::vector<std::uint64_t>& cum = scratch_[static_cast<size_t>(w)].cum;
    cum.assign(static_cast<size_t>(S_) + 1, 0);
    for (int k = 0; k < S_; ++k) {
      const SubQueue& s = store_.sub(q, k);
      cum[static_cast<size_t>(k) + 1] = cum[static_cast<size_t>(k)] + (s.v.size() - s.head);
    }
    const std::uint64_t total = cum.back();
    if (total == 0) return 0;
    int done = 0;
    QueueStream rng = rng_[q];  // a local copy (state in registers), written back below
    for (std::int64_t attempts = 64 * static_cast<std::int64_t>(n) + 256;
         done < n && store_.live(q) > 0 && attempts > 0; --attempts) {
      // One 64-bit draw: the high half picks the record, the low half is the acceptance coin.
      const std::uint64_t bits = rng();
      const std::uint64_t pick = ((bits >> 32) * total) >> 32;
      int k = 0;
      while (cum[static_cast<size_t>(k) + 1] <= pick) ++k;
      SubQueue& s = store_.sub(q, k);
      Record& rec = s.v[s.head + (pick - cum[static_cast<size_t>(k)])];
      if (rec.leave <= step) continue;
      const int band = band_of_wait_days(end_day - rec.clock_start);
      if (static_cast<std::uint32_t>(bits) >= accept_[static_cast<size_t>(band)]) continue;
      treated(t, q, rec, step, end_day);
      rec.leave =
          static_cast<std::uint16_t>(step);  // gone: skipped from now on, not counted as other removal
      ++done;
    }
    rng_[q] = rng;
    return done;
  }

  // Queue q's part of a validation sprint, on the queue's stream.
  void validation_sprint(Tally& t, size_t q, int step, std::int32_t end_day, const ValidationSprint& v) {
    const std::int32_t min_wait = v.min_wait_weeks * 7;
    QueueStream& rng = rng_[q];
    for (int k = 0; k < S_; ++k) {
      SubQueue& s = store_.sub(q, k);
      for (size_t i = s.head; i < s.v.size(); ++i) {
        Record& rec = s.v[i];
        if (rec.leave <= step || end_day - rec.clock_start < min_wait) continue;
        if (detail::uniform01(rng) >= v.share) continue;
        rec_.leaves_now(t, rec, step);
        store_.leave_now(q, rec, step);
      }
    }
  }

  const SimModel& m_;
  bool aid_on_;
  const WeeklyDrivers& d_;
  PolicyKeys keys_;
  std::vector<QueueStream> rng_;  // one stream per queue (pcg64's numbers)
  pcg64 aid_rng_;                 // mutual aid's stream
  int S_;
  size_t Q_;
  int W_;
  RecordStore store_;
  StartListShape shape_;
  detail::LeaveSampler leave_;
  detail::MutualAidRounds aid_;
  detail::Recorder rec_;
  detail::QueueWorkers workers_;
  std::vector<Tally> tallies_;  // one per worker
  std::vector<Scratch> scratch_;
  std::vector<Route> route_;  // by profile
  std::vector<double> hub_extra_;
  double tw_max_ = 0;
  std::vector<std::uint32_t> accept_;  // acceptance threshold by band, treat_weight / max x 2^32
  std::vector<double> carry_, cap_now_, cap_share_, ref_share_, step_referrals_;
};

}  // namespace

ReplicationResult run_replication(const SimModel& model, std::uint64_t seed, std::uint64_t replication,
                                  const std::function<void()>& progress_step, const Progress* cancel,
                                  const WeeklyDrivers* drivers, bool without_mutual_aid, int threads) {
  Engine engine(model, drivers, seed, replication, without_mutual_aid, threads);
  return engine.run(progress_step, cancel);
}

}  // namespace elective::sim
