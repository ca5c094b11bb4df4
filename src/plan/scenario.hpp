#pragma once
// A forecast scenario (scenarios/*.toml, documented key by key in docs/scenarios.md). The scenario is
// validated once, fully, by parse_scenario - the one gate every scenario passes, from a file, the command
// line or the HTTP API: unknown keys, wrong types or units, non-finite or impossible values and files the
// path policy does not allow are InputErrors "file:line:column: key: what was expected". Models then read
// these plain structs and never see TOML or JSON.
//
// Uncertain inputs may be written as a number or as `{ low = ..., high = ... }`; they are held as a Range
// (low == high for a plain number). Deterministic runs use the midpoint; Monte Carlo draws uniformly.
//
// The scenario keeps its validated document (Scenario::document), so an error found later - by the engine,
// the calibration or the simulation - still names the line and column of the key it is about
// (Scenario::where). The [simulation] section belongs to the patient-level simulation: src/sim validates it
// from the same document (sim::parse_sim_config) with the same reader and message format.
//
// The files a scenario names are resolved by its DataSource (Scenario::data) when it is parsed, and read
// through it, each at most once per run (data/data_source.hpp).
#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/calendar.hpp"
#include "core/enum_names.hpp"
#include "core/error.hpp"
#include "core/policies.hpp"
#include "data/cancer_cwt.hpp"
#include "data/data_source.hpp"
#include "flow/band_model.hpp"
#include "plan/document.hpp"
#include "plan/range.hpp"
#include "plan/targets.hpp"

