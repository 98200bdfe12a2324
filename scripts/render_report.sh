#!/usr/bin/env bash
# Dev script: renders a report.html to a PNG with headless Chromium, to look at the page as a
# planner would (map, charts, Chinese names), or prints it to PDF (A3 landscape, as the print
# stylesheet says) when the output name ends in .pdf. Not part of the product.
#
#   scripts/render_report.sh out/demo/report.html [out.png] [width] [height]
#   scripts/render_report.sh out/demo/report.html out/demo/report.pdf
#
# The window must be at least about 400 px tall: Chromium 156 screenshots a smaller one blank.
#
# Needs Chromium and CJK fonts (Debian: apt-get install -y chromium fonts-noto-cjk); without the
# fonts Chinese names render as boxes.
set -euo pipefail

if [[ $# -lt 1 || ! -f "$1" ]]; then
    echo "usage: $0 REPORT.html [OUT.png] [WIDTH] [HEIGHT]" >&2
    exit 64
fi
html=$(realpath "$1")
png=${2:-${html%.html}.png}
width=${3:-1200}
height=${4:-3000}

browser=""
for candidate in chromium chromium-browser google-chrome; do
    if command -v "$candidate" >/dev/null 2>&1; then browser=$candidate; break; fi
done
if [[ -z $browser ]]; then
    echo "no Chromium found: apt-get install -y chromium fonts-noto-cjk" >&2
    exit 1
fi
if command -v fc-list >/dev/null 2>&1 && ! fc-list :lang=zh | grep -q .; then
    echo "warning: no CJK font installed (apt-get install -y fonts-noto-cjk); Chinese shows as boxes" >&2
fi

# --no-sandbox: CI containers run as root, where Chromium's sandbox refuses to start.
# A throw-away profile keeps runs independent of each other and of any user profile.
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
if [[ $png == *.pdf ]]; then
    "$browser" --headless --no-sandbox --disable-gpu --user-data-dir="$profile" --no-pdf-header-footer \
        --print-to-pdf="$(realpath -m "$png")" "file://$html" 2>/dev/null
else
    "$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --user-data-dir="$profile" \
        --screenshot="$(realpath -m "$png")" --window-size="$width,$height" "file://$html" 2>/dev/null
fi
echo "$png"
