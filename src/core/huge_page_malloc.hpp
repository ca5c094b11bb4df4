#pragma once
// Large-memory runs on transparent huge pages. A national simulation touches ~260 MB that malloc hands out in
// many small pieces (every sub-queue's records grow on their own); on 4 KB pages that is ~110,000 page
// faults and as many TLB entries. glibc can back malloc's memory with transparent huge pages
// (madvise(MADV_HUGEPAGE), on systems where THP is "madvise" - Debian's default), but only through the
// GLIBC_TUNABLES setting glibc.malloc.hugetlb=1, which glibc reads when a process starts. So the CLI restarts
// itself once with it set (docs/simulation.md, "Huge pages"): ~6,000 faults instead, and the England run
// about 20% faster end to end on the development machine. ELECTIVE_HUGE_PAGES=0 turns this off.
#include <optional>
#include <string>

namespace elective {

// The GLIBC_TUNABLES value to restart with, or nothing when there is no restart to do: `tunables` is the
// current value (null when unset), `opt_out` ELECTIVE_HUGE_PAGES (null when unset; "0" turns the restart
// off), `thp_usable` whether the kernel gives huge pages to memory marked with madvise. A value that already
// names glibc.malloc.hugetlb (the user's own choice, or the restarted process) is kept as it is.
std::optional<std::string> huge_page_tunables(const char* tunables, const char* opt_out, bool thp_usable);

// Whether /sys/kernel/mm/transparent_hugepage/enabled is "always" or "madvise" (not "never", not missing).
bool transparent_huge_pages_usable();

// Restarts this program (execv of /proc/self/exe with the same arguments) with huge_page_tunables' value in
// GLIBC_TUNABLES, when it gives one and glibc reads that setting (2.35 and later). Returns when there is no
// restart to do or the restart fails: the program then simply runs on small pages.
void restart_with_huge_page_malloc(char** argv);

}  // namespace elective
