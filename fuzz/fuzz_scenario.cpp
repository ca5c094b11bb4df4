// The scenario gate (plan::parse_scenario): TOML, or JSON when the text starts with '{'. Every malformed or
// implausible scenario must be an InputError; nothing may crash, hang or read out of bounds.
#include <string>

#include "fuzz_common.hpp"
#include "plan/scenario.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = elective::fuzz::as_text(data, size);
  const size_t first = text.find_first_not_of(" \t\r\n");
  const bool json = first != std::string_view::npos && text[first] == '{';
  elective::fuzz::expect_only_input_errors([&] {
    using namespace elective::plan;
    (void)parse_scenario(text, json ? ScenarioSyntax::json : ScenarioSyntax::toml,
                         json ? "fuzz.json" : "fuzz.toml", ELECTIVE_SOURCE_DIR "/scenarios");
  });
  return 0;
}
