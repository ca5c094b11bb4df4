#include "data/provider_reference.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <set>

#include "core/error.hpp"
#include "data/csv.hpp"
#include "data/csv_header.hpp"
#include "data/input_limits.hpp"

namespace elective::data {

namespace {

bool valid_code(std::string_view code) {
  return !code.empty() && code.size() <= 16 && std::all_of(code.begin(), code.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c));
  });
}

// An empty cell, or a code of letters and digits.
std::string optional_code(const CsvReader& reader, const std::vector<std::string_view>& fields, int col,
                          std::string_view name) {
  const std::string_view v = cell(fields, col);
  if (!v.empty() && !valid_code(v))
    throw InputError(reader.where(static_cast<std::size_t>(col), std::string(name)),
                     fmt::format("expected an ODS code (letters and digits) or an empty cell, got '{}'", v));
  return std::string(v);
}

void check_rows(const CsvReader& reader, std::size_t rows) {
  if (rows >= kMaxReferenceRows)
    throw InputError(reader.where(0), fmt::format("more than {} data rows", kMaxReferenceRows));
}

}  // namespace

const ProviderInfo* ProviderReference::find(std::string_view code) const {
  auto it = index_.find(std::string(code));
  return it == index_.end() ? nullptr : &providers_[it->second];
}

ProviderReference ProviderReference::parse(std::string_view text, const std::string& file) {
  if (detect_compression(text) != Compression::none)
    return parse(decode_input(std::string(text), file), file);
  static constexpr std::array<std::string_view, 10> kNames{
      "provider_code", "provider_name", "region_code", "region_name", "icb_code",
      "icb_name",      "lat",           "lon",         "postcode",    "source_of_location"};
  ProviderReference out;
  out.source_ = file;
  CsvReader reader(text, file);
  std::vector<std::string_view> fields;
  if (!reader.next(fields))
    throw InputError(SourceLocation{file, 1, 1, {}}, "empty file (expected a header row)");
  const std::size_t header_size = fields.size();
  const auto col = header_columns(reader, fields, kNames, 8, "the provider reference (providers.csv)");
  std::vector<std::int64_t> lines;
  while (reader.next(fields)) {
    expect_field_count(reader, fields, header_size);
    check_rows(reader, out.providers_.size());
    ProviderInfo p;
    const std::string_view code = cell(fields, col[0]);
    if (!valid_code(code))
      throw InputError(reader.where(static_cast<std::size_t>(col[0]), "provider_code"),
                       fmt::format("expected an ODS code (letters and digits), got '{}'", code));
    p.code = std::string(code);
    p.name = std::string(cell(fields, col[1]));
    p.region_code = optional_code(reader, fields, col[2], "region_code");
    p.region_name = std::string(cell(fields, col[3]));
    p.icb_code = optional_code(reader, fields, col[4], "icb_code");
    p.icb_name = std::string(cell(fields, col[5]));
    for (int i : {6, 7}) {
      const std::string_view v = cell(fields, col[static_cast<std::size_t>(i)]);
      if (v.empty()) continue;
      const auto d = parse_double(v);
      const double limit = i == 6 ? 90 : 180;
      if (!d || *d < -limit || *d > limit)
        throw InputError(
            reader.where(static_cast<std::size_t>(col[static_cast<std::size_t>(i)]),
                         std::string(kNames[static_cast<std::size_t>(i)])),
            fmt::format("expected {} in decimal degrees from {} to {} or an empty cell, got '{}'",
                        i == 6 ? "a latitude" : "a longitude", -limit, limit, v));
      (i == 6 ? p.lat : p.lon) = *d;
    }
    if (p.lat.has_value() != p.lon.has_value())
      throw InputError(reader.where(static_cast<std::size_t>(col[p.lat ? 7 : 6]), p.lat ? "lon" : "lat"),
                       "expected both lat and lon, or neither");
    p.postcode = std::string(cell(fields, col[8]));
    p.source_of_location = std::string(cell(fields, col[9]));
    if (auto [it, fresh] = out.index_.emplace(p.code, out.providers_.size()); !fresh)
      throw InputError(reader.where(static_cast<std::size_t>(col[0]), "provider_code"),
                       fmt::format("duplicate provider {} (first at line {}; expected each code once)",
                                   p.code, lines[it->second]));
    lines.push_back(reader.line());
    out.providers_.push_back(std::move(p));
  }
  if (out.providers_.empty())
    throw InputError(SourceLocation{file, 2, 1, {}}, "no data rows after the header");
  return out;
}

