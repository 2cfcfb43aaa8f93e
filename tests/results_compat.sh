#!/bin/sh
# results_compat.sh -- databases written before the typed params, metrics.kind
# and samples.unit columns keep working: a run appends to one (the columns are
# added, old rows keep NULL), rerun reproduces its runs, and merge joins old
# into new and new into old.  Also: the new columns are filled.
set -u
V=${VDCSIM:-./vdcsim}
T=$(mktemp -d "${TMPDIR:-/tmp}/vdcsim-compat.XXXXXX")
trap 'rm -rf "$T"' EXIT
fail=0
pass=0
check() { if eval "$2"; then pass=$((pass + 1)); else echo "FAIL: $1"; fail=1; fi; }
q() { sqlite3 "$1" "$2"; }
if ! command -v sqlite3 >/dev/null 2>&1; then
    echo "SKIPPED: tests/results_compat.sh because sqlite3 is not installed"; exit 0
fi

# an "old" database: the first schema, one run copied from a new run
"$V" run scenarios/quickstart.json -o "$T/new.db" -q --set duration_s=5
sqlite3 "$T/old.db" <<'SQL'
CREATE TABLE runs(run_id INTEGER PRIMARY KEY AUTOINCREMENT, scenario_name TEXT, scenario_json TEXT,
  seed INTEGER, version TEXT, started_at TEXT, wall_s REAL, status TEXT);
CREATE TABLE params(run_id INTEGER, path TEXT, value TEXT);
CREATE TABLE metrics(run_id INTEGER, entity TEXT, name TEXT, value REAL, unit TEXT);
CREATE TABLE samples(run_id INTEGER, entity TEXT, name TEXT, t_s REAL, value REAL);
SQL
sqlite3 "$T/old.db" "ATTACH '$T/new.db' AS n;
  INSERT INTO runs SELECT * FROM n.runs;
  INSERT INTO params SELECT * FROM n.params;
  INSERT INTO metrics SELECT run_id, entity, name, value, unit FROM n.metrics;
  INSERT INTO samples SELECT run_id, entity, name, t_s, value FROM n.samples;"

check "new: numbers are stored as numbers" "[ \"\$(q $T/new.db \"SELECT typeof(value) FROM params WHERE path = 'vms[1].weight'\")\" = integer ]"
check "new: names stay text" "[ \"\$(q $T/new.db \"SELECT typeof(value) FROM params WHERE path = 'vms[0].name'\")\" = text ]"
check "new: every metric has a kind and a unit" "[ \"\$(q $T/new.db \"SELECT count(*) FROM metrics WHERE kind IS NULL OR unit IS NULL OR unit = ''\")\" = 0 ]"
check "new: every sample has a kind and a unit" "[ \"\$(q $T/new.db \"SELECT count(*) FROM samples WHERE kind IS NULL OR unit IS NULL OR unit = ''\")\" = 0 ]"
check "new: VM, host and run kinds" "[ \"\$(q $T/new.db \"SELECT group_concat(k) FROM (SELECT DISTINCT kind AS k FROM metrics ORDER BY 1)\")\" = host,run,vm ]"

"$V" run scenarios/quickstart.json -o "$T/old.db" -q --set duration_s=5; rc=$?
check "append to an old database (exit $rc)" "[ $rc = 0 ]"
check "old database: columns added" "q $T/old.db 'SELECT kind FROM metrics LIMIT 1' >/dev/null && q $T/old.db 'SELECT unit FROM samples LIMIT 1' >/dev/null"
check "old database: two runs" "[ \"\$(q $T/old.db 'SELECT count(*) FROM runs')\" = 2 ]"
# the staging (C arrays since issue 15) writes the same rows into either schema
same_rows() { q "$1" "SELECT entity, name, quote(value), unit, kind FROM metrics WHERE run_id = $2 ORDER BY rowid;
                      SELECT entity, name, quote(t_s), quote(value), unit, kind FROM samples WHERE run_id = $2 ORDER BY rowid"; }
check "a run appended to an old database has the rows of the same run in a new one" \
    "[ \"\$(same_rows $T/old.db 2)\" = \"\$(same_rows $T/new.db 1)\" ] && [ -n \"\$(same_rows $T/new.db 1)\" ]"
"$V" rerun "$T/old.db" 1 -q; rc=$?
check "rerun of an old run in an old database (exit $rc)" "[ $rc = 0 ]"
"$V" rerun "$T/old.db" 2 -o "$T/new.db" -q; rc=$?
check "rerun from an old database into a new one (exit $rc)" "[ $rc = 0 ]"

cp "$T/old.db" "$T/old2.db"
"$V" merge "$T/m1.db" "$T/old2.db" "$T/new.db" >/dev/null; rc=$?
check "merge old + new into a fresh database (exit $rc)" "[ $rc = 0 ]"
check "merged rows: metrics of every run" "[ \"\$(q $T/m1.db 'SELECT count(DISTINCT run_id) FROM metrics')\" = \"\$(q $T/m1.db 'SELECT count(*) FROM runs')\" ]"
sqlite3 "$T/old3.db" ".read /dev/stdin" <<'SQL'
CREATE TABLE runs(run_id INTEGER PRIMARY KEY AUTOINCREMENT, scenario_name TEXT, scenario_json TEXT,
  seed INTEGER, version TEXT, started_at TEXT, wall_s REAL, status TEXT);
CREATE TABLE params(run_id INTEGER, path TEXT, value TEXT);
CREATE TABLE metrics(run_id INTEGER, entity TEXT, name TEXT, value REAL, unit TEXT);
CREATE TABLE samples(run_id INTEGER, entity TEXT, name TEXT, t_s REAL, value REAL);
SQL
"$V" merge "$T/old3.db" "$T/new.db" >/dev/null; rc=$?
check "merge new into an old-schema database (exit $rc)" "[ $rc = 0 ]"
check "merged into old: kinds kept" "[ \"\$(q $T/old3.db \"SELECT count(*) FROM metrics WHERE kind = 'vm'\")\" -gt 0 ]"

[ $fail = 0 ] && echo "results_compat: $pass/$pass passed"
exit $fail
