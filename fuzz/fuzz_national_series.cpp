// The national time series reader and the statistics computed from it: every accepted value must be finite
// and plausible, so the statistics never meet NaN, infinity or an out-of-range integer conversion.
#include <cmath>
#include <cstdlib>
#include <string>

#include "core/table.hpp"
#include "data/national_series.hpp"
#include "fuzz_common.hpp"
#include "stats/national_stats.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = elective::fuzz::as_text(data, size);
  elective::fuzz::expect_only_input_errors([&] {
    using namespace elective;
    const data::NationalSeries series = data::NationalSeries::parse(text, "fuzz.csv");
    if (series.size() == 0) std::abort();
    for (const auto part : {data::RttPart::incomplete, data::RttPart::admitted, data::RttPart::nonadmitted,
                            data::RttPart::new_periods}) {
      stats::NationalOptions o;
      o.part = part;
      o.estimates = (size & 1) != 0;
      const auto rows = stats::national_stats(series, o);
      for (const auto& r : rows) {
        if (r.total && !std::isfinite(*r.total)) std::abort();
      }
      const Table t = stats::national_stats_table(rows, part, false);
      (void)render_csv(t);
      (void)to_json_rows(t).dump();
    }
  });
  return 0;
}
