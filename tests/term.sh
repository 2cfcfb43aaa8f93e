#!/bin/sh
# term.sh -- what vdcsim draws on a terminal fits its width.
#
# Runs `vdcsim run` under a pseudo-terminal (script(1), util-linux) set to
# 40, 60, 80 and 132 columns, with VDC_PROGRESS_NOW=1 so that the progress
# bar is drawn at every poll of the engine (not only after a second), and
# checks that every piece of output between carriage returns and newlines
# (each redraw of the bar, the summary line) holds in columns - 1
# characters, and that a bar was drawn.  Also a `sweep` bar at 40 columns.
# Without a pty (COLUMNS only) the bar is not drawn at all: checked too.
set -u
V=${VDCSIM:-./vdcsim}
case $V in /*) ;; *) V=$(pwd)/$V ;; esac
if ! command -v script >/dev/null 2>&1; then
    echo "SKIPPED: tests/term.sh because script(1) (util-linux) is not installed"
    exit 0
fi
T=$(mktemp -d "${TMPDIR:-/tmp}/vdcsim-term.XXXXXX")
trap 'rm -rf "$T"' EXIT
fail=0
pass=0
check() { if eval "$2"; then pass=$((pass + 1)); else echo "FAIL: $1"; fail=1; fi; }
SC=scenarios/labs/credit/latency.json
SETS="--set models.sched.tslice_ms=1 --set duration_s=40 --set name=a-rather-long-scenario-name-for-the-summary"

# longest piece of a terminal transcript, pieces split at \r and \n
longest() { grep -v '^Script \(started\|done\)' "$1" | tr '\r' '\n' | awk '{ if (length($0) > m) m = length($0) } END { print m + 0 }'; }

for cols in 40 60 80 132; do
    script -qc "stty cols $cols; VDC_PROGRESS_NOW=1 $V run $SC $SETS -o $T/t$cols.db" "$T/out$cols" \
        >/dev/null 2>&1 </dev/null


    m=$(longest "$T/out$cols")
    check "$cols columns: a progress bar was drawn" "grep -q '%' '$T/out$cols'"
    check "$cols columns: the summary line was printed" "tr '\\r' '\\n' < '$T/out$cols' | grep -q '^run 1: .*t$cols.db'"
    check "$cols columns: every line <= $((cols - 1)) characters (longest $m)" "[ $m -le $((cols - 1)) ]"
done
# the summary line to a pipe is complete whatever COLUMNS says
out=$(COLUMNS=40 "$V" run $SC $SETS -o "$T/p.db")
check "summary to a pipe is complete" "echo '$out' | grep -q 'events, .* s wall -> '"
# no terminal on stderr: no bar at all
COLUMNS=40 VDC_PROGRESS_NOW=1 "$V" run $SC $SETS -o "$T/p.db" 2>"$T/err" >/dev/null
check "no bar when stderr is not a terminal" "[ ! -s '$T/err' ]"

# the sweep's bar
cat > "$T/s.json" <<J
{"name": "s", "base": "$(pwd)/scenarios/quickstart.json", "set": ["duration_s=5"],
 "grid": {"vms[1].weight": [64, 128, 256, 512, 1024, 2048]}}
J
script -qc "stty cols 40; $V sweep $T/s.json -o $T/s.db" "$T/sw" >/dev/null 2>&1 </dev/null
m=$(longest "$T/sw")
check "sweep at 40 columns: a bar was drawn" "grep -q 'points' '$T/sw'"
check "sweep at 40 columns: bar lines <= 39 characters (longest of the bar $m)" \
    "[ \$(tr '\r' '\n' < '$T/sw' | grep '%' | awk '{ if (length(\$0) > m) m = length(\$0) } END { print m + 0 }') -le 39 ]"

[ $fail = 0 ] && echo "term: $pass/$pass passed"
exit $fail
