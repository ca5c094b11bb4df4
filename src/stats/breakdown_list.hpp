#pragma once
// The --by lists of every `elective stats` reader (RTT, DM01, cancer): repeatable options whose values may
// also be comma lists ("--by provider,tfc --by month"), parsed item by item, in order, without repeats.
#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace elective::stats {

// `parse(item)` gives the breakdown of one item, nullopt to skip it (e.g. "none"), or throws InputError.
template <typename Breakdown, typename Parse>
std::vector<Breakdown> parse_breakdown_list(const std::vector<std::string>& options, Parse&& parse) {
  std::vector<Breakdown> out;
  for (const auto& option : options) {
    std::string_view rest(option);
    while (true) {
      const size_t comma = rest.find(',');
      const std::optional<Breakdown> b = parse(rest.substr(0, comma));
      if (b && std::find(out.begin(), out.end(), *b) == out.end()) out.push_back(*b);
      if (comma == std::string_view::npos) break;
      rest.remove_prefix(comma + 1);
    }
  }
  return out;
}

}  // namespace elective::stats
