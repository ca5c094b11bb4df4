#include "data/rtt_extract_checks.hpp"

#include <fmt/format.h>

#include <set>
#include <string>
#include <unordered_map>

#include "core/error.hpp"

namespace elective::data {

// Each (month, provider, commissioner, part, treatment function) appears once in NHS England's files; a
// repeat - a row pasted twice, or the same month's file given twice - would be counted twice in every sum, so
// it is an error naming both places. Rows before `first_new` are known to be unique among themselves.
void check_unique_rows(const RttExtract& x, std::size_t first_new) {
  struct Key {
    std::int32_t month;
    std::uint32_t provider, commissioner, tfc;
    std::uint8_t part;
    bool operator==(const Key&) const = default;
  };
  struct KeyHash {
    std::size_t operator()(const Key& k) const noexcept {
      std::uint64_t h = static_cast<std::uint32_t>(k.month);
      for (std::uint64_t v : {std::uint64_t{k.provider}, std::uint64_t{k.commissioner}, std::uint64_t{k.tfc},
                              std::uint64_t{k.part}})
        h = (h ^ v) * 0x100000001b3ull + (h >> 29);
      return static_cast<std::size_t>(h);
    }
  };
  const auto& rows = x.rows();
  if (rows.size() - first_new == 0) return;
  // Only months that the new rows have can repeat.
  std::set<YearMonth> new_months;
  for (std::size_t i = first_new; i < rows.size(); ++i) new_months.insert(rows[i].month);
  std::unordered_map<Key, std::size_t, KeyHash> seen;
  seen.reserve(rows.size() - first_new);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const RttExtract::Row& r = rows[i];
    if (i < first_new && !new_months.count(r.month)) continue;
    const Key key{r.month.index(), r.provider, r.commissioner, r.tfc, static_cast<std::uint8_t>(r.part)};
    const auto [it, inserted] = seen.emplace(key, i);
    if (inserted) continue;
    const RttExtract::Row& first = rows[it->second];
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
