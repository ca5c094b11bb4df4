#pragma once
// Monthly outcomes of a projection (aggregate forecast or patient-level simulation) and the outcome of each
// target, with their JSON and table renderings. The JSON keys are a public contract (issue "forecast"):
//   {"months": [{"month", "list_size", "referrals", "removals_treated", "removals_other",
//                "pct_within_18_weeks", "over_18_weeks", "over_52_weeks", "over_65_weeks", "over_78_weeks",
//                "over_104_weeks", "median_weeks", "p92_weeks"}],
//    "targets": [{"text", "met", "first_met_month", "value_at_deadline", "gap_at_deadline"}]}
// With uncertainty (several replications or Monte Carlo samples) every numeric month field becomes
// {"p10", "p50", "p90"} across replications, and each target gains "probability_met". They live in plan,
// beside the projection that makes them; sim uses them through plan, and the report module renders them.
// A projection of the diagnostics list (DM01, issue 12) has the months
//   {"month", "list_size", "referrals", "removals_treated", "removals_other", "pct_within_6_weeks",
//    "over_6_weeks", "over_13_weeks", "median_weeks"}
// (MonthOutcome::list says which; every month of one projection is of the same list).
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/band_layout.hpp"
#include "core/calendar.hpp"
#include "core/result_table.hpp"
#include "core/table.hpp"
#include "core/wait_bands.hpp"

namespace elective::plan {

struct Target;  // plan/targets.hpp

// One month of a projection. Counts are pathways at month end (stocks) or during the month (flows).
struct MonthOutcome {
  YearMonth month;
  double list_size = 0;         // incomplete pathways at month end (known clock starts)
  double referrals = 0;         // new RTT periods (clock starts) in the month
  double removals_treated = 0;  // completed pathways (admitted + non-admitted clock stops) in the month
  double removals_other = 0;    // other removals: reneges, validation, unreported removals
  std::optional<double> pct_within_18_weeks;  // fraction 0-1; nullopt when the list is empty
  std::optional<double> over_18_weeks, over_52_weeks, over_65_weeks, over_78_weeks, over_104_weeks;
  // NHS England's band-interpolated percentiles (domain.md 2.6). When the percentile lies in the open top
  // band the value is that band's lower bound (104) - a right-censored figure.
  std::optional<double> median_weeks, p92_weeks;
  // The list the month is of (ListDefinition::name): "rtt" (the fields above) or "dm01", whose months carry
  // its own standard's figures below instead of the 18-week ones (and the median, censored at "13+").
  std::string_view list = "rtt";
  std::optional<double> pct_within_6_weeks, over_6_weeks, over_13_weeks;
};

// Builds a month from its month-end waiting list histogram and the month's flows (uses
// stats::summarise_waits).
MonthOutcome make_month_outcome(YearMonth month, const WaitHistogram& list, double referrals,
                                double removals_treated, double removals_other);

// The same for any list: RTT months as make_month_outcome, DM01 months with the DM01 fields (the list's bands
// are the histogram's weekly bands, its open top band the list's).
MonthOutcome make_list_month_outcome(const ListDefinition& list, YearMonth month, const WaitHistogram& counts,
                                     double referrals, double removals_treated, double removals_other);

// The outcome of one target ("92% within 18 weeks by 2029-03") over one projection.
struct TargetOutcome {
  std::string text;
  bool met = false;                          // the target holds at its deadline month
  std::optional<YearMonth> first_met_month;  // first projected month it holds (may be after the deadline)
  std::optional<double> value_at_deadline;   // the measured value at the deadline (fraction or count)
  std::optional<double> gap_at_deadline;     // value - threshold at the deadline (sign: see docs/forecast.md)
  std::optional<double> probability_met;     // share of replications meeting it (uncertain runs only)
};

// How the counts of outcomes are published. A forecast and a simulation of a modelled (synthetic) population
// publish them as computed; a simulation that starts from a real patient-level list publishes them under the
// disclosure rule (stats/disclosure.hpp, docs/security.md): counts rounded to 5 or withheld under 5, shares
// computed from the published counts.
enum class Publication { as_computed, disclosure_controlled };

// The months as one results table: "month" and every numeric field (Samples across replications).
// months_by_replication[r][i] is month i of replication r (all replications cover the same months); `multi`
// spreads fields into {"p10","p50","p90"} (JSON) and P50/_p10/_p90 columns (tables, " P50" after the title).
ResultTable months_results(const std::vector<std::vector<MonthOutcome>>& months_by_replication, bool multi,
                           Publication publication = Publication::as_computed);
// months_results(months_by_replication, multi).json() (published as computed), built a month at a time so
// that the table of every month's samples is never held whole.
nlohmann::json months_json(const std::vector<std::vector<MonthOutcome>>& months_by_replication, bool multi);

// The targets as one results table. With one replication: text, met, first_met_month, value_at_deadline,
// gap_at_deadline (and probability_met when set). With several (multi): probability_met (share of
// replications meeting the target), met = (probability_met >= 0.5), first_met_month = the median first-met
// month (null when fewer than half ever meet it), value_at_deadline / gap_at_deadline as {"p10","p50","p90"}.
// Under disclosure control the values at the deadline are recomputed from published counts, which needs the
// targets' definitions and the months (the list size at the deadline).
struct TargetDefinitions {
  const std::vector<Target>* targets = nullptr;
  const std::vector<std::vector<MonthOutcome>>* months_by_replication = nullptr;
};
ResultTable targets_results(const std::vector<std::vector<TargetOutcome>>& targets_by_replication, bool multi,
                            Publication publication = Publication::as_computed,
                            const TargetDefinitions& definitions = {});

// {"months": [...], "targets": [...]} for a single projection.
nlohmann::json outcomes_json(const std::vector<MonthOutcome>& months,
                             const std::vector<TargetOutcome>& targets);
// The uncertainty variant (see months_results and targets_results).
nlohmann::json outcomes_json(const std::vector<std::vector<MonthOutcome>>& months_by_replication,
                             const std::vector<std::vector<TargetOutcome>>& targets_by_replication);

// Months as a table (text/CSV). With replications, each numeric column shows the P50 and gains _p10/_p90
// columns in CSV.
Table months_table(const std::vector<MonthOutcome>& months);
Table months_table(const std::vector<std::vector<MonthOutcome>>& months_by_replication);
Table targets_table(const std::vector<TargetOutcome>& targets);

}  // namespace elective::plan

// Transitional: these types lived in report:: until they moved beside the models that make them.
// plan/engine.cpp (edited on another branch at the time of the move) still names them report::MonthOutcome
// and report::make_month_outcome; remove these two lines once it says MonthOutcome.
namespace elective::report {
using plan::make_month_outcome;
using plan::MonthOutcome;
}  // namespace elective::report
