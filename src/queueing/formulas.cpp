#include "queueing/formulas.hpp"

#include <fmt/format.h>

#include <cmath>

#include "core/error.hpp"

namespace elective::queueing {
namespace {

void require(bool ok, const char* option, const char* expected, double value) {
  if (!ok) throw InputError(fmt::format("{}: expected {}, got {}", option, expected, value));
}

}  // namespace

double queue_load(double demand, double capacity) {
  return demand / capacity;
}

double target_mean_wait(double target_wait, double factor) {
  return target_wait / factor;
}

double target_queue_size(double demand, double target_wait, double factor) {
  return demand * target_mean_wait(target_wait, factor);
}

double target_capacity(double demand, double target_wait, double factor, double cv_demand,
                       double cv_capacity) {
  return demand + ((cv_demand * cv_demand + cv_capacity * cv_capacity) / 2.0) * (factor / target_wait);
}

double relief_capacity(double demand, double queue_size, double target_queue_size_value,
                       double time_to_target, double num_referrals, double cv_demand) {
  double adjusted = demand;
  if (num_referrals > 0) {
    const double margin = 2.0 * demand * cv_demand / std::sqrt(num_referrals);
    if (margin < 1.0) adjusted = demand / (1.0 - margin);
  }
  return adjusted + (queue_size - target_queue_size_value) / time_to_target;
}

double waiting_list_pressure(double mean_wait, double target_wait) {
  return 2.0 * mean_wait / target_wait;
}

double share_within_target(double mean_wait, double target_wait) {
  if (mean_wait <= 0) return 1.0;
  return 1.0 - std::exp(-target_wait / mean_wait);
}

QueueReport analyse_queue(const QueueInputs& in) {
  require(std::isfinite(in.demand) && in.demand > 0, "--demand", "a positive number of referrals per week",
          in.demand);
  require(std::isfinite(in.capacity) && in.capacity > 0, "--capacity",
          "a positive number of removals per week", in.capacity);
  require(std::isfinite(in.target_wait) && in.target_wait > 0, "--target-wait", "a positive number of weeks",
          in.target_wait);
  require(std::isfinite(in.factor) && in.factor > 0, "--factor", "a positive number (default 4)", in.factor);
  require(std::isfinite(in.time_to_target) && in.time_to_target > 0, "--time-to-target",
          "a positive number of weeks (default 26)", in.time_to_target);
  require(std::isfinite(in.cv_demand) && in.cv_demand >= 0, "--cv-demand", "a coefficient of variation >= 0",
          in.cv_demand);
  require(std::isfinite(in.cv_capacity) && in.cv_capacity >= 0, "--cv-capacity",
          "a coefficient of variation >= 0", in.cv_capacity);
  require(std::isfinite(in.num_referrals) && in.num_referrals >= 0, "--num-referrals", "a count >= 0",
          in.num_referrals);
  if (in.queue_size) {
    require(std::isfinite(*in.queue_size) && *in.queue_size >= 0, "--queue-size", "a number of patients >= 0",
            *in.queue_size);
  }
  if (in.mean_wait) {
    require(std::isfinite(*in.mean_wait) && *in.mean_wait >= 0, "--mean-wait", "a number of weeks >= 0",
            *in.mean_wait);
  }

  QueueReport r;
  r.load = queue_load(in.demand, in.capacity);
  r.load_too_big = r.load >= 1.0;
  r.target_mean_wait = target_mean_wait(in.target_wait, in.factor);
  r.target_queue_size = target_queue_size(in.demand, in.target_wait, in.factor);
  r.target_capacity = target_capacity(in.demand, in.target_wait, in.factor, in.cv_demand, in.cv_capacity);
  if (in.queue_size) {
    r.relief_capacity = relief_capacity(in.demand, *in.queue_size, r.target_queue_size, in.time_to_target,
                                        in.num_referrals, in.num_referrals > 0 ? in.cv_demand : 0.0);
    r.queue_too_big = *in.queue_size > 2.0 * r.target_queue_size;
  }
  if (in.mean_wait) {
    r.mean_wait = in.mean_wait;
  } else if (in.queue_size) {
    // Little's law in steady state: mean wait = queue size / arrival rate.
    r.mean_wait = *in.queue_size / in.demand;
    r.mean_wait_estimated = true;
  }
  if (r.mean_wait) {
    r.pressure = waiting_list_pressure(*r.mean_wait, in.target_wait);
    r.expected_share_within_target = share_within_target(*r.mean_wait, in.target_wait);
  }
  return r;
}

}  // namespace elective::queueing
