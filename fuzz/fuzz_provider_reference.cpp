// The provider reference (providers.csv): accepted locations are finite and in range, both or neither.
#include <cmath>
#include <cstdlib>

#include "data/provider_reference.hpp"
#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = elective::fuzz::as_text(data, size);
  elective::fuzz::expect_only_input_errors([&] {
    const auto ref = elective::data::ProviderReference::parse(text, "fuzz.csv");
    if (ref.size() == 0) std::abort();
    for (const auto& p : ref.providers()) {
      if (p.lat.has_value() != p.lon.has_value()) std::abort();
      if (p.lat && (!std::isfinite(*p.lat) || std::abs(*p.lat) > 90 || std::abs(*p.lon) > 180)) std::abort();
      if (ref.find(p.code) == nullptr) std::abort();
    }
  });
  return 0;
}
