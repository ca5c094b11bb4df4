#pragma once
// Reader for NHS England's monthly RTT "Full CSV data file" (domain.md 2.1): one row per provider x
// commissioner x RTT part x treatment function, 13 descriptive columns, weekly band columns (105 since April
// 2021, 53 before), `Total`, `Patients with unknown clock start date` and `Total All`.
//
// Columns are found by header name, never by position, and the band columns are read from the header so that
// both band layouts work. Descriptive columns are dictionary-encoded and counts are held as 32-bit integers
// so that a national month (~200k rows x 108 counts) stays well under 100 MB. Several files (months) can be
// combined with append().
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/calendar.hpp"
#include "core/wait_bands.hpp"

namespace elective::data {

enum class RttPart : std::uint8_t {
  admitted,     // Part_1A: completed pathways for admitted patients (clock stops in the month)
  nonadmitted,  // Part_1B: completed pathways for non-admitted patients
  incomplete,   // Part_2: incomplete pathways at month end (the waiting list)
  dta,          // Part_2A: incomplete pathways with a decision to admit (a subset of Part_2)
  new_periods   // Part_3: new RTT periods (clock starts in the month); only `Total All` is given
};
inline constexpr int kRttPartCount = 5;

// Accepts the CLI names incomplete|admitted|nonadmitted|new|dta (also non-admitted, new_periods) and the file
// codes Part_1A|Part_1B|Part_2|Part_2A|Part_3 (case-insensitive). Throws InputError naming the accepted
// values.
RttPart parse_part(std::string_view text);
// As parse_part, but nullopt instead of throwing.
std::optional<RttPart> try_parse_part(std::string_view text);
std::string_view part_name(RttPart part);         // "incomplete", "admitted", "nonadmitted", "dta", "new"
std::string_view part_code(RttPart part);         // "Part_2", ...
std::string_view part_description(RttPart part);  // "Incomplete Pathways", ...
// Parts whose weekly bands are filled (all but Part_3).
constexpr bool part_has_bands(RttPart part) {
  return part != RttPart::new_periods;
}

// Treatment function code as written in the files: "110" and "c_110" become "C_110", "999" becomes "C_999";
// other codes ("X02") are upper-cased.
std::string normalise_tfc(std::string_view code);
inline constexpr std::string_view kAllSpecialtiesTfc = "C_999";

// Which treatment-function rows a selection uses. C_999 is the sum of all specialty rows, so adding it to
// them would double count.
enum class TfcRows {
  automatic,      // the given tfc if any, else the C_999 rows (falling back to the specialty rows if the
                  // extract has no C_999 row for the selection)
  all_specialty,  // C_999 rows only
  specialties     // every row except C_999 (for breakdowns by treatment function)
};

struct RowFilter {
  std::optional<RttPart> part;
  std::optional<std::string> provider;
  std::optional<std::string> tfc;  // normalised with normalise_tfc
  std::optional<std::string> commissioner;
  std::optional<YearMonth> month;
  TfcRows tfc_rows = TfcRows::automatic;
};

// Sums over the rows of a selection.
struct RttTotals {
  WaitHistogram histogram;         // band counts (empty when no selected row has bands)
  double unknown_clock_start = 0;  // `Patients with unknown clock start date`
  double total_all = 0;            // `Total All`
  bool has_bands = false;          // at least one selected row is of a part with bands
  std::size_t rows = 0;            // number of file rows summed
};

class RttExtract {
 public:
  static constexpr std::uint32_t kBlank = 0xFFFFFFFFu;  // a blank total cell

  struct Row {
    YearMonth month;
    RttPart part = RttPart::incomplete;
    bool bands_blank = false;      // every band cell blank (Part_3)
    std::uint16_t top_band = 104;  // 104 or 52: the open top band
    std::uint32_t source = 0;      // index into sources()
    std::uint32_t line = 0;        // physical line in its file
    // Dictionary ids (see text()).
    std::uint32_t provider = 0, provider_name = 0, provider_parent = 0, provider_parent_name = 0;
    std::uint32_t commissioner = 0, commissioner_name = 0, commissioner_parent = 0,
                  commissioner_parent_name = 0;
    std::uint32_t tfc = 0, tfc_name = 0;
    std::uint32_t total = kBlank, unknown_clock_start = kBlank, total_all = kBlank;
    std::size_t bands_offset = 0;  // first band count in band_counts()
  };

  // Parses one file's content; `file` names it in error messages. Throws InputError (file:line:column and
  // what was expected) on a missing header, missing or malformed columns, a non-numeric, negative or decimal
  // count, a wrong number of fields (a truncated last line), an unknown part type or an empty file.
  static RttExtract parse(std::string_view text, const std::string& file);
  // Reads and parses each path; throws IoError when a file cannot be read.
  static RttExtract load(const std::vector<std::string>& paths);
  // Adds another extract's rows (e.g. another month).
  void append(RttExtract&& other);

  const std::vector<Row>& rows() const { return rows_; }
  std::size_t size() const { return rows_.size(); }
  bool empty() const { return rows_.empty(); }
  const std::string& text(std::uint32_t id) const { return strings_[id]; }
  const std::vector<std::string>& sources() const { return sources_; }
  // Band counts of a row: top_band + 1 values (all zero when bands_blank).
  const std::uint32_t* bands(const Row& row) const { return band_counts_.data() + row.bands_offset; }
  // Sum of a row's bands.
  std::uint64_t band_sum(const Row& row) const;

  // Distinct months, ascending.
  std::vector<YearMonth> months() const;
  std::optional<YearMonth> latest_month() const;
  // Distinct codes, sorted.
  std::vector<std::string> providers() const;
  std::vector<std::string> commissioners() const;
  std::vector<std::string> tfcs() const;
  // Name of a code as given in the file (first row seen), or empty.
  std::string provider_name(std::string_view code) const;
  std::string tfc_name(std::string_view code) const;
  std::string commissioner_name(std::string_view code) const;

  // True when a row passes the filter (part, codes, month and the treatment-function rule).
  bool matches(const Row& row, const RowFilter& filter) const;
  // Row indices selected by a filter, applying the TfcRows rule (including the automatic fallback).
  std::vector<std::size_t> select(const RowFilter& filter) const;
  // Sums of the selected rows. Histograms of different top bands are folded to the smaller one.
  RttTotals totals(const RowFilter& filter) const;
  RttTotals totals_of(const std::vector<std::size_t>& row_indices) const;
  // Convenience for models: the band histogram of one part (e.g. a provider's Part_2 waiting list), the
  // completed pathways (Part_1A + Part_1B) and the Part_3 new periods of a selection. The filter's part is
  // overridden.
  WaitHistogram histogram(RttPart part, RowFilter filter = {}) const;
  WaitHistogram completed_histogram(RowFilter filter = {}) const;
  double new_periods(RowFilter filter = {}) const;

  // Id of a string in the dictionary, or nullopt when no row uses it.
  std::optional<std::uint32_t> find_text(std::string_view value) const;

 private:
  std::uint32_t intern(std::string_view value);

  std::vector<std::string> sources_;
  std::vector<std::string> strings_;
  struct TextHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, std::uint32_t, TextHash, std::equal_to<>> string_ids_;
  std::vector<Row> rows_;
  std::vector<std::uint32_t> band_counts_;

  friend class RttExtractParser;
};

// True when a CSV text looks like an RTT Full CSV extract: a record naming `Provider Org Code` within the
// first lines (banner rows may come first).
bool looks_like_rtt_extract(std::string_view text);

}  // namespace elective::data
