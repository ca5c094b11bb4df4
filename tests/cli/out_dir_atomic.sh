#!/usr/bin/env bash
# `--out DIR` of forecast and simulate is one unit (issue 9 item 10): a full disk or a killed process leaves
# DIR as it was (absent, or the previous complete set), never some files of a set; temporaries of a killed run
# are removed by the next run. The full disk is simulated by a small LD_PRELOAD library that makes write()
# fail with ENOSPC after FAKE_DISK_BYTES bytes to regular files, and by RLIMIT_FSIZE.
set -uo pipefail
bin=$(realpath "$1")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0
fail() { echo "FAIL $*"; failures=$((failures + 1)); }

cat >"$tmp/enospc.c" <<'C'
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>
static long long budget = -1;
ssize_t write(int fd, const void* buf, size_t n) {
  static ssize_t (*real)(int, const void*, size_t);
  if (!real) real = (ssize_t(*)(int, const void*, size_t))dlsym(RTLD_NEXT, "write");
  if (budget < 0) {
    const char* b = getenv("FAKE_DISK_BYTES");
    budget = b ? atoll(b) : (1LL << 62);
  }
  struct stat st;
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) return real(fd, buf, n);
  if (budget == 0) {
    errno = ENOSPC;
    return -1;
  }
  if ((long long)n > budget) n = (size_t)budget;
  ssize_t r = real(fd, buf, n);
  if (r > 0) budget -= r;
  return r;
}
C
cc -shared -fPIC -O2 -o "$tmp/enospc.so" "$tmp/enospc.c" -ldl || { echo "cannot build the ENOSPC shim"; exit 1; }

# Temporaries of DIR in its folder.
leftovers() { ls -A "$(dirname "$1")" | grep -E "^\.$(basename "$1")\.(tmp|old)\." ; }

# Reference outputs of two different runs per command, to tell sets apart.
forecast_a=(forecast scenarios/current-trends.toml)
forecast_b=(forecast scenarios/provider-rbd.toml)
simulate_a=(simulate scenarios/single-queue-500.toml --seed 1)
simulate_b=(simulate scenarios/single-queue-500.toml --seed 2)
for run in forecast_a forecast_b simulate_a simulate_b; do
  declare -n args=$run
  "$bin" "${args[@]}" --out "$tmp/ref_$run" >/dev/null 2>&1 || fail "reference run $run"
done

# 1. Full disk part-way through the set: nothing is left, and a previous set stays as it was.
#    forecast writes forecast.json (~27 KB), months.csv, index.html; simulate simulation.json (~31 KB) then 6 CSVs.
for cmd in forecast simulate; do
  declare -n a=${cmd}_a b=${cmd}_b
  budget=$([ $cmd = forecast ] && echo 30000 || echo 33000)
  FAKE_DISK_BYTES=$budget LD_PRELOAD="$tmp/enospc.so" "$bin" "${a[@]}" --out "$tmp/full_$cmd" >/dev/null 2>"$tmp/err"
  rc=$?
  if [ $rc -ne 1 ] || ! grep -q "No space left on device" "$tmp/err" || [ "$(wc -l <"$tmp/err")" -ne 1 ]; then
    fail "$cmd full disk: exit $rc, stderr: $(cat "$tmp/err")"
  elif [ -e "$tmp/full_$cmd" ] || [ -n "$(leftovers "$tmp/full_$cmd")" ]; then
    fail "$cmd full disk: left $(ls -A "$tmp/full_$cmd" 2>/dev/null | tr '\n' ' ') $(leftovers "$tmp/full_$cmd")"
  else
    echo "ok   $cmd full disk: nothing written ($(cat "$tmp/err"))"
  fi
  cp -r "$tmp/ref_${cmd}_b" "$tmp/prev_$cmd"
  FAKE_DISK_BYTES=$budget LD_PRELOAD="$tmp/enospc.so" "$bin" "${a[@]}" --out "$tmp/prev_$cmd" >/dev/null 2>&1
  if diff -r "$tmp/ref_${cmd}_b" "$tmp/prev_$cmd" >/dev/null && [ -z "$(leftovers "$tmp/prev_$cmd")" ]; then
    echo "ok   $cmd full disk: the previous set is unchanged"
  else
    fail "$cmd full disk: the previous set changed"
  fi
  # RLIMIT_FSIZE (SIGXFSZ ignored, so write() fails with EFBIG) on the first file.
  (trap '' XFSZ; ulimit -f 8; "$bin" "${a[@]}" --out "$tmp/fsize_$cmd" >/dev/null 2>"$tmp/err"); rc=$?
  if [ $rc -ne 1 ] || [ -e "$tmp/fsize_$cmd" ] || [ -n "$(leftovers "$tmp/fsize_$cmd")" ]; then
    fail "$cmd file size limit: exit $rc, left $(ls -A "$tmp/fsize_$cmd" 2>/dev/null | tr '\n' ' ')"
  else
    echo "ok   $cmd file size limit: nothing written"
  fi
done

# 2. SIGKILL at random moments while alternating two different runs into one DIR: DIR is always absent or
#    exactly one of the two complete sets; the next complete run removes the killed runs' temporaries.
for cmd in forecast simulate; do
  declare -n a=${cmd}_a b=${cmd}_b
  out="$tmp/kill_$cmd"
  mixed=0 complete=0 absent=0
  for trial in $(seq 1 30); do
    if [ $((trial % 2)) -eq 0 ]; then run=("${a[@]}"); else run=("${b[@]}"); fi
    "$bin" "${run[@]}" --out "$out" >/dev/null 2>&1 &
    pid=$!
    sleep "0.$(printf '%03d' $((RANDOM % 180)))"
    kill -9 $pid 2>/dev/null
    wait $pid 2>/dev/null
    if [ ! -e "$out" ]; then
      absent=$((absent + 1))
    elif diff -r "$tmp/ref_${cmd}_a" "$out" >/dev/null || diff -r "$tmp/ref_${cmd}_b" "$out" >/dev/null; then
      complete=$((complete + 1))
    else
      mixed=$((mixed + 1))
    fi
  done
  "$bin" "${a[@]}" --out "$out" >/dev/null 2>&1 || fail "$cmd run after kills"
  if [ $mixed -ne 0 ]; then
    fail "$cmd kill: $mixed of 30 trials left a partial or mixed set"
  elif ! diff -r "$tmp/ref_${cmd}_a" "$out" >/dev/null || [ -n "$(leftovers "$out")" ]; then
    fail "$cmd kill: the final run left $(leftovers "$out" | tr '\n' ' ')"
  else
    echo "ok   $cmd kill: 30 trials, $complete complete sets, $absent absent, 0 partial; no temporaries after the next run"
  fi
done

if [ "$failures" -ne 0 ]; then
  echo "$failures failure(s)"
  exit 1
fi
echo "all --out DIR atomicity cases passed"
