#include "core/huge_page_malloc.hpp"

#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <fstream>

namespace elective {

namespace {
constexpr const char* kSetting = "glibc.malloc.hugetlb=1";
}  // namespace

std::optional<std::string> huge_page_tunables(const char* tunables, const char* opt_out, bool thp_usable) {
  if (opt_out != nullptr && std::strcmp(opt_out, "0") == 0) return std::nullopt;
  if (!thp_usable) return std::nullopt;
  if (tunables == nullptr || *tunables == '\0') return std::string(kSetting);
  if (std::strstr(tunables, "glibc.malloc.hugetlb") != nullptr) return std::nullopt;
  return std::string(tunables) + ":" + kSetting;
}

bool transparent_huge_pages_usable() {
  std::ifstream in("/sys/kernel/mm/transparent_hugepage/enabled");
  std::string line;
  if (!std::getline(in, line)) return false;
  return line.find("[always]") != std::string::npos || line.find("[madvise]") != std::string::npos;
}

void restart_with_huge_page_malloc(char** argv) {
#if defined(__GLIBC__) && defined(__GLIBC_PREREQ)
#if __GLIBC_PREREQ(2, 35)
  const char* before = std::getenv("GLIBC_TUNABLES");
  const auto value =
      huge_page_tunables(before, std::getenv("ELECTIVE_HUGE_PAGES"), transparent_huge_pages_usable());
  if (!value) return;
  const std::optional<std::string> kept = before ? std::optional<std::string>(before) : std::nullopt;
  // The restarted process finds the setting in GLIBC_TUNABLES and does not restart again.
  if (setenv("GLIBC_TUNABLES", value->c_str(), 1) != 0) return;
  execv("/proc/self/exe", argv);
  // Not restarted (no /proc, say): run on as we are, with the environment as it was, since child processes
  // would otherwise get a setting this one does not use.
  if (kept) {
    setenv("GLIBC_TUNABLES", kept->c_str(), 1);
  } else {
    unsetenv("GLIBC_TUNABLES");
  }
#else
  (void)argv;
#endif
#else
  (void)argv;
#endif
}

}  // namespace elective
