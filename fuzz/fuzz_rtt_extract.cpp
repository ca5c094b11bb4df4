// The RTT Full CSV extract reader on arbitrary text, then the statistics a parsed extract feeds (selection,
// totals, histograms), which must hold for any extract the reader accepts.
#include <cstdlib>
#include <string>

#include "data/rtt_extract.hpp"
#include "fuzz_common.hpp"
#include "stats/rtt_query.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = elective::fuzz::as_text(data, size);
  elective::fuzz::expect_only_input_errors([&] {
    using namespace elective::data;
    const RttExtract x = RttExtract::parse(text, "fuzz.csv");
    if (x.empty()) std::abort();  // parse() promises at least one row
    for (const auto part :
         {RttPart::incomplete, RttPart::admitted, RttPart::nonadmitted, RttPart::dta, RttPart::new_periods}) {
      RowFilter f;
      f.part = part;
      const RttTotals t = x.totals(f);
      if (t.histogram.total() < 0) std::abort();
    }
    (void)x.completed_histogram();
    (void)x.new_periods();
    (void)x.providers();
    (void)x.months();
    // Appending a copy of itself repeats every row: the reader must refuse it, leaving the extract as it was.
    RttExtract twice = RttExtract::parse(text, "fuzz.csv");
    const size_t rows = twice.size();
    try {
      RttExtract again = RttExtract::parse(text, "again.csv");
      twice.append(std::move(again));
      std::abort();
    } catch (const elective::InputError&) {
      if (twice.size() != rows) std::abort();
    }
    elective::stats::Selection s;
    (void)elective::stats::query(x, s, {elective::stats::Breakdown::provider});
  });
  return 0;
}
