// The within-trust elasticity of clock stops to consultant FTE (stats/capacity_elasticity.hpp) on synthetic
// files built so that log clock stops = trust effect + month effect + 0.7 log consultants exactly: the fit
// recovers 0.7, forecasts the held-out months without error, and beats naive scaling (1) and persistence (0).
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include <fmt/format.h>

#include "core/error.hpp"
#include "data/provider_months.hpp"
#include "data/workforce.hpp"
#include "stats/capacity_elasticity.hpp"

namespace elective::stats {
namespace {

TEST(CapacityElasticity, RecoversAKnownElasticityAndBeatsTheNaiveMethods) {
  const double beta = 0.7;
  std::string rtt =
      "month,provider_code,provider_name,specialty,type,m00,m01,m02,m03,m04,m05,m06,m07,m08,m09,m10,m11,m12_"
      "plus,total,merged_provider_codes\n";
  std::string workforce =
      "month,region_code,region_name,icb_code,provider_code,provider_name,staff_group,fte\n";
  const int trusts = 5, months = 6;
  for (int p = 0; p < trusts; ++p)
    for (int t = 0; t < months; ++t) {
      const YearMonth month = YearMonth(2024, 8) + t;
      const std::string code = fmt::format("T{}", p);
      // Whole clock stops that vary by trust and month; the consultants are what the model says they are.
      const int stops = 1000 * (p + 1) + 37 * ((p * 7 + t * 3) % 11);
      const double trust_effect = 20.0 + p, month_effect = 1.0 + 0.05 * t;
      const double fte = std::pow(stops / (trust_effect * month_effect), 1 / beta);
      auto row = [&](const char* specialty, const char* type, int count) {
        rtt += fmt::format("{},{},Trust {},{},{},{},0,0,0,0,0,0,0,0,0,0,0,0,{},\n", month.to_string(), code,
                           p, specialty, type, count, count);
      };
      row("Total", "completed", stops);
      row("Trauma and Orthopaedic", "completed", stops);
      row("Total", "incomplete", 5000);
      row("Trauma and Orthopaedic", "incomplete", 5000);
      workforce +=
          fmt::format("{},Y56,London,QMJ,{},Trust {},Consultant,{:.12f}\n", month.to_string(), code, p, fte);
    }
  const auto rtt_file = data::ProviderMonths::parse(rtt, "rtt.csv");
  const auto workforce_file = data::WorkforceFte::parse(workforce, "workforce.csv");
  ProductivitySources sources;
  sources.rtt = &rtt_file;
  sources.workforce = &workforce_file;
  const auto r = capacity_elasticity(sources, {2});
  EXPECT_EQ(r.trusts, trusts);
  EXPECT_EQ(r.training.size(), 4u);
  EXPECT_EQ(r.held_out.size(), 2u);
  EXPECT_NEAR(r.beta, beta, 1e-6);
  ASSERT_EQ(r.methods.size(), 3u);
  EXPECT_STREQ(r.methods[0].name, "fitted");
  EXPECT_NEAR(r.methods[0].mape, 0, 1e-6);
  EXPECT_GT(r.methods[1].mape, 1e-3);  // naive scaling
  EXPECT_GT(r.methods[2].mape, 1e-3);  // persistence
  EXPECT_THROW((void)capacity_elasticity(sources, {4}), InputError);
}

}  // namespace
}  // namespace elective::stats
