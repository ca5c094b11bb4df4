#pragma once
// Reader for the patient-level waiting list (`ptl.csv`, domain.md 5.2): one row per RTT period per snapshot.
//
// Rows are checked as the domain notes say: a row is *rejected* for a missing required field, a bad date or
// an implausible one (before 1990 or after 2099), a
// clock start after the snapshot, a clock stop before the start (or after the snapshot), a duplicate
// (provider_code, pathway_id, clock_start_date), an unknown priority code, a malformed or unknown provider
// code, or a patient_id that is a valid NHS number (identifiers must be pseudonymised). Everything else is a
// counted warning. Problems are reported by type with a count and the first few line numbers - never with
// identifiers, because patient-level data is sensitive.
//
// Only what the simulation needs is kept, in compact columns: open pathways with a known clock start.
// Closed and void periods are counted and dropped; unknown clock starts are counted (they are in totals but
// not in bands, as in the published statistics).
#include <cstddef>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/calendar.hpp"

namespace elective::data {

// Surgical priority codes (domain.md 4.1). `none` means not recorded.
enum class Priority : std::uint8_t { p1a, p1b, p2, p3, p4, p5, p6, none };
inline constexpr int kPriorityCount = 8;
// Accepts P1a, P1b, P2..P6 (case-insensitive, "1a" etc. also) and "" (none). nullopt when unknown.
std::optional<Priority> parse_priority(std::string_view text);
std::string_view priority_name(Priority priority);  // "P1a" ... "P6", "none"

// Top-level NHS ethnic groups (domain.md 6.2).
enum class EthnicGroup : std::uint8_t { white, mixed, asian, black, other, unknown };
inline constexpr int kEthnicGroupCount = 6;
// NHS Ethnic Category code A-S (no I, O, Q), Z or 99 (not stated/known), or "" -> unknown. nullopt if
// invalid.
std::optional<EthnicGroup> parse_ethnic_category(std::string_view code);
std::optional<EthnicGroup> parse_ethnic_group(std::string_view name);  // "white", "mixed", ... (lower case)
std::string_view ethnic_group_name(EthnicGroup group);

// Age bands used in outputs; 0-17 is the children-and-young-people (CYP) group.
enum class AgeBand : std::uint8_t { age_0_17, age_18_39, age_40_64, age_65_79, age_80_plus, unknown };
inline constexpr int kAgeBandCount = 6;
AgeBand age_band_of_years(int years);
std::optional<AgeBand> parse_age_band(std::string_view label);  // "0-17", "18-39", "40-64", "65-79", "80+"
std::string_view age_band_name(AgeBand band);

enum class Sex : std::uint8_t { male, female, indeterminate, unknown };
inline constexpr int kSexCount = 4;
std::optional<Sex> parse_sex(std::string_view code);  // 1/2/9/X or M/F/U, "" -> unknown
std::string_view sex_name(Sex sex);

// IMD decile 1..10 (1 = most deprived), 0 = unknown; quintile = ceil(decile / 2), 0 = unknown.
constexpr int imd_quintile_of_decile(int decile) {
  return decile <= 0 ? 0 : (decile + 1) / 2;
}

// Patient-level treatment function code (3 digits) to its report row (domain.md 2.4): listed codes map to
// C_nnn, sub-specialties of 110/140/170 to their parent, everything else to the X0n "Other" row of its group.
// `known` is false when the code is not a 3-digit code (it then maps to X06, with a warning).
struct TfcMapping {
  std::string row;
  bool known = true;
};
TfcMapping map_tfc_to_report_row(std::string_view code);

// True for a 10-digit string that passes the NHS number modulus-11 check.
bool is_valid_nhs_number(std::string_view text);

struct PatientListOptions {
  bool skip_invalid = false;  // drop rejected rows (listed in the report) instead of failing
  // When set, a provider code not in this set is rejected as unknown (e.g. not in the scenario).
  std::optional<std::set<std::string>> known_providers;
};

// One problem type: how many rows had it and where (first few physical line numbers).
struct ProblemSummary {
  std::string code;         // snake_case identifier, e.g. "duplicate_pathway"
  std::string description;  // what was expected
  bool rejects_row = false;
  std::size_t count = 0;
  std::vector<std::int64_t> first_lines;  // at most kMaxLinesPerProblem
};
inline constexpr std::size_t kMaxLinesPerProblem = 5;

struct PatientListReport {
  std::string file;
  std::size_t rows_read = 0;
  std::size_t rows_accepted = 0;  // open pathways kept
  std::size_t rows_rejected = 0;
  std::size_t closed_skipped = 0;        // rows with a clock stop (not on the waiting list)
  std::size_t void_skipped = 0;          // stop_reason 33 (first-appointment DNA): dropped from every count
  std::size_t unknown_clock_start = 0;   // open, counted in totals but not in bands
  std::vector<ProblemSummary> problems;  // sorted: rejects first, then by count

  std::size_t problem_types_rejecting() const;
  // One line per problem type, for people (and for the --skip-invalid written report).
  std::string text() const;
  nlohmann::json to_json() const;
};

// Open pathways with a known clock start, in compact columns (all vectors have size()).
struct PatientList {
  std::string source;
  Date snapshot{};
  std::vector<std::string> providers;  // dictionary, sorted
  std::vector<std::string> tfcs;       // report rows (C_110, X02, ...), sorted
  std::vector<std::uint16_t> provider;
  std::vector<std::uint16_t> tfc;
  std::vector<std::int32_t> clock_start;  // days since 1970-01-01
  std::vector<Priority> priority;
  std::vector<AgeBand> age_band;
  std::vector<Sex> sex;
  std::vector<EthnicGroup> ethnic_group;
  std::vector<std::uint8_t> imd_decile;  // 0 = unknown
  PatientListReport report;

  std::size_t size() const { return clock_start.size(); }
};

// Parses and checks a ptl.csv. Throws InputError (file:line and what was expected) when the header lacks a
// required column or when a row is rejected and options.skip_invalid is false; the message names each
// problem type with its count and first line numbers.
PatientList parse_patient_list(std::string_view text, const std::string& file,
                               const PatientListOptions& options = {});
PatientList load_patient_list(const std::string& path, const PatientListOptions& options = {});

}  // namespace elective::data
