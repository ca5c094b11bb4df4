// The patient-level list reader (ptl.csv) with and without --skip-invalid: rejected rows must be errors or
// counted problems, and what is kept must be consistent (one entry per kept row in every column).
#include <cstdlib>
#include <string>

#include "data/patient_list.hpp"
#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = elective::fuzz::as_text(data, size);
  for (const bool skip : {false, true}) {
    elective::fuzz::expect_only_input_errors([&] {
      using namespace elective::data;
      PatientListOptions o;
      o.skip_invalid = skip;
      const PatientList list = parse_patient_list(text, "fuzz.csv", o);
      const size_t n = list.size();
      if (list.provider.size() != n || list.tfc.size() != n || list.priority.size() != n ||
          list.age_band.size() != n || list.sex.size() != n || list.ethnic_group.size() != n ||
          list.imd_decile.size() != n)
        std::abort();
      for (size_t i = 0; i < n; ++i) {
        if (list.provider[i] >= list.providers.size() || list.tfc[i] >= list.tfcs.size()) std::abort();
      }
      if (list.report.rows_accepted + list.report.rows_rejected > list.report.rows_read) std::abort();
      (void)list.report.to_json().dump();
      (void)list.report.text();
    });
  }
  return 0;
}
