#include "plan/scenario.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

namespace elective::plan {

namespace fs = std::filesystem;

std::string_view to_string(RemovalRule rule) {
  switch (rule) {
    case RemovalRule::calibrated:
      return "calibrated";
    case RemovalRule::in_turn:
      return "in_turn";
    case RemovalRule::long_waits_first:
      return "long_waits_first";
  }
  return "calibrated";
}

std::optional<RemovalRule> parse_removal_rule(std::string_view text) {
  if (text == "calibrated") return RemovalRule::calibrated;
  if (text == "in_turn") return RemovalRule::in_turn;
  if (text == "long_waits_first") return RemovalRule::long_waits_first;
  return std::nullopt;
}

bool Scenario::has_uncertainty() const {
  bool any = referrals.growth_per_year.uncertain() || referrals.hidden_demand.total.uncertain() ||
             capacity.growth_per_year.uncertain() || capacity.extra_per_week.amount.uncertain() ||
             capacity.extra_per_week.pathways_per_unit.uncertain() ||
             capacity.independent_sector.per_week.uncertain() ||
             capacity.independent_sector.staff_overlap.uncertain() ||
             removals.other_rate_factor.uncertain() || validation.share_removed.uncertain() ||
             (removals.total_growth_per_year && removals.total_growth_per_year->uncertain());
  for (const Shock& s : shocks) any = any || s.capacity_loss.uncertain();
  return any;
}

std::string resolve_data_path(const std::string& path, const std::string& base_dir) {
  const fs::path p(path);
  if (p.is_absolute()) return path;
  std::error_code ec;
  if (fs::exists(p, ec)) return path;
  if (!base_dir.empty() && fs::exists(fs::path(base_dir) / p, ec)) return (fs::path(base_dir) / p).string();
  std::vector<fs::path> data_dirs;
  if (const char* env = std::getenv("ELECTIVE_DATA_DIR"); env != nullptr && *env != '\0')
    data_dirs.emplace_back(env);
  data_dirs.emplace_back(ELECTIVE_DEFAULT_DATA_DIR);
  for (const fs::path& dir : data_dirs) {
    if (fs::exists(dir / p, ec)) return (dir / p).string();
    // "data/x.csv" written relative to the repository root also resolves against the data folder.
    if (!p.empty() && p.begin()->string() == "data" && fs::exists(dir / p.lexically_relative("data"), ec))
      return (dir / p.lexically_relative("data")).string();
  }
  return path;
}

namespace {

// Validation context: every error names the file, line and the dotted key.
class Reader {
 public:
  Reader(std::string file) : file_(std::move(file)) {}

  [[noreturn]] void fail(const toml::node* node, const std::string& key, const std::string& message) const {
    SourceLocation where;
    where.file = file_;
    if (node != nullptr) {
      where.line = static_cast<std::int64_t>(node->source().begin.line);
      where.column = static_cast<std::int64_t>(node->source().begin.column);
    }
    throw InputError(where, fmt::format("{}: {}", key, message));
  }

  void allow_only(const toml::table& table, const std::string& prefix,
                  std::initializer_list<std::string_view> keys) const {
    for (const auto& [k, v] : table) {
      if (std::find(keys.begin(), keys.end(), k.str()) != keys.end()) continue;
      std::string list;
      for (auto allowed : keys) list += (list.empty() ? "" : ", ") + std::string(allowed);
      fail(&v, prefix.empty() ? std::string(k.str()) : prefix + "." + std::string(k.str()),
           fmt::format("unknown key (expected one of: {})", list));
    }
  }

  const toml::table* table(const toml::table& parent, std::string_view key, const std::string& name) const {
    const toml::node* n = parent.get(key);
    if (n == nullptr) return nullptr;
    if (!n->is_table()) fail(n, name, "expected a table");
    return n->as_table();
  }

