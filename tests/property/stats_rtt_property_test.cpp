// Property tests for the RTT reader and statistics on random extracts (seeded pcg32, so failures reproduce):
// band counts sum to totals, breakdowns add up to the whole, percentiles are monotone in the quantile, and
// the reader gives the same counts whatever the CSV dialect (quotes, CRLF, BOM, column order).
#include <gtest/gtest.h>

#include <fmt/format.h>
#include <pcg_random.hpp>

#include <random>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "data/csv.hpp"
#include "data/rtt_extract.hpp"
#include "stats/rtt_query.hpp"
#include "stats/wait_summary.hpp"

namespace elective::stats {
namespace {

using data::RttExtract;
using data::RttPart;

struct RandomExtract {
  std::string csv;
  std::vector<std::uint64_t> band_totals;  // Part_2 C_999 sums by band
  std::uint64_t part2_total = 0;
};

// Providers x commissioners x specialties, Part_2 and Part_1A rows, C_999 = sum of specialties.
RandomExtract random_extract(std::uint64_t seed, bool crlf, bool bom, bool quote_all) {
  pcg32 rng(seed);
  const int top = 104;
  const std::string eol = crlf ? "\r\n" : "\n";
  auto q = [&](const std::string& s) { return quote_all ? "\"" + s + "\"" : s; };
  RandomExtract out;
  out.band_totals.assign(top + 1, 0);
  std::string h = bom ? "\xEF\xBB\xBF" : "";
  h += "Period,Provider Org Code,Provider Org Name,Commissioner Org Code,RTT Part Type,Treatment Function "
       "Code";
  for (int k = 0; k < top; ++k)
    h += fmt::format(",{}", q(fmt::format("Gt {:02d} To {:02d} Weeks SUM 1", k, k + 1)));
  h += ",Gt 104 Weeks SUM 1,Total,Patients with unknown clock start date,Total All" + eol;
  out.csv = h;
  std::uniform_int_distribution<int> small(0, 40);
  std::uniform_int_distribution<int> nprov(1, 4);
  const std::vector<std::string> tfcs = {"C_100", "C_110", "C_130", "X02"};
  const int providers = nprov(rng);
  for (int p = 0; p < providers; ++p) {
    for (const std::string comm : {"11J", "QVV", "NONC"}) {
      for (const std::string part : {"Part_2", "Part_1A"}) {
        std::vector<std::uint64_t> sum(top + 1, 0);
        std::uint64_t unknown_sum = 0;
        for (const auto& tfc : tfcs) {
          std::vector<int> bands(top + 1);
          // Waits thin out with time: a decaying count per band keeps percentiles varied.
          const int scale = small(rng);
          for (int k = 0; k <= top; ++k) {
            bands[static_cast<size_t>(k)] =
                std::uniform_int_distribution<int>(0, std::max(0, scale - k / 3))(rng);
          }
          const int unknown = part == "Part_1A" ? small(rng) % 3 : 0;
          std::string r =
              fmt::format("RTT-May-2024,R{:02d},\"Provider, {}\",{},{},{}", p, p, comm, part, q(tfc));
          std::uint64_t s = 0;
          for (int k = 0; k <= top; ++k) {
            const int v = bands[static_cast<size_t>(k)];
            s += static_cast<std::uint64_t>(v);
            sum[static_cast<size_t>(k)] += static_cast<std::uint64_t>(v);
            // Blank cells mean zero.
            r += v == 0 && (k % 2 == 0) ? std::string(",") : fmt::format(",{}", v);
          }
          unknown_sum += static_cast<std::uint64_t>(unknown);
          r += part == "Part_2" ? fmt::format(",,,{}", s) : fmt::format(",{},{},{}", s, unknown, s + unknown);
          out.csv += r + eol;
        }
        std::string total_row =
            fmt::format("RTT-May-2024,R{:02d},\"Provider, {}\",{},{},C_999", p, p, comm, part);
        std::uint64_t s = 0;
        for (int k = 0; k <= top; ++k) {
          total_row += fmt::format(",{}", sum[static_cast<size_t>(k)]);
          s += sum[static_cast<size_t>(k)];
          if (part == "Part_2") out.band_totals[static_cast<size_t>(k)] += sum[static_cast<size_t>(k)];
        }
        total_row += part == "Part_2" ? fmt::format(",,,{}", s)
                                      : fmt::format(",{},{},{}", s, unknown_sum, s + unknown_sum);
        if (part == "Part_2") out.part2_total += s;
        out.csv += total_row + eol;
      }
    }
  }
  return out;
}

TEST(StatsRttProperty, BandCountsSumToTotalsAndBreakdownsAddUp) {
  for (std::uint64_t seed = 1; seed <= 40; ++seed) {
    const auto gen = random_extract(seed, seed % 2 == 0, seed % 3 == 0, seed % 5 == 0);
    const auto x = RttExtract::parse(gen.csv, fmt::format("random-{}.csv", seed));
    for (const auto& r : x.rows()) {
      const std::uint64_t unknown = r.unknown_clock_start == RttExtract::kBlank ? 0 : r.unknown_clock_start;
      ASSERT_EQ(x.band_sum(r) + unknown, r.total_all) << "seed " << seed << " line " << r.line;
    }
    const auto whole = query(x, Selection{}, {});
    ASSERT_EQ(whole.size(), 1u);
    const WaitSummary& s = whole[0].summary;
    EXPECT_DOUBLE_EQ(s.total, static_cast<double>(gen.part2_total)) << seed;
    for (size_t k = 0; k < gen.band_totals.size(); ++k) {
      ASSERT_DOUBLE_EQ(whole[0].histogram.counts[k], static_cast<double>(gen.band_totals[k]))
          << seed << " band " << k;
    }
    EXPECT_DOUBLE_EQ(s.within_18_weeks + *s.over_18_weeks, s.known) << seed;
    for (Breakdown by : {Breakdown::provider, Breakdown::tfc, Breakdown::commissioner}) {
      double sum = 0;
      for (const auto& r : query(x, Selection{}, {by})) sum += r.summary.total;
      EXPECT_DOUBLE_EQ(sum, s.total) << "seed " << seed << " by " << breakdown_name(by);
    }
    for (RttPart part : {RttPart::incomplete, RttPart::admitted}) {
      Selection sel;
      sel.part = part;
      const auto all = query(x, sel, {})[0];
      double by_tfc = 0;
      for (const auto& r : query(x, sel, {Breakdown::tfc, Breakdown::provider})) by_tfc += r.summary.total;
      EXPECT_DOUBLE_EQ(by_tfc, all.summary.total) << seed;
      if (all.summary.pct_within_18_weeks) {
        EXPECT_GE(*all.summary.pct_within_18_weeks, 0.0);
        EXPECT_LE(*all.summary.pct_within_18_weeks, 1.0);
      }
    }
  }
}

TEST(StatsRttProperty, CsvDialectDoesNotChangeCounts) {
  for (std::uint64_t seed = 100; seed < 110; ++seed) {
    const auto plain = RttExtract::parse(random_extract(seed, false, false, false).csv, "plain.csv");
    const auto fancy = RttExtract::parse(random_extract(seed, true, true, true).csv, "fancy.csv");
    ASSERT_EQ(plain.size(), fancy.size());
    for (size_t i = 0; i < plain.size(); ++i) {
      const auto& a = plain.rows()[i];
      const auto& b = fancy.rows()[i];
      ASSERT_EQ(plain.text(a.tfc), fancy.text(b.tfc));
      ASSERT_EQ(plain.text(a.provider_name), fancy.text(b.provider_name));
      for (int k = 0; k <= a.top_band; ++k) ASSERT_EQ(plain.bands(a)[k], fancy.bands(b)[k]);
      ASSERT_EQ(a.total_all, b.total_all);
    }
  }
}

TEST(StatsRttProperty, PercentilesAreMonotoneInTheQuantile) {
  pcg32 rng(20241130);
  for (int trial = 0; trial < 500; ++trial) {
    const int top = trial % 2 ? 104 : 52;
    WaitHistogram h(top);
    const int nonzero = std::uniform_int_distribution<int>(1, top + 1)(rng);
    for (int i = 0; i < nonzero; ++i) {
      const int k = std::uniform_int_distribution<int>(0, top)(rng);
      h.counts[static_cast<size_t>(k)] += std::uniform_int_distribution<int>(0, 500)(rng);
    }
    if (h.total() == 0) h.counts[0] = 1;
    double previous = -1;
    for (int i = 1; i <= 100; ++i) {
      const double p = i / 100.0;
      const auto pct = band_percentile(h, p);
      ASSERT_TRUE(pct.weeks);
      ASSERT_GE(*pct.weeks, previous - 1e-12) << "trial " << trial << " p " << p;
      ASSERT_GE(*pct.weeks, 0.0);
      ASSERT_LE(*pct.weeks, static_cast<double>(top + 1));
      // Consistency with the share within 18 weeks: P_p <= 18 exactly when at least p are within 18 weeks.
      if (top >= 18) {
        const double share = count_within_weeks(h, 18) / h.total();
        if (share >= p + 1e-12) {
          ASSERT_LE(*pct.weeks, 18.0 + 1e-9) << trial;
        }
        if (share < p - 1e-12) {
          ASSERT_GT(*pct.weeks, 18.0 - 1e-9) << trial;
        }
      }
      previous = *pct.weeks;
    }
    const WaitSummary s = summarise_waits(h);
    EXPECT_LE(*s.median_weeks.weeks, *s.p92_weeks.weeks + 1e-12);
  }
}

TEST(StatsRttProperty, CorruptedFilesFailWithALocatedInputError) {
  // Random byte edits, deletions and truncations of the real extract: the reader either succeeds (e.g. a
  // digit changed into another digit) or throws InputError naming the file and a line; never another
  // exception.
  const std::string original =
      data::read_file(std::string(ELECTIVE_SOURCE_DIR) + "/data/rtt_full_2024-11_RBD.csv");
  pcg32 rng(7);
  const std::string alphabet = "0123456789,\"\r\n-.aZ \x01";
  int failures = 0;
  for (int trial = 0; trial < 300; ++trial) {
    std::string text = original;
    const int edits = std::uniform_int_distribution<int>(1, 4)(rng);
    for (int e = 0; e < edits && !text.empty(); ++e) {
      const size_t pos = std::uniform_int_distribution<size_t>(0, text.size() - 1)(rng);
      switch (std::uniform_int_distribution<int>(0, 3)(rng)) {
        case 0:
          text[pos] = alphabet[std::uniform_int_distribution<size_t>(0, alphabet.size() - 1)(rng)];
          break;
        case 1:
          text.erase(pos, std::uniform_int_distribution<size_t>(1, 300)(rng));
          break;
        case 2:
          text.insert(pos, 1, alphabet[std::uniform_int_distribution<size_t>(0, alphabet.size() - 1)(rng)]);
          break;
        default:
          text.resize(pos);
          break;
      }
    }
    try {
      const auto x = RttExtract::parse(text, "corrupt.csv");
      (void)query(x, Selection{}, {Breakdown::tfc});
    } catch (const InputError& e) {
      ++failures;
      const std::string what = e.what();
      ASSERT_EQ(what.rfind("corrupt.csv:", 0), 0u) << what;
      ASSERT_EQ(what.find('\n'), std::string::npos) << "one line: " << what;
    }
  }
  EXPECT_GT(failures, 50);  // most corruptions are caught
}

}  // namespace
}  // namespace elective::stats
