#include "data/rtt_extract_checks.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "core/error.hpp"

namespace elective::data {

// Each (month, provider, commissioner, part, treatment function) appears once in NHS England's files; a
// repeat - a row pasted twice, or the same month's file given twice - would be counted twice in every sum, so
// it is an error naming both places. Rows before `first_new` are known to be unique among themselves.
void check_unique_rows(const RttExtract& x, std::size_t first_new) {
  const auto& rows = x.rows();
  if (rows.size() - first_new == 0) return;
  // Only months that the new rows have can repeat (rows come grouped by month: a short list).
  std::vector<YearMonth> new_months;
  for (std::size_t i = first_new; i < rows.size(); ++i) {
    if (new_months.empty() || new_months.back() != rows[i].month) {
      if (std::find(new_months.begin(), new_months.end(), rows[i].month) == new_months.end())
        new_months.push_back(rows[i].month);
    }
  }
  auto same_key = [](const RttExtract::Row& a, const RttExtract::Row& b) {
    return a.month == b.month && a.provider == b.provider && a.commissioner == b.commissioner &&
           a.tfc == b.tfc && a.part == b.part;
  };
  auto hash = [](const RttExtract::Row& r) {
    std::uint64_t h = static_cast<std::uint32_t>(r.month.index());
    for (std::uint64_t v : {std::uint64_t{r.provider}, std::uint64_t{r.commissioner}, std::uint64_t{r.tfc},
                            static_cast<std::uint64_t>(r.part)})
      h = (h ^ v) * 0x100000001b3ull + (h >> 29);
    return h ^ (h >> 32);
  };
  // Open addressing over row indices, at most half full: a national month (205,000 rows) checks in a few
  // milliseconds, where a node-based map spent a tenth of the whole parse allocating. A slot holds the row
  // index and 32 bits of the key's hash, so that a probe reads another row (a cache miss in a table of a
  // national month) only when the hashes agree.
  std::size_t capacity = 16;
  while (capacity < 2 * rows.size()) capacity *= 2;
  constexpr std::uint64_t kEmpty = ~std::uint64_t{0};
  std::vector<std::uint64_t> slots(capacity, kEmpty);
  // The slot of a row a few ahead is fetched while this one is placed: the table of a national month is
  // larger than the caches, and the probes would otherwise wait on memory one after another.
  constexpr std::size_t kAhead = 8;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (i + kAhead < rows.size()) __builtin_prefetch(&slots[hash(rows[i + kAhead]) & (capacity - 1)]);
    const RttExtract::Row& r = rows[i];
    if (i < first_new && std::find(new_months.begin(), new_months.end(), r.month) == new_months.end())
      continue;
    const std::uint64_t h = hash(r);
    const auto fingerprint = static_cast<std::uint32_t>(h >> 32);
    std::size_t slot = h & (capacity - 1);
    auto same_row = [&](std::uint64_t entry) {
      return static_cast<std::uint32_t>(entry) == fingerprint && same_key(rows[entry >> 32], r);
    };
    while (slots[slot] != kEmpty && !same_row(slots[slot])) slot = (slot + 1) & (capacity - 1);
    if (slots[slot] == kEmpty) {
      slots[slot] = (std::uint64_t{i} << 32) | fingerprint;
      continue;
    }
    const RttExtract::Row& first = rows[slots[slot] >> 32];
    const std::string& first_file = x.sources()[first.source];
    const std::string& file = x.sources()[r.source];
    std::string first_place = fmt::format("{}:{}", first_file, first.line);
    if (first.source == r.source) {
      first_place = fmt::format("line {}", first.line);
    } else if (first_file == file) {
      first_place = fmt::format("line {} of its first copy (the same file given twice)", first.line);
    }
    throw InputError(SourceLocation{file, r.line, 1, {}},
                     fmt::format("repeats the row at {} ({} {} {} {} {}; expected each month, provider, "
                                 "commissioner, part and treatment function once - a repeated row would be "
                                 "counted twice)",
                                 first_place, r.month.to_string(), x.text(r.provider), x.text(r.commissioner),
                                 part_code(r.part), x.text(r.tfc)));
  }
}

}  // namespace elective::data
