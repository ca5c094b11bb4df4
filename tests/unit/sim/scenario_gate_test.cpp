// The scenario gate: every class of scenario error, in TOML and in JSON, [simulation] included and also those
// found after parsing (by the engine, the calibration or the simulation), is reported as
//   file:line:column: key: what was expected
// with the line and column of the value (or key) it is about.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <ostream>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "plan/engine.hpp"
#include "plan/scenario.hpp"
#include "sim/config.hpp"
#include "sim/simulate_api.hpp"

namespace elective::sim {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

const std::string kBase = ELECTIVE_SOURCE_DIR;

enum class Stage {
  parse,       // plan::parse_scenario
  simulation,  // + sim::parse_sim_config
  forecast,    // + plan::prepare_baseline (errors found in the data)
  simulate     // + sim::simulate (errors found building the model)
};

struct GateCase {
  std::string name;
  Stage stage;
  std::string key;      // the key the message names ("" when it names none, e.g. a syntax error)
  std::string what;     // part of the message
  std::string toml;     // appended to the minimal TOML scenario, or a whole scenario when it has [start]
  std::string toml_at;  // the text whose first occurrence is where the error points ("": any position)
  std::string json;     // members appended to the minimal JSON scenario, or a whole scenario when it has "{"
  std::string json_at;
};

const std::string kToml = R"([start]
month = "2024-07"
data = "data/rtt_national_timeseries.csv"
[horizon]
until = "2026-07"
)";

std::string toml_of(const GateCase& c) {
  return c.toml.find("[start]") != std::string::npos ? c.toml : kToml + c.toml;
}

std::string json_of(const GateCase& c) {
  if (!c.json.empty() && c.json.front() == '{') return c.json;
  return "{\n\"start\": {\"month\": \"2024-07\", \"data\": \"data/rtt_national_timeseries.csv\"},\n"
         "\"horizon\": {\"until\": \"2026-07\"}" +
         c.json + "\n}\n";
}

// 1-based line and column (in characters) of the first occurrence of `anchor`.
std::pair<std::int64_t, std::int64_t> position_of(const std::string& text, const std::string& anchor) {
  const size_t at = text.find(anchor);
  if (at == std::string::npos) return {0, 0};
  std::int64_t line = 1, column = 1;
  for (size_t i = 0; i < at; ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
      ++column;
    }
  }
  return {line, column};
}

std::string error_of(const std::string& text, plan::ScenarioSyntax syntax, const std::string& file,
                     Stage stage) {
  try {
    const plan::Scenario s = plan::parse_scenario(text, syntax, file, kBase);
    if (stage == Stage::simulation) (void)parse_sim_config(s);
    if (stage == Stage::forecast) (void)plan::prepare_baseline(s);
    if (stage == Stage::simulate) {
      SimRunOptions o;
      o.replications = 1;
      o.threads = 1;
      (void)simulate(s, o, Progress{});
    }
  } catch (const InputError& e) {
    return e.what();
  }
  return "(no error)";
}

void expect_located(const std::string& message, const std::string& text, const std::string& file,
                    const std::string& anchor, const GateCase& c) {
  EXPECT_THAT(message, HasSubstr(c.what));
  EXPECT_EQ(message.find('\n'), std::string::npos) << "one line: " << message;
  if (anchor.empty()) {
    // Any real position: file:L:C: with L, C > 0.
    EXPECT_THAT(message, StartsWith(file + ":"));
    int line = 0, column = 0;
    EXPECT_EQ(std::sscanf(message.c_str() + file.size(), ":%d:%d:", &line, &column), 2) << message;
    EXPECT_GT(line, 0) << message;
    EXPECT_GT(column, 0) << message;
    return;
  }
  const auto [line, column] = position_of(text, anchor);
  ASSERT_GT(line, 0) << "anchor not in the text: " << anchor;
  const std::string prefix = c.key.empty() ? fmt::format("{}:{}:{}: ", file, line, column)
                                           : fmt::format("{}:{}:{}: {}: ", file, line, column, c.key);
  EXPECT_THAT(message, StartsWith(prefix));
}

