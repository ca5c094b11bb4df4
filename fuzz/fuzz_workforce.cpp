// The workforce readers (FTE by staff group, total FTE series) and their statistics: every accepted FTE is
// finite and in range, the staff-group tree is only ever read level by level, and the tables render.
#include <cmath>
#include <cstdlib>
#include <string>

#include "core/table.hpp"
#include "data/workforce.hpp"
#include "fuzz_common.hpp"
#include "stats/capacity_stats.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = elective::fuzz::as_text(data, size);
  using namespace elective;
  stats::CapacitySelection selection;
  selection.by_provider = (size & 1) != 0;
  elective::fuzz::expect_only_input_errors([&] {
    const data::WorkforceFte file = data::WorkforceFte::parse(text, "fuzz.csv");
    for (const auto& r : file.records()) {
      for (double v : r.fte)
        if (!std::isfinite(v) || v < 0) std::abort();
      if (!std::isfinite(r.leaf_sum(data::StaffGroup::total))) std::abort();
    }
    (void)render_csv(stats::workforce_fte_stats(file, selection));
  });
  elective::fuzz::expect_only_input_errors([&] {
    const data::WorkforceTotal file = data::WorkforceTotal::parse(text, "fuzz.csv");
    for (const auto& r : file.rows())
      if (!std::isfinite(r.fte_total) || r.fte_total < 0) std::abort();
    (void)to_json_rows(stats::workforce_total_stats(file, selection)).dump();
  });
  return 0;
}
