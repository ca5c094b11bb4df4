#pragma once
// The elasticity of clock stops to consultant FTE within trusts (issue 16, docs/statistics.md "Elasticity"):
// log clock_stops[p][t] = a[p] + m[t] + beta * log consultant_fte[p][t], fitted by two-way fixed effects
// (trust and month demeaned) on the training months of a balanced panel of acute trusts, and checked on the
// held-out months that follow: each trust's clock stops are forecast from its last training month T,
//   g[p][t]        = stops[p][T] * (fte[p][t] / fte[p][T])^b
//   forecast[p][t] = g[p][t] * national[t] / sum_q g[q][t]
// (national: the panel's actual clock stops in month t, shared out by each method's growth, so that the month
// effect is the same for every method and only the allocation by FTE change differs), with b the fitted beta,
// 1 (naive scaling: clock stops in proportion to consultants) and 0 (persistence of each trust's share). The
// error is the mean absolute percentage error over trusts and held-out months.
#include <optional>
#include <vector>

#include "core/calendar.hpp"
#include "core/table.hpp"
#include "stats/productivity.hpp"

namespace elective::stats {

struct ElasticityOptions {
  int held_out_months = 2;  // the last months of the shared window
};

struct ElasticityMethod {
  const char* name;
  double beta = 0;
  double mape = 0;  // mean absolute percentage error on the held-out months, a fraction
};

struct ElasticityResult {
  std::vector<YearMonth> training, held_out;
  int trusts = 0;            // in the balanced panel
  double beta = 0;           // the within-trust estimate
  double beta_se = 0;        // its standard error (OLS on the demeaned data)
  double fte_change_sd = 0;  // sd of the within-trust log FTE variation: how much there is to learn from
  std::vector<ElasticityMethod> methods;  // fitted, naive scaling (1), persistence (0)
};

// Throws InputError when the shared months are too few to hold out (at least 3 training months).
ElasticityResult capacity_elasticity(const ProductivitySources& sources, const ElasticityOptions& options);

Table elasticity_table(const ElasticityResult& result);

}  // namespace elective::stats
