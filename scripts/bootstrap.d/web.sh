#!/usr/bin/env bash
# Web dashboard set-up (area "web"): installs the npm packages of web/ and tests/e2e from their lock files and
# builds the dashboard into web/dist, which `elective serve` serves. Each step is skipped when its output is
# newer than its inputs, so repeated runs cost nothing. Needs network access to the npm registry on first run.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"

if ! command -v npm >/dev/null 2>&1; then
  echo "bootstrap(web): npm is not installed; the dashboard cannot be built (install nodejs and npm)" >&2
  exit 1
fi

major_minor=$(node -p 'process.versions.node.split(".").slice(0,2).join(".")' 2>/dev/null || echo 0)
if ! node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)' 2>/dev/null; then
  echo "bootstrap(web): Node.js $major_minor is too old for Vite 8 (needs 20.19 or later)" >&2
  exit 1
fi

# npm ci when node_modules is missing or older than the lock file.
install_deps() {
  local dir="$1"
  if [ ! -d "$dir/node_modules" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    echo "bootstrap(web): npm ci in ${dir#"$root"/}" >&2
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
  fi
}
install_deps "$root/web"
install_deps "$root/tests/e2e"

# Build when dist is missing or any source is newer than it.
stamp="$root/web/dist/index.html"
if [ ! -f "$stamp" ] || [ -n "$(find "$root/web/src" "$root/web/index.html" "$root/web/package-lock.json" \
      "$root/web/vite.config.ts" "$root/web/tsconfig.json" -newer "$stamp" -print -quit)" ]; then
  echo "bootstrap(web): building the dashboard (web/dist)" >&2
  (cd "$root/web" && npm run build --silent >/dev/null)
fi
