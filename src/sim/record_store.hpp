#pragma once
// The waiting list of one replication (part of the engine, sim/engine.cpp): every pathway is an 8-byte record
// in its queue's policy sub-queue, in clock-start order. Alongside, the number of live pathways per queue
// and, per queue and step, how many leave without treatment at that step (drawn when each pathway joined, see
// removal_hazard.hpp). Records that have left are skipped lazily and dropped by the next sweep.
#include <algorithm>
#include <bit>
#include <cstdint>
#include <cstring>
#include <memory>
#include <type_traits>
#include <vector>

#include "sim/profile.hpp"

namespace elective::sim::detail {

inline constexpr std::uint16_t kNever = 0xFFFF;  // leave step: not within the horizon
inline constexpr std::uint16_t kProfileMask = 0x3FFF;
inline constexpr std::uint16_t kOfferedFlag = 0x8000;  // offered a mutual-aid move once
inline constexpr std::uint16_t kMovedFlag = 0x4000;    // moved by mutual aid
static_assert(kProfileCount <= kProfileMask + 1);

// One pathway on the list: 8 bytes.
struct Record {
  // Left uninitialised: RecordStore::add makes a slot and writes all 8 bytes at once.
  Record() {}  // NOLINT(modernize-use-equals-default): `= default` would zero the slot first
  constexpr Record(std::int32_t clock_start_day, std::uint16_t profile_flags, std::uint16_t leave_step)
      : clock_start(clock_start_day), profile(profile_flags), leave(leave_step) {}

  std::int32_t clock_start;  // day number
  std::uint16_t profile;     // Profile | flags
  std::uint16_t leave;       // step at which it leaves without treatment, kNever if not within the horizon

  Profile profile_id() const { return static_cast<Profile>(profile & kProfileMask); }
  // The 8 bytes of Record{clock_start_day, profile_flags, leave_step}, built in a register: the referral
  // path writes a record with one store and no merge with a copy on the stack.
  static constexpr std::uint64_t bits_of(std::int32_t clock_start_day, std::uint16_t profile_flags,
                                         std::uint16_t leave_step) {
    return static_cast<std::uint32_t>(clock_start_day) | std::uint64_t{profile_flags} << 32 |
           std::uint64_t{leave_step} << 48;
  }
};
static_assert(sizeof(Record) == 8 && std::is_trivially_copyable_v<Record>);
static_assert(std::bit_cast<std::uint64_t>(Record{-2, 0x1234, 0xABCD}) == Record::bits_of(-2, 0x1234, 0xABCD),
              "Record::bits_of assumes the fields' order and a little-endian layout");

// Records in clock-start order; `head` is the first not yet removed from the front.
struct SubQueue {
  std::vector<Record> v;
  std::uint32_t head = 0;
};

class RecordStore {
 public:
  RecordStore(size_t queues, int subqueues, int weeks);

  size_t queues() const { return queues_; }
  int subqueues() const { return subqueues_; }
  SubQueue& sub(size_t q, int key) {
    return subs_[q * static_cast<size_t>(subqueues_) + static_cast<size_t>(key)];
  }
  const SubQueue& sub(size_t q, int key) const {
    return subs_[q * static_cast<size_t>(subqueues_) + static_cast<size_t>(key)];
  }
  std::int64_t live(size_t q) const { return live_[q]; }
  // Records held for queue q: live, left, and treated ones before the heads not yet released.
  std::int64_t stored(size_t q) const {
    std::int64_t n = 0;
    for (int k = 0; k < subqueues_; ++k) n += static_cast<std::int64_t>(sub(q, k).v.size());
    return n;
  }
  // Drops queue q's records that have left by `step`. Without a branch on whether a record has left: every
  // record is copied and only the live ones advance the end, as a record's fate is a coin toss for the CPU.
  void compact(size_t q, int step) {
    for (int k = 0; k < subqueues_; ++k) {
      SubQueue& s = sub(q, k);
      Record* v = s.v.data();
      size_t out = 0;
      for (size_t i = s.head; i < s.v.size(); ++i) {
        const Record rec = v[i];
        v[out] = rec;
        out += rec.leave > step ? 1 : 0;
      }
      swept(s, out);
    }
  }

  // Asks for the memory a queue-week of queue q writes: its row of pending removals from `step` on (touched
  // once a week, so long out of cache) and its sub-queues (prefetch_tails then asks for their ends).
  void prefetch_week(size_t q, int step) {
    const std::int32_t* row = pending_row(q) + step;
    const std::int32_t* end = pending_row(q) + weeks_ + 1;
    for (const char* p = reinterpret_cast<const char*>(row); p < reinterpret_cast<const char*>(end); p += 64)
      __builtin_prefetch(p, 1);
    for (int k = 0; k < subqueues_; ++k) __builtin_prefetch(&sub(q, k), 1);
  }
  // The sub-queues' tails, where the week's referrals go, and heads, where its treatments start.
  void prefetch_tails(size_t q) {
    for (int k = 0; k < subqueues_; ++k) {
      const SubQueue& s = sub(q, k);
      if (s.v.size() < s.v.capacity()) __builtin_prefetch(s.v.data() + s.v.size(), 1);
      if (s.head < s.v.size()) __builtin_prefetch(s.v.data() + s.head, 1);
    }
  }

