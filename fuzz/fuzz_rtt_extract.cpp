// The RTT Full CSV extract reader on arbitrary text, then the statistics a parsed extract feeds (selection,
// totals, histograms), which must hold for any extract the reader accepts.
#include <cstdlib>
#include <string>

#include "data/rtt_extract.hpp"
#include "data/rtt_extract_checks.hpp"
#include "fuzz_common.hpp"
#include "stats/rtt_query.hpp"

namespace {

// What a reader made of the text: its error message, or every row's fields (texts for dictionary ids).
std::string outcome(std::string_view text, bool fast_scan) {
  using namespace elective::data;
  try {
    const RttExtract x =
        fast_scan ? RttExtract::parse(text, "fuzz.csv") : parse_rtt_extract_by_tokenizer(text, "fuzz.csv");
    std::string out;
    for (const auto& r : x.rows()) {
      out += r.month.to_string() + ' ' + std::string(part_code(r.part)) + ' ' + std::to_string(r.line);
      for (const auto id :
           {r.provider, r.provider_name, r.provider_parent, r.provider_parent_name, r.commissioner,
            r.commissioner_name, r.commissioner_parent, r.commissioner_parent_name, r.tfc, r.tfc_name})
        out += '|' + x.text(id);
      for (const auto v : {r.total, r.unknown_clock_start, r.total_all, std::uint32_t{r.bands_blank}})
        out += ' ' + std::to_string(v);
      for (int k = 0; k <= r.top_band; ++k) out += ' ' + std::to_string(x.bands(r)[k]);
      out += '\n';
    }
    return out;
  } catch (const elective::Error& e) {
    return std::string("error: ") + e.what();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = elective::fuzz::as_text(data, size);
  // The reader's fast row scan must agree with the tokenizer-only path: the same rows or the same error.
  if (outcome(text, true) != outcome(text, false)) std::abort();
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
