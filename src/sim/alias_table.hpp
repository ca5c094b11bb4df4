#pragma once
// Walker's alias method: draws from a discrete distribution in O(1) with one 64-bit random number. Used for
// the joint attribute profile of each referral and for the week in which a pathway would leave without
// treatment.
#include <cstdint>
#include <vector>

namespace elective::sim {

class AliasTable {
 public:
  AliasTable() = default;
  // Weights need not sum to 1; throws std::invalid_argument when none is positive or one is negative.
  explicit AliasTable(const std::vector<double>& weights);

  std::size_t size() const { return entries_.size(); }
  bool empty() const { return entries_.empty(); }
  // `bits` is a uniform 64-bit value: the high 32 bits pick a column, the low 32 bits the coin.
  std::uint32_t sample(std::uint64_t bits) const { return view().sample(bits); }
  // The normalised probability of each outcome (for tests and documentation).
  const std::vector<double>& probabilities() const { return p_; }

  // A column's acceptance threshold (scaled to 2^32) and alias side by side: one cache line per draw.
  struct Entry {
    std::uint32_t prob;
    std::uint32_t alias;
  };
  // The columns, for callers that pack several tables of one size into one array (sample_columns).
  const std::vector<Entry>& entries() const { return entries_; }
  // sample() over `count` columns starting at `columns`.
  // Branch-free: the coin is a fair guess for many columns, and a mispredicted branch per draw cost more
  // than the rest of the draw (it was most of a referral's time in the England run).
  static std::uint32_t sample_columns(const Entry* columns, std::uint32_t count, std::uint64_t bits) {
    const auto column = static_cast<std::uint32_t>(((bits >> 32) * count) >> 32);
    const Entry e = columns[column];
    const std::uint32_t to_alias =
        0u - static_cast<std::uint32_t>(static_cast<std::uint32_t>(bits) >= e.prob);
    return column ^ ((column ^ e.alias) & to_alias);
  }
  // A table's columns by pointer and count, for a hot loop to hold in registers (the table's own members
  // would be reloaded after every store the loop makes).
  struct View {
    const Entry* columns;
    std::uint32_t count;
    std::uint32_t sample(std::uint64_t bits) const { return sample_columns(columns, count, bits); }
  };
  View view() const { return View{entries_.data(), static_cast<std::uint32_t>(entries_.size())}; }

 private:
  std::vector<Entry> entries_;
  std::vector<double> p_;
};

}  // namespace elective::sim
