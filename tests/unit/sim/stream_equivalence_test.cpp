// Statistical equivalence of the engine across a change of random-stream layout (docs/simulation.md
// "Random streams"): the means of the key outputs over 20 replications of trust-rbd-patient-level must agree
// with those of the reference engine recorded in engine_reference_trust_rbd.txt within Monte Carlo error.
// The reference file is a measurement of the engine before the layout changed (its header names the commit
// and command), not an expected result: a bias of the new layout shows up as a difference of several
// standard errors.
//
// Setting ELECTIVE_WRITE_ENGINE_REFERENCE=<file> writes the current engine's figures to <file> instead.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "plan/engine.hpp"
#include "plan/scenario.hpp"
#include "sim/build_model.hpp"
#include "sim/config.hpp"
#include "sim/engine.hpp"

namespace elective::sim {
namespace {

constexpr int kReplications = 20;
const std::string kReference =
    std::string(ELECTIVE_SOURCE_DIR) + "/tests/unit/sim/engine_reference_trust_rbd.txt";

struct Moments {
  double mean = 0, sd = 0;
};

// Per replication: the last month's list size, over-52 count and median wait, and the treated total.
std::map<std::string, std::vector<double>> key_outputs(const SimModel& model, std::uint64_t seed) {
  std::map<std::string, std::vector<double>> out;
  for (int r = 0; r < kReplications; ++r) {
    const ReplicationResult run = run_replication(model, seed, static_cast<std::uint64_t>(r));
    const plan::MonthOutcome& last = run.months.back();
    const plan::MonthOutcome& mid = run.months[run.months.size() / 2];
    out["last_month_list_size"].push_back(last.list_size);
    out["last_month_over_52_weeks"].push_back(last.over_52_weeks.value_or(0));
    out["last_month_median_weeks"].push_back(last.median_weeks.value_or(0));
    out["mid_month_list_size"].push_back(mid.list_size);
    out["mid_month_over_52_weeks"].push_back(mid.over_52_weeks.value_or(0));
    out["treated_total"].push_back(run.treated_total);
    out["other_removals_total"].push_back(run.other_removals_total);
  }
  return out;
}

Moments moments(const std::vector<double>& v) {
  Moments m;
  for (double x : v) m.mean += x;
  m.mean /= static_cast<double>(v.size());
  double ss = 0;
  for (double x : v) ss += (x - m.mean) * (x - m.mean);
  m.sd = std::sqrt(ss / static_cast<double>(v.size() - 1));
  return m;
}

std::map<std::string, Moments> read_reference(const std::string& path) {
  std::ifstream in(path);
  std::map<std::string, Moments> ref;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream ls(line);
    std::string name;
    Moments m;
    int n = 0;
    ls >> name >> m.mean >> m.sd >> n;
    if (ls && n == kReplications) ref[name] = m;
  }
  return ref;
}

TEST(StreamEquivalenceTest, MeansOfKeyOutputsMatchTheReferenceEngineWithinMonteCarloError) {
  const plan::Scenario s =
      plan::load_scenario(std::string(ELECTIVE_SOURCE_DIR) + "/scenarios/trust-rbd-patient-level.toml");
  const SimConfig config = parse_sim_config(s);
  const plan::Baseline baseline = plan::prepare_baseline(s);
  const std::uint64_t seed = config.seed.value_or(1);
  const SimModel model = build_model(s, config, baseline, nullptr, seed);
  const auto outputs = key_outputs(model, seed);

  if (const char* path = std::getenv("ELECTIVE_WRITE_ENGINE_REFERENCE")) {
    std::ofstream out(path);
    out << "# Reference engine figures for tests/unit/sim/stream_equivalence_test.cpp: means and standard\n"
           "# deviations over 20 replications (run_replication(model, seed 7, replication 0..19)) of\n"
           "# scenarios/trust-rbd-patient-level.toml, midpoint drivers.\n"
           "# Produced by: ELECTIVE_WRITE_ENGINE_REFERENCE=<file> build/tests/test_sim \\\n"
           "#   --gtest_filter=StreamEquivalenceTest.*\n"
           "# name mean sd replications\n";
    out.precision(10);
    for (const auto& [name, v] : outputs) {
      const Moments m = moments(v);
      out << name << ' ' << m.mean << ' ' << m.sd << ' ' << v.size() << '\n';
    }
    GTEST_SKIP() << "wrote " << path;
  }

  const auto ref = read_reference(kReference);
  ASSERT_EQ(ref.size(), outputs.size()) << "reference file " << kReference;
  for (const auto& [name, v] : outputs) {
    ASSERT_TRUE(ref.count(name)) << name;
    const Moments now = moments(v), before = ref.at(name);
    // Standard error of the difference of two independent means of 20; 4 of them is a false alarm about
    // once in 16,000 per output.
    const double se = std::sqrt((now.sd * now.sd + before.sd * before.sd) / kReplications);
    EXPECT_LE(std::abs(now.mean - before.mean), 4 * se + 1e-9 * std::abs(before.mean))
        << name << ": now " << now.mean << " (sd " << now.sd << "), reference " << before.mean << " (sd "
        << before.sd << ")";
    // A layout change must not change the spread much either: both are samples of the same distribution.
    if (before.sd > 0) {
      EXPECT_LT(now.sd, 3 * before.sd) << name;
      EXPECT_GT(now.sd, before.sd / 3) << name;
    }
  }
}

}  // namespace
}  // namespace elective::sim
