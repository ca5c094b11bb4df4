#include "data/sickness_absence.hpp"

#include <fmt/format.h>

#include <cmath>
#include <set>

#include "data/csv.hpp"
#include "data/input_file.hpp"
#include "data/input_limits.hpp"
#include "data/named_columns.hpp"

namespace elective::data {
namespace {

constexpr std::string_view kWhat = "the sickness absence file (data/README.md)";
constexpr std::string_view kDays = "FTE days from 0 to 1,000,000,000";
// The rate is published as a percentage to 2 decimals: a fraction to 4 decimals, within 0.00005 of the
// exact ratio (the real file's largest difference is exactly that).
constexpr double kRateRounding = 0.00005 + 1e-9;

}  // namespace

std::size_t SicknessAbsence::organisations() const {
  std::set<std::string_view> codes;
  for (const auto& r : rows_) codes.insert(r.provider_code);
  return codes.size();
}

const AbsenceRow* SicknessAbsence::find(YearMonth month, std::string_view code) const {
  const auto it = index_.find({month.index(), std::string(code)});
  return it == index_.end() ? nullptr : &rows_[it->second];
}

std::vector<const AbsenceRow*> SicknessAbsence::rate_disagreements() const {
  std::vector<const AbsenceRow*> out;
  for (const auto& r : rows_)
    if (r.rate_disagreement) out.push_back(&r);
  return out;
}

SicknessAbsence SicknessAbsence::parse(std::string_view text, const std::string& file) {
  if (detect_compression(text) != Compression::none)
    return parse(decode_input(std::string(text), file), file);
  SicknessAbsence out;
  out.source_ = file;
  CsvReader reader(text, file);
  NamedColumns columns(
      reader,
      {"month", "region_code", "region_name", "icb_code", "icb_name", "provider_code", "provider_name",
       "org_type", "fte_days_lost", "fte_days_available", "sickness_absence_rate"},
      kWhat);
  std::vector<std::string_view> f;
  std::set<YearMonth> months;
  while (columns.next(f)) {
    if (out.rows_.size() >= kMaxReferenceRows)
      throw InputError(columns.where("month"), fmt::format("more than {} rows", kMaxReferenceRows));
    AbsenceRow r;
    r.line = reader.line();
    r.month = columns.month(f, "month");
    r.region_code = columns.text(f, "region_code");
    r.region_name = columns.text(f, "region_name");
    r.icb_code = columns.text(f, "icb_code");
    r.icb_name = columns.text(f, "icb_name");
    r.provider_code = columns.required_text(f, "provider_code");
    r.provider_name = columns.text(f, "provider_name");
    r.org_type = columns.text(f, "org_type");
    r.fte_days_lost = columns.number(f, "fte_days_lost", 0, kMaxPlausibleCount, kDays);
    r.fte_days_available = columns.number(f, "fte_days_available", 0, kMaxPlausibleCount, kDays);
    if (r.fte_days_lost > r.fte_days_available)
      throw InputError(columns.where("fte_days_lost"),
                       fmt::format("{} FTE days lost exceed the {} available (expected lost <= available)",
                                   r.fte_days_lost, r.fte_days_available));
    r.published_rate = columns.number(f, "sickness_absence_rate", 0, 1, "a fraction from 0 to 1");
    r.rate_disagreement = std::abs(r.published_rate - r.rate()) > kRateRounding;
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

bool looks_like_sickness_absence(std::string_view first_line) {
  return first_line.find("fte_days_lost") != std::string_view::npos &&
         first_line.find("fte_days_available") != std::string_view::npos &&
         first_line.find("provider_code") != std::string_view::npos;
}

}  // namespace elective::data