const std::vector<GateCase> kCases = {
    // Syntax.
    {"toml_syntax", Stage::parse, "", "invalid TOML", "[referrals]\ngrowth_per_year = = 1\n", "", "", ""},
    {"json_syntax", Stage::parse, "", "invalid JSON", "", "",
     ",\n\"referrals\": {\"growth_per_year\": 0.01, ]}", "]"},
    {"json_duplicate_key", Stage::parse, "horizon", "duplicate key", "", "",
     ",\n\"horizon\": {\"until\": \"2027-01\"}", "\"horizon\": {\"until\": \"2027"},
    {"json_null", Stage::parse, "referrals.growth_per_year", "null is not allowed", "", "",
     ",\n\"referrals\": {\"growth_per_year\": null}", "null"},
    {"invalid_utf8", Stage::parse, "", "UTF-8", "", "", ",\n\"scenario\": {\"name\": \"caf\xC3\x28\"}", ""},
    // Keys.
    {"unknown_section", Stage::parse, "capasity", "unknown key 'capasity'",
     "[capasity]\ngrowth_per_year = 0.02\n", "capasity", ",\n\"capasity\": {\"growth_per_year\": 0.02}",
     "\"capasity\""},
    {"unknown_key", Stage::parse, "capacity.growth_per_yer", "expected one of: growth_per_year",
     "[capacity]\ngrowth_per_yer = 0.02\n", "growth_per_yer", ",\n\"capacity\": {\"growth_per_yer\": 0.02}",
     "\"growth_per_yer\""},
    // Types, units, ranges.
    {"percent_string", Stage::parse, "referrals.growth_per_year", "write fractions: 0.015 for 1.5%",
     "[referrals]\ngrowth_per_year = \"1.5%\"\n", "\"1.5%\"",
     ",\n\"referrals\": {\"growth_per_year\": \"1.5%\"}", "\"1.5%\""},
    {"out_of_range", Stage::parse, "referrals.growth_per_year",
     "1.5 is out of range (expected a fraction per year", "[referrals]\ngrowth_per_year = 1.5\n", "1.5",
     ",\n\"referrals\": {\"growth_per_year\": 1.5}", "1.5"},
    {"non_finite", Stage::parse, "referrals.growth_per_year", "finite",
     "[referrals]\ngrowth_per_year = nan\n", "nan", ",\n\"referrals\": {\"growth_per_year\": 1e400}",
     "1e400"},
    {"infinite_count", Stage::parse, "start.list_size", "finite",
     "[start]\nmonth = \"2024-07\"\nlist_size = inf\n[horizon]\nuntil = \"2026-07\"\n", "inf",
     "{\"start\": {\"month\": \"2024-07\", \"list_size\": -1e999}, \"horizon\": {\"until\": \"2026-07\"}}",
     "-1e999"},
    {"huge_count", Stage::parse, "start.referrals_per_week", "out of range",
     "[start]\nmonth = \"2024-07\"\nlist_size = 5\nreferrals_per_week = 1e300\n[horizon]\nuntil = "
     "\"2026-07\"\n",
     "1e300",
     "{\"start\": {\"month\": \"2024-07\", \"list_size\": 5, \"referrals_per_week\": 1e300}, \"horizon\": "
     "{\"until\": "
     "\"2026-07\"}}",
     "1e300"},
    {"nan_in_histogram", Stage::parse, "start.histogram[1]", "finite",
     "[start]\nmonth = \"2024-07\"\nhistogram = [1, nan]\n[horizon]\nuntil = \"2026-07\"\n", "nan]", "", ""},
    {"whole_number", Stage::parse, "calibration.window_months", "expected a whole number from 2 to 60",
     "[calibration]\nwindow_months = 2.5\n", "2.5", ",\n\"calibration\": {\"window_months\": 2.5}", "2.5"},
    {"integer_range", Stage::parse, "uncertainty.samples", "-1 is out of range",
     "[uncertainty]\nsamples = -1\n", "-1", ",\n\"uncertainty\": {\"samples\": -1}", "-1"},
    {"not_a_table", Stage::parse, "referrals", "expected a table", "referrals = 3\n" + kToml, "3",
     ",\n\"referrals\": 3", "3\n"},
    {"month", Stage::parse, "validation.at", "expected a month \"YYYY-MM\"",
     "[validation]\nat = \"April 2025\"\nshare_removed = 0.01\n", "\"April",
     ",\n\"validation\": {\"at\": \"April 2025\", \"share_removed\": 0.01}", "\"April"},
    {"choice", Stage::parse, "policy.removal_rule", "expected calibrated, in_turn or long_waits_first",
     "[policy]\nremoval_rule = \"fifo\"\n", "\"fifo\"", ",\n\"policy\": {\"removal_rule\": \"fifo\"}",
     "\"fifo\""},
    {"other_mode", Stage::parse, "removals.other_mode", "expected share or volume",
     "[removals]\nother_mode = \"both\"\n", "\"both\"", ",\n\"removals\": {\"other_mode\": \"both\"}",
     "\"both\""},
    {"range_order", Stage::parse, "referrals.growth_per_year", "must not exceed high",
     "[referrals]\ngrowth_per_year = { low = 0.03, high = 0.01 }\n", "{ low",
     ",\n\"referrals\": {\"growth_per_year\": {\"low\": 0.03, \"high\": 0.01}}", "{\"low\""},
    {"missing_key", Stage::parse, "shock[0].from", "missing", "[[shock]]\ncapacity_loss = 0.1\n", "",
     ",\n\"shock\": [{\"capacity_loss\": 0.1}]", "{\"capacity_loss\""},
    {"target_text", Stage::parse, "target[0].text", "expected one of",
     "[[target]]\ntext = \"92 percent by 2029\"\n", "\"92 percent",
     ",\n\"target\": [{\"text\": \"92 percent by 2029\"}]", "\"92 percent"},
    {"target_nan", Stage::parse, "target[0].text", "not a percentage",
     "[[target]]\ntext = \"nan% within 18 weeks by 2029-03\"\n", "\"nan%",
     ",\n\"target\": [{\"text\": \"nan% within 18 weeks by 2029-03\"}]", "\"nan%"},
    // Files: the path policy.
    {"file_not_found", Stage::parse, "start.data", "file not found",
     "[start]\nmonth = \"2024-07\"\ndata = \"no/such/file.csv\"\n[horizon]\nuntil = \"2026-07\"\n",
     "\"no/such",
     "{\"start\": {\"month\": \"2024-07\", \"data\": \"no/such/file.csv\"}, \"horizon\": {\"until\": "
     "\"2026-07\"}}",
     "\"no/such"},
    {"device", Stage::parse, "start.data", "not a regular file",
     "[start]\nmonth = \"2024-07\"\ndata = \"/dev/urandom\"\n[horizon]\nuntil = \"2026-07\"\n", "\"/dev",
     "{\"start\": {\"month\": \"2024-07\", \"data\": \"/dev/urandom\"}, \"horizon\": {\"until\": "
     "\"2026-07\"}}",
     "\"/dev"},
    {"stored_dataset_on_the_command_line", Stage::parse, "start.dataset", "only in the server",
     "[start]\nmonth = \"2024-07\"\ndataset = 3\n[horizon]\nuntil = \"2026-07\"\n", "3\n",
     "{\"start\": {\"month\": \"2024-07\", \"dataset\": 3}, \"horizon\": {\"until\": \"2026-07\"}}", "3}"},
    // [simulation], read by src/sim from the same document.
    {"simulation_unknown_key", Stage::simulation, "simulation.replicatons", "unknown key 'replicatons'",
     "[simulation]\nreplicatons = 3\n", "replicatons", ",\n\"simulation\": {\"replicatons\": 3}",
     "\"replicatons\""},
    {"simulation_policy", Stage::simulation, "simulation.policy",
     "unknown policy 'random' (expected in_turn, clinical_priority, long_waits_first, equity or weighted)",
     "[simulation]\npolicy = \"random\"\n", "\"random\"", ",\n\"simulation\": {\"policy\": \"random\"}",
     "\"random\""},
    {"simulation_range", Stage::simulation, "simulation.mutual_aid.acceptance", "1.5 is out of range",
     "[simulation.mutual_aid]\nacceptance = 1.5\n", "1.5",
     ",\n\"simulation\": {\"mutual_aid\": {\"acceptance\": 1.5}}", "1.5"},
    {"simulation_name", Stage::simulation, "simulation.population.priority_mix.P9", "unknown name 'P9'",
     "[simulation.population]\npriority_mix = { P9 = 1 }\n", "P9",
     ",\n\"simulation\": {\"population\": {\"priority_mix\": {\"P9\": 1}}}", "\"P9\""},
    {"simulation_nan_share", Stage::simulation, "simulation.population.imd_decile_mix[2]", "finite",
     "[simulation.population]\nimd_decile_mix = [1, 1, nan, 1, 1, 1, 1, 1, 1, 1]\n", "nan", "", ""},
    {"simulation_date", Stage::simulation, "simulation.strike[0].until", "must not be before",
     "[[simulation.strike]]\nfrom = \"2025-01-06\"\nuntil = \"2025-01-01\"\ncapacity_loss = 0.2\n",
     "\"2025-01-01\"",
     ",\n\"simulation\": {\"strike\": [{\"from\": \"2025-01-06\", \"until\": \"2025-01-01\", "
     "\"capacity_loss\": 0.2}]}",
     "\"2025-01-01\""},
    {"simulation_patients_device", Stage::simulation, "simulation.population.patients", "not a regular file",
     "[simulation.population]\npatients = \"/dev/urandom\"\n", "\"/dev",
     ",\n\"simulation\": {\"population\": {\"patients\": \"/dev/urandom\"}}", "\"/dev"},
    {"simulation_tfc_mix_from_missing", Stage::simulation, "simulation.population.tfc_mix_from",
     "file not found", "[simulation.population]\ntfc_mix_from = \"missing.csv\"\n", "\"missing",
     ",\n\"simulation\": {\"population\": {\"tfc_mix_from\": \"missing.csv\"}}", "\"missing"},
    // Found after parsing, still located.
    {"start_month_not_in_data", Stage::forecast, "start.month", "is not in",
     "[start]\nmonth = \"2031-01\"\ndata = \"data/rtt_national_timeseries.csv\"\n[horizon]\nuntil = "
     "\"2032-01\"\n",
     "\"2031-01\"",
     "{\"start\": {\"month\": \"2031-01\", \"data\": \"data/rtt_national_timeseries.csv\"}, \"horizon\": "
     "{\"until\": "
     "\"2032-01\"}}",
     "\"2031-01\""},
    {"extract_for_a_histogram", Stage::forecast, "start.data", "must be the national time series",
     "[start]\nmonth = \"2024-11\"\nhistogram = [1, 1]\ndata = "
     "\"data/rtt_full_2024-11_RBD.csv\"\n[horizon]\nuntil = "
     "\"2025-11\"\n",
     "\"data/rtt_full",
     "{\"start\": {\"month\": \"2024-11\", \"histogram\": [1, 1], \"data\": "
     "\"data/rtt_full_2024-11_RBD.csv\"}, "
     "\"horizon\": {\"until\": \"2025-11\"}}",
     "\"data/rtt_full"},
    {"provider_not_in_extract", Stage::forecast, "start.provider", "no incomplete pathways",
     "[start]\nmonth = \"2024-11\"\ndata = \"data/rtt_full_2024-11_RBD.csv\"\nprovider = "
     "\"XYZ\"\n[horizon]\nuntil = "
     "\"2025-11\"\n",
     "\"XYZ\"",
     "{\"start\": {\"month\": \"2024-11\", \"data\": \"data/rtt_full_2024-11_RBD.csv\", \"provider\": "
     "\"XYZ\"}, "
     "\"horizon\": {\"until\": \"2025-11\"}}",
     "\"XYZ\""},
    {"hub_without_a_queue", Stage::simulate, "simulation.hub[0]", "no queue for provider XYZ",
     "[start]\nmonth = \"2024-07\"\nhistogram = [10, 10]\nreferrals_per_week = 5\ncapacity_per_week = 5\n"
     "[horizon]\nuntil = \"2024-10\"\n[[simulation.hub]]\nprovider = \"XYZ\"\ntfc = \"C_110\"\nper_week = "
     "1\n",
     "",
     "{\"start\": {\"month\": \"2024-07\", \"histogram\": [10, 10], \"referrals_per_week\": 5, "
     "\"capacity_per_week\": "
     "5},\n\"horizon\": {\"until\": \"2024-10\"},\n\"simulation\": {\"hub\": [{\"provider\": \"XYZ\", "
     "\"tfc\": "
     "\"C_110\", \"per_week\": 1}]}}",
     "{\"provider\""},
};

