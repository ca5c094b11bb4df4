#pragma once
// Readers for NHS England Cancer Waiting Times (data/README.md sections 3 and 7):
// - the CWT-CRS provider extract (data/cancer_cwt_provider.csv.gz): completed pathways by month, standard,
//   provider, route or stage, treatment modality and cancer type, with total, within standard and breaches;
// - the national monthly series (data/cancer_waiting_times_national_monthly.csv): England totals of the
//   three standards (28-day Faster Diagnosis, 31-day and 62-day Combined) and referral counts, 2009-2023.
// Columns are found by name; counts are finite numbers from 0 to 1e9 (a pathway shared by two providers
// counts 0.5 to each, so halves are genuine); a repeated key is an error. A row whose within + breaches does
// not equal its total is kept and flagged (`disagreement`), never corrected (the real files have none).
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/calendar.hpp"

namespace elective::data {

enum class CancerStandard : std::uint8_t { fds28, d31, d62 };
inline constexpr std::array<CancerStandard, 3> kCancerStandards = {CancerStandard::fds28, CancerStandard::d31,
                                                                   CancerStandard::d62};
// As published in the extract's STANDARD column: "28-day FDS", "31-day Combined", "62-day Combined".
std::string_view cancer_standard_name(CancerStandard standard);
// Accepts the published name, case-insensitively, or a short form ("28", "fds", "28-day", "31", "62-day").
std::optional<CancerStandard> parse_cancer_standard(std::string_view text);

struct CwtRow {
  YearMonth month;
  CancerStandard standard = CancerStandard::fds28;
  std::string provider_code, stage_route, treatment_modality, cancer_type;
  double total = 0, within_standard = 0, breaches = 0;
  std::int64_t line = 0;
  bool disagreement = false;  // within_standard + breaches != total in the published row
};

class CwtProvider {
 public:
  const std::vector<CwtRow>& rows() const { return rows_; }
  size_t size() const { return rows_.size(); }
  const std::string& source() const { return source_; }
  const std::vector<YearMonth>& months() const { return months_; }  // distinct, ascending
  std::vector<std::string> providers() const;                       // distinct, sorted
  size_t disagreements() const;

  static CwtProvider parse(std::string_view text, const std::string& file);

 private:
  std::string source_;
  std::vector<CwtRow> rows_;
  std::vector<YearMonth> months_;
};

// True when a CSV header line looks like the provider extract (`standard`, `within_standard`, `breaches`).
bool looks_like_cwt_provider(std::string_view first_line);

// One standard's England figures in one month (empty before the standard's series starts).
struct CwtNationalFigure {
  std::optional<double> total, within_standard, outside_standard, performance;
  bool disagreement = false;  // within + outside != total, or performance != within / total (to 1e-6)
};

struct CwtNationalMonth {
  YearMonth month;
  std::optional<double> usc_referrals_seen, breast_symptomatic_referrals_seen;
  std::array<CwtNationalFigure, 3> standards;  // indexed by CancerStandard
  const CwtNationalFigure& of(CancerStandard s) const { return standards[static_cast<size_t>(s)]; }
};

class CwtNational {
 public:
  const std::vector<CwtNationalMonth>& months() const { return months_; }  // ascending, one per row
  size_t size() const { return months_.size(); }
  const std::string& source() const { return source_; }
  const CwtNationalMonth* find(YearMonth month) const;

  static CwtNational parse(std::string_view text, const std::string& file);

 private:
  std::string source_;
  std::vector<CwtNationalMonth> months_;
};

// True when a CSV header line looks like the national cancer series (`month`, `fds28_total`, `d62_total`).
bool looks_like_cwt_national(std::string_view first_line);

}  // namespace elective::data
