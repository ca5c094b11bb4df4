#pragma once
// A small patient-level list shared by the tests of stats::equity_breakdown and of the server's
// /api/inequalities: 60 open pathways on 2024-11-30. Deprived deciles (1-2) wait 40 weeks, the least deprived
// (9-10) 10 weeks, the rest 20 weeks; three pathways have ethnic category H (Asian) - a group under 5.
// Patient ids start "SECRETPATIENT" so that a test can check no identifier leaves an aggregate.
#include <string>

namespace elective::test_support {

inline std::string sample_patient_list_csv() {
  std::string csv =
      "snapshot_date,patient_id,pathway_id,provider_code,tfc,clock_start_date,imd_decile,ethnic_category,age_"
      "years,sex\n";
  for (int i = 0; i < 60; ++i) {
    const int decile = i % 10 + 1;
    const char* start = decile <= 2 ? "2024-02-24" : decile >= 9 ? "2024-09-21" : "2024-07-13";
    const char* ethnic = i < 3 ? "H" : "A";
    csv += "2024-11-30,SECRETPATIENT" + std::to_string(1000 + i) + ",PW" + std::to_string(i) + ",RBD," +
           (i % 2 == 0 ? "110" : "130") + "," + start + "," + std::to_string(decile) + "," + ethnic + "," +
           std::to_string(20 + i) + "," + (i % 2 == 0 ? "1" : "2") + "\n";
  }
  return csv;
}

}  // namespace elective::test_support
