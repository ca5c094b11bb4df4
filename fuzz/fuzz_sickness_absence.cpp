// The sickness absence reader and its statistics: days lost never exceed days available in an accepted row,
// so every rate is a fraction from 0 to 1.
#include <cmath>
#include <cstdlib>
#include <string>

#include "core/table.hpp"
#include "data/sickness_absence.hpp"
#include "fuzz_common.hpp"
#include "stats/capacity_stats.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = elective::fuzz::as_text(data, size);
  elective::fuzz::expect_only_input_errors([&] {
    using namespace elective;
    const data::SicknessAbsence file = data::SicknessAbsence::parse(text, "fuzz.csv");
    for (const auto& r : file.rows())
      if (!(r.rate() >= 0 && r.rate() <= 1)) std::abort();
    stats::CapacitySelection selection;
    selection.by_provider = (size & 1) != 0;
    (void)to_json_rows(stats::sickness_absence_stats(file, selection)).dump();
  });
  return 0;
}
