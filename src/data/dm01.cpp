#include "data/dm01.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>
#include <tuple>

#include "data/csv.hpp"
#include "data/input_file.hpp"
#include "data/input_limits.hpp"
#include "data/named_columns.hpp"

namespace elective::data {
namespace {

constexpr std::string_view kWhat = "the DM01 diagnostics file (data/README.md section 6)";
constexpr std::string_view kCount = "a count from 0 to 1,000,000,000";
constexpr std::array<std::string_view, kDm01Bands> kBandColumns = {
    "w00", "w01", "w02", "w03", "w04", "w05", "w06", "w07", "w08", "w09", "w10", "w11", "w12", "w13_plus"};

std::vector<std::string_view> required_columns() {
  std::vector<std::string_view> c = {"month",
                                     "region_code",
                                     "region_name",
                                     "provider_code",
                                     "provider_name",
                                     "test_id",
                                     "test",
                                     "total_waiting",
                                     "waiting_6_plus_weeks",
                                     "waiting_13_plus_weeks",
                                     "activity_planned",
                                     "activity_unscheduled",
                                     "activity_waiting_list"};
  c.insert(c.end(), kBandColumns.begin(), kBandColumns.end());
  return c;
}

// Counts read from the file are whole numbers below 2^53, so these sums are exact.
std::string disagreement_of(const Dm01Row& r) {
  double all = 0, six = 0;
  for (int k = 0; k < kDm01Bands; ++k) {
    all += r.bands[static_cast<size_t>(k)];
    if (k >= 6) six += r.bands[static_cast<size_t>(k)];
  }
  std::string what;
  auto add = [&](std::string_view item) { what += (what.empty() ? "" : ",") + std::string(item); };
  if (all != r.total_waiting) add("total");
  if (six != r.waiting_6_plus_weeks) add("6+");
  if (r.bands[kDm01Bands - 1] != r.waiting_13_plus_weeks) add("13+");
  return what;
}

}  // namespace

std::vector<std::string> Dm01List::providers() const {
  std::set<std::string> codes;
  for (const auto& r : rows_) codes.insert(r.provider_code);
  return {codes.begin(), codes.end()};
}

std::vector<const Dm01Row*> Dm01List::disagreements() const {
  std::vector<const Dm01Row*> out;
  for (const auto& r : rows_)
    if (!r.disagreement.empty()) out.push_back(&r);
  return out;
}

Dm01List Dm01List::parse(std::string_view text, const std::string& file) {
  if (detect_compression(text) != Compression::none)
    return parse(decode_input(std::string(text), file), file);
  Dm01List list;
  list.source_ = file;
  CsvReader reader(text, file);
  NamedColumns columns(reader, required_columns(), kWhat);
  std::vector<std::string_view> f;
  std::set<std::tuple<int, std::string, std::string>> seen;
  std::set<YearMonth> months;
  while (columns.next(f)) {
    if (list.rows_.size() >= kMaxExtractRows)
      throw InputError(columns.where("month"), fmt::format("more than {} rows", kMaxExtractRows));
    Dm01Row r;
    r.line = reader.line();
    r.month = columns.month(f, "month");
    r.region_code = columns.text(f, "region_code");
    r.region_name = columns.text(f, "region_name");
    r.provider_code = columns.required_text(f, "provider_code");
    r.provider_name = columns.text(f, "provider_name");
    r.test = columns.required_text(f, "test");
    const auto id = columns.optional_number(f, "test_id", 1, 15, "a diagnostic test ID from 1 to 15");
    if (id) {
      if (*id != static_cast<int>(*id))
        throw InputError(columns.where("test_id"), "expected a whole diagnostic test ID from 1 to 15");
      r.test_id = static_cast<int>(*id);
    }
    if (!id && r.test != "ALL")
      throw InputError(columns.where("test_id"),
                       fmt::format("empty test ID for test '{}' (expected an ID, or test ALL)", r.test));
    if (id && r.test == "ALL")
      throw InputError(columns.where("test_id"), "test ALL has an ID (expected an empty test_id)");
    r.total_waiting = columns.number(f, "total_waiting", 0, kMaxPlausibleCount, kCount);
    r.waiting_6_plus_weeks = columns.number(f, "waiting_6_plus_weeks", 0, kMaxPlausibleCount, kCount);
    r.waiting_13_plus_weeks = columns.number(f, "waiting_13_plus_weeks", 0, kMaxPlausibleCount, kCount);
    for (int k = 0; k < kDm01Bands; ++k)
      r.bands[static_cast<size_t>(k)] =
          columns.number(f, kBandColumns[static_cast<size_t>(k)], 0, kMaxPlausibleCount, kCount);
    r.activity_planned = columns.number(f, "activity_planned", 0, kMaxPlausibleCount, kCount);
    r.activity_unscheduled = columns.number(f, "activity_unscheduled", 0, kMaxPlausibleCount, kCount);
    r.activity_waiting_list = columns.number(f, "activity_waiting_list", 0, kMaxPlausibleCount, kCount);
    if (!seen.emplace(r.month.index(), r.provider_code, r.test).second)
      throw InputError(columns.where("provider_code"),
                       fmt::format("repeated row for {} {} test '{}' (expected one row per month, provider "
                                   "and test)",
                                   r.month.to_string(), r.provider_code, r.test));
    r.disagreement = disagreement_of(r);
    months.insert(r.month);
    list.rows_.push_back(std::move(r));
  }
  list.months_.assign(months.begin(), months.end());
  return list;
}

bool looks_like_dm01(std::string_view first_line) {
  return first_line.find("provider_code") != std::string_view::npos &&
         first_line.find("total_waiting") != std::string_view::npos &&
         first_line.find("w13_plus") != std::string_view::npos;
}

}  // namespace elective::data
