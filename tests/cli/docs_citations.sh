#!/usr/bin/env bash
# Every citation of the domain reference ("domain.md 2.6", "domain.md 7") in the docs, the code, the scenarios and
# the README names a section that docs/domain.md has, so a reader can follow it inside the repository.
set -euo pipefail
root=$(pwd)
[ -f "$root/docs/domain.md" ] || { echo "docs/domain.md is missing" >&2; exit 1; }
headings=$(grep -oE '^#{2,3} [0-9]+(\.[0-9]+)?\.? ' "$root/docs/domain.md" | grep -oE '[0-9]+(\.[0-9]+)?')
missing=0
cited=0
while IFS=: read -r file line text; do
  for section in $(grep -oE 'domain\.md[ ,]*(§ ?)?[0-9]+(\.[0-9]+)?' <<<"$text" | grep -oE '[0-9]+(\.[0-9]+)?$'); do
    cited=$((cited + 1))
    if ! grep -qx "$section" <<<"$headings"; then
      echo "$file:$line: cites domain.md $section, which docs/domain.md does not have" >&2
      missing=$((missing + 1))
    fi
  done
done < <(cd "$root" && grep -rnE 'domain\.md[ ,]*(§ ?)?[0-9]' docs src scenarios README.md python web/src --exclude=domain.md || true)
[ "$cited" -gt 10 ] || { echo "expected more than 10 citations of domain.md, found $cited" >&2; exit 1; }
[ "$missing" -eq 0 ] || exit 1
echo "ok: $cited citations of docs/domain.md resolve"
