#pragma once
// Any "X% within D" waiting list, defined by its wait bands and its standard. RTT (weekly bands to "104+",
// 18 weeks), diagnostics DM01 (weekly bands to "13+", 6 weeks) and lists published in wider bins (the monthly
// bins of the provider RTT file) are each a BandLayout plus a ListDefinition; the counts within and over a
// threshold and the NHS England band-interpolated percentiles are computed here once for all of them.
//
// Conventions (domain.md 2.3, data/README.md section 6): a band is named by its lower edge in completed units
// waited. Band k holds waits from lower(k) up to, not including, lower(k+1) completed units; the last band is
// open ("13+ weeks"). "Within D" counts the bands wholly below D, "over D" the bands from D up (NHS England's
// "waiting D+ weeks"), so within + over is the whole list whenever D is a band edge.
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

namespace elective {

enum class WaitUnit : std::uint8_t { days, weeks };

// "weeks" / "days" (plural: the word used in targets and messages).
std::string_view wait_unit_name(WaitUnit unit);

class BandLayout {
 public:
  // Bands of `width` units, the open top band starting at top_band * width: RTT is uniform(weeks, 104).
  // Allocates nothing, so the weekly statistics can build one per call.
  static BandLayout uniform(WaitUnit unit, int top_band, int width = 1);
  // Explicit lower edges: the first 0, strictly increasing; the last edge starts the open top band. Throws
  // std::invalid_argument otherwise (layouts are program constants, not input).
  static BandLayout from_edges(WaitUnit unit, std::vector<int> lower_edges);

  WaitUnit unit() const { return unit_; }
  int band_count() const { return top_band_ + 1; }
  int top_band() const { return top_band_; }
  // Lower edge of a band, in units (0 <= band <= top_band()).
  int lower(int band) const { return edges_.empty() ? band * width_ : edges_[static_cast<size_t>(band)]; }
  int top_lower() const { return lower(top_band_); }
  // The band whose lower edge is `edge`; nullopt when no band starts there.
  std::optional<int> band_starting_at(int edge) const;

 private:
  BandLayout(WaitUnit unit, int top_band, int width, std::vector<int> edges)
      : unit_(unit), top_band_(top_band), width_(width), edges_(std::move(edges)) {}
  WaitUnit unit_;
  int top_band_;
  int width_;
  std::vector<int> edges_;  // empty for uniform layouts
};

// Counts by band (counts.size() == layout.band_count(); shorter spans count as zero in the missing bands).
// Patients waiting less than `threshold` units: the bands below it. nullopt unless `threshold` is a band edge
// (a threshold inside a band cannot be placed without an assumption; see estimate_within).
std::optional<double> count_within(const BandLayout& layout, std::span<const double> counts, int threshold);
// Patients waiting `threshold` units or more: the bands from it up. nullopt unless `threshold` is a band edge
// (e.g. over 65 weeks in a "52+" layout).
std::optional<double> count_over(const BandLayout& layout, std::span<const double> counts, int threshold);

// A percentile placed by linear interpolation within its band (NHS England's method):
// P = lower(k*) + (p*N - C(k*-1)) / n(k*) * width(k*), k* the first band whose cumulative count reaches p*N.
// In the open top band it cannot be placed: `value` is the band's lower edge and `censored` is true ("13+").
struct BandQuantile {
  std::optional<double> value;  // in the layout's unit; nullopt for an empty list
  bool censored = false;
};
BandQuantile band_quantile(const BandLayout& layout, std::span<const double> counts, double p);

// A list: its bands and its standard ("92% within 18 weeks").
struct ListDefinition {
  std::string_view name;   // "rtt", "dm01"
  std::string_view label;  // for messages and tables
  BandLayout bands;
  int standard = 0;           // the standard's threshold, a band edge, in the layout's unit
  double standard_share = 0;  // the share that must wait less than `standard` (0-1)
};

// RTT incomplete pathways: weekly bands to 104+, 92% within 18 weeks (domain.md 2.6).
const ListDefinition& rtt_list();
// Diagnostics DM01: weekly bands to 13+; the operational standard is under 1% waiting 6 weeks or more, i.e.
// 99% within 6 weeks (the recovery plan's ambition, 95% by March 2025, is a dated target on this list).
const ListDefinition& dm01_list();

// The list's headline figures at its standard.
struct ListSummary {
  double total = 0;
  double within_standard = 0;
  double over_standard = 0;
  std::optional<double> share_within_standard;  // nullopt for an empty list
  BandQuantile median;
};
ListSummary summarise_list(const ListDefinition& list, std::span<const double> counts);

}  // namespace elective
