#pragma once
// A forecast scenario (scenarios/*.toml, documented key by key in docs/scenarios.md). The scenario is
// validated once, fully, by parse_scenario: unknown keys, wrong types or units and impossible values are
// InputErrors naming the file, line and key. Models then read these plain structs and never see TOML.
//
// Uncertain inputs may be written as a number or as `{ low = ..., high = ... }`; they are held as a Range
// (low == high for a plain number). Deterministic runs use the midpoint; Monte Carlo draws uniformly.
//
// The top-level table [simulation] is reserved for the patient-level simulation (src/sim): it is not
// validated here but kept, raw, in Scenario::simulation_table.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <toml++/toml.h>

#include "core/calendar.hpp"
#include "core/error.hpp"
#include "plan/targets.hpp"

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

// Where the initial waiting list comes from.
enum class StartKind {
  data_file,  // a national time series CSV or an RTT Full CSV extract (start.data)
  histogram,  // start.histogram: counts by weekly band (band 0 first, last = open top band)
  headline,   // start.list_size (+ pct_within_18_weeks, over_52_weeks): a reconstructed histogram
};

struct StartSpec {
  StartKind kind = StartKind::data_file;
  std::optional<YearMonth> month;       // nullopt means "latest" (the last month in the data)
  std::string data_path;                // resolved path (see docs/scenarios.md for the resolution rule)
  std::optional<std::string> provider;  // filter for RTT Full CSV extracts (provider org code)
  std::optional<std::string> tfc;       // treatment function code, e.g. C_999 (default: all rows)
  std::vector<double> histogram;        // StartKind::histogram
  std::optional<double> list_size;      // StartKind::headline
  std::optional<double> pct_within_18_weeks;
  std::optional<double> over_52_weeks;
  // Baseline flows, per week; when absent they come from the data (calibration).
  std::optional<double> referrals_per_week;
  std::optional<double> capacity_per_week;
  std::optional<double> other_removals_per_month_share;  // other removals as a share of the list per month
};

struct HiddenDemand {
  Range total = 0.0;  // extra referrals in total
  int over_months = 12;
  std::optional<YearMonth> from;  // default: the month after the start
};

struct ReferralSpec {
  Range growth_per_year = 0.0;  // fraction per year, compounded monthly
  bool seasonality = true;      // apply calibrated calendar-month factors
  HiddenDemand hidden_demand;
};

struct ExtraCapacity {
  Range amount = 0.0;  // per week
  std::optional<YearMonth> from;
  std::optional<YearMonth> until;
  // Clock stops (completed pathways) per unit of `amount`: 1 when amount is already in treatments; e.g. about
  // 0.2-0.35 when amount is outpatient appointments (Health Foundation: 2m appointments ~ 0.4-0.7m
  // treatments).
  Range pathways_per_unit = 1.0;
};

struct IndependentSector {
  Range per_week = 0.0;
  Range staff_overlap = 0.0;  // share of it staffed by the same NHS staff, hence not extra
  std::optional<YearMonth> from;
};

struct CapacitySpec {
  Range growth_per_year = 0.0;  // growth of baseline treatment capacity (clock stops), compounded monthly
  bool seasonality = true;
  ExtraCapacity extra_per_week;
  IndependentSector independent_sector;
};

enum class OtherRemovalMode {
  share,   // other removals are the calibrated share of the list each month (they shrink as the list shrinks)
  volume,  // other removals are the calibrated monthly volume, growing with capacity (as the Health
           // Foundation's "total removals" projections treat them)
};

struct RemovalSpec {
  // Multiplier on the calibrated other-removal rate (reneges, validation, unreported removals).
  Range other_rate_factor = 1.0;
  OtherRemovalMode other_mode = OtherRemovalMode::share;
  // [removals] total_growth_per_year: all removals (clock stops + other removals) grow at this rate a year
  // from the start's 12-month total (the Health Foundation's definition); replaces capacity.growth_per_year.
  std::optional<Range> total_growth_per_year;
};

struct Shock {
  YearMonth from;
  YearMonth until;            // inclusive
  Range capacity_loss = 0.0;  // share of capacity lost in each month of the period
  std::string name;
};

struct Validation {
  std::optional<YearMonth> at;
  Range share_removed = 0.0;
};

enum class RemovalRule { calibrated, in_turn, long_waits_first };
std::string_view to_string(RemovalRule rule);
std::optional<RemovalRule> parse_removal_rule(std::string_view text);

struct PolicySpec {
  RemovalRule removal_rule = RemovalRule::calibrated;
  // in_turn / long_waits_first: the share of capacity still allocated by clinical priority (the calibrated
  // band pattern: urgent and short-wait clock stops); the rest goes oldest first.
  double urgent_share = 0.5;
  int long_wait_threshold_weeks = 52;  // long_waits_first: bands at or above this are served first
};

struct CalibrationSpec {
  int window_months = 12;  // months of history used to fit rates and baselines
};

struct UncertaintySpec {
  int samples = 0;  // 0: deterministic (midpoints)
  std::uint64_t seed = 1;
};

struct TargetSpec {
  Target target;
  SourceLocation where;
};

struct Scenario {
  std::string source_name;  // the file it came from (for messages)
  std::string base_dir;     // its folder (for relative paths)
  std::string name;         // [scenario] name (default: file stem)
  std::string description;
  StartSpec start;
  YearMonth until;  // [horizon] until (inclusive); see horizon_months
  std::optional<int>
      horizon_months;  // [horizon] months: the horizon is start + months (resolved at run time)
  ReferralSpec referrals;
  CapacitySpec capacity;
  RemovalSpec removals;
  std::vector<Shock> shocks;
  Validation validation;
  PolicySpec policy;
  CalibrationSpec calibration;
  UncertaintySpec uncertainty;
  std::vector<TargetSpec> targets;
  // The raw [simulation] table, for src/sim to validate (the plan parser ignores it).
  std::optional<toml::table> simulation_table;

  bool has_uncertainty() const;  // any Range with high > low
};

enum class ScenarioSyntax { toml, json };

// Parses and validates. source_name is used in messages; base_dir resolves relative data paths.
Scenario parse_scenario(std::string_view text, ScenarioSyntax syntax, const std::string& source_name,
                        const std::string& base_dir);
// Reads a file (.toml or .json by extension); IoError when unreadable, InputError when invalid.
Scenario load_scenario(const std::string& path);

// Resolves a data path: absolute as is; relative against the current directory, then base_dir, then the
// repository's data/ folder (ELECTIVE_DATA_DIR environment variable, else the build-time source tree).
// Returns the first that exists, else the path as written relative to the current directory.
std::string resolve_data_path(const std::string& path, const std::string& base_dir);

}  // namespace elective::plan
