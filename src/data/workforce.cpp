#include "data/workforce.hpp"

#include <fmt/format.h>

#include <cmath>
#include <set>

#include "data/csv.hpp"
#include "data/input_file.hpp"
#include "data/input_limits.hpp"
#include "data/named_columns.hpp"

namespace elective::data {
namespace {

constexpr std::string_view kWhatFte = "the workforce FTE by staff group file (data/README.md)";
constexpr std::string_view kWhatTotal = "the workforce total FTE file (data/README.md)";
constexpr std::string_view kFte = "an FTE from 0 to 1,000,000,000";
// Published to 5 decimals: a parent may differ from the sum of up to 10 children by rounding alone.
constexpr double kSubtotalTolerance = 0.001;

using G = StaffGroup;
constexpr std::array<StaffGroupInfo, kStaffGroups> kGroups = {{
    {G::total, "Total", std::nullopt},
    {G::professionally_qualified_clinical, "Professionally qualified clinical staff", G::total},
    {G::hchs_doctors, "HCHS Doctors", G::professionally_qualified_clinical},
    {G::consultant, "Consultant", G::hchs_doctors},
    {G::associate_specialist, "Associate Specialist", G::hchs_doctors},
    {G::specialty_doctor, "Specialty Doctor", G::hchs_doctors},
    {G::staff_grade, "Staff Grade", G::hchs_doctors},
    {G::specialty_registrar, "Specialty Registrar", G::hchs_doctors},
    {G::core_training, "Core Training", G::hchs_doctors},
    {G::foundation_year_2, "Foundation Doctor Year 2", G::hchs_doctors},
    {G::foundation_year_1, "Foundation Doctor Year 1", G::hchs_doctors},
    {G::hospital_practitioner, "Hospital Practitioner / Clinical Assistant", G::hchs_doctors},
    {G::other_doctor_grades, "Other HCHS Doctor Grades", G::hchs_doctors},
    {G::nurses_health_visitors, "Nurses & health visitors", G::professionally_qualified_clinical},
    {G::midwives, "Midwives", G::professionally_qualified_clinical},
    {G::ambulance_staff, "Ambulance staff", G::professionally_qualified_clinical},
    {G::scientific_therapeutic_technical, "Scientific, therapeutic & technical staff",
     G::professionally_qualified_clinical},
    {G::support_to_clinical, "Support to clinical staff", G::total},
    {G::support_to_doctors_nurses_midwives, "Support to doctors, nurses & midwives", G::support_to_clinical},
    {G::support_to_ambulance, "Support to ambulance staff", G::support_to_clinical},
    {G::support_to_stt, "Support to ST&T staff", G::support_to_clinical},
    {G::infrastructure_support, "NHS infrastructure support", G::total},
    {G::senior_managers, "Senior managers", G::infrastructure_support},
    {G::managers, "Managers", G::infrastructure_support},
    {G::central_functions, "Central functions", G::infrastructure_support},
    {G::hotel_property_estates, "Hotel, property & estates", G::infrastructure_support},
    {G::unknown_classification, "Unknown classification", G::total},
}};

std::size_t at(G g) {
  return static_cast<std::size_t>(g);
}

std::string group_list() {
  std::string out;
  for (const auto& g : kGroups) out += (out.empty() ? "" : ", ") + std::string(g.name);
  return out;
}

// Parents whose published figure differs from the sum of their children.
std::string subtotal_disagreement_of(const WorkforceRecord& r) {
  std::array<double, kStaffGroups> children{};
  std::array<bool, kStaffGroups> has_children{};
  for (const auto& g : kGroups)
    if (g.parent) {
      children[at(*g.parent)] += r.fte[at(g.value)];
      has_children[at(*g.parent)] = true;
    }
  std::string out;
  for (const auto& g : kGroups)
    if (has_children[at(g.value)] &&
        std::abs(children[at(g.value)] - r.fte[at(g.value)]) > kSubtotalTolerance)
      out += (out.empty() ? "" : ",") + std::string(g.name);
  return out;
}

}  // namespace

const std::array<StaffGroupInfo, kStaffGroups>& staff_groups() {
  return kGroups;
}

std::string_view staff_group_name(StaffGroup group) {
  return kGroups[at(group)].name;
}

std::optional<StaffGroup> parse_staff_group(std::string_view name) {
  for (const auto& g : kGroups)
    if (g.name == name) return g.value;
  return std::nullopt;
}

bool is_leaf(StaffGroup group) {
  for (const auto& g : kGroups)
    if (g.parent == group) return false;
  return true;
}

double WorkforceRecord::leaf_sum(StaffGroup group) const {
  if (is_leaf(group)) return (*this)[group];
  double sum = 0;
  for (const auto& g : kGroups)
    if (g.parent == group) sum += leaf_sum(g.value);
  return sum;
}

const WorkforceRecord* WorkforceFte::find(YearMonth month, std::string_view code) const {
  const auto it = index_.find({month.index(), std::string(code)});
  return it == index_.end() ? nullptr : &records_[it->second];
}

std::vector<const WorkforceRecord*> WorkforceFte::subtotal_disagreements() const {
  std::vector<const WorkforceRecord*> out;
  for (const auto& r : records_)
    if (!r.subtotal_disagreement.empty()) out.push_back(&r);
  return out;
}

std::size_t WorkforceFte::organisations() const {
  std::set<std::string_view> codes;
  for (const auto& r : records_) codes.insert(r.provider_code);
  return codes.size();
}

WorkforceFte WorkforceFte::parse(std::string_view text, const std::string& file) {
  if (detect_compression(text) != Compression::none)
    return parse(decode_input(std::string(text), file), file);
  WorkforceFte out;
  out.source_ = file;
  CsvReader reader(text, file);
  NamedColumns columns(reader,
                       {"month", "region_code", "region_name", "icb_code", "provider_code", "provider_name",
                        "staff_group", "fte"},
                       kWhatFte);
  std::vector<std::string_view> f;
  std::set<YearMonth> months;
  while (columns.next(f)) {
    if (out.rows_ >= kMaxProviderMonthsRows)
      throw InputError(columns.where("month"), fmt::format("more than {} rows", kMaxProviderMonthsRows));
    ++out.rows_;
    const YearMonth month = columns.month(f, "month");
    const std::string code(columns.required_text(f, "provider_code"));
    const auto name = columns.required_text(f, "staff_group");
    const auto group = parse_staff_group(name);
    if (!group)
      throw InputError(columns.where("staff_group"),
                       fmt::format("unknown staff group '{}' (expected one of: {})", name, group_list()));
    const double fte = columns.number(f, "fte", 0, kMaxPlausibleCount, kFte);
    auto [it, fresh] = out.index_.try_emplace({month.index(), code}, out.records_.size());
    if (fresh) {
      WorkforceRecord r;
      r.month = month;
      r.region_code = columns.text(f, "region_code");
      r.region_name = columns.text(f, "region_name");
      r.icb_code = columns.text(f, "icb_code");
      r.provider_code = code;
      r.provider_name = columns.text(f, "provider_name");
      r.first_line = reader.line();
      out.records_.push_back(std::move(r));
      months.insert(month);
    }
    WorkforceRecord& r = out.records_[it->second];
    if (r.present[at(*group)])
      throw InputError(columns.where("staff_group"),
                       fmt::format("repeated row for {} {} staff group '{}' (expected one row per month, "
                                   "organisation and staff group)",
                                   month.to_string(), code, name));
    r.present[at(*group)] = true;
    r.fte[at(*group)] = fte;
  }
  for (auto& r : out.records_) r.subtotal_disagreement = subtotal_disagreement_of(r);
  out.months_.assign(months.begin(), months.end());
  return out;
}

bool looks_like_workforce_fte(std::string_view first_line) {
  return first_line.find("staff_group") != std::string_view::npos &&
         first_line.find("provider_code") != std::string_view::npos &&
         first_line.find("fte") != std::string_view::npos;
}

std::size_t WorkforceTotal::organisations() const {
  std::set<std::string_view> codes;
  for (const auto& r : rows_) codes.insert(r.provider_code);
  return codes.size();
}

double WorkforceTotal::fte(YearMonth month, std::string_view code) const {
  const auto it = index_.find({month.index(), std::string(code)});
  return it == index_.end() ? 0.0 : rows_[it->second].fte_total;
}

WorkforceTotal WorkforceTotal::parse(std::string_view text, const std::string& file) {
  if (detect_compression(text) != Compression::none)
    return parse(decode_input(std::string(text), file), file);
  WorkforceTotal out;
  out.source_ = file;
  CsvReader reader(text, file);
  NamedColumns columns(reader, {"month", "provider_code", "provider_name", "fte_total"}, kWhatTotal);
  std::vector<std::string_view> f;
  std::set<YearMonth> months;
  while (columns.next(f)) {
    if (out.rows_.size() >= kMaxProviderMonthsRows)
      throw InputError(columns.where("month"), fmt::format("more than {} rows", kMaxProviderMonthsRows));
    WorkforceTotalRow r;
    r.month = columns.month(f, "month");
    r.provider_code = columns.required_text(f, "provider_code");
    r.provider_name = columns.text(f, "provider_name");
    r.fte_total = columns.number(f, "fte_total", 0, kMaxPlausibleCount, kFte);
    if (!out.index_.try_emplace({r.month.index(), r.provider_code}, out.rows_.size()).second)
      throw InputError(columns.where("provider_code"),
                       fmt::format("repeated row for {} {} (expected one row per month and organisation)",
                                   r.month.to_string(), r.provider_code));
    months.insert(r.month);
    out.rows_.push_back(std::move(r));
  }
  out.months_.assign(months.begin(), months.end());
  return out;
}

bool looks_like_workforce_total(std::string_view first_line) {
  return first_line.find("fte_total") != std::string_view::npos &&
         first_line.find("provider_code") != std::string_view::npos;
}

}  // namespace elective::data
