#include "sim/policy.hpp"

#include <array>

namespace elective::sim {

double urgency(data::Priority p) {
  static constexpr std::array<double, data::kPriorityCount> u{1.0, 0.9, 0.75, 0.5, 0.25, 0.0, 0.0, 0.25};
  return u[static_cast<size_t>(p)];
}

PolicyKeys::PolicyKeys(const PolicyParams& params) : key_(kProfileCount) {
  auto is_urgent = [](data::Priority p) { return p == data::Priority::p1a || p == data::Priority::p1b; };
  switch (params.kind) {
    case PolicyKind::in_turn:
      count_ = 2;
      break;
    case PolicyKind::calibrated:  // never asked for (build_model maps it); served as clinical priority
    case PolicyKind::clinical_priority:
    case PolicyKind::long_waits_first:
      count_ = data::kPriorityCount;
      break;
    case PolicyKind::equity:
      count_ = data::kPriorityCount * 6;
      break;
    case PolicyKind::weighted:
      count_ = data::kPriorityCount * 6 * 2;
      break;
  }
  if (params.kind == PolicyKind::long_waits_first) long_wait_days_ = params.long_wait_threshold_weeks * 7;
  urgent_.assign(static_cast<size_t>(count_), 0);
  mult_.assign(static_cast<size_t>(count_), 1.0);
  offset_.assign(static_cast<size_t>(count_), 0.0);
  for (int v = 0; v < kProfileCount; ++v) {
    const ProfileFields& f = fields_of(static_cast<Profile>(v));
    const int pr = static_cast<int>(f.priority);
    const double window = params.due_days[static_cast<size_t>(pr)];
    int key = 0;
    double mult = 1.0;
    double offset = 0.0;
    switch (params.kind) {
      case PolicyKind::in_turn:
        key = is_urgent(f.priority) ? 1 : 0;
        break;
      case PolicyKind::calibrated:
      case PolicyKind::clinical_priority:
      case PolicyKind::long_waits_first:
        key = pr;
        offset = -window;
        break;
      case PolicyKind::equity:
        key = pr * 6 + f.imd_quintile;
        mult = f.imd_quintile == 0 ? 1.0 : 1.0 + params.equity_weight * (3.0 - f.imd_quintile) / 2.0;
        offset = -window;
        break;
      case PolicyKind::weighted: {
        key = (pr * 6 + f.imd_quintile) * 2 + (f.child ? 1 : 0);
        const double deprivation = f.imd_quintile == 0 ? 0.5 : (5.0 - f.imd_quintile) / 4.0;
        mult = params.weights.wait / 7.0;
        offset = params.weights.priority * urgency(f.priority) + params.weights.deprivation * deprivation +
                 params.weights.under_18 * (f.child ? 1.0 : 0.0);
        break;
      }
    }
    key_[static_cast<size_t>(v)] = static_cast<std::uint8_t>(key);
    urgent_[static_cast<size_t>(key)] = is_urgent(f.priority) ? 1 : 0;
    mult_[static_cast<size_t>(key)] = mult;
    offset_[static_cast<size_t>(key)] = offset;
  }
}

}  // namespace elective::sim
