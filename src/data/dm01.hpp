#pragma once
// Reader for the monthly diagnostics waiting list DM01 by provider and test
// (data/diagnostics_dm01_provider.csv, data/README.md section 6): patients waiting at month end by completed
// weeks (w00 ... w12, w13_plus), the published 6+ and 13+ week counts and the tests done in the month.
// Columns are found by name; every count is a finite number from 0 to 1e9 and the share a fraction; a
// repeated (month, provider, test) is an error.
//
// The published totals are kept beside the bands. Where a row's bands do not add up to its published total,
// 6+ or 13+ count, the row is kept, flagged (`disagreement`) and listed in `disagreements()`: statistics are
// computed from the bands, and callers show the flag (the real file has no such rows; README section 6).
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/calendar.hpp"

namespace elective::data {

inline constexpr int kDm01Bands = 14;  // w00 ... w12 and the open w13_plus

struct Dm01Row {
  YearMonth month;
  std::string region_code, region_name, provider_code, provider_name;
  std::optional<int> test_id;  // 1-15; nullopt for the all-tests row (test "ALL")
  std::string test;
  double total_waiting = 0;
  double waiting_6_plus_weeks = 0;
  double waiting_13_plus_weeks = 0;
  std::array<double, kDm01Bands> bands{};
  double activity_planned = 0, activity_unscheduled = 0, activity_waiting_list = 0;
  std::int64_t line = 0;  // line in the source file, for the disagreement list
  // What in the published row disagrees with its bands ("total", "6+", "13+", comma separated); empty when
  // the row is consistent.
  std::string disagreement;

  bool all_tests() const { return !test_id.has_value(); }
};

class Dm01List {
 public:
  const std::vector<Dm01Row>& rows() const { return rows_; }
  size_t size() const { return rows_.size(); }
  const std::string& source() const { return source_; }
  // Distinct months, ascending.
  const std::vector<YearMonth>& months() const { return months_; }
  // Distinct provider codes, sorted.
  std::vector<std::string> providers() const;
  // Rows whose published totals disagree with their bands (pointers into rows()).
  std::vector<const Dm01Row*> disagreements() const;

  static Dm01List parse(std::string_view text, const std::string& file);

 private:
  std::string source_;
  std::vector<Dm01Row> rows_;
  std::vector<YearMonth> months_;
};

// True when a CSV header line looks like the DM01 file (`provider_code`, `total_waiting` and `w13_plus`).
bool looks_like_dm01(std::string_view first_line);

}  // namespace elective::data
