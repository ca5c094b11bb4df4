#!/usr/bin/env bash
# `make run`'s main job (scripts/main-job) on the bundled real data: it succeeds and answers its three questions.
# It runs with pipefail, so a reader that leaves a pipe early (awk's exit, grep -q, head) makes the writer die of
# SIGPIPE at random - `make run` failed so now and then until 2026-12-03; such readers are refused here too.
set -euo pipefail
bin=$1
fail() { echo "FAIL: $*"; exit 1; }

if grep -nE "grep -q|\{ *exit *\}|\| *head\b|sed -n '?[0-9]+q" scripts/main-job | grep -vE '^[0-9]+: *#'; then
  fail "scripts/main-job has a pipe reader that stops early (above): read to the end instead"
fi
for run in 1 2 3; do
  out=$(bash scripts/main-job "$bin" 2>&1) || fail "main job exited $? on run $run: $(tail -3 <<<"$out")"
done
for want in "== 1. The state of England's waiting list ==" "Change since 2024-06" "by NHS region" \
            "== 2. " "== 3. What it would take: 92% within 18 weeks by March 2029 ==" "treatments a week" \
            "elective serve"; do
  grep -qF -- "$want" <<<"$out" || fail "main job output lacks '$want'"
done
echo "main job: OK"
