#pragma once
// An uncertain scenario input: a number, or `{ low = ..., high = ... }` (docs/scenarios.md).
namespace elective::plan {

struct Range {
  double low = 0;
  double high = 0;
  Range() = default;
  Range(double value) : low(value), high(value) {}  // NOLINT: a plain number is a degenerate range
  Range(double lo, double hi) : low(lo), high(hi) {}
  bool uncertain() const { return high > low; }
  double mid() const { return 0.5 * (low + high); }
  // The value at quantile u in [0,1] of a uniform draw.
  double at(double u) const { return low + u * (high - low); }
};

}  // namespace elective::plan
