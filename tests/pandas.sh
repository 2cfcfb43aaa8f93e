#!/bin/sh
# pandas.sh -- the Python analysis example (analysis/pandas_example.py) runs
# on a real database: a weight sweep of the quickstart under both
# schedulers; the printed table has one row per run and VM db's share grows
# with its weight under each scheduler; a PNG is written.  Runs only when
# a python3 with pandas and matplotlib is found (Debian: python3-pandas,
# python3-matplotlib); says SKIPPED otherwise.
set -u
V=${VDCSIM:-./vdcsim}
PY=
for p in python3 /usr/bin/python3; do
    if command -v "$p" >/dev/null 2>&1 && "$p" -c 'import pandas, matplotlib' 2>/dev/null; then
        PY=$p; break
    fi
done
if [ -z "$PY" ]; then
    echo "SKIPPED: tests/pandas.sh because no python3 with pandas and matplotlib (Debian: python3-pandas python3-matplotlib)"
    exit 0
fi
T=$(mktemp -d "${TMPDIR:-/tmp}/vdcsim-pandas.XXXXXX")
trap 'rm -rf "$T"' EXIT
fail=0
for s in fluid credit; do for w in 128 256 512 1024; do
    "$V" run scenarios/quickstart.json -o "$T/w.db" -q --set duration_s=10 \
        --set "vms[1].weight=$w" --set "models.sched.name=$s" || fail=1
done; done
"$PY" analysis/pandas_example.py "$T/w.db" --x 'vms[1].weight' --y db:share \
    --by models.sched.name -o "$T/share.png" > "$T/out" 2>&1 || { cat "$T/out"; fail=1; }
rows=$(grep -cE '^ *[0-9]+ +(fluid|credit) ' "$T/out")
[ "$rows" = 8 ] || { echo "FAIL: pandas example: 8 rows expected, got $rows"; cat "$T/out"; fail=1; }
for s in fluid credit; do
    # share of db non-decreasing in its weight
    awk -v s=$s '$2 == s { if (n++ && $3 < last - 1e-9) bad = 1; last = $3 } END { exit bad }' "$T/out" ||
        { echo "FAIL: pandas example: db's share does not grow with its weight under $s"; fail=1; }
done
[ -s "$T/share.png" ] && head -c 8 "$T/share.png" | grep -q PNG ||
    { echo "FAIL: pandas example: no PNG written"; fail=1; }
[ $fail = 0 ] && echo "pandas: example ran with $PY (8 runs, shares grow with weight, PNG written)"
exit $fail
