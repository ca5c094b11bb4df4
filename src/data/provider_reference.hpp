#pragma once
// Readers of the two provider reference files (shared data README sections 8 and 9), columns by name:
// - providers.csv: one row per provider code - name, NHS England region, ICB, HQ postcode and location
//   (WGS84 latitude/longitude, empty where none was found).
// - rtt_commissioner_lookup.csv: one row per provider x commissioner pair of the RTT Full CSV - the
//   provider's parent ICB and region, the commissioner and its parent ICB.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace elective::data {

struct ProviderInfo {
  std::string code;
  std::string name;
  std::string region_code, region_name;  // empty when unknown
  std::string icb_code, icb_name;        // empty when unknown
  std::string postcode;
  std::optional<double> lat, lon;  // both or neither
  std::string source_of_location;
};

class ProviderReference {
 public:
  const std::vector<ProviderInfo>& providers() const { return providers_; }
  std::size_t size() const { return providers_.size(); }
  const ProviderInfo* find(std::string_view code) const;
  const std::string& source() const { return source_; }

  static ProviderReference parse(std::string_view text, const std::string& file);
  static ProviderReference load(const std::string& path);

 private:
  std::string source_;
  std::vector<ProviderInfo> providers_;
  std::unordered_map<std::string, std::size_t> index_;
};

bool looks_like_provider_reference(std::string_view first_line);

struct CommissionerLink {
  std::string provider_parent_code, provider_parent_name;  // the provider's ICB
  std::string provider_code, provider_name;
  std::string commissioner_parent_code, commissioner_parent_name;  // empty for national and regional hubs
  std::string commissioner_code, commissioner_name;
  std::string region_code, region_name;  // of the provider's parent ICB
};

class CommissionerLookup {
 public:
  const std::vector<CommissionerLink>& links() const { return links_; }
  std::size_t size() const { return links_.size(); }
  std::size_t provider_count() const;
  std::size_t commissioner_count() const;
  const std::string& source() const { return source_; }

  static CommissionerLookup parse(std::string_view text, const std::string& file);
  static CommissionerLookup load(const std::string& path);

 private:
  std::string source_;
  std::vector<CommissionerLink> links_;
};

bool looks_like_commissioner_lookup(std::string_view first_line);

}  // namespace elective::data
