#pragma once
// Readers of NHS Workforce Statistics by organisation (shared data README sections 10 and 11), columns by
// name:
// - workforce_fte_provider.csv: HCHS staff FTE by month, organisation (trusts and ICBs) and staff group.
//   The 27 staff groups form a tree (Total > four top groups > ... > 22 leaves; README section 10). The
//   reader knows the tree: a group outside it is an input error, and a parent that does not equal the sum of
//   its children (beyond rounding) is kept, flagged and listed (`subtotal_disagreements`). Callers read a
//   figure at the level they need (`fte(month, code, group)`) and never add a parent to its children; the
//   sum over leaves is available for checks (`leaf_sum`).
// - workforce_fte_provider_total.csv: total HCHS FTE by organisation and month, 2009-2025. A missing
//   (month, organisation) means 0 FTE in the source (rows of 0 were left out).
// A repeated (month, organisation, staff group) or (month, organisation) is an input error.
#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/calendar.hpp"

namespace elective::data {

// The staff groups as published (latest wording); index order is the tree's pre-order.
enum class StaffGroup : std::uint8_t {
  total,
  professionally_qualified_clinical,
  hchs_doctors,
  consultant,
  associate_specialist,
  specialty_doctor,
  staff_grade,
  specialty_registrar,
  core_training,
  foundation_year_2,
  foundation_year_1,
  hospital_practitioner,
  other_doctor_grades,
  nurses_health_visitors,
  midwives,
  ambulance_staff,
  scientific_therapeutic_technical,
  support_to_clinical,
  support_to_doctors_nurses_midwives,
  support_to_ambulance,
  support_to_stt,
  infrastructure_support,
  senior_managers,
  managers,
  central_functions,
  hotel_property_estates,
  unknown_classification,
};
inline constexpr std::size_t kStaffGroups = 27;

struct StaffGroupInfo {
  StaffGroup value;
  std::string_view name;             // as published: "HCHS Doctors"
  std::optional<StaffGroup> parent;  // nullopt for Total
};
const std::array<StaffGroupInfo, kStaffGroups>& staff_groups();
std::string_view staff_group_name(StaffGroup group);
std::optional<StaffGroup> parse_staff_group(std::string_view name);
// Whether a group has no children (22 of the 27).
bool is_leaf(StaffGroup group);

// One organisation in one month: FTE of every staff group (0 where the file has no row for it).
struct WorkforceRecord {
  YearMonth month;
  std::string region_code, region_name, icb_code, provider_code, provider_name;
  std::array<double, kStaffGroups> fte{};
  std::array<bool, kStaffGroups> present{};
  // The parents whose published FTE differs from the sum of their children by more than 0.001 FTE
  // (comma-separated names); empty when the tree adds up (the real file: always).
  std::string subtotal_disagreement;
  std::int64_t first_line = 0;

  double operator[](StaffGroup g) const { return fte[static_cast<std::size_t>(g)]; }
  // Sum of the leaves under `group` (the group itself for a leaf).
  double leaf_sum(StaffGroup group) const;
};

class WorkforceFte {
 public:
  const std::vector<WorkforceRecord>& records() const { return records_; }
  std::size_t size() const { return rows_; }  // data rows read
  const std::string& source() const { return source_; }
  const std::vector<YearMonth>& months() const { return months_; }
  // The record of an organisation in a month, if any.
  const WorkforceRecord* find(YearMonth month, std::string_view code) const;
  std::vector<const WorkforceRecord*> subtotal_disagreements() const;
  std::size_t organisations() const;

  static WorkforceFte parse(std::string_view text, const std::string& file);

 private:
  std::string source_;
  std::size_t rows_ = 0;
  std::vector<WorkforceRecord> records_;
  std::vector<YearMonth> months_;
  std::map<std::pair<int, std::string>, std::size_t> index_;
};

bool looks_like_workforce_fte(std::string_view first_line);

struct WorkforceTotalRow {
  YearMonth month;
  std::string provider_code, provider_name;
  double fte_total = 0;
};

class WorkforceTotal {
 public:
  const std::vector<WorkforceTotalRow>& rows() const { return rows_; }
  std::size_t size() const { return rows_.size(); }
  const std::string& source() const { return source_; }
  const std::vector<YearMonth>& months() const { return months_; }
  std::size_t organisations() const;
  // FTE of an organisation in a month: 0 when the file has no row (the source's zeros were left out).
  double fte(YearMonth month, std::string_view code) const;

  static WorkforceTotal parse(std::string_view text, const std::string& file);

 private:
  std::string source_;
  std::vector<WorkforceTotalRow> rows_;
  std::vector<YearMonth> months_;
  std::map<std::pair<int, std::string>, std::size_t> index_;
};

bool looks_like_workforce_total(std::string_view first_line);

}  // namespace elective::data
