// The cancer waiting times readers (provider extract and national series, chosen by the first byte) and their
// statistics: accepted counts are finite and in range, so performances are finite fractions.
#include <cmath>
#include <cstdlib>
#include <string>

#include "core/table.hpp"
#include "data/cancer_cwt.hpp"
#include "fuzz_common.hpp"
#include "stats/cancer_stats.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = elective::fuzz::as_text(data, size);
  elective::fuzz::expect_only_input_errors([&] {
    using namespace elective;
    using B = stats::CwtBreakdown;
    const std::vector<std::vector<B>> breakdowns = {
        {}, {B::provider}, {B::cancer_type, B::route}, {B::month}};
    const auto& by = breakdowns[size % breakdowns.size()];
    std::vector<stats::CwtStatsRow> rows;
    if ((size & 1) != 0) {
      rows = stats::cwt_query(data::CwtProvider::parse(text, "fuzz.csv"), {}, by);
    } else {
      rows =
          stats::cwt_national_query(data::CwtNational::parse(text, "fuzz.csv"), {}, {B::standard, B::month});
    }
    for (const auto& r : rows) {
      const auto p = r.performance();
      if (p && !std::isfinite(*p)) std::abort();
    }
    const Table t = stats::cwt_table(rows, false);
    (void)render_csv(t);
    (void)to_json_rows(t).dump();
  });
  return 0;
}
