#include "sweep/sweep_spec.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>

#include <nlohmann/json.hpp>

#include "core/enum_names.hpp"
#include "data/data_source.hpp"
#include "plan/table_reader.hpp"

namespace elective::sweep {
namespace {

namespace fs = std::filesystem;

constexpr EnumName<SweepCommand> kCommandNames[] = {{SweepCommand::forecast, "forecast"},
                                                    {SweepCommand::simulate, "simulate"}};

}  // namespace

// Documents are at most 32 levels deep (plan::DocumentLimits), so this recursion is bounded.
nlohmann::json to_json(const plan::Node& node, const std::string& file) {
  switch (node.type) {
    case plan::Node::Type::boolean:
      return node.boolean;
    case plan::Node::Type::integer:
      return node.integer;
    case plan::Node::Type::floating:
      return node.floating;
    case plan::Node::Type::string:
      return node.text;
    case plan::Node::Type::array: {
      auto out = nlohmann::json::array();
      for (const auto& child : node.children) out.push_back(to_json(child, file));
      return out;
    }
    case plan::Node::Type::table: {
      auto out = nlohmann::json::object();
      for (const auto& child : node.children) out[child.key] = to_json(child, file);
      return out;
    }
    case plan::Node::Type::other:
      break;
  }
  plan::fail_at(file, node.position, "",
                "expected a number, string, boolean, array or table, got " + node.describe());
}

namespace {

// Sets a dotted key ("referrals.growth_per_year", "target[0].text") in a JSON scenario, creating tables on
// the way. Returns false when the path runs into a value that is not a table or an array index that is
// absent.
bool set_key(nlohmann::json& root, std::string_view dotted, nlohmann::json value) {
  nlohmann::json* at = &root;
  while (!dotted.empty()) {
    const auto dot = dotted.find('.');
    std::string_view segment = dotted.substr(0, dot);
    dotted = dot == std::string_view::npos ? std::string_view{} : dotted.substr(dot + 1);
    std::optional<std::size_t> index;
    if (const auto bracket = segment.find('['); bracket != std::string_view::npos) {
      if (segment.back() != ']') return false;
      const auto digits = segment.substr(bracket + 1, segment.size() - bracket - 2);
      if (digits.empty() ||
          !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return false;
      index = std::stoul(std::string(digits));
      segment = segment.substr(0, bracket);
    }
    if (segment.empty() || !at->is_object()) return false;
    at = &(*at)[std::string(segment)];
    if (index) {
      if (!at->is_array() || *index >= at->size()) return false;
      at = &(*at)[*index];
    }
  }
  *at = std::move(value);
  return true;
}

std::string point_label(const SweepSpec& spec, const GridPoint& point) {
  std::string label;
  for (std::size_t d = 0; d < spec.grid.size(); ++d) {
    if (!label.empty()) label += ", ";
    const auto& v = spec.grid[d].values[point.value_index[d]];
    label += spec.grid[d].key + " = " + to_json(v, spec.file).dump();
  }
  return label;
}

}  // namespace

const std::vector<std::string>& sweep_output_keys() {
  static const std::vector<std::string> keys = {"list_size",      "referrals",           "removals_treated",
                                                "removals_other", "pct_within_18_weeks", "over_18_weeks",
                                                "over_52_weeks",  "over_65_weeks",       "over_78_weeks",
                                                "over_104_weeks", "median_weeks",        "p92_weeks"};
  return keys;
}

std::string point_scenario_json(const plan::Document& base, const SweepSpec& spec, const GridPoint& point) {
  nlohmann::json scenario = to_json(base.root, base.file);
  for (std::size_t d = 0; d < spec.grid.size(); ++d) {
    const auto& value = spec.grid[d].values[point.value_index[d]];
    if (!set_key(scenario, spec.grid[d].key, to_json(value, spec.file)))
      plan::fail_at(spec.file, value.position, spec.grid[d].key,
                    "cannot set this key in the scenario " + spec.scenario_path +
                        " (a dotted path of tables, with [i] for an existing array item)");
  }
  return scenario.dump();
}

SweepPlan parse_sweep(std::string_view text, const std::string& file, const std::string& base_dir) {
  const plan::Document doc = plan::parse_document(text, plan::ScenarioSyntax::toml, file);
  const plan::TableReader root(doc.root, "", file, {"sweep"});
  const auto sweep =
      root.table("sweep", {"name", "scenario", "command", "replications", "seed", "outputs", "at", "grid"});
  if (!sweep) root.fail_table("expected a [sweep] table (docs/sweep.md)");

  SweepPlan plan;
  SweepSpec& spec = plan.spec;
  spec.file = file;
  spec.name = sweep->string("name").value_or(fs::path(file).stem().string());
  const auto scenario_name = sweep->string("scenario");
  if (!scenario_name)
    sweep->fail_table("expected scenario = \"a scenario file\" (relative to the sweep file)");
  auto source = std::make_shared<data::FileDataSource>(base_dir);
  const data::DataRef scenario_ref =
      source->resolve(*scenario_name, doc.where("sweep.scenario"), "sweep.scenario");
  spec.scenario_path = scenario_ref.key;  // a file path (FileDataSource)
  spec.command = sweep->choice("command", kCommandNames).value_or(SweepCommand::forecast);
  spec.replications = static_cast<int>(sweep->integer("replications", 1, 100000).value_or(1));
  spec.seed = static_cast<std::uint64_t>(sweep->integer("seed", 0, std::int64_t{1} << 62).value_or(1));
  spec.at = sweep->month("at");
  spec.at_where = doc.where("sweep.at");

  if (const plan::Node* outputs = sweep->get("outputs")) {
    if (!outputs->is_array() || outputs->children.empty())
      sweep->fail("outputs", "expected a list of month keys, e.g. [\"list_size\", \"pct_within_18_weeks\"]");
    for (const auto& item : outputs->children) {
      const auto& keys = sweep_output_keys();
      if (!item.is_string() || std::find(keys.begin(), keys.end(), item.text) == keys.end())
        plan::fail_at(
            file, item.position, "sweep.outputs",
            "expected one of " + fmt::format("{}", fmt::join(keys, ", ")) + ", got " + item.describe());
      spec.outputs.push_back(item.text);
    }
  } else {
    spec.outputs = {"list_size", "pct_within_18_weeks", "over_52_weeks"};
  }

  for (const auto& dim :
       sweep->tables("grid", {"key", "values"}, "[[sweep.grid]] key = \"...\" values = [...]")) {
    GridDimension g;
    const auto key = dim.string("key");
    if (!key || key->empty()) dim.fail_table("expected key = \"a dotted scenario key\"");
    g.key = *key;
    const plan::Node* values = dim.get("values");
    if (values == nullptr || !values->is_array() || values->children.empty())
      dim.fail_table("expected values = [ ... ] (at least one)");
    g.values = values->children;
    spec.grid.push_back(std::move(g));
  }

  // The base scenario, read once; every point is that document with its grid values set, passed through the
  // scenario gate with one shared data source (so its data files are read once for the whole sweep).
  const plan::DocumentLimits limits;
  const std::string base_text = data::read_bounded(spec.scenario_path, limits.max_bytes);
  const auto syntax = fs::path(spec.scenario_path).extension() == ".json" ? plan::ScenarioSyntax::json
                                                                          : plan::ScenarioSyntax::toml;
  const plan::Document base = plan::parse_document(base_text, syntax, spec.scenario_path, limits);
  const std::string scenario_dir = fs::path(spec.scenario_path).parent_path().string();
  auto point_source = std::make_shared<data::FileDataSource>(scenario_dir);

  std::size_t count = 1;
  for (const auto& g : spec.grid) {
    if (count > 100000 / g.values.size()) sweep->fail("grid", "expected at most 100,000 grid points");
    count *= g.values.size();
  }
  for (std::size_t i = 0; i < count; ++i) {
    GridPoint p;
    p.index = i;
    p.value_index.resize(spec.grid.size());
    std::size_t rest = i;
    for (std::size_t d = spec.grid.size(); d-- > 0;) {
      p.value_index[d] = rest % spec.grid[d].values.size();
      rest /= spec.grid[d].values.size();
    }
    const std::string json = point_scenario_json(base, spec, p);
    try {
      plan.scenarios.push_back(plan::parse_scenario(json, plan::ScenarioSyntax::json,
                                                    spec.scenario_path + " [" + point_label(spec, p) + "]",
                                                    point_source));
    } catch (const InputError& e) {
      // Point at the grid value the scenario rejected (the first dimension whose key the message names).
      const plan::Node* at = nullptr;
      for (std::size_t d = 0; d < spec.grid.size() && at == nullptr; ++d)
        if (std::string_view(e.what()).find(spec.grid[d].key) != std::string_view::npos)
          at = &spec.grid[d].values[p.value_index[d]];
      // The message without the generated JSON text's location, which means nothing to the user.
      std::string what = e.what();
      const std::string prefix = format_location(e.where()) + ": ";
      if (what.rfind(prefix, 0) == 0) what.erase(0, prefix.size());
      const auto sweep_at = doc.where("sweep");
      plan::fail_at(file, at != nullptr ? at->position : plan::Position{sweep_at.line, sweep_at.column},
                    "sweep.grid", "the scenario rejects " + point_label(spec, p) + ": " + what);
    }
    plan.points.push_back(std::move(p));
  }
  return plan;
}

SweepPlan load_sweep(const std::string& path) {
  const plan::DocumentLimits limits;
  const std::string text = data::read_bounded(path, limits.max_bytes);
  return parse_sweep(text, path, fs::path(path).parent_path().string());
}

}  // namespace elective::sweep
