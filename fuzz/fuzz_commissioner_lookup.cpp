// The RTT commissioner lookup: accepted files have codes on every row and each provider x commissioner once.
#include <cstdlib>
#include <set>
#include <string>

#include "data/provider_reference.hpp"
#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = elective::fuzz::as_text(data, size);
  elective::fuzz::expect_only_input_errors([&] {
    const auto lookup = elective::data::CommissionerLookup::parse(text, "fuzz.csv");
    std::set<std::string> pairs;
    for (const auto& l : lookup.links()) {
      if (l.provider_code.empty() || l.commissioner_code.empty()) std::abort();
      if (!pairs.insert(l.provider_code + "\n" + l.commissioner_code).second) std::abort();
    }
    if (lookup.provider_count() == 0 || lookup.commissioner_count() == 0) std::abort();
  });
  return 0;
}
