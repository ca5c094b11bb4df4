#pragma once
// Columns found by name in a CSV header, shared by the readers of the provider-level layouts (provider
// months, provider reference, commissioner lookup): a column may move or new columns may be added without
// breaking a reader, while a missing or repeated column is an input error at line 1 naming it.
#include <span>
#include <string_view>
#include <vector>

#include "data/csv.hpp"

namespace elective::data {

// Index of each of `names` in the header record `fields` (the record `reader` last returned); -1 for an
// optional column that is absent. The first `required` names must be present. Throws InputError naming the
// file, line and column for an empty or repeated header name, or naming the first missing required column
// and `layout` ("the RTT provider months layout").
std::vector<int> header_columns(const CsvReader& reader, const std::vector<std::string_view>& fields,
                                std::span<const std::string_view> names, std::size_t required,
                                std::string_view layout);

// The trimmed cell of column `index` (-1: absent column, an empty view).
inline std::string_view cell(const std::vector<std::string_view>& fields, int index) {
  return index < 0 ? std::string_view{} : trim(fields[static_cast<std::size_t>(index)]);
}

// Throws InputError when a data record does not have as many fields as the header.
void expect_field_count(const CsvReader& reader, const std::vector<std::string_view>& fields,
                        std::size_t header_size);

}  // namespace elective::data