// gtest prints a parameter by name rather than as bytes.
void PrintTo(const GateCase& c, std::ostream* os) {
  *os << c.name;
}

std::vector<GateCase> cases_with(std::string GateCase::*text) {
  std::vector<GateCase> out;
  for (const GateCase& c : kCases)
    if (!(c.*text).empty()) out.push_back(c);
  return out;
}

std::string case_name(const ::testing::TestParamInfo<GateCase>& param) {
  return param.param.name;
}

class TomlGate : public ::testing::TestWithParam<GateCase> {};
class JsonGate : public ::testing::TestWithParam<GateCase> {};

TEST_P(TomlGate, ErrorsNameFileLineColumnAndKey) {
  const GateCase& c = GetParam();
  const std::string text = toml_of(c);
  const std::string message = error_of(text, plan::ScenarioSyntax::toml, "gate.toml", c.stage);
  expect_located(message, text, "gate.toml", c.toml_at, c);
}

TEST_P(JsonGate, ErrorsNameFileLineColumnAndKey) {
  const GateCase& c = GetParam();
  const std::string text = json_of(c);
  const std::string message = error_of(text, plan::ScenarioSyntax::json, "gate.json", c.stage);
  expect_located(message, text, "gate.json", c.json_at, c);
}

INSTANTIATE_TEST_SUITE_P(EveryErrorClass, TomlGate, ::testing::ValuesIn(cases_with(&GateCase::toml)),
                         case_name);
INSTANTIATE_TEST_SUITE_P(EveryErrorClass, JsonGate, ::testing::ValuesIn(cases_with(&GateCase::json)),
                         case_name);

}  // namespace
}  // namespace elective::sim