  // A pathway joins queue q at the back of sub-queue `key`.
  void add(size_t q, int key, const Record& rec) {
    push(sub(q, key), std::bit_cast<std::uint64_t>(rec));
    ++live_[q];
    ++pending_of(q, rec.leave);
  }
  // add()'s parts, for the referral path, which does them for many records at once: the record alone (the
  // caller counts it with add_live and books its leave step in pending_row). One 8-byte store rather than
  // one per field: the tail's cache line is often still on its way, and each store waiting for it holds a
  // slot of the store buffer...
  static void push(SubQueue& s, std::uint64_t record_bits) {
    std::vector<Record>& v = s.v;
    // Two lines ahead, with no test against the capacity: a prefetch past the allocation is harmless.
    const auto tail = reinterpret_cast<std::uintptr_t>(std::to_address(v.end()));
    __builtin_prefetch(reinterpret_cast<const void*>(tail + 16 * sizeof(Record)), 1);
    std::memcpy(static_cast<void*>(&v.emplace_back()), &record_bits, sizeof record_bits);
  }
  SubQueue* subqueues_of(size_t q) { return &sub(q, 0); }
  void add_live(size_t q, std::int64_t n) { live_[q] += n; }
  // ...queue q's removals other than treatment by step, indexed by leave_column(leave): steps 0 to weeks - 1,
  // then one entry that is a sink for kNever (never read), so that a hot loop counts without a branch on
  // whether the pathway leaves within the horizon (a coin toss for the CPU).
  std::int32_t* pending_row(size_t q) { return pending_.data() + q * static_cast<size_t>(weeks_ + 1); }
  static size_t leave_column(std::uint16_t leave, int weeks) {
    return std::min(static_cast<size_t>(leave), static_cast<size_t>(weeks));
  }

  // A live pathway of queue q is treated: no longer live, no longer due to leave (its record is skipped
  // later).
  void take(size_t q, const Record& rec) {
    --live_[q];
    --pending_of(q, rec.leave);
  }
  // The removals other than treatment falling due at `step` leave queue q; returns how many.
  std::int32_t leave_due(size_t q, int step) {
    const std::int32_t n = pending_row(q)[step];
    live_[q] -= n;
    return n;
  }
  // A live record of queue q leaves at `step` instead of its drawn step (a validation sprint).
  void leave_now(size_t q, Record& rec, int step) {
    --pending_of(q, rec.leave);
    rec.leave = static_cast<std::uint16_t>(step);
    ++pending_of(q, rec.leave);
  }
  // A live record moves from queue `from` to `to` (mutual aid), keeping its clock start and leave step;
  // inserted in clock-start order into sub-queue `key` of `to`.
  void transfer(size_t from, size_t to, int key, const Record& rec);

  // Advances a sub-queue's head past pathways that have already left; true when a live head remains.
  static bool live_head(SubQueue& s, int step) {
    while (s.head < s.v.size() && s.v[s.head].leave <= step) ++s.head;
    return s.head < s.v.size();
  }
  // Releases the front of a sub-queue once most of it has been removed.
  static void compact_front(SubQueue& s) {
    if (s.head > 256 && s.head * 2 > s.v.size()) {
      s.v.erase(s.v.begin(), s.v.begin() + s.head);
      s.head = 0;
    }
  }

  // Walks queue q's live records once, sub-queue by sub-queue, dropping those that have left by `step`;
  // `visit(record)` sees the others.
  template <typename Visit>
  void sweep_queue(size_t q, int step, Visit&& visit) {
    for (int k = 0; k < subqueues_; ++k) {
      SubQueue& s = sub(q, k);
      size_t out = 0;
      for (size_t i = s.head; i < s.v.size(); ++i) {
        const Record rec = s.v[i];
        if (rec.leave <= step) continue;
        s.v[out++] = rec;
        visit(rec);
      }
      swept(s, out);
    }
  }

 private:
  // A sub-queue whose first `out` records are the live ones kept by a sweep.
  static void swept(SubQueue& s, size_t out) {
    s.v.resize(out);
    s.head = 0;
    if (s.v.capacity() > 64 && s.v.capacity() > 4 * out) s.v.shrink_to_fit();
  }
  // Queue q's count of pending removals for a pathway leaving at `leave` (kNever: the row's sink).
  std::int32_t& pending_of(size_t q, std::uint16_t leave) {
    return pending_row(q)[leave_column(leave, weeks_)];
  }

  size_t queues_;
  int subqueues_;
  int weeks_;
  std::vector<SubQueue> subs_;
  std::vector<std::int64_t> live_;
  std::vector<std::int32_t> pending_;  // [queue][step]: removals other than treatment due then
};

}  // namespace elective::sim::detail
