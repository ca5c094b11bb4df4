// The KH03 beds reader and its statistics: accepted beds are finite and non-negative, every quarter agrees
// with its period end, and the tables render.
#include <cmath>
#include <cstdlib>
#include <string>

#include "core/table.hpp"
#include "data/beds_kh03.hpp"
#include "fuzz_common.hpp"
#include "stats/capacity_stats.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = elective::fuzz::as_text(data, size);
  elective::fuzz::expect_only_input_errors([&] {
    using namespace elective;
    const data::BedsKh03 file = data::BedsKh03::parse(text, "fuzz.csv");
    for (const auto& r : file.rows()) {
      if (data::quarter_end(r.quarter) != r.period_end) std::abort();
      for (std::size_t s = 0; s < data::kBedSectors; ++s)
        if (!std::isfinite(r.available[s]) || r.available[s] < 0 || !std::isfinite(r.occupied[s]))
          std::abort();
    }
    stats::CapacitySelection selection;
    selection.by_provider = (size & 1) != 0;
    (void)render_csv(stats::beds_stats(file, selection));
  });
  return 0;
}