  std::optional<double> number(const toml::table& t, std::string_view key, const std::string& name) const {
    const toml::node* n = t.get(key);
    if (n == nullptr) return std::nullopt;
    if (const auto* i = n->as_integer()) return static_cast<double>(i->get());
    if (const auto* d = n->as_floating_point()) return d->get();
    if (const auto* s = n->as_string())
      fail(n, name,
           fmt::format("expected a number, got the string \"{}\"{}", s->get(),
                       s->get().find('%') != std::string::npos ? " (write fractions: 0.015 for 1.5%)" : ""));
    fail(n, name, "expected a number");
  }

  double number_in(const toml::table& t, std::string_view key, const std::string& name, double lo, double hi,
                   const char* unit, double fallback) const {
    const auto v = number(t, key, name);
    if (!v) return fallback;
    if (!(*v >= lo && *v <= hi))
      fail(t.get(key), name, fmt::format("{} must be {} from {} to {}", *v, unit, lo, hi));
    return *v;
  }

  // A number or { low = , high = }.
  Range range(const toml::table& t, std::string_view key, const std::string& name, double lo, double hi,
              const char* unit, Range fallback) const {
    const toml::node* n = t.get(key);
    if (n == nullptr) return fallback;
    auto check = [&](double v, const toml::node* at, const std::string& what) {
      if (!(v >= lo && v <= hi)) fail(at, what, fmt::format("{} must be {} from {} to {}", v, unit, lo, hi));
    };
    if (const auto* tab = n->as_table()) {
      allow_only(*tab, name, {"low", "high"});
      const auto low = number(*tab, "low", name + ".low");
      const auto high = number(*tab, "high", name + ".high");
      if (!low || !high) fail(n, name, "a range needs both low and high: { low = ..., high = ... }");
      check(*low, tab->get("low"), name + ".low");
      check(*high, tab->get("high"), name + ".high");
      if (*low > *high) fail(n, name, fmt::format("low ({}) must not exceed high ({})", *low, *high));
      return Range(*low, *high);
    }
    const auto v = number(t, key, name);
    check(*v, n, name);
    return Range(*v);
  }

  std::optional<std::string> string(const toml::table& t, std::string_view key,
                                    const std::string& name) const {
    const toml::node* n = t.get(key);
    if (n == nullptr) return std::nullopt;
    if (const auto* s = n->as_string()) return s->get();
    fail(n, name, "expected a string");
  }

  std::optional<YearMonth> month(const toml::table& t, std::string_view key, const std::string& name) const {
    const auto s = string(t, key, name);
    if (!s) return std::nullopt;
    const auto m = YearMonth::parse(*s);
    if (!m) fail(t.get(key), name, fmt::format("expected a month \"YYYY-MM\", got \"{}\"", *s));
    return m;
  }

  std::optional<bool> boolean(const toml::table& t, std::string_view key, const std::string& name) const {
    const toml::node* n = t.get(key);
    if (n == nullptr) return std::nullopt;
    if (const auto* b = n->as_boolean()) return b->get();
    fail(n, name, "expected true or false");
  }

  std::optional<std::int64_t> integer(const toml::table& t, std::string_view key, const std::string& name,
                                      std::int64_t lo, std::int64_t hi) const {
    const toml::node* n = t.get(key);
    if (n == nullptr) return std::nullopt;
    const auto* i = n->as_integer();
    if (i == nullptr) fail(n, name, "expected a whole number");
    if (i->get() < lo || i->get() > hi)
      fail(n, name, fmt::format("{} must be from {} to {}", i->get(), lo, hi));
    return i->get();
  }

  const std::string& file() const { return file_; }

