#!/usr/bin/env bash
# Regenerates the manager's-view examples from examples/profiles.csv (run from the project root):
# the HTML cohort report, its screenshot (headless Chromium), and the impact of raising
# fse_min_years from 2 to 5. The example file holds 5 bad rows on purpose, so evaluate and
# impact exit 1 (and list those rows on stderr); that is expected here.
set -uo pipefail
cd "$(dirname "$0")/.."
bmet-rules evaluate examples/profiles.csv --as-of 2026-11-29 -f html -o examples/report.html -q
bmet-rules impact examples/profiles.csv --as-of 2026-11-29 --new-param fse_min_years=5 -q > examples/impact-fse-min-years.txt
bmet-rules impact examples/profiles.csv --as-of 2026-11-29 --new-param fse_min_years=5 -q -o examples/impact-fse-min-years.html
profile=$(mktemp -d)
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --user-data-dir="$profile" --hide-scrollbars --window-size=1100,1500 \
  --screenshot="$PWD/examples/report.png" "file://$PWD/examples/report.html" 2>/dev/null
rm -rf "$profile"
