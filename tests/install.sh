#!/bin/sh
# install.sh -- `make install` gives a working tree: the labs run from it.
#
# Installs into a temporary PREFIX, checks that the READMEs (top and per
# model), docs, man page, scenarios and analysis/ are there, then runs the
# shortest lab (datacenter, ~2 s) three ways a user would:
#   1. from the install tree, from an empty directory, with vdcsim found only
#      as PREFIX/bin/vdcsim (no VDCSIM, PATH without it): results in the
#      current directory, nothing written into the installed lab folder;
#   2. from the lab's own folder in the source tree, into a directory given
#      on the command line: nothing written into the lab folder;
#   3. --plots-only -f svg, redrawing as SVG from the database of 1.
# Needs sqlite3 (the labs query with it); gnuplot is optional (no plots then).
# Run from the project root; MAKE and BIN as make passes them.
set -u
MAKE=${MAKE:-make}
BIN=${BIN:-vdcsim}
T=$(mktemp -d "${TMPDIR:-/tmp}/vdcsim-install.XXXXXX")
trap 'rm -rf "$T"' EXIT
fail=0
pass=0
ok()  { pass=$((pass + 1)); }
bad() { echo "FAIL: $*"; fail=1; }
check() { if eval "$2"; then ok; else bad "$1"; fi; }

if ! command -v sqlite3 >/dev/null 2>&1; then
    echo "SKIPPED: tests/install.sh because sqlite3 (Debian package sqlite3) is not installed"
    exit 0
fi
P=$T/prefix
if ! $MAKE -s install PREFIX="$P" BIN="$BIN" >"$T/install.log" 2>&1; then
    bad "make install PREFIX=$P failed:"; cat "$T/install.log"; exit 1
fi
S=$P/share/vdcsim
for f in "$P/bin/vdcsim" "$P/share/man/man1/vdcsim.1" "$S/README.md" "$S/docs/references.md" \
         "$S/scenarios/quickstart.json" "$S/scenarios/labs/lab.sh" "$S/analysis/term.gp" \
         "$S/analysis/credit_views.sql"; do
    check "installed: $f" '[ -f "$f" ]'
done
for m in models/*/README.md scenarios/labs/*/README.md scenarios/labs/*/run_all.sh; do
    check "installed: $S/$m" '[ -f "$S/$m" ]'
done
check "installed vdcsim runs" '"$P/bin/vdcsim" --version >/dev/null'
HAVE_GP=0; command -v gnuplot >/dev/null 2>&1 && HAVE_GP=1

# 1. install tree, empty cwd, vdcsim neither in VDCSIM nor on PATH
LAB=$S/scenarios/labs/datacenter
before=$(ls -A "$LAB")
mkdir "$T/w1"
PATHNOVDC=$(dirname "$(command -v sqlite3)"):/usr/bin:/bin
[ "$HAVE_GP" = 1 ] && PATHNOVDC=$PATHNOVDC:$(dirname "$(command -v gnuplot)")
if (cd "$T/w1" && env -u VDCSIM PATH="$PATHNOVDC" sh "$LAB/run_all.sh" >"$T/w1.log" 2>&1); then
    ok
    check "lab 1: database in the current directory" '[ -s "$T/w1/datacenter_lab.db" ]'
    check "lab 1: a summary row per variant" 'grep -q "^consolidate " "$T/w1.log"'
    runs=$(sqlite3 "$T/w1/datacenter_lab.db" "SELECT count(*) FROM runs WHERE status = 'ok'" 2>/dev/null)
    check "lab 1: 7 runs stored (got $runs)" '[ "$runs" = 7 ]'
    if [ "$HAVE_GP" = 1 ]; then
        check "lab 1: PNG plots in the current directory" '[ -s "$T/w1/datacenter_hosts.png" ] && [ -s "$T/w1/datacenter_summary.png" ]'
    fi
else
    bad "lab from the install tree failed:"; cat "$T/w1.log"
fi
if [ "$HAVE_GP" = 1 ] && [ -s "$T/w1/datacenter_lab.db" ]; then
    (cd "$T/w1" && PATH="$PATHNOVDC" "$P/bin/vdcsim" report datacenter_lab.db -o r.html 2>/dev/null)
    check "report from the install tree: the lab's questions and 4 plots" \
        "grep -q '<h2 id=\"questions\">' '$T/w1/r.html' && grep -q '<li>' '$T/w1/r.html' && [ \$(grep -c '<svg' '$T/w1/r.html') = 4 ]"
fi
check "lab 1: nothing written into the installed lab folder" '[ "$(ls -A "$LAB")" = "$before" ]'
check "lab 1: no lab-out/ left behind" '[ ! -e "$T/w1/lab-out" ] && [ ! -e "$LAB/lab-out" ]'

# 2. source tree, from the lab's own folder, output directory given
SRC=scenarios/labs/datacenter
before=$(ls -A "$SRC")
if (cd "$SRC" && env -u VDCSIM sh run_all.sh "$T/w2" >"$T/w2.log" 2>&1); then
    ok
    check "lab 2: database in the directory given" '[ -s "$T/w2/datacenter_lab.db" ]'
else
    bad "lab from its own folder failed:"; cat "$T/w2.log"
fi
check "lab 2: nothing written into the lab folder" '[ "$(ls -A "$SRC")" = "$before" ]'

# 3. redraw as SVG; a bad format is refused
if [ "$HAVE_GP" = 1 ]; then
    if (cd "$T/w1" && PATH="$PATHNOVDC" sh "$LAB/run_all.sh" --plots-only -f svg >"$T/w3.log" 2>&1); then
        check "lab 3: SVG plot drawn" 'grep -q "<svg" "$T/w1/datacenter_power.svg"'
    else
        bad "lab --plots-only -f svg failed:"; cat "$T/w3.log"
    fi
else
    echo "SKIPPED: plot checks of tests/install.sh because gnuplot is not installed"
fi
(cd "$T/w1" && sh "$LAB/run_all.sh" -f gif >/dev/null 2>"$T/w4.log"); rc=$?
check "lab: -f gif refused with exit 2 (got $rc)" '[ $rc = 2 ] && grep -q "png, svg or pdf" "$T/w4.log"'

[ $fail = 0 ] && echo "install: $pass/$pass passed"
exit $fail
