// Golden tests of the standards overview (`elective standards`, issue 12) on the bundled real files:
// England's March 2025 figures as NHS England published them (FDS 78.9%, 31-day 91.4%, 62-day 71.4%,
// diagnostics 81.6% within 6 weeks), the RTT rows from the national series, the met and trend rules, and
// areas.
#include <gtest/gtest.h>

#include <map>
#include <string>

#include "core/error.hpp"
#include "data/cancer_cwt.hpp"
#include "data/dm01.hpp"
#include "data/input_file.hpp"
#include "data/national_series.hpp"
#include "data/provider_months.hpp"
#include "data/provider_reference.hpp"
#include "stats/standards_overview.hpp"

namespace elective::stats {
namespace {

const std::string kData = std::string(ELECTIVE_SOURCE_DIR) + "/data/";

const StandardsSources& sources() {
  static const data::NationalSeries national =
      data::NationalSeries::load(kData + "rtt_national_timeseries.csv");
  static const data::ProviderMonths months =
      data::ProviderMonths::load(kData + "rtt_provider_months_waited.csv.gz");
  static const data::ProviderReference providers = data::ProviderReference::load(kData + "providers.csv");
  static const data::Dm01List dm01 = data::Dm01List::parse(
      data::read_input_file(kData + "diagnostics_dm01_provider.csv"), "diagnostics_dm01_provider.csv");
  static const data::CwtProvider cancer = data::CwtProvider::parse(
      data::read_input_file(kData + "cancer_cwt_provider.csv.gz"), "cancer_cwt_provider.csv.gz");
  static const StandardsSources s{&national, &months, &providers, &dm01, &cancer};
  return s;
}

std::map<std::string, StandardRow> by_name(const std::vector<StandardRow>& rows) {
  std::map<std::string, StandardRow> out;
  for (const StandardRow& r : rows) out.emplace(r.standard, r);
  return out;
}

TEST(StandardsGolden, EnglandMarch2025) {
  const auto rows = standards_overview(sources(), resolve_area(sources().providers, {}, {}, {}));
  ASSERT_EQ(rows.size(), 12u);
  const auto s = by_name(rows);
  for (const char* name : {"Diagnostics 6 weeks (95%)", "Cancer 28-day FDS (77%)", "Cancer 31-day (96%)",
                           "Cancer 62-day (85%)"}) {
    EXPECT_EQ(s.at(name).month, YearMonth(2025, 3)) << name;
    EXPECT_EQ(s.at(name).area, "England");
    EXPECT_FALSE(s.at(name).estimated);
  }
  EXPECT_NEAR(*s.at("Diagnostics 6 weeks (95%)").value, 1 - 312744.0 / 1703242.0, 1e-12);  // 81.6%
  EXPECT_NEAR(*s.at("Cancer 28-day FDS (80%)").value, 217366.0 / 275403.0, 1e-12);         // 78.9%
  EXPECT_NEAR(*s.at("Cancer 31-day (96%)").value, 50423.0 / 55153.0, 1e-12);               // 91.4%
  EXPECT_NEAR(*s.at("Cancer 62-day (75% interim)").value, 19389.5 / 27162.5, 1e-12);       // 71.4%
  // Met at the deadline: FDS 75% by March 2024 is judged on the latest month (no March 2024 in the extract),
  // 77% by March 2025 on March 2025 (78.9%: met), 80% by March 2026 not yet.
  EXPECT_TRUE(*s.at("Cancer 28-day FDS (75%)").met);
  EXPECT_TRUE(*s.at("Cancer 28-day FDS (77%)").met);
  EXPECT_FALSE(*s.at("Cancer 28-day FDS (80%)").met);
  EXPECT_FALSE(*s.at("Diagnostics 6 weeks (95%)").met);
  EXPECT_EQ(s.at("Diagnostics 6 weeks (99%)").threshold, 0.99);
  EXPECT_FALSE(s.at("Diagnostics 6 weeks (99%)").deadline.has_value());
  EXPECT_EQ(s.at("Cancer 62-day (75% interim)").deadline, YearMonth(2026, 3));
  // Trend: DM01 starts in August 2024, so the change is from then (76.0% to 81.6%).
  EXPECT_NEAR(*s.at("Diagnostics 6 weeks (95%)").trend,
              (1 - 312744.0 / 1703242.0) - (1 - 374205.0 / 1562141.0), 1e-12);
}

TEST(StandardsGolden, EnglandRttFromTheNationalSeries) {
  const auto s = by_name(standards_overview(sources(), resolve_area(sources().providers, {}, {}, {})));
  const StandardRow& rtt = s.at("RTT 18 weeks (92%)");
  EXPECT_EQ(rtt.month, YearMonth(2025, 6));
  EXPECT_NEAR(*rtt.value, 0.6152512081, 1e-10);
  EXPECT_NEAR(*rtt.trend, 0.6152512081 - 0.5887556934, 1e-10);  // June 2024
  EXPECT_FALSE(*rtt.met);
  EXPECT_EQ(rtt.source, "rtt_national_timeseries.csv");
  // 0 over 78 weeks by April 2023 is judged on April 2023, 0 over 52 weeks by March 2025 on March 2025.
  EXPECT_FALSE(*s.at("RTT over 78 weeks (none)").met);
  EXPECT_EQ(*s.at("RTT over 52 weeks (none)").value, 191755);
  EXPECT_FALSE(s.at("RTT over 52 weeks (none)").share);
}

TEST(StandardsGolden, AreasSumTheirProviders) {
  const auto england = by_name(standards_overview(sources(), resolve_area(sources().providers, {}, {}, {})));
  const Area region = resolve_area(sources().providers, {}, {}, std::string("north west"));
  EXPECT_EQ(region.code, "Y62");
  EXPECT_EQ(resolve_area(sources().providers, {}, {}, std::string("Y62")).code, "Y62");
  const auto nw = by_name(standards_overview(sources(), region));
  EXPECT_TRUE(nw.at("RTT 18 weeks (92%)").estimated);  // from the provider months' month bins
  EXPECT_FALSE(nw.at("RTT over 65 weeks (none)").value.has_value());
  for (const char* name : {"Diagnostics 6 weeks (95%)", "Cancer 28-day FDS (77%)", "Cancer 62-day (85%)"}) {
    ASSERT_TRUE(nw.at(name).value) << name;
    EXPECT_NE(*nw.at(name).value, *england.at(name).value) << name;
    EXPECT_GT(*nw.at(name).value, 0.4);
    EXPECT_LT(*nw.at(name).value, 1.0);
  }
  const auto rrk =
      by_name(standards_overview(sources(), resolve_area(sources().providers, std::string("rrk"), {}, {})));
  EXPECT_EQ(rrk.at("Diagnostics 6 weeks (95%)").area.rfind("provider RRK", 0), 0u);
  ASSERT_TRUE(rrk.at("Diagnostics 6 weeks (95%)").value);
  EXPECT_THROW((void)resolve_area(sources().providers, std::string("RRK"), std::string("QR1"), {}),
               InputError);
  EXPECT_THROW((void)resolve_area(sources().providers, {}, {}, std::string("Atlantis")), InputError);
  EXPECT_THROW((void)resolve_area(sources().providers, {}, std::string("ZZZ"), {}), InputError);
}

}  // namespace
}  // namespace elective::stats
