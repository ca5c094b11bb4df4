// Productivity (stats/productivity.hpp) on the real files, with the files' rows shuffled: the comparison of
// trusts depends on what the files say, never on the order they say it in - every row's clock stops, FTE,
// expected clock stops and ratio are the same for any order of providers; and in every month the expected
// clock stops of the trusts compared add up to their observed clock stops (indirect standardisation). Region
// rows, sums over trusts, are likewise the same for any order.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "data/beds_kh03.hpp"
#include "data/input_file.hpp"
#include "data/provider_months.hpp"
#include "data/provider_reference.hpp"
#include "data/workforce.hpp"
#include "stats/productivity.hpp"

namespace elective::stats {
namespace {

std::string bundled(const std::string& name) {
  return data::read_input_file(std::string(ELECTIVE_SOURCE_DIR) + "/data/" + name);
}

// The header, then the data lines in a random order.
std::string shuffled(const std::string& text, std::uint32_t seed) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t end = text.find('\n', start);
    lines.push_back(text.substr(start, end == std::string::npos ? std::string::npos : end - start));
    if (end == std::string::npos) break;
    start = end + 1;
  }
  std::mt19937 rng(seed);
  std::shuffle(lines.begin() + 1, lines.end(), rng);
  std::string out;
  for (const auto& l : lines) out += l + "\n";
  return out;
}

struct Files {
  data::ProviderMonths rtt;
  data::WorkforceFte workforce;
  data::BedsKh03 beds;
};

const std::string& rtt_text() {
  static const std::string t = bundled("rtt_provider_months_waited.csv.gz");
  return t;
}
const std::string& workforce_text() {
  static const std::string t = bundled("workforce_fte_provider.csv.gz");
  return t;
}
const std::string& beds_text() {
  static const std::string t = bundled("beds_kh03_provider.csv");
  return t;
}

std::map<std::string, ProductivityRow> rows_of(const Files& f, YearMonth month,
                                               ProductivityLevel by = ProductivityLevel::provider,
                                               const data::ProviderReference* reference = nullptr) {
  ProductivityOptions o;
  o.month = month;
  o.by = by;
  std::map<std::string, ProductivityRow> out;
  for (auto& r : productivity({&f.rtt, &f.workforce, &f.beds, reference}, o).rows) out.emplace(r.key, r);
  return out;
}

void expect_near(const std::optional<double>& a, const std::optional<double>& b, const std::string& what) {
  ASSERT_EQ(a.has_value(), b.has_value()) << what;
  if (a) {
    EXPECT_NEAR(*a, *b, 1e-9 * (1 + std::abs(*a))) << what;
  }
}

TEST(ProductivityProperty, InvariantToTheOrderOfProviders) {
  const Files original{data::ProviderMonths::parse(rtt_text(), "rtt"),
                       data::WorkforceFte::parse(workforce_text(), "workforce"),
                       data::BedsKh03::parse(beds_text(), "beds")};
  for (std::uint32_t seed : {1u, 2u}) {
    const Files permuted{data::ProviderMonths::parse(shuffled(rtt_text(), seed), "rtt"),
                         data::WorkforceFte::parse(shuffled(workforce_text(), seed + 10), "workforce"),
                         data::BedsKh03::parse(shuffled(beds_text(), seed + 20), "beds")};
    static const data::ProviderReference reference =
        data::ProviderReference::parse(bundled("providers.csv"), "providers.csv");
    for (const auto& [month, by] : {std::pair{YearMonth(2024, 10), ProductivityLevel::provider},
                                    std::pair{YearMonth(2025, 1), ProductivityLevel::provider},
                                    std::pair{YearMonth(2025, 1), ProductivityLevel::region}}) {
      const auto a = rows_of(original, month, by, &reference), b = rows_of(permuted, month, by, &reference);
      ASSERT_EQ(a.size(), b.size());
      for (const auto& [key, r] : a) {
        const auto it = b.find(key);
        ASSERT_NE(it, b.end()) << key;
        const ProductivityRow& s = it->second;
        expect_near(r.clock_stops, s.clock_stops, key + " clock stops");
        expect_near(r.consultant_fte, s.consultant_fte, key + " consultants");
        expect_near(r.general_acute_beds, s.general_acute_beds, key + " beds");
        expect_near(r.expected_clock_stops, s.expected_clock_stops, key + " expected");
        expect_near(r.standardised_ratio, s.standardised_ratio, key + " ratio");
        expect_near(r.ratio_trend_per_month, s.ratio_trend_per_month, key + " trend");
        EXPECT_NEAR(r.added_at_median, s.added_at_median, 1e-6 * (1 + r.added_at_median)) << key;
        EXPECT_EQ(r.trusts, s.trusts) << key;
        EXPECT_EQ(r.flags, s.flags) << key;
      }
    }
  }
}

TEST(ProductivityProperty, ExpectedAddsUpToObservedInEveryMonthAndLevel) {
  const Files f{data::ProviderMonths::parse(rtt_text(), "rtt"),
                data::WorkforceFte::parse(workforce_text(), "workforce"),
                data::BedsKh03::parse(beds_text(), "beds")};
  const auto months = productivity({&f.rtt, &f.workforce, &f.beds, nullptr}, {}).months;
  ASSERT_FALSE(months.empty());
  for (YearMonth m : months) {
    ProductivityOptions o;
    o.month = m;
    const auto result = productivity({&f.rtt, &f.workforce, &f.beds, nullptr}, o);
    double observed = 0, expected = 0;
    for (const auto& r : result.rows)
      if (r.expected_clock_stops) {
        observed += *r.clock_stops;
        expected += *r.expected_clock_stops;
        // A trust's ratio is its observed over its expected.
        EXPECT_NEAR(*r.standardised_ratio, *r.clock_stops / *r.expected_clock_stops, 1e-12);
      }
    EXPECT_GT(observed, 0) << m.to_string();
    EXPECT_NEAR(expected, observed, 1e-9 * observed) << m.to_string();
  }
}

}  // namespace
}  // namespace elective::stats
