#include "sim/record_store.hpp"

#include <algorithm>

namespace elective::sim::detail {

RecordStore::RecordStore(size_t queues, int subqueues, int weeks)
    : queues_(queues), subqueues_(subqueues), weeks_(weeks) {
  subs_.resize(queues * static_cast<size_t>(subqueues));
  live_.assign(queues, 0);
  pending_.assign(queues * static_cast<size_t>(weeks + 1), 0);
}

void RecordStore::transfer(size_t from, size_t to, int key, const Record& rec) {
  --live_[from];
  ++live_[to];
  --pending_of(from, rec.leave);
  ++pending_of(to, rec.leave);
  SubQueue& s = sub(to, key);
  auto begin = s.v.begin() + s.head;
  // The place is after every record with a clock start on or before the moved pathway's. It is mostly near
  // the head (the moved pathway has waited long; the destination's are mostly shorter waits), so a galloping
  // search from the head reads a few lines there where a binary search of the whole sub-queue read a dozen
  // far apart. Every record before `lo` is on or before that day; `hi` is the end or a record after it.
  auto lo = begin, hi = begin;
  for (std::ptrdiff_t stride = 1; hi != s.v.end() && hi->clock_start <= rec.clock_start; stride *= 2) {
    lo = hi + 1;
    hi = s.v.end() - hi > stride ? hi + stride : s.v.end();
  }
  auto pos = std::upper_bound(lo, hi, rec.clock_start,
                              [](std::int32_t day, const Record& r) { return day < r.clock_start; });
  if (s.head > 0) {
    // Room at the front: shift the earlier records one place forward instead of the later ones back.
    std::move(begin, pos, begin - 1);
    --s.head;
    *(pos - 1) = rec;
  } else {
    s.v.insert(pos, rec);
  }
}

}  // namespace elective::sim::detail