ProviderReference ProviderReference::load(const std::string& path) {
  return parse(read_input_file(path), path);
}

bool looks_like_provider_reference(std::string_view first_line) {
  return first_line.find("provider_code") != std::string_view::npos &&
         first_line.find("icb_code") != std::string_view::npos &&
         first_line.find("lat") != std::string_view::npos &&
         first_line.find("commissioner_code") == std::string_view::npos &&
         first_line.find("m00") == std::string_view::npos;
}

std::size_t CommissionerLookup::provider_count() const {
  std::set<std::string_view> s;
  for (const auto& l : links_) s.insert(l.provider_code);
  return s.size();
}

std::size_t CommissionerLookup::commissioner_count() const {
  std::set<std::string_view> s;
  for (const auto& l : links_) s.insert(l.commissioner_code);
  return s.size();
}

CommissionerLookup CommissionerLookup::parse(std::string_view text, const std::string& file) {
  if (detect_compression(text) != Compression::none)
    return parse(decode_input(std::string(text), file), file);
  static constexpr std::array<std::string_view, 10> kNames{"provider_code",
                                                           "commissioner_code",
                                                           "provider_parent_code",
                                                           "provider_parent_name",
                                                           "provider_name",
                                                           "commissioner_parent_code",
                                                           "commissioner_parent_name",
                                                           "commissioner_name",
                                                           "region_code",
                                                           "region_name"};
  CommissionerLookup out;
  out.source_ = file;
  CsvReader reader(text, file);
  std::vector<std::string_view> fields;
  if (!reader.next(fields))
    throw InputError(SourceLocation{file, 1, 1, {}}, "empty file (expected a header row)");
  const std::size_t header_size = fields.size();
  const auto col = header_columns(reader, fields, kNames, kNames.size(),
                                  "the RTT commissioner lookup (rtt_commissioner_lookup.csv)");
  std::unordered_map<std::string, std::int64_t> line_of_pair;
  while (reader.next(fields)) {
    expect_field_count(reader, fields, header_size);
    check_rows(reader, out.links_.size());
    CommissionerLink l;
    for (std::size_t i : {0, 1}) {
      const std::string_view v = cell(fields, col[i]);
      if (!valid_code(v))
        throw InputError(reader.where(static_cast<std::size_t>(col[i]), std::string(kNames[i])),
                         fmt::format("expected an ODS code (letters and digits), got '{}'", v));
    }
    l.provider_code = std::string(cell(fields, col[0]));
    l.commissioner_code = std::string(cell(fields, col[1]));
    l.provider_parent_code = optional_code(reader, fields, col[2], "provider_parent_code");
    l.provider_parent_name = std::string(cell(fields, col[3]));
    l.provider_name = std::string(cell(fields, col[4]));
    l.commissioner_parent_code = optional_code(reader, fields, col[5], "commissioner_parent_code");
    l.commissioner_parent_name = std::string(cell(fields, col[6]));
    l.commissioner_name = std::string(cell(fields, col[7]));
    l.region_code = optional_code(reader, fields, col[8], "region_code");
    l.region_name = std::string(cell(fields, col[9]));
    if (auto [it, fresh] = line_of_pair.emplace(l.provider_code + "\n" + l.commissioner_code, reader.line());
        !fresh)
      throw InputError(
          reader.where(static_cast<std::size_t>(col[1]), "commissioner_code"),
          fmt::format("duplicate provider x commissioner pair {} x {} (first at line {}; expected "
                      "each pair once)",
                      l.provider_code, l.commissioner_code, it->second));
    out.links_.push_back(std::move(l));
  }
  if (out.links_.empty()) throw InputError(SourceLocation{file, 2, 1, {}}, "no data rows after the header");
  return out;
}

CommissionerLookup CommissionerLookup::load(const std::string& path) {
  return parse(read_input_file(path), path);
}

bool looks_like_commissioner_lookup(std::string_view first_line) {
  return first_line.find("provider_code") != std::string_view::npos &&
         first_line.find("commissioner_code") != std::string_view::npos &&
         first_line.find("provider_parent_code") != std::string_view::npos;
}

}  // namespace elective::data
