#pragma once
// One way to turn an enum into the word users write and back: a table of entries with `.value` and `.name`
// (EnumName below, or any registry entry with those two members). Help text, "expected one of ..." messages,
// parsers and outputs all read the same table, so a name is spelt in exactly one place.
//
//   inline constexpr std::array<EnumName<Mode>, 2> kModeNames{{{Mode::share, "share"}, {Mode::volume,
//   "volume"}}}; enum_name(kModeNames, Mode::share)       -> "share" enum_value(kModeNames, "volume") ->
//   Mode::volume (nullopt for an unknown word) names_or(kModeNames)                     -> "share or volume"
#include <iterator>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace elective {

template <typename E>
struct EnumName {
  E value;
  std::string_view name;
};

// The name of `value` (the first entry that has it: later entries with the same value are aliases), or "".
template <typename Table, typename E>
constexpr std::string_view enum_name(const Table& table, E value) {
  for (const auto& entry : table)
    if (entry.value == value) return entry.name;
  return {};
}

// The value named `name` (exact, case-sensitive), or nullopt.
template <typename Table>
constexpr auto enum_value(const Table& table, std::string_view name)
    -> std::optional<std::remove_cvref_t<decltype(std::begin(table)->value)>> {
  for (const auto& entry : table)
    if (entry.name == name) return entry.value;
  return std::nullopt;
}

// "a, b or c": the names of a list, for help text and "expected one of" messages.
std::string join_or(const std::vector<std::string_view>& names);

// The names of a table's entries, aliases (repeated values) left out; `keep(entry)` selects entries.
template <typename Table, typename Keep>
std::vector<std::string_view> enum_names(const Table& table, Keep keep) {
  std::vector<std::string_view> out;
  for (auto it = std::begin(table); it != std::end(table); ++it) {
    if (!keep(*it)) continue;
    bool alias = false;
    for (auto before = std::begin(table); before != it; ++before)
      if (before->value == it->value) alias = true;
    if (!alias) out.push_back(it->name);
  }
  return out;
}
template <typename Table>
std::vector<std::string_view> enum_names(const Table& table) {
  return enum_names(table, [](const auto&) { return true; });
}

template <typename Table>
std::string names_or(const Table& table) {
  return join_or(enum_names(table));
}

}  // namespace elective
