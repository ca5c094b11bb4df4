# The libFuzzer targets of fuzz/ are their own CMake project built with clang (libFuzzer needs it), added here
# as an external project so that `make test` builds them with everything else, and run by ctest for a few
# seconds each (scripts/fuzz-run; `make fuzz` runs them for longer). Without clang the tests are skipped.
option(ELECTIVE_BUILD_FUZZ "Build the libFuzzer targets of fuzz/ when clang is available" ON)
set(ELECTIVE_FUZZ_TEST_SECONDS 4 CACHE STRING "Seconds each fuzz target runs under ctest")
set(ELECTIVE_FUZZ_JOBS 2 CACHE STRING "Parallel compile jobs of the fuzz build")
set(ELECTIVE_FUZZ_DIR ${PROJECT_BINARY_DIR}/fuzz)
file(GLOB fuzz_sources CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/fuzz/fuzz_*.cpp)

find_program(ELECTIVE_CLANGXX NAMES clang++ clang++-14 clang++-15 clang++-16)
if(ELECTIVE_BUILD_FUZZ AND ELECTIVE_CLANGXX)
  include(ExternalProject)
  set(fuzz_cmake_args -G Ninja -DCMAKE_CXX_COMPILER=${ELECTIVE_CLANGXX} -DCMAKE_BUILD_TYPE=RelWithDebInfo)
  if(CCACHE_PROGRAM)
    list(APPEND fuzz_cmake_args -DCMAKE_CXX_COMPILER_LAUNCHER=${CCACHE_PROGRAM})
  endif()
  ExternalProject_Add(elective_fuzzers
    SOURCE_DIR ${PROJECT_SOURCE_DIR}/fuzz
    BINARY_DIR ${ELECTIVE_FUZZ_DIR}
    CMAKE_ARGS ${fuzz_cmake_args}
    BUILD_COMMAND ${CMAKE_COMMAND} --build ${ELECTIVE_FUZZ_DIR} -j ${ELECTIVE_FUZZ_JOBS}
    INSTALL_COMMAND ""
    BUILD_ALWAYS ON)
endif()

foreach(source ${fuzz_sources})
  get_filename_component(target ${source} NAME_WE)
  string(REGEX REPLACE "^fuzz_" "" name ${target})
  add_test(NAME fuzz.${name}
           COMMAND bash ${PROJECT_SOURCE_DIR}/scripts/fuzz-run ${ELECTIVE_FUZZ_DIR} ${name}
                   ${ELECTIVE_FUZZ_TEST_SECONDS}
           WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
  set_tests_properties(fuzz.${name} PROPERTIES LABELS fuzz SKIP_RETURN_CODE 77 TIMEOUT 300)
endforeach()
