# Each folder of src/ is one module and one static library, elective_<name>. Sources are found by glob so
# that a new file needs no edit here; modules list the modules they depend on (one direction only, see
# docs/architecture.md).
# -Wno-restrict: GCC 12 reports false positives inside libstdc++'s std::string operator+ at -O3 (GCC bug 105329).
set(ELECTIVE_WARNINGS -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wno-sign-conversion -Wno-restrict)

function(elective_warnings target)
  target_compile_options(${target} PRIVATE ${ELECTIVE_WARNINGS})
  if(ELECTIVE_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()

function(elective_module name)
  cmake_parse_arguments(M "" "" "DEPS" ${ARGN})
  file(GLOB srcs CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*.cpp)
  add_library(elective_${name} STATIC ${srcs})
  target_include_directories(elective_${name} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(elective_${name} PUBLIC ${M_DEPS})
  elective_warnings(elective_${name})
  set_property(GLOBAL APPEND PROPERTY ELECTIVE_MODULES elective_${name})
endfunction()

# The program of src/<folder> (the CLI): its sources by glob, linked with the modules it uses (listed like a
# module's DEPS, so that scripts/module-deps can check them against its #includes). Everything but main.cpp
# is an object library, <name>_commands, so that the Python package (python/) links the very same commands
# (an object library keeps the self-registering commands, which a static library's linker would drop).
function(elective_program name)
  cmake_parse_arguments(P "" "" "DEPS" ${ARGN})
  file(GLOB srcs CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*.cpp)
  list(REMOVE_ITEM srcs ${CMAKE_CURRENT_SOURCE_DIR}/main.cpp)
  add_library(${name}_commands OBJECT ${srcs})
  target_link_libraries(${name}_commands PUBLIC ${P_DEPS})
  elective_warnings(${name}_commands)
  add_executable(${name} ${CMAKE_CURRENT_SOURCE_DIR}/main.cpp)
  target_link_libraries(${name} PRIVATE ${name}_commands)
  elective_warnings(${name})
  set_target_properties(${name} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${PROJECT_BINARY_DIR})
endfunction()
