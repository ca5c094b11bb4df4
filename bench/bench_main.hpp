#pragma once
// Every benchmark's main: the memory set-up of the `elective` program first (malloc on transparent huge
// pages, core/huge_page_malloc.hpp), so that the figures are the product's; ELECTIVE_HUGE_PAGES=0 measures
// without.
#include <benchmark/benchmark.h>

#include "core/huge_page_malloc.hpp"

namespace elective::bench {

inline int run_benchmarks(int argc, char** argv) {
  restart_with_huge_page_malloc(argv);
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}

}  // namespace elective::bench
