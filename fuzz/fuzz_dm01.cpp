// The DM01 diagnostics reader and its statistics: every accepted count is finite and in range, so the band
// sums, percentiles and tables never meet NaN, infinity or an out-of-range integer conversion.
#include <cmath>
#include <cstdlib>
#include <string>

#include "core/table.hpp"
#include "data/dm01.hpp"
#include "fuzz_common.hpp"
#include "stats/dm01_stats.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = elective::fuzz::as_text(data, size);
  elective::fuzz::expect_only_input_errors([&] {
    using namespace elective;
    const data::Dm01List list = data::Dm01List::parse(text, "fuzz.csv");
    for (const auto& r : list.rows())
      for (double b : r.bands)
        if (!std::isfinite(b) || b < 0) std::abort();
    using B = stats::Dm01Breakdown;
    const std::vector<std::vector<B>> breakdowns = {{}, {B::provider}, {B::region, B::test}, {B::month}};
    const auto rows = stats::dm01_query(list, {}, breakdowns[size % breakdowns.size()]);
    for (const auto& r : rows) {
      if (r.summary.median.value && !std::isfinite(*r.summary.median.value)) std::abort();
      const double gap = r.summary.within_standard + r.summary.over_standard - r.summary.total;
      if (std::abs(gap) > 1e-9 * (1 + r.summary.total)) std::abort();
    }
    const Table t = stats::dm01_table(rows, (size & 1) != 0);
    (void)render_csv(t);
    (void)to_json_rows(t).dump();
  });
  return 0;
}