namespace elective::plan {

// Where the initial waiting list comes from.
enum class StartKind {
  data_file,  // a national time series CSV, an RTT Full CSV extract or the DM01 file (start.data)
  histogram,  // start.histogram: counts by weekly band (band 0 first, last = open top band)
  headline,   // start.list_size (+ pct_within_18_weeks, over_52_weeks): a reconstructed histogram
};

struct StartSpec {
  StartKind kind = StartKind::data_file;
  std::optional<YearMonth> month;  // nullopt means "latest" (the last month in the data)
  // start.data (a file, resolved by the scenario's DataSource; default: the national time series) or
  // start.dataset (a stored dataset, server only).
  data::DataRef data;
  // The national time series an extract start takes seasonality and other removals from, when there is one.
  std::optional<data::DataRef> national;
  std::optional<std::string> provider;  // filter for RTT Full CSV extracts (provider org code)
  std::optional<std::string> tfc;       // treatment function code, e.g. C_999 (default: all rows)
  // Provider months starts: one integrated care board or NHS region (codes of providers.csv, e.g. QR1, Y62),
  // the sum of its providers calibrated as one group. At most one of provider, icb and region.
  std::optional<std::string> icb, region;
  std::optional<data::DataRef> providers_reference;  // providers.csv, when icb or region is given
  std::optional<std::string> test;  // DM01 starts: test ID (1-15), name or ALL (default: all tests)
  // Cancer waiting times starts (plan/cancer_forecast.hpp): the standard (required) and a cancer type.
  std::optional<data::CancerStandard> standard;
  std::optional<std::string> cancer_type;
  // With start.standard: the bundled national cancer series, England's months before the provider extract.
  // Resolved here, when the scenario is read, so every source (the server's too) prepares it with the rest.
  std::optional<data::DataRef> cancer_national;
  std::vector<double> histogram;    // StartKind::histogram
  std::optional<double> list_size;  // StartKind::headline
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

// [capacity.workforce] productivity: trusts below a level of the standardised ratio (clock stops over those
// expected from their consultants and specialty mix, stats/productivity.hpp) reach it by `by`.
enum class ProductivityLevelKind { median, upper_quartile, ratio };
struct ProductivityConvergence {
  ProductivityLevelKind to = ProductivityLevelKind::median;
  double ratio = 1;             // to = a number: the standardised ratio reached (solve --lever productivity)
  std::optional<YearMonth> by;  // reached linearly from workforce.from to by (default: at once)
  Range share_of_gap = 1.0;     // share of each trust's gap closed
};

// [capacity.workforce]: capacity levers in staff units (plan/workforce_levers.hpp, docs/forecast.md "Capacity
// from its drivers"). Additional FTE are England's, shared out to a provider, ICB or region start (and to the
// groups of --by) by its share of England's staff.
struct WorkforceSpec {
  std::optional<YearMonth> from;               // default: the month after the start
  Range consultant_fte_growth_per_year = 0.0;  // fraction a year, compounded monthly
  Range other_fte_growth_per_year = 0.0;       // doctors other than consultants
  Range additional_doctor_fte = 0.0;           // doctors of all grades added, reached linearly by `by`
  Range additional_consultant_fte = 0.0;       // consultants added, reached linearly by `by`
  std::optional<YearMonth> by;                 // default: from
  Range absence_change_points = 0.0;           // change of the sickness absence rate, percentage points
  std::optional<Range> elasticity;             // % clock stops per 1% medical FTE; default: the data's
  std::optional<ProductivityConvergence> productivity;
};

// [capacity.beds]: beds freed from delayed discharges, a share of them used for elective work.
struct BedsSpec {
  std::optional<YearMonth> from;
  Range freed = 0.0;                         // beds (England's; shared out like additional FTE)
  Range elective_share = 1.0;                // share of the freed beds used for elective work
  std::optional<Range> clock_stops_per_bed;  // a month; default: from the data
};

// The files the workforce and beds levers read (the bundled ones, through the scenario's DataSource).
struct CapacitySources {
  std::optional<data::DataRef> workforce, absence, beds, provider_months, providers;
};

struct CapacitySpec {
  Range growth_per_year = 0.0;  // growth of baseline treatment capacity (clock stops), compounded monthly
  bool seasonality = true;
  ExtraCapacity extra_per_week;
  IndependentSector independent_sector;
  std::optional<WorkforceSpec> workforce;  // [capacity.workforce]
  std::optional<BedsSpec> beds;            // [capacity.beds]
  CapacitySources sources;                 // when workforce or beds is given
  bool has_levers() const { return workforce.has_value() || beds.has_value(); }
};

enum class OtherRemovalMode {
  share,   // other removals are the calibrated share of the list each month (they shrink as the list shrinks)
  volume,  // other removals are the calibrated monthly volume, growing with capacity (as the Health
           // Foundation's "total removals" projections treat them)
};
inline constexpr std::array<EnumName<OtherRemovalMode>, 2> kOtherRemovalModeNames{
    {{OtherRemovalMode::share, "share"}, {OtherRemovalMode::volume, "volume"}}};

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

// [policy]: the forecast's policy (removal_rule names an entry of the policy registry, core/policies.hpp)
// with its parameters, exactly as the band model takes it.
using PolicySpec = flow::AllocationPolicy;

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
  std::string base_dir;     // its folder (for relative paths; empty for API scenarios)
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
  // The validated document (shared by copies): the source map behind where() and the [simulation] section.
  std::shared_ptr<const Document> document;
  // Resolves and reads the files the scenario names, each at most once (shared by copies).
  std::shared_ptr<data::DataSource> data;

  bool has_uncertainty() const;  // any Range with high > low
  // Where a dotted key ("start.month", "shock[1].from", "simulation.hub[0]") came from: its line and column,
  // else those of the nearest enclosing table present, else the file alone.
  SourceLocation where(std::string_view key) const;
  // A top-level section of the document ("simulation"), or nullptr when absent.
  const Node* section(std::string_view key) const;
  // An InputError about `key` in the one scenario message format.
  [[noreturn]] void fail(std::string_view key, std::string_view what) const;
};

// Parses and validates. source_name is used in messages; files it names are resolved by `data`.
Scenario parse_scenario(std::string_view text, ScenarioSyntax syntax, const std::string& source_name,
                        std::shared_ptr<data::DataSource> data, const DocumentLimits& limits = {});
// As above with the command line's path policy: files relative to the current folder, base_dir (the
// scenario's folder) or the bundled data folder (data::FileDataSource).
Scenario parse_scenario(std::string_view text, ScenarioSyntax syntax, const std::string& source_name,
                        const std::string& base_dir);
// Reads a file (.toml or .json by extension) with the command line's path policy; IoError when unreadable,
// InputError when invalid (or over the document size limit).
Scenario load_scenario(const std::string& path);

}  // namespace elective::plan
