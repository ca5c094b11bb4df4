#pragma once
// Reader of NHS sickness absence by organisation and month (data/sickness_absence_provider.csv, shared data
// README section 12), columns by name: FTE days lost to sickness, FTE days available and the published rate
// (a fraction, rounded to 4 decimals). Days lost may not exceed days available (an input error naming the
// cell). The published rate is kept beside lost / available; a row where they differ by more than the
// rounding (0.00005) is kept, flagged and listed (`rate_disagreements`). Statistics use lost / available.
// A repeated (month, organisation) is an input error.
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/calendar.hpp"

namespace elective::data {

struct AbsenceRow {
  YearMonth month;
  std::string region_code, region_name, icb_code, icb_name, provider_code, provider_name, org_type;
  double fte_days_lost = 0, fte_days_available = 0;
  double published_rate = 0;       // SICKNESS_ABSENCE_RATE_PERCENT / 100, as published
  bool rate_disagreement = false;  // published rate != lost / available beyond rounding
  std::int64_t line = 0;

  // Days lost over days available (0 when none are available).
  double rate() const { return fte_days_available > 0 ? fte_days_lost / fte_days_available : 0.0; }
};

class SicknessAbsence {
 public:
  const std::vector<AbsenceRow>& rows() const { return rows_; }
  std::size_t size() const { return rows_.size(); }
  const std::string& source() const { return source_; }
  const std::vector<YearMonth>& months() const { return months_; }
  std::size_t organisations() const;
  const AbsenceRow* find(YearMonth month, std::string_view code) const;
  std::vector<const AbsenceRow*> rate_disagreements() const;

  static SicknessAbsence parse(std::string_view text, const std::string& file);

 private:
  std::string source_;
  std::vector<AbsenceRow> rows_;
  std::vector<YearMonth> months_;
  std::map<std::pair<int, std::string>, std::size_t> index_;
};

bool looks_like_sickness_absence(std::string_view first_line);

}  // namespace elective::data
