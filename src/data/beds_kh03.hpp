#pragma once
// Reader of the KH03 overnight beds by NHS trust and quarter (data/beds_kh03_provider.csv, shared data README
// section 13), columns by name: the average daily beds available and occupied, in total and by sector
// (general and acute, learning disabilities, maternity, mental illness). The quarter ("2024-25 Q2") must
// agree with period_end (its last month); beds are finite numbers from 0 to 1e9; the sectors must add up to
// the total (to 0.001 beds); a repeated (quarter, trust) is an input error. The published "% occupied"
// columns are optional and recomputed, never trusted. A sector with more beds occupied than available is
// kept and listed (`over_occupied`): the real file has 9 such mental-illness rows (README section 13), never
// one in general and acute.
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

enum class BedSector : std::uint8_t {
  total,
  general_acute,
  learning_disabilities,
  maternity,
  mental_illness
};
inline constexpr std::size_t kBedSectors = 5;
std::string_view bed_sector_name(BedSector sector);  // "general_acute"

struct BedsRow {
  std::string quarter;   // "2024-25 Q2"
  YearMonth period_end;  // last month of the quarter
  std::string region_code, provider_code, provider_name;
  std::array<double, kBedSectors> available{}, occupied{};
  std::int64_t line = 0;

  double available_in(BedSector s) const { return available[static_cast<std::size_t>(s)]; }
  double occupied_in(BedSector s) const { return occupied[static_cast<std::size_t>(s)]; }
  // The first month of the quarter.
  YearMonth period_start() const { return period_end - 2; }
  bool covers(YearMonth month) const { return month >= period_start() && month <= period_end; }
};

class BedsKh03 {
 public:
  const std::vector<BedsRow>& rows() const { return rows_; }
  std::size_t size() const { return rows_.size(); }
  const std::string& source() const { return source_; }
  // Quarter ends present, ascending.
  const std::vector<YearMonth>& period_ends() const { return period_ends_; }
  std::size_t trusts() const;
  // The row of a trust for the quarter that holds `month`, if any.
  const BedsRow* find(YearMonth month, std::string_view code) const;
  // Whether the file has any trust for the quarter that holds `month`.
  bool has_quarter(YearMonth month) const;
  // (row, sector) where occupied exceeds available.
  std::vector<std::pair<const BedsRow*, BedSector>> over_occupied() const;

  static BedsKh03 parse(std::string_view text, const std::string& file);

 private:
  std::string source_;
  std::vector<BedsRow> rows_;
  std::vector<YearMonth> period_ends_;
  std::map<std::pair<int, std::string>, std::size_t> index_;  // (period_end index, code)
};

// The quarter's last month from "YYYY-YY Qn" (financial year and quarter); nullopt when malformed.
std::optional<YearMonth> quarter_end(std::string_view quarter);
// The quarter end that holds a month: June, September, December or March.
YearMonth quarter_end_of(YearMonth month);

bool looks_like_beds_kh03(std::string_view first_line);

}  // namespace elective::data
