#include "data/csv_header.hpp"

#include <fmt/format.h>

#include <set>
#include <string>

namespace elective::data {

std::vector<int> header_columns(const CsvReader& reader, const std::vector<std::string_view>& fields,
                                std::span<const std::string_view> names, std::size_t required,
                                std::string_view layout) {
  std::set<std::string_view> seen;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    const std::string_view name = trim(fields[i]);
    if (name.empty())
      throw InputError(reader.where(i), "empty column name in the header (expected a name for every column)");
    if (!seen.insert(name).second)
      throw InputError(reader.where(i, std::string(name)),
                       "repeated column name in the header (expected each column once)");
  }
  std::vector<int> index(names.size(), -1);
  for (std::size_t n = 0; n < names.size(); ++n) {
    for (std::size_t i = 0; i < fields.size(); ++i) {
      // A byte-order mark before the first name is not part of it.
      std::string_view name = trim(fields[i]);
      if (i == 0 && name.substr(0, 3) == "\xEF\xBB\xBF") name.remove_prefix(3);
      if (name == names[n]) index[n] = static_cast<int>(i);
    }
    if (index[n] < 0 && n < required)
      throw InputError(reader.where(0),
                       fmt::format("missing column '{}' (expected the header of {})", names[n], layout));
  }
  return index;
}

void expect_field_count(const CsvReader& reader, const std::vector<std::string_view>& fields,
                        std::size_t header_size) {
  if (fields.size() == header_size) return;
  throw InputError(reader.where(fields.size() < header_size ? fields.size() - 1 : header_size),
                   fmt::format("expected {} fields, found {}{}", header_size, fields.size(),
                               reader.last_record_unterminated() ? " (the last line looks truncated)" : ""));
}

}  // namespace elective::data