 private:
  std::string file_;
};

toml::table json_to_toml(const nlohmann::json& j, const std::string& file);

void add_json_value(toml::table& table, const std::string& key, const nlohmann::json& v,
                    const std::string& file);

toml::array json_array(const nlohmann::json& j, const std::string& file) {
  toml::array arr;
  for (const auto& v : j) {
    if (v.is_object()) {
      arr.push_back(json_to_toml(v, file));
    } else if (v.is_number_integer()) {
      arr.push_back(v.get<std::int64_t>());
    } else if (v.is_number()) {
      arr.push_back(v.get<double>());
    } else if (v.is_string()) {
      arr.push_back(v.get<std::string>());
    } else if (v.is_boolean()) {
      arr.push_back(v.get<bool>());
    } else if (v.is_array()) {
      arr.push_back(json_array(v, file));
    } else {
      throw InputError(SourceLocation{file, 0, 0, {}}, "null is not allowed in a scenario");
    }
  }
  return arr;
}

void add_json_value(toml::table& table, const std::string& key, const nlohmann::json& v,
                    const std::string& file) {
  if (v.is_object()) {
    table.insert(key, json_to_toml(v, file));
  } else if (v.is_array()) {
    table.insert(key, json_array(v, file));
  } else if (v.is_number_integer()) {
    table.insert(key, v.get<std::int64_t>());
  } else if (v.is_number()) {
    table.insert(key, v.get<double>());
  } else if (v.is_string()) {
    table.insert(key, v.get<std::string>());
  } else if (v.is_boolean()) {
    table.insert(key, v.get<bool>());
  } else {
    throw InputError(SourceLocation{file, 0, 0, key},
                     fmt::format("{}: null is not allowed in a scenario", key));
  }
}

toml::table json_to_toml(const nlohmann::json& j, const std::string& file) {
  if (!j.is_object()) throw InputError(SourceLocation{file, 1, 1, {}}, "a JSON scenario must be an object");
  toml::table t;
  for (const auto& [k, v] : j.items()) add_json_value(t, k, v, file);
  return t;
}

void parse_start(const Reader& r, const toml::table& root, Scenario& s) {
  const toml::table* t = r.table(root, "start", "start");
  if (t == nullptr)
    r.fail(nullptr, "start", "the scenario needs a [start] table (month and data or figures)");
  r.allow_only(
      *t, "start",
      {"month", "data", "provider", "tfc", "histogram", "list_size", "pct_within_18_weeks", "over_52_weeks",
       "referrals_per_week", "capacity_per_week", "other_removals_share_per_month"});
  StartSpec& st = s.start;
  const auto month_text = r.string(*t, "month", "start.month");
  if (!month_text) r.fail(t, "start.month", "missing (a month \"YYYY-MM\" or \"latest\")");
  if (*month_text != "latest") {
    st.month = YearMonth::parse(*month_text);
    if (!st.month)
      r.fail(t->get("month"), "start.month",
             fmt::format("expected \"YYYY-MM\" or \"latest\", got \"{}\"", *month_text));
  }
  st.provider = r.string(*t, "provider", "start.provider");
  st.tfc = r.string(*t, "tfc", "start.tfc");
  st.list_size = r.number(*t, "list_size", "start.list_size");
  if (st.list_size && *st.list_size <= 0)
    r.fail(t->get("list_size"), "start.list_size", "must be greater than 0");
  if (st.list_size)
    st.pct_within_18_weeks =
        r.number_in(*t, "pct_within_18_weeks", "start.pct_within_18_weeks", 0, 1, "a fraction", -1);
  if (st.pct_within_18_weeks && *st.pct_within_18_weeks < 0) st.pct_within_18_weeks.reset();
  st.over_52_weeks = r.number(*t, "over_52_weeks", "start.over_52_weeks");
  if (st.over_52_weeks && (*st.over_52_weeks < 0 || (st.list_size && *st.over_52_weeks > *st.list_size)))
    r.fail(t->get("over_52_weeks"), "start.over_52_weeks", "must be from 0 to the list size");
  if (!st.list_size && (t->get("pct_within_18_weeks") != nullptr || t->get("over_52_weeks") != nullptr))
    r.fail(t, "start.list_size",
           "headline figures (pct_within_18_weeks, over_52_weeks) need start.list_size");
  if (const toml::node* h = t->get("histogram")) {
    const auto* arr = h->as_array();
    if (arr == nullptr)
      r.fail(h, "start.histogram", "expected an array of counts by weekly band (band 0 first)");
    if (arr->size() < 2 || arr->size() > static_cast<size_t>(kCurrentTopBand) + 1)
      r.fail(h, "start.histogram",
             fmt::format("expected 2 to {} band counts, got {}", kCurrentTopBand + 1, arr->size()));
    for (size_t i = 0; i < arr->size(); ++i) {
      const toml::node& v = *arr->get(i);
      double x = 0;
      if (const auto* iv = v.as_integer()) {
        x = static_cast<double>(iv->get());
      } else if (const auto* dv = v.as_floating_point()) {
        x = dv->get();
      } else {
        r.fail(&v, fmt::format("start.histogram[{}]", i), "expected a count");
      }
      if (x < 0) r.fail(&v, fmt::format("start.histogram[{}]", i), "a count cannot be negative");
      st.histogram.push_back(x);
    }
  }
  st.referrals_per_week = r.number(*t, "referrals_per_week", "start.referrals_per_week");
  st.capacity_per_week = r.number(*t, "capacity_per_week", "start.capacity_per_week");
  if (st.referrals_per_week && *st.referrals_per_week < 0)
    r.fail(t->get("referrals_per_week"), "start.referrals_per_week", "must be >= 0");
  if (st.capacity_per_week && *st.capacity_per_week < 0)
    r.fail(t->get("capacity_per_week"), "start.capacity_per_week", "must be >= 0");
  if (t->get("other_removals_share_per_month") != nullptr)
    st.other_removals_per_month_share = r.number_in(
        *t, "other_removals_share_per_month", "start.other_removals_share_per_month", 0, 1, "a fraction", 0);
  const auto data = r.string(*t, "data", "start.data");
  if (!st.histogram.empty() && st.list_size)
    r.fail(t, "start", "give either histogram or list_size, not both");
  if (!st.histogram.empty()) {
    st.kind = StartKind::histogram;
  } else if (st.list_size) {
    st.kind = StartKind::headline;
  } else {
    st.kind = StartKind::data_file;
  }
  if (st.kind != StartKind::data_file) {
    if (!st.month)
      r.fail(t->get("month"), "start.month",
             "a histogram or headline start needs an explicit month, not \"latest\"");
  }
  if (data) {
    st.data_path = resolve_data_path(*data, s.base_dir);
    std::error_code ec;
    if (!fs::exists(st.data_path, ec))
      r.fail(t->get("data"), "start.data", fmt::format("file not found: {}", *data));
  } else {
    st.data_path = resolve_data_path("rtt_national_timeseries.csv", s.base_dir);
  }
}

void parse_scenario_table(const Reader& r, const toml::table& root, Scenario& s) {
  r.allow_only(root, "",
               {"scenario", "start", "horizon", "referrals", "capacity", "removals", "shock", "validation",
                "policy", "calibration", "uncertainty", "target", "simulation"});
  if (const toml::table* t = r.table(root, "scenario", "scenario")) {
    r.allow_only(*t, "scenario", {"name", "description"});
    if (auto v = r.string(*t, "name", "scenario.name")) s.name = *v;
    if (auto v = r.string(*t, "description", "scenario.description")) s.description = *v;
  }
  parse_start(r, root, s);

  const toml::table* hz = r.table(root, "horizon", "horizon");
  if (hz == nullptr)
    r.fail(nullptr, "horizon", "the scenario needs a [horizon] table with until = \"YYYY-MM\"");
  r.allow_only(*hz, "horizon", {"until", "months"});
  const auto until = r.month(*hz, "until", "horizon.until");
  const auto months = r.integer(*hz, "months", "horizon.months", 1, 600);
  if (until && months) r.fail(hz, "horizon", "give until or months, not both");
  if (!until && !months) r.fail(hz, "horizon.until", "missing (a month \"YYYY-MM\")");
  if (until) {
    s.until = *until;
    if (s.start.month && *until <= *s.start.month)
      r.fail(hz->get("until"), "horizon.until",
             fmt::format("must be after start.month {}", s.start.month->to_string()));
    if (s.start.month && *until - *s.start.month > 600)
      r.fail(hz->get("until"), "horizon.until", "more than 50 years ahead");
  } else {
    // Resolved against the start month once it is known (for "latest", when the data are read).
    s.horizon_months = static_cast<int>(*months);
    if (s.start.month) s.until = *s.start.month + s.horizon_months.value();
  }

  if (const toml::table* t = r.table(root, "referrals", "referrals")) {
    r.allow_only(*t, "referrals", {"growth_per_year", "seasonality", "hidden_demand"});
    s.referrals.growth_per_year = r.range(*t, "growth_per_year", "referrals.growth_per_year", -0.5, 0.5,
                                          "a fraction per year (0.015 = 1.5%)", 0.0);
    if (auto b = r.boolean(*t, "seasonality", "referrals.seasonality")) s.referrals.seasonality = *b;
    if (const toml::table* h = r.table(*t, "hidden_demand", "referrals.hidden_demand")) {
      r.allow_only(*h, "referrals.hidden_demand", {"total", "over_months", "from"});
      s.referrals.hidden_demand.total =
          r.range(*h, "total", "referrals.hidden_demand.total", 0, 1e8, "a number of extra referrals", 0.0);
      if (auto m = r.integer(*h, "over_months", "referrals.hidden_demand.over_months", 1, 240))
        s.referrals.hidden_demand.over_months = static_cast<int>(*m);
      s.referrals.hidden_demand.from = r.month(*h, "from", "referrals.hidden_demand.from");
    }
  }

  if (const toml::table* t = r.table(root, "capacity", "capacity")) {
    r.allow_only(*t, "capacity", {"growth_per_year", "seasonality", "extra_per_week", "independent_sector"});
    s.capacity.growth_per_year = r.range(*t, "growth_per_year", "capacity.growth_per_year", -0.5, 0.5,
                                         "a fraction per year (0.024 = 2.4%)", 0.0);
    if (auto b = r.boolean(*t, "seasonality", "capacity.seasonality")) s.capacity.seasonality = *b;
    if (const toml::table* e = r.table(*t, "extra_per_week", "capacity.extra_per_week")) {
      r.allow_only(*e, "capacity.extra_per_week", {"amount", "from", "until", "pathways_per_unit"});
      s.capacity.extra_per_week.amount =
          r.range(*e, "amount", "capacity.extra_per_week.amount", -1e7, 1e7, "a number per week", 0.0);
      s.capacity.extra_per_week.from = r.month(*e, "from", "capacity.extra_per_week.from");
      s.capacity.extra_per_week.until = r.month(*e, "until", "capacity.extra_per_week.until");
      s.capacity.extra_per_week.pathways_per_unit =
          r.range(*e, "pathways_per_unit", "capacity.extra_per_week.pathways_per_unit", 0, 10,
                  "clock stops per unit", 1.0);
      const auto& x = s.capacity.extra_per_week;
      if (x.from && x.until && *x.until < *x.from)
        r.fail(e->get("until"), "capacity.extra_per_week.until", "must not be before from");
    }
    if (const toml::table* e = r.table(*t, "independent_sector", "capacity.independent_sector")) {
      r.allow_only(*e, "capacity.independent_sector", {"per_week", "staff_overlap", "from"});
      s.capacity.independent_sector.per_week =
          r.range(*e, "per_week", "capacity.independent_sector.per_week", 0, 1e7, "a number per week", 0.0);
      s.capacity.independent_sector.staff_overlap =
          r.range(*e, "staff_overlap", "capacity.independent_sector.staff_overlap", 0, 1, "a share", 0.0);
      s.capacity.independent_sector.from = r.month(*e, "from", "capacity.independent_sector.from");
    }
  }

  if (const toml::table* t = r.table(root, "removals", "removals")) {
    r.allow_only(*t, "removals", {"other_rate_factor", "other_mode", "total_growth_per_year"});
    s.removals.other_rate_factor =
        r.range(*t, "other_rate_factor", "removals.other_rate_factor", 0, 10, "a multiplier", 1.0);
    if (t->get("total_growth_per_year") != nullptr) {
      s.removals.total_growth_per_year =
          r.range(*t, "total_growth_per_year", "removals.total_growth_per_year", -0.5, 0.5,
                  "a fraction per year", 0.0);
      // All removals grow at this rate: capacity growth and other-removal volumes would say it twice.
      const toml::table* cap = root.get_as<toml::table>("capacity");
      if (cap != nullptr && cap->get("growth_per_year") != nullptr)
        r.fail(t->get("total_growth_per_year"), "removals.total_growth_per_year",
               "cannot be combined with capacity.growth_per_year (it sets the growth of all removals)");
      if (t->get("other_mode") != nullptr)
        r.fail(t->get("total_growth_per_year"), "removals.total_growth_per_year",
               "cannot be combined with removals.other_mode (it sets the other removals as a share of all "
               "removals)");
    }
    if (auto v = r.string(*t, "other_mode", "removals.other_mode")) {
      if (*v == "share") {
        s.removals.other_mode = OtherRemovalMode::share;
      } else if (*v == "volume") {
        s.removals.other_mode = OtherRemovalMode::volume;
      } else {
        r.fail(t->get("other_mode"), "removals.other_mode",
               fmt::format("expected share or volume, got \"{}\"", *v));
      }
    }
  }

  if (const toml::node* n = root.get("shock")) {
    const auto* arr = n->as_array();
    if (arr == nullptr) r.fail(n, "shock", "expected [[shock]] tables");
    for (size_t i = 0; i < arr->size(); ++i) {
      const toml::node& item = *arr->get(i);
      const std::string name = fmt::format("shock[{}]", i);
      const auto* t = item.as_table();
      if (t == nullptr) r.fail(&item, name, "expected a table");
      r.allow_only(*t, name, {"from", "until", "capacity_loss", "name"});
      Shock sh;
      const auto from = r.month(*t, "from", name + ".from");
      if (!from) r.fail(t, name + ".from", "missing");
      sh.from = *from;
      sh.until = r.month(*t, "until", name + ".until").value_or(*from);
      if (sh.until < sh.from) r.fail(t->get("until"), name + ".until", "must not be before from");
      sh.capacity_loss =
          r.range(*t, "capacity_loss", name + ".capacity_loss", 0, 1, "a share of capacity", 0.0);
      if (auto v = r.string(*t, "name", name + ".name")) sh.name = *v;
      s.shocks.push_back(sh);
    }
  }

  if (const toml::table* t = r.table(root, "validation", "validation")) {
    r.allow_only(*t, "validation", {"at", "share_removed"});
    s.validation.at = r.month(*t, "at", "validation.at");
    s.validation.share_removed =
        r.range(*t, "share_removed", "validation.share_removed", 0, 1, "a share of the list", 0.0);
    if (!s.validation.at && s.validation.share_removed.high > 0)
      r.fail(t, "validation.at", "missing (the month of the validation)");
  }

  if (const toml::table* t = r.table(root, "policy", "policy")) {
    r.allow_only(*t, "policy", {"removal_rule", "urgent_share", "long_wait_threshold_weeks"});
    if (auto v = r.string(*t, "removal_rule", "policy.removal_rule")) {
      const auto rule = parse_removal_rule(*v);
      if (!rule)
        r.fail(t->get("removal_rule"), "policy.removal_rule",
               fmt::format("expected calibrated, in_turn or long_waits_first, got \"{}\"", *v));
      s.policy.removal_rule = *rule;
    }
    s.policy.urgent_share =
        r.number_in(*t, "urgent_share", "policy.urgent_share", 0, 1, "a share", s.policy.urgent_share);
    if (auto w = r.integer(*t, "long_wait_threshold_weeks", "policy.long_wait_threshold_weeks", 1,
                           kCurrentTopBand))
      s.policy.long_wait_threshold_weeks = static_cast<int>(*w);
  }

  if (const toml::table* t = r.table(root, "calibration", "calibration")) {
    r.allow_only(*t, "calibration", {"window_months"});
    if (auto w = r.integer(*t, "window_months", "calibration.window_months", 2, 60))
      s.calibration.window_months = static_cast<int>(*w);
  }

  if (const toml::table* t = r.table(root, "uncertainty", "uncertainty")) {
    r.allow_only(*t, "uncertainty", {"samples", "seed"});
    if (auto v = r.integer(*t, "samples", "uncertainty.samples", 0, 1000000))
      s.uncertainty.samples = static_cast<int>(*v);
    if (auto v = r.integer(*t, "seed", "uncertainty.seed", 0, std::numeric_limits<std::int64_t>::max()))
      s.uncertainty.seed = static_cast<std::uint64_t>(*v);
  }

  if (const toml::node* n = root.get("target")) {
    const auto* arr = n->as_array();
    if (arr == nullptr) r.fail(n, "target", "expected [[target]] tables with text = \"...\"");
    for (size_t i = 0; i < arr->size(); ++i) {
      const toml::node& item = *arr->get(i);
      const std::string name = fmt::format("target[{}]", i);
      const auto* t = item.as_table();
      if (t == nullptr) r.fail(&item, name, "expected a table with text = \"...\"");
      r.allow_only(*t, name, {"text"});
      const auto text = r.string(*t, "text", name + ".text");
      if (!text) r.fail(t, name + ".text", "missing");
      TargetSpec spec;
      spec.where = SourceLocation{r.file(), static_cast<std::int64_t>(t->get("text")->source().begin.line), 0,
                                  name + ".text"};
      try {
        spec.target = parse_target(*text);
      } catch (const InputError& e) {
        r.fail(t->get("text"), name + ".text", e.what());
      }
      s.targets.push_back(std::move(spec));
    }
  }

  if (const toml::node* n = root.get("simulation")) {
    if (!n->is_table()) r.fail(n, "simulation", "expected a table");
    s.simulation_table = *n->as_table();
  }
}

}  // namespace

Scenario parse_scenario(std::string_view text, ScenarioSyntax syntax, const std::string& source_name,
                        const std::string& base_dir) {
  Scenario s;
  s.source_name = source_name;
  s.base_dir = base_dir;
  s.name = fs::path(source_name).stem().string();
  toml::table root;
  if (syntax == ScenarioSyntax::toml) {
    try {
      root = toml::parse(text, source_name);
    } catch (const toml::parse_error& e) {
      throw InputError(SourceLocation{source_name,
                                      static_cast<std::int64_t>(e.source().begin.line),
                                      static_cast<std::int64_t>(e.source().begin.column),
                                      {}},
                       fmt::format("invalid TOML: {}", e.description()));
    }
  } else {
    nlohmann::json j;
    try {
      j = nlohmann::json::parse(text);
    } catch (const nlohmann::json::parse_error& e) {
      throw InputError(SourceLocation{source_name, 0, 0, {}}, fmt::format("invalid JSON: {}", e.what()));
    }
    root = json_to_toml(j, source_name);
  }
  const Reader reader(source_name);
  parse_scenario_table(reader, root, s);
  return s;
}

Scenario load_scenario(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw IoError(fmt::format("{}: cannot read the scenario file", path));
  std::stringstream buffer;
  buffer << in.rdbuf();
  const fs::path p(path);
  const ScenarioSyntax syntax = p.extension() == ".json" ? ScenarioSyntax::json : ScenarioSyntax::toml;
  return parse_scenario(buffer.str(), syntax, path, p.parent_path().string());
}

}  // namespace elective::plan
