// The provider months reader and the statistics built on it: every accepted file must give finite
// statistics for every breakdown, merged groups must keep their "merged:" key, and the month-bin estimate
// must keep every pathway.
#include <cmath>
#include <cstdlib>
#include <numeric>
#include <string>

#include "core/table.hpp"
#include "data/provider_months.hpp"
#include "data/provider_reference.hpp"
#include "fuzz_common.hpp"
#include "stats/provider_stats.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = elective::fuzz::as_text(data, size);
  elective::fuzz::expect_only_input_errors([&] {
    using namespace elective;
    const data::ProviderMonths file = data::ProviderMonths::parse(text, "fuzz.csv");
    if (file.size() == 0 || file.months().empty()) std::abort();
    static const data::ProviderReference reference = data::ProviderReference::parse(
        "provider_code,provider_name,region_code,region_name,icb_code,icb_name,lat,lon,postcode\n"
        "RBD,Dorset,Y58,South West,QVV,Dorset ICB,50.7,-2.4,DT1\nRET,Walton,Y62,North West,QYG,Cheshire,,,\n",
        "reference.csv");
    for (const auto type :
         {data::MonthsType::incomplete, data::MonthsType::completed, data::MonthsType::referrals}) {
      for (const char* by : {"provider", "icb,month", "region,specialty"}) {
        stats::ProviderQuery q;
        q.selection.type = type;
        q.by = stats::parse_provider_breakdowns({by});
        std::vector<stats::ProviderStatsRow> rows;
        try {
          rows = stats::query_provider_months(file, &reference, q);
        } catch (const InputError&) {
          continue;  // nothing of this type
        }
        for (const auto& r : rows) {
          if (!std::isfinite(r.summary.total)) std::abort();
          if (r.provider && file.find_group(*r.provider) &&
              file.groups()[*file.find_group(*r.provider)].merged() && r.provider->rfind("merged:", 0) != 0)
            std::abort();
          if (r.has_bins) {
            const double bins = std::accumulate(r.bins.begin(), r.bins.end(), 0.0);
            const double weekly = std::accumulate(r.weekly.counts.begin(), r.weekly.counts.end(), 0.0);
            if (std::abs(bins - weekly) > 1e-6 * (1 + bins)) std::abort();
          }
        }
        const Table t = stats::provider_stats_table(rows, {(size & 1) != 0, (size & 2) != 0});
        (void)render_csv(t);
        (void)to_json_rows(t).dump();
      }
    }
  });
  return 0;
}
