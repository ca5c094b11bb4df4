#include "data/patient_list.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <map>
#include <unordered_set>

#include "core/error.hpp"
#include "data/csv.hpp"
#include "data/input_file.hpp"
#include "data/input_limits.hpp"

namespace elective::data {

namespace {}  // namespace

std::optional<Priority> parse_priority(std::string_view text) {
  const std::string t = to_lower(trim(text));
  if (t.empty()) return Priority::none;
  std::string_view s = t;
  if (s.front() == 'p') s.remove_prefix(1);
  if (s == "1a") return Priority::p1a;
  if (s == "1b") return Priority::p1b;
  if (s == "2") return Priority::p2;
  if (s == "3") return Priority::p3;
  if (s == "4") return Priority::p4;
  if (s == "5") return Priority::p5;
  if (s == "6") return Priority::p6;
  if (t == "none") return Priority::none;
  return std::nullopt;
}

std::string_view priority_name(Priority priority) {
  static constexpr std::array<std::string_view, kPriorityCount> names{"P1a", "P1b", "P2", "P3",
                                                                      "P4",  "P5",  "P6", "none"};
  return names[static_cast<size_t>(priority)];
}

std::optional<EthnicGroup> parse_ethnic_category(std::string_view code) {
  const std::string_view c = trim(code);
  if (c.empty() || c == "99" || c == "Z" || c == "z") return EthnicGroup::unknown;
  if (c.size() != 1) return std::nullopt;
  switch (std::toupper(static_cast<unsigned char>(c[0]))) {
    case 'A':
    case 'B':
    case 'C':
      return EthnicGroup::white;
    case 'D':
    case 'E':
    case 'F':
    case 'G':
      return EthnicGroup::mixed;
    case 'H':
    case 'J':
    case 'K':
    case 'L':
      return EthnicGroup::asian;
    case 'M':
    case 'N':
    case 'P':
      return EthnicGroup::black;
    case 'R':
    case 'S':
      return EthnicGroup::other;
    default:
      return std::nullopt;
  }
}

std::optional<EthnicGroup> parse_ethnic_group(std::string_view name) {
  const std::string n = to_lower(trim(name));
  for (int g = 0; g < kEthnicGroupCount; ++g) {
    if (n == ethnic_group_name(static_cast<EthnicGroup>(g))) return static_cast<EthnicGroup>(g);
  }
  return std::nullopt;
}

std::string_view ethnic_group_name(EthnicGroup group) {
  static constexpr std::array<std::string_view, kEthnicGroupCount> names{"white", "mixed", "asian",
                                                                         "black", "other", "unknown"};
  return names[static_cast<size_t>(group)];
}

AgeBand age_band_of_years(int years) {
  if (years < 0) return AgeBand::unknown;
  if (years < 18) return AgeBand::age_0_17;
  if (years < 40) return AgeBand::age_18_39;
  if (years < 65) return AgeBand::age_40_64;
  if (years < 80) return AgeBand::age_65_79;
  return AgeBand::age_80_plus;
}

std::optional<AgeBand> parse_age_band(std::string_view label) {
  const std::string l = to_lower(trim(label));
  if (l.empty()) return AgeBand::unknown;
  for (int b = 0; b < kAgeBandCount; ++b) {
    if (l == age_band_name(static_cast<AgeBand>(b))) return static_cast<AgeBand>(b);
  }
  return std::nullopt;
}

std::string_view age_band_name(AgeBand band) {
  static constexpr std::array<std::string_view, kAgeBandCount> names{"0-17",  "18-39", "40-64",
                                                                     "65-79", "80+",   "unknown"};
  return names[static_cast<size_t>(band)];
}

std::optional<Sex> parse_sex(std::string_view code) {
  const std::string c = to_lower(trim(code));
  if (c.empty() || c == "x" || c == "u") return Sex::unknown;
  if (c == "1" || c == "m") return Sex::male;
  if (c == "2" || c == "f") return Sex::female;
  if (c == "9") return Sex::indeterminate;
  return std::nullopt;
}

std::string_view sex_name(Sex sex) {
  static constexpr std::array<std::string_view, kSexCount> names{"male", "female", "indeterminate",
                                                                 "unknown"};
  return names[static_cast<size_t>(sex)];
}

TfcMapping map_tfc_to_report_row(std::string_view code) {
  const std::string_view c = trim(code);
  // Report rows themselves (C_110, C_999, X01-X06) are accepted as they are (e.g. a synthetic list).
  if (c.size() == 5 && c.substr(0, 2) == "C_" && std::all_of(c.begin() + 2, c.end(), [](char ch) {
        return std::isdigit(static_cast<unsigned char>(ch)) != 0;
      }))
    return {std::string(c), true};
  if (c.size() == 3 && c[0] == 'X' && c[1] == '0' && c[2] >= '1' && c[2] <= '6')
    return {std::string(c), true};
  const bool digits = c.size() == 3 && std::all_of(c.begin(), c.end(), [](char ch) {
                        return std::isdigit(static_cast<unsigned char>(ch)) != 0;
                      });
  if (!digits) return {"X06", false};
  static const std::set<std::string_view> listed{"100", "101", "110", "120", "130", "140",
                                                 "150", "160", "170", "300", "301", "320",
                                                 "330", "340", "400", "410", "430", "502"};
  if (listed.count(c)) return {fmt::format("C_{}", c), true};
  if (c == "108" || c == "111" || c == "115") return {"C_110", true};
  if (c == "144" || c == "145") return {"C_140", true};
  if (c == "172" || c == "173") return {"C_170", true};
  if (c == "420") return {"X04", true};  // paediatrics
  // Treatment-function groups by the first digit of the code (NHS Data Dictionary main specialty ranges):
  // 1xx surgical, 2xx paediatric, 3xx-4xx medical, 7xx mental health, the rest other.
  switch (c[0]) {
    case '1':
      return {"X05", true};
    case '2':
      return {"X04", true};
    case '3':
    case '4':
      return {"X02", true};
    case '7':
      return {"X03", true};
    default:
      return {"X06", true};
  }
}

bool is_valid_nhs_number(std::string_view text) {
  const std::string_view t = trim(text);
  if (t.size() != 10) return false;
  int sum = 0;
  for (size_t i = 0; i < 10; ++i) {
    if (!std::isdigit(static_cast<unsigned char>(t[i]))) return false;
  }
  for (size_t i = 0; i < 9; ++i) sum += (t[i] - '0') * static_cast<int>(10 - i);
  int check = 11 - sum % 11;
  if (check == 11) check = 0;
  if (check == 10) return false;
  return check == t[9] - '0';
}

std::size_t PatientListReport::problem_types_rejecting() const {
  return static_cast<std::size_t>(
      std::count_if(problems.begin(), problems.end(), [](const ProblemSummary& p) { return p.rejects_row; }));
}

namespace {

std::string lines_text(const ProblemSummary& p) {
  std::string out;
  for (size_t i = 0; i < p.first_lines.size(); ++i) out += (i ? ", " : "") + std::to_string(p.first_lines[i]);
  if (p.count > p.first_lines.size()) out += ", ...";
  return out;
}

}  // namespace

std::string PatientListReport::text() const {
  std::string out = fmt::format(
      "{}: {} rows read, {} open pathways kept, {} rejected, {} closed and {} void periods skipped, {} with "
      "an "
      "unknown clock start\n",
      file, rows_read, rows_accepted, rows_rejected, closed_skipped, void_skipped, unknown_clock_start);
  for (const auto& p : problems) {
    out += fmt::format("{} {}: {} ({} row{}; line{} {})\n", p.rejects_row ? "rejected" : "warning", p.code,
                       p.description, p.count, p.count == 1 ? "" : "s", p.first_lines.size() == 1 ? "" : "s",
                       lines_text(p));
  }
  return out;
}

nlohmann::json PatientListReport::to_json() const {
  nlohmann::json problems_json = nlohmann::json::array();
  for (const auto& p : problems) {
    problems_json.push_back({{"code", p.code},
                             {"description", p.description},
                             {"rejects_row", p.rejects_row},
                             {"count", p.count},
                             {"first_lines", p.first_lines}});
  }
  return {{"file", file},
          {"rows_read", rows_read},
          {"rows_accepted", rows_accepted},
          {"rows_rejected", rows_rejected},
          {"closed_skipped", closed_skipped},
          {"void_skipped", void_skipped},
          {"unknown_clock_start", unknown_clock_start},
          {"problems", problems_json}};
}

namespace {

enum Column : int {
  kSnapshot,
  kPatientId,
  kPathwayId,
  kIssuer,
  kProvider,
  kCommissioner,
  kTfc,
  kReferralReceived,
  kClockStart,
  kUnknownClockStart,
  kClockStop,
  kStopReason,
  kRttStatus,
  kPathwayType,
  kDtaDate,
  kPriority,
  kReferralPriority,
  kProcedure,
  kTciDate,
  kDueDate,
  kLastValidated,
  kAgeYears,
  kAgeBand,
  kSex,
  kEthnic,
  kLsoa,
  kImdDecile,
  kImdVersion,
  kColumnCount
};

constexpr std::array<std::string_view, kColumnCount> kColumnNames{"snapshot_date",
                                                                  "patient_id",
                                                                  "pathway_id",
                                                                  "ppid_issuer",
                                                                  "provider_code",
                                                                  "commissioner_code",
                                                                  "tfc",
                                                                  "referral_received_date",
                                                                  "clock_start_date",
                                                                  "unknown_clock_start",
                                                                  "clock_stop_date",
                                                                  "stop_reason",
                                                                  "rtt_status",
                                                                  "pathway_type",
                                                                  "dta_date",
                                                                  "priority",
                                                                  "referral_priority",
                                                                  "procedure_code",
                                                                  "tci_date",
                                                                  "due_date",
                                                                  "last_validated_date",
                                                                  "age_years",
                                                                  "age_band",
                                                                  "sex",
                                                                  "ethnic_category",
                                                                  "lsoa_code",
                                                                  "imd_decile",
                                                                  "imd_version"};

constexpr std::array<Column, 6> kRequired{kSnapshot, kPatientId, kPathwayId, kProvider, kTfc, kClockStart};

// Problem types, in the order they are reported when counts tie.
struct ProblemType {
  std::string_view code;
  std::string_view description;
  bool rejects;
};
enum Problem : int {
  kMissingRequired,
  kBadDate,
  kImplausibleDate,
  kStartAfterSnapshot,
  kStopBeforeStart,
  kStopAfterSnapshot,
  kDuplicate,
  kUnknownPriority,
  kBadProvider,
  kUnknownProvider,
  kNhsNumber,
  kSnapshotMismatch,
  kTooLong,
  kBadUnknownFlag,
  kWrongFieldCount,
  // warnings
  kUnknownTfc,
  kReferralAfterStart,
  kSnapshotNotSunday,
  kBadAge,
  kBadSex,
  kBadEthnicity,
  kBadImd,
  kBadStopReason,
  kBadRttStatus,
  kBadPathwayType,
  kBadReferralPriority,
  kTciPast,
  kValidatedAfterSnapshot,
  kDtaBeforeStart,
  kBadLsoa,
  kBadImdVersion,
  kProblemCount
};
constexpr std::array<ProblemType, kProblemCount> kProblems{{
    {"missing_required_field", "a required field is empty", true},
    {"bad_date", "a date that is not a real YYYY-MM-DD date", true},
    {"implausible_date", "a date before 1990-01-01 or after 2099-12-31 (a typing error, never a real date)",
     true},
    {"clock_start_in_future", "clock_start_date after snapshot_date", true},
    {"stop_before_start", "clock_stop_date before clock_start_date", true},
    {"stop_after_snapshot", "clock_stop_date after snapshot_date", true},
    {"duplicate_pathway", "(provider_code, pathway_id, clock_start_date) repeats an earlier row", true},
    {"unknown_priority", "priority must be P1a, P1b, P2-P6 or empty", true},
    {"bad_provider_code", "provider_code must be 3-5 upper-case letters or digits (an ODS code)", true},
    {"unknown_provider", "provider_code is not one of the scenario's providers", true},
    {"nhs_number_as_patient_id", "patient_id is a valid NHS number (it must be pseudonymised)", true},
    {"snapshot_date_differs", "snapshot_date differs from the first row's", true},
    {"field_too_long", "patient_id longer than 64 or pathway_id longer than 20 characters", true},
    {"bad_unknown_clock_start", "unknown_clock_start must be 0 or 1", true},
    {"wrong_field_count", "the row does not have one field per header column", true},
    {"unknown_tfc", "tfc is not a 3-digit treatment function code (mapped to X06)", false},
    {"referral_after_clock_start", "referral_received_date later than clock_start_date", false},
    {"snapshot_not_sunday", "snapshot_date is not a Sunday (WLMDS weeks end on Sundays)", false},
    {"bad_age",
     "age_years must be a whole number 0-120, age_band one of 0-17, 18-39, 40-64, 65-79, 80+ "
     "(treated as unknown)",
     false},
    {"bad_sex", "sex must be 1, 2, 9, X, M, F or U (treated as unknown)", false},
    {"bad_ethnic_category", "ethnic_category must be A-S (no I, O, Q), Z or 99 (treated as unknown)", false},
    {"bad_imd_decile", "imd_decile must be a whole number 1-10 (treated as unknown)", false},
    {"bad_stop_reason", "stop_reason must be 30-36", false},
    {"bad_rtt_status", "rtt_status is not one of the 17 national codes", false},
    {"bad_pathway_type", "pathway_type must be admitted, non_admitted or unknown", false},
    {"bad_referral_priority", "referral_priority must be routine, urgent or two_week_wait", false},
    {"tci_in_past", "tci_date before snapshot_date on an open pathway", false},
    {"validated_after_snapshot", "last_validated_date after snapshot_date", false},
    {"dta_before_start", "dta_date before clock_start_date", false},
    {"bad_lsoa_code", "lsoa_code must be E01 or W01 followed by 6 digits", false},
    {"bad_imd_version", "imd_version must be 2019 or 2025", false},
}};

bool valid_provider_code(std::string_view code) {
  if (code.size() < 3 || code.size() > 5) return false;
  return std::all_of(code.begin(), code.end(), [](char c) {
    return std::isdigit(static_cast<unsigned char>(c)) || (c >= 'A' && c <= 'Z');
  });
}

bool is_rtt_status(std::int64_t v) {
  static constexpr std::array<int, 17> codes{10, 11, 12, 20, 21, 30, 31, 32, 33,
                                             34, 35, 36, 90, 91, 92, 98, 99};
  return std::find(codes.begin(), codes.end(), v) != codes.end();
}

struct Tracker {
  std::array<ProblemSummary, kProblemCount> summaries;
  Tracker() {
    for (int i = 0; i < kProblemCount; ++i) {
      summaries[i].code = std::string(kProblems[i].code);
      summaries[i].description = std::string(kProblems[i].description);
      summaries[i].rejects_row = kProblems[i].rejects;
    }
  }
  void add(Problem p, std::int64_t line) {
    auto& s = summaries[p];
    ++s.count;
    if (s.first_lines.size() < kMaxLinesPerProblem) s.first_lines.push_back(line);
  }
};

}  // namespace

PatientList parse_patient_list(std::string_view text, const std::string& file,
                               const PatientListOptions& options) {
  if (detect_compression(text) != Compression::none)
    return parse_patient_list(decode_input(std::string(text), file), file, options);
  PatientList list;
  list.source = file;
  list.report.file = file;
  CsvReader reader(text, file);
  std::vector<std::string_view> fields;
  if (!reader.next(fields)) {
    throw InputError(SourceLocation{file, 1, 1, {}}, "empty file (expected a ptl.csv header row)");
  }
  std::array<int, kColumnCount> col;
  col.fill(-1);
  std::vector<std::string> unknown_columns;
  for (size_t i = 0; i < fields.size(); ++i) {
    const std::string name = to_lower(trim(fields[i]));
    auto it = std::find(kColumnNames.begin(), kColumnNames.end(), name);
    if (it == kColumnNames.end()) {
      unknown_columns.push_back(name);
      continue;
    }
    col[static_cast<size_t>(it - kColumnNames.begin())] = static_cast<int>(i);
  }
  std::vector<std::string> missing;
  for (Column c : kRequired) {
    if (col[c] < 0) missing.emplace_back(kColumnNames[c]);
  }
  if (!missing.empty()) {
    std::string names;
    for (size_t i = 0; i < missing.size(); ++i) names += (i ? ", " : "") + missing[i];
    throw InputError(
        SourceLocation{file, reader.line(), 1, missing.front()},
        fmt::format("missing required column{} {} (expected the ptl.csv header of domain.md 5.2: "
                    "snapshot_date, patient_id, pathway_id, provider_code, tfc, clock_start_date, ...)",
                    missing.size() == 1 ? "" : "s", names));
  }
  const size_t header_size = fields.size();

  Tracker tracker;
  std::unordered_set<std::string> keys;
  std::map<std::string, std::uint16_t> provider_ids, tfc_ids;
  std::vector<std::string> row_provider, row_tfc;  // per kept row, resolved to ids at the end
  std::optional<Date> snapshot;

  auto field = [&](Column c) -> std::string_view {
    const int i = col[c];
    return i < 0 || static_cast<size_t>(i) >= fields.size() ? std::string_view{}
                                                            : trim(fields[static_cast<size_t>(i)]);
  };

  while (reader.next(fields)) {
    if (list.report.rows_read >= kMaxPatientListRows) {
      throw InputError(SourceLocation{file, reader.line(), 1, {}},
                       fmt::format("more than {} rows (expected a patient-level list of at most {} pathways)",
                                   kMaxPatientListRows, kMaxPatientListRows));
    }
    ++list.report.rows_read;
    const std::int64_t line = reader.line();
    std::array<bool, kProblemCount> hit{};
    auto flag = [&](Problem p) { hit[p] = true; };

    if (fields.size() != header_size) flag(kWrongFieldCount);
    for (Column c : kRequired) {
      if (c == kClockStart) continue;  // may be empty when unknown_clock_start = 1
      if (field(c).empty()) flag(kMissingRequired);
    }
    // Dates.
    auto date_of = [&](Column c) -> std::optional<Date> {
      const std::string_view v = field(c);
      if (v.empty()) return std::nullopt;
      auto d = parse_iso_date(v);
      if (!d) {
        flag(kBadDate);
      } else if (const int year = month_of(*d).year();
                 year < kEarliestPlausibleYear || year > kLatestPlausibleYear) {
        flag(kImplausibleDate);
        return std::nullopt;
      }
      return d;
    };
    const auto snap = date_of(kSnapshot);
    const auto start = date_of(kClockStart);
    const auto stop = date_of(kClockStop);
    const auto referral = date_of(kReferralReceived);
    const auto dta = date_of(kDtaDate);
    const auto tci = date_of(kTciDate);
    (void)date_of(kDueDate);
    const auto validated = date_of(kLastValidated);

    bool unknown_start = false;
    if (auto v = field(kUnknownClockStart); !v.empty()) {
      if (v == "1")
        unknown_start = true;
      else if (v != "0")
        flag(kBadUnknownFlag);
    }
    if (field(kClockStart).empty() && !unknown_start) flag(kMissingRequired);

    if (snap) {
      if (!snapshot) {
        snapshot = snap;
        if (std::chrono::weekday{*snap} != std::chrono::Sunday) flag(kSnapshotNotSunday);
      } else if (*snap != *snapshot) {
        flag(kSnapshotMismatch);
      }
    }
    if (start && snap && *start > *snap) flag(kStartAfterSnapshot);
    if (stop && start && *stop < *start) flag(kStopBeforeStart);
    if (stop && snap && *stop > *snap) flag(kStopAfterSnapshot);
    if (referral && start && *referral > *start) flag(kReferralAfterStart);
    if (dta && start && *dta < *start) flag(kDtaBeforeStart);
    if (validated && snap && *validated > *snap) flag(kValidatedAfterSnapshot);
    if (tci && snap && !stop && *tci < *snap) flag(kTciPast);

    const std::string_view patient_id = field(kPatientId);
    const std::string_view pathway_id = field(kPathwayId);
    if (patient_id.size() > 64 || pathway_id.size() > 20) flag(kTooLong);
    if (is_valid_nhs_number(patient_id)) flag(kNhsNumber);

    const std::string_view provider = field(kProvider);
    if (!provider.empty()) {
      if (!valid_provider_code(provider))
        flag(kBadProvider);
      else if (options.known_providers && !options.known_providers->count(std::string(provider)))
        flag(kUnknownProvider);
    }
    const auto priority = parse_priority(field(kPriority));
    if (!priority) flag(kUnknownPriority);

    const TfcMapping tfc = map_tfc_to_report_row(field(kTfc));
    if (!tfc.known && !field(kTfc).empty()) flag(kUnknownTfc);

    // Optional attributes: a bad value is a warning and the attribute is unknown.
    AgeBand age = AgeBand::unknown;
    if (auto v = field(kAgeYears); !v.empty()) {
      auto years = parse_int64(v);
      if (years && *years >= 0 && *years <= 120)
        age = age_band_of_years(static_cast<int>(*years));
      else
        flag(kBadAge);
    } else if (auto b = field(kAgeBand); !b.empty()) {
      auto band = parse_age_band(b);
      if (band)
        age = *band;
      else
        flag(kBadAge);
    }
    auto sex = parse_sex(field(kSex));
    if (!sex) flag(kBadSex);
    auto ethnic = parse_ethnic_category(field(kEthnic));
    if (!ethnic) flag(kBadEthnicity);
    int decile = 0;
    if (auto v = field(kImdDecile); !v.empty()) {
      auto d = parse_int64(v);
      if (d && *d >= 1 && *d <= 10)
        decile = static_cast<int>(*d);
      else
        flag(kBadImd);
    }
    std::optional<std::int64_t> stop_reason;
    if (auto v = field(kStopReason); !v.empty()) {
      stop_reason = parse_int64(v);
      if (!stop_reason || *stop_reason < 30 || *stop_reason > 36) flag(kBadStopReason);
    }
    if (auto v = field(kRttStatus); !v.empty()) {
      auto s = parse_int64(v);
      if (!s || !is_rtt_status(*s)) flag(kBadRttStatus);
    }
    if (auto v = field(kPathwayType); !v.empty() && v != "admitted" && v != "non_admitted" && v != "unknown")
      flag(kBadPathwayType);
    if (auto v = field(kReferralPriority);
        !v.empty() && v != "routine" && v != "urgent" && v != "two_week_wait")
      flag(kBadReferralPriority);
    if (auto v = field(kLsoa); !v.empty()) {
      const bool ok = v.size() == 9 && (v.substr(0, 3) == "E01" || v.substr(0, 3) == "W01") &&
                      std::all_of(v.begin() + 3, v.end(),
                                  [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
      if (!ok) flag(kBadLsoa);
    }
    if (auto v = field(kImdVersion); !v.empty() && v != "2019" && v != "2025") flag(kBadImdVersion);

    // The key is checked last so that a rejected row for another reason does not claim it.
    bool rejected = false;
    for (int p = 0; p < kProblemCount; ++p) rejected = rejected || (hit[p] && kProblems[p].rejects);
    if (!rejected && !unknown_start) {
      std::string key;
      key.reserve(provider.size() + pathway_id.size() + 12);
      key.append(provider).push_back('\x1f');
      key.append(pathway_id).push_back('\x1f');
      key.append(field(kClockStart));
      if (!keys.insert(std::move(key)).second) {
        flag(kDuplicate);
        rejected = true;
      }
    }
    for (int p = 0; p < kProblemCount; ++p) {
      if (hit[p]) tracker.add(static_cast<Problem>(p), line);
    }
    if (rejected) {
      ++list.report.rows_rejected;
      continue;
    }
    if (stop_reason && *stop_reason == 33) {
      ++list.report.void_skipped;
      continue;
    }
    if (stop) {
      ++list.report.closed_skipped;
      continue;
    }
    if (unknown_start) {
      ++list.report.unknown_clock_start;
      continue;
    }
    row_provider.emplace_back(provider);
    row_tfc.push_back(tfc.row);
    list.clock_start.push_back(static_cast<std::int32_t>(start->time_since_epoch().count()));
    list.priority.push_back(*priority);
    list.age_band.push_back(age);
    list.sex.push_back(sex.value_or(Sex::unknown));
    list.ethnic_group.push_back(ethnic.value_or(EthnicGroup::unknown));
    list.imd_decile.push_back(static_cast<std::uint8_t>(decile));
  }

  for (auto& s : tracker.summaries) {
    if (s.count) list.report.problems.push_back(std::move(s));
  }
  std::stable_sort(list.report.problems.begin(), list.report.problems.end(),
                   [](const ProblemSummary& a, const ProblemSummary& b) {
                     if (a.rejects_row != b.rejects_row) return a.rejects_row;
                     return a.count > b.count;
                   });
  if (!unknown_columns.empty()) {
    ProblemSummary p;
    p.code = "unknown_column";
    p.description = "columns not in the ptl.csv schema were ignored: ";
    for (size_t i = 0; i < unknown_columns.size(); ++i) p.description += (i ? ", " : "") + unknown_columns[i];
    p.count = unknown_columns.size();
    p.first_lines = {1};
    list.report.problems.push_back(std::move(p));
  }

  if (list.report.rows_rejected > 0 && !options.skip_invalid) {
    std::string detail;
    for (const auto& p : list.report.problems) {
      if (!p.rejects_row) continue;
      detail += fmt::format("; {} ({} row{}; line{} {})", p.description, p.count, p.count == 1 ? "" : "s",
                            p.first_lines.size() == 1 ? "" : "s", lines_text(p));
    }
    throw InputError(
        SourceLocation{file, list.report.problems.front().first_lines.front(), 0, {}},
        fmt::format("{} of {} rows rejected, {} problem type{}{} (fix them, or use --skip-invalid to "
                    "continue without these rows)",
                    list.report.rows_rejected, list.report.rows_read, list.report.problem_types_rejecting(),
                    list.report.problem_types_rejecting() == 1 ? "" : "s", detail));
  }
  if (!snapshot) {
    throw InputError(SourceLocation{file, 1, 0, "snapshot_date"},
                     "no valid rows (expected at least one pathway)");
  }
  list.snapshot = *snapshot;

  // Dictionaries, sorted so that ids do not depend on row order.
  for (const auto& p : row_provider) provider_ids.emplace(p, 0);
  for (const auto& t : row_tfc) tfc_ids.emplace(t, 0);
  if (provider_ids.size() > 65535 || tfc_ids.size() > 65535) {
    throw InputError(SourceLocation{file, 0, 0, "provider_code"},
                     "more than 65,535 distinct providers or tfcs");
  }
  std::uint16_t next = 0;
  for (auto& [code, id] : provider_ids) {
    id = next++;
    list.providers.push_back(code);
  }
  next = 0;
  for (auto& [code, id] : tfc_ids) {
    id = next++;
    list.tfcs.push_back(code);
  }
  list.provider.reserve(row_provider.size());
  list.tfc.reserve(row_tfc.size());
  for (size_t i = 0; i < row_provider.size(); ++i) {
    list.provider.push_back(provider_ids[row_provider[i]]);
    list.tfc.push_back(tfc_ids[row_tfc[i]]);
  }
  list.report.rows_accepted = list.size();
  return list;
}

PatientList load_patient_list(const std::string& path, const PatientListOptions& options) {
  const std::string text = read_input_file(path);
  return parse_patient_list(text, path, options);
}

}  // namespace elective::data
