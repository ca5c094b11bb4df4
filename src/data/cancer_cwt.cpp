#include "data/cancer_cwt.hpp"

#include <fmt/format.h>

#include <cmath>
#include <set>
#include <tuple>

#include "data/csv.hpp"
#include "data/input_file.hpp"
#include "data/input_limits.hpp"
#include "data/named_columns.hpp"

namespace elective::data {
namespace {

constexpr std::string_view kCount = "a count from 0 to 1,000,000,000";
constexpr std::array<std::string_view, 3> kNames = {"28-day FDS", "31-day Combined", "62-day Combined"};
constexpr std::array<std::string_view, 3> kNationalPrefix = {"fds28", "d31", "d62"};

}  // namespace

std::string_view cancer_standard_name(CancerStandard standard) {
  return kNames[static_cast<size_t>(standard)];
}

std::optional<CancerStandard> parse_cancer_standard(std::string_view text) {
  const std::string t = to_lower(trim(text));
  for (CancerStandard s : kCancerStandards)
    if (t == to_lower(cancer_standard_name(s))) return s;
  if (t == "28" || t == "28-day" || t == "fds" || t == "fds28") return CancerStandard::fds28;
  if (t == "31" || t == "31-day" || t == "d31") return CancerStandard::d31;
  if (t == "62" || t == "62-day" || t == "d62") return CancerStandard::d62;
  return std::nullopt;
}

std::vector<std::string> CwtProvider::providers() const {
  std::set<std::string> codes;
  for (const auto& r : rows_) codes.insert(r.provider_code);
  return {codes.begin(), codes.end()};
}

size_t CwtProvider::disagreements() const {
  size_t n = 0;
  for (const auto& r : rows_) n += r.disagreement ? 1 : 0;
  return n;
}

CwtProvider CwtProvider::parse(std::string_view text, const std::string& file) {
  if (detect_compression(text) != Compression::none)
    return parse(decode_input(std::string(text), file), file);
  CwtProvider out;
  out.source_ = file;
  CsvReader reader(text, file);
  NamedColumns columns(reader,
                       {"month", "standard", "provider_code", "stage_route", "treatment_modality",
                        "cancer_type", "total", "within_standard", "breaches"},
                       "the cancer waiting times provider extract (data/README.md section 7)");
  std::vector<std::string_view> f;
  std::set<std::tuple<int, int, std::string, std::string, std::string, std::string>> seen;
  std::set<YearMonth> months;
  while (columns.next(f)) {
    if (out.rows_.size() >= kMaxExtractRows)
      throw InputError(columns.where("month"), fmt::format("more than {} rows", kMaxExtractRows));
    CwtRow r;
    r.line = reader.line();
    r.month = columns.month(f, "month");
    const auto standard_text = columns.required_text(f, "standard");
    const auto standard = parse_cancer_standard(standard_text);
    if (!standard)
      throw InputError(
          columns.where("standard"),
          fmt::format("expected 28-day FDS, 31-day Combined or 62-day Combined, got '{}'", standard_text));
    r.standard = *standard;
    r.provider_code = columns.required_text(f, "provider_code");
    r.stage_route = columns.required_text(f, "stage_route");
    r.treatment_modality = columns.text(f, "treatment_modality");
    r.cancer_type = columns.required_text(f, "cancer_type");
    if (r.standard != CancerStandard::fds28 && r.treatment_modality.empty())
      throw InputError(columns.where("treatment_modality"),
                       "empty treatment modality (expected one for the 31-day and 62-day standards)");
    r.total = columns.number(f, "total", 0, kMaxPlausibleCount, kCount);
    r.within_standard = columns.number(f, "within_standard", 0, kMaxPlausibleCount, kCount);
    r.breaches = columns.number(f, "breaches", 0, kMaxPlausibleCount, kCount);
    // Whole and half counts are exact in a double, so the check is exact.
    r.disagreement = r.within_standard + r.breaches != r.total;
    if (!seen.emplace(r.month.index(), static_cast<int>(r.standard), r.provider_code, r.stage_route,
                      r.treatment_modality, r.cancer_type)
             .second)
      throw InputError(columns.where("provider_code"),
                       fmt::format("repeated row for {} {} {} '{}' '{}' '{}' (expected one row per key)",
                                   r.month.to_string(), standard_text, r.provider_code, r.stage_route,
                                   r.treatment_modality, r.cancer_type));
    months.insert(r.month);
    out.rows_.push_back(std::move(r));
  }
  out.months_.assign(months.begin(), months.end());
  return out;
}

bool looks_like_cwt_provider(std::string_view first_line) {
  return first_line.find("standard") != std::string_view::npos &&
         first_line.find("within_standard") != std::string_view::npos &&
         first_line.find("breaches") != std::string_view::npos &&
         first_line.find("provider_code") != std::string_view::npos;
}

const CwtNationalMonth* CwtNational::find(YearMonth month) const {
  for (const auto& m : months_)
    if (m.month == month) return &m;
  return nullptr;
}

CwtNational CwtNational::parse(std::string_view text, const std::string& file) {
  if (detect_compression(text) != Compression::none)
    return parse(decode_input(std::string(text), file), file);
  CwtNational out;
  out.source_ = file;
  CsvReader reader(text, file);
  std::vector<std::string_view> required = {"month", "usc_referrals_seen",
                                            "breast_symptomatic_referrals_seen"};
  std::vector<std::string> names;
  names.reserve(12);
  for (std::string_view prefix : kNationalPrefix)
    for (std::string_view suffix : {"_total", "_within_standard", "_outside_standard", "_performance"})
      names.push_back(std::string(prefix) + std::string(suffix));
  for (const auto& n : names) required.push_back(n);
  NamedColumns columns(reader, required,
                       "the national cancer waiting times series (data/README.md section 3)");
  std::vector<std::string_view> f;
  while (columns.next(f)) {
    if (out.months_.size() >= kMaxExtractRows)
      throw InputError(columns.where("month"), fmt::format("more than {} rows", kMaxExtractRows));
    CwtNationalMonth m;
    m.month = columns.month(f, "month");
    if (!out.months_.empty() && !(out.months_.back().month < m.month))
      throw InputError(columns.where("month"),
                       fmt::format("months must be in ascending order without repeats ({} follows {})",
                                   m.month.to_string(), out.months_.back().month.to_string()));
    m.usc_referrals_seen = columns.optional_number(f, "usc_referrals_seen", 0, kMaxPlausibleCount, kCount);
    m.breast_symptomatic_referrals_seen =
        columns.optional_number(f, "breast_symptomatic_referrals_seen", 0, kMaxPlausibleCount, kCount);
    for (size_t s = 0; s < kNationalPrefix.size(); ++s) {
      const std::string p(kNationalPrefix[s]);
      CwtNationalFigure& fig = m.standards[s];
      fig.total = columns.optional_number(f, p + "_total", 0, kMaxPlausibleCount, kCount);
      fig.within_standard = columns.optional_number(f, p + "_within_standard", 0, kMaxPlausibleCount, kCount);
      fig.outside_standard =
          columns.optional_number(f, p + "_outside_standard", 0, kMaxPlausibleCount, kCount);
      fig.performance =
          columns.optional_number(f, p + "_performance", 0, 1, "a fraction from 0 to 1 (not a percentage)");
      const bool any = fig.total || fig.within_standard || fig.outside_standard || fig.performance;
      const bool all = fig.total && fig.within_standard && fig.outside_standard;
      if (any && !all)
        throw InputError(columns.where(p + "_total"),
                         fmt::format("incomplete {} figures (expected total, within and outside standard, or "
                                     "none)",
                                     kNames[s]));
      if (all) {
        fig.disagreement = *fig.within_standard + *fig.outside_standard != *fig.total;
        if (fig.performance && *fig.total > 0 &&
            std::abs(*fig.performance - *fig.within_standard / *fig.total) > 1e-6)
          fig.disagreement = true;
      }
    }
    out.months_.push_back(std::move(m));
  }
  return out;
}

bool looks_like_cwt_national(std::string_view first_line) {
  return first_line.find("month") != std::string_view::npos &&
         first_line.find("fds28_total") != std::string_view::npos &&
         first_line.find("d62_total") != std::string_view::npos;
}

}  // namespace elective::data
