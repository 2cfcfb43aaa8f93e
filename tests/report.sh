#!/bin/sh
# report.sh -- `vdcsim report` writes one self-contained HTML page for a lab.
#
# Runs the data-center lab (~2 s) into a temporary folder and writes its
# report, then checks the page: the lab's questions are in it, one inline
# SVG per plot script, the key-numbers table has a row per variant, every
# run is listed with its version, and nothing refers to another file or
# site (no script, link, img, url(), http(s) other than SVG namespaces).
# With Chromium (Debian package chromium) it also loads the page headless:
# no console message, no network request from the page (Chromium's net log;
# its own update/account requests are filtered out), and a screenshot of
# the plots shows ink in every plot's band (tests/png_bands.py).  A page
# with a console.error and an <img> from the network is loaded first to
# prove that both are seen.  The browser part runs with REPORT_BROWSER=1
# (`make test-report`, and CI); without chromium it says SKIPPED.
set -u
V=${VDCSIM:-./vdcsim}
case $V in /*) ;; *) V=$(pwd)/$V ;; esac
# A binary outside the source tree's root (make check-asan's build-asan/vdcsim)
# does not find the labs beside itself: point it at this tree.
[ "$(dirname "$V")" = "$(pwd)" ] || export VDCSIM_DATA="${VDCSIM_DATA:-$(pwd)}"
T=$(mktemp -d "${TMPDIR:-/tmp}/vdcsim-report.XXXXXX")
trap 'rm -rf "$T"' EXIT
fail=0
pass=0
check() { if eval "$2"; then pass=$((pass + 1)); else echo "FAIL: $1"; fail=1; fi; }
if ! command -v sqlite3 >/dev/null 2>&1 || ! command -v gnuplot >/dev/null 2>&1; then
    echo "SKIPPED: tests/report.sh because sqlite3 and gnuplot are needed (Debian: sqlite3 gnuplot-nox)"
    exit 0
fi
VDCSIM=$V sh scenarios/labs/datacenter/run_all.sh --plots-only "$T" >/dev/null 2>&1  # no db: refused
VDCSIM=$V sh scenarios/labs/datacenter/run_all.sh "$T" >/dev/null 2>&1 ||
    { echo "FAIL: the datacenter lab did not run"; exit 1; }
"$V" report "$T/datacenter_lab.db" -o "$T/r.html" 2>"$T/err"; rc=$?
check "report: exit 0 (got $rc)" "[ $rc = 0 ] && [ -s '$T/r.html' ]"
R=$T/r.html
check "report: the lab's questions" "grep -q '<h2 id=\"questions\">' '$R' && grep -q '<b>1. Consolidation vs spread' '$R' && grep -q '<li>From the table' '$R'"
n=$(grep -c '<svg' "$R")
check "report: 4 inline SVG plots (got $n)" "[ $n = 4 ]"
check "report: no plot failed" "! grep -q 'could not be drawn' '$R'"
check "report: key numbers, a row per variant" "grep -q '<td>dc_consolidate_x3550</td>' '$R' && grep -q 'energy_kwh' '$R'"
check "report: every run listed with its version" "[ \$(grep -c '<td>dc_' '$R') -ge 14 ]"
check "report: the scenarios as given" "grep -q '<details><summary><code>dc_spread' '$R'"
check "report: nothing external (script, link, img, url(), src=)" "! grep -qiE '<script|<link|<img|<iframe|url\\(|src=' '$R'"
check "report: no http(s) reference but SVG namespaces" "[ -z \"\$(grep -oE 'https?://[^\"'\"'\"' )]*' '$R' | grep -vE '^http://www.w3.org/(2000/svg|1999/xlink)\$')\" ]"
"$V" report "$T/none.db" -o "$T/x.html" 2>/dev/null; rc=$?
check "report: a missing database is refused (exit 2, got $rc)" "[ $rc = 2 ] && [ ! -e '$T/x.html' ]"

CH=
for c in chromium chromium-browser google-chrome; do command -v $c >/dev/null 2>&1 && { CH=$c; break; }; done
if [ "${REPORT_BROWSER:-0}" != 1 ]; then
    echo "SKIPPED: the browser part of tests/report.sh because it takes a minute: \`make test-report\` runs it (CI does)"
    [ $fail = 0 ] && echo "report: $pass/$pass passed"
    exit $fail
fi
if [ -z "$CH" ] || ! command -v python3 >/dev/null 2>&1; then
    echo "SKIPPED: the browser part of tests/report.sh because chromium (Debian package chromium) or python3 is not installed"
    [ $fail = 0 ] && echo "report: $pass/$pass passed"
    exit $fail
fi
ch() {   # headless, offline (every host name fails to resolve), own profile
    "$CH" --headless --no-sandbox --disable-gpu --disable-background-networking \
        --disable-component-update --disable-sync --no-first-run --disable-default-apps \
        --disable-extensions --disable-domain-reliability --no-pings \
        --user-data-dir="$T/profile" "--host-resolver-rules=MAP * ~NOTFOUND" \
        --enable-logging=stderr --v=0 "$@" >/dev/null 2>>"$T/chrome.log"
}
page_urls() {   # URLs the page asked for: Chromium's own service requests left out
    grep -o '"url":"[^"]*"' "$1" | sed 's/"url":"//; s/"$//' | sort -u |
        grep -vE '^(file|data|chrome|about):|google\.com/|googleapis\.com/|gvt1\.com/' || true
}
# 0. the checks see what they look for
cat > "$T/bad.html" <<'H'
<!DOCTYPE html><html><head><meta charset="utf-8"><title>bad</title></head>
<body><img src="http://192.0.2.1/x.png"><script>console.error("boom")</script></body></html>
H
: > "$T/chrome.log"
ch --log-net-log="$T/bad.json" --screenshot="$T/bad.png" --window-size=400,300 "file://$T/bad.html"
check "browser: a console error is seen (control)" "grep -q 'CONSOLE.*boom' '$T/chrome.log'"
check "browser: a network fetch is seen (control)" "page_urls '$T/bad.json' | grep -q 192.0.2.1"
# 1. the report: no console message, no fetch
: > "$T/chrome.log"
ch --log-net-log="$T/net.json" --screenshot="$T/page.png" --window-size=1200,2000 "file://$R"
check "browser: the report loads with no console message" "! grep -q 'CONSOLE' '$T/chrome.log'"
check "browser: the report fetches nothing" "[ -z \"\$(page_urls '$T/net.json')\" ]"
check "browser: the report was drawn" "[ -s '$T/page.png' ]"
# 2. every plot renders: the plots alone, one 240 px band each, must show ink
{ printf '<!DOCTYPE html><html><head><meta charset="utf-8"><title>plots</title><style>'
  printf 'body{margin:0;background:#fff}svg{display:block;width:400px;height:240px}</style></head><body>\n'
  awk '/<svg/{on=1} on{print} /<\/svg>/{on=0}' "$R"
  printf '</body></html>\n'; } > "$T/plots.html"
ch --screenshot="$T/plots.png" --window-size=400,960 "file://$T/plots.html"
i=0
for ink in $(python3 tests/png_bands.py "$T/plots.png" 4); do
    i=$((i + 1))
    check "browser: plot $i renders (ink $ink of its band)" "awk 'BEGIN { exit !($ink > 0.02) }'"
done
check "browser: 4 plot bands measured" "[ $i = 4 ]"

[ $fail = 0 ] && echo "report: $pass/$pass passed"
exit $fail
