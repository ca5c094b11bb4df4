#pragma once
// Reader for the RTT provider months layout (data/rtt_provider_months_waited.csv.gz, shared data README
// section 5): one row per month x provider x specialty x type (referrals, completed, incomplete), pathways by
// whole calendar months waited (m00 ... m11, m12_plus) as NHSRtt's tidy_file() makes them from the RTT Full
// CSV extracts. Columns are found by name.
//
// The source's defects are modelled, never hidden:
// - A row whose provider_code is empty and whose merged_provider_codes lists several ODS codes holds the
//   combined figures of those providers under one provider's name. It is a ProviderGroup with several codes,
//   keyed "merged:CODE1+CODE2+..." - never a trust of that name.
// - Completed pathways by specialty undercount for some providers (NHSRtt <= 0.4.0): the (month, provider)
//   pairs whose specialty rows of completed add up to less than their `Total` row are listed
//   (undercounted_completed).
// - A row of zeros can mean "not reported": the (month, provider) pairs whose `Total` incomplete is zero or
//   absent are listed (unreported).
// Every value is a multiple of 1/7 (NHSRtt shares each weekly band over the days it covers) written to 4
// decimals; the reader checks this and stores the exact sevenths.
#include <array>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/calendar.hpp"

namespace elective::data {

enum class MonthsType : std::uint8_t { referrals, completed, incomplete };
std::string_view months_type_name(MonthsType type);  // "referrals", "completed", "incomplete"
std::optional<MonthsType> parse_months_type(std::string_view text);

inline constexpr int kMonthBins = 13;  // m00 ... m11 and m12_plus
using MonthBins = std::array<double, kMonthBins>;

// One provider as the file names it: a single ODS code, or a merged group of several.
struct ProviderGroup {
  std::string key;                 // the ODS code, or "merged:CODE1+CODE2+..." (codes sorted)
  std::string name;                // provider_name as in the file
  std::vector<std::string> codes;  // one code, or the merged codes (sorted)
  std::int64_t first_line = 0;
  bool merged() const { return codes.size() > 1; }
};

// The 20 specialty groups of the layout: the published treatment functions by the RTT Planner's names, plus
// "Other" (X01-X06) and "Total" (C_999, all specialties).
struct SpecialtyGroup {
  std::string_view name;  // "Trauma and Orthopaedic"
  std::string_view code;  // "C_110"; "X01-X06" for Other; "C_999" for Total
};
const std::vector<SpecialtyGroup>& specialty_groups();
inline constexpr std::uint16_t kTotalSpecialty = 19;  // index of "Total" in specialty_groups()
// Index of a specialty from its name, its code ("C_110", "110") or "Other"/"Total" (case-insensitive).
std::optional<std::uint16_t> find_specialty(std::string_view text);

struct ProviderMonthsRow {
  YearMonth month;
  std::uint32_t group = 0;      // index into groups()
  std::uint16_t specialty = 0;  // index into specialty_groups()
  MonthsType type = MonthsType::incomplete;
  MonthBins bins{};  // exact multiples of 1/7; referrals hold their count in bins[0]
  double total = 0;
};

class ProviderMonths {
 public:
  const std::vector<ProviderMonthsRow>& rows() const { return rows_; }
  const std::vector<ProviderGroup>& groups() const { return groups_; }
  // Months present, ascending.
  const std::vector<YearMonth>& months() const { return months_; }
  const std::string& source() const { return source_; }
  std::size_t size() const { return rows_.size(); }

  // The group of a key ("RBD", "merged:NT447+NVC04"), or of a code that has rows of its own.
  std::optional<std::uint32_t> find_group(std::string_view key) const;
  // The merged group whose figures include `code`, if any.
  std::optional<std::uint32_t> group_holding(std::string_view code) const;

  // Defects of the source (see above), as (month index, group) pairs.
  bool unreported(YearMonth month, std::uint32_t group) const;
  bool undercounted_completed(YearMonth month, std::uint32_t group) const;
  std::size_t unreported_pairs() const { return unreported_.size(); }
  std::size_t undercounted_pairs() const { return undercounted_.size(); }

  static ProviderMonths parse(std::string_view text, const std::string& file);
  static ProviderMonths load(const std::string& path);

 private:
  std::string source_;
  std::vector<ProviderMonthsRow> rows_;
  std::vector<ProviderGroup> groups_;
  std::vector<YearMonth> months_;
  std::set<std::pair<int, std::uint32_t>> unreported_;
  std::set<std::pair<int, std::uint32_t>> undercounted_;
};

// True when a CSV header line looks like the provider months layout (month, type, m00 and m12_plus).
bool looks_like_provider_months(std::string_view first_line);

}  // namespace elective::data
