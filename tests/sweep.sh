#!/bin/sh
# sweep.sh -- `vdcsim sweep` and `vdcsim merge`: resume, -j, shards run by
# GNU parallel and merged equal a single-process sweep, duplicates detected.
# Run from the project root: VDCSIM=./vdcsim sh tests/sweep.sh
set -u
V=${VDCSIM:-./vdcsim}
T=$(mktemp -d /tmp/vdc-sweep.XXXXXX)
trap 'rm -rf "$T"' EXIT
fails=0; n=0
check() { n=$((n+1)); if eval "$2"; then :; else fails=$((fails+1)); echo "  FAIL: $1"; fi; }
q() { sqlite3 "$1" "$2"; }
# rows of a sweep database keyed by point, for comparing databases
rows() {
  sqlite3 "$1" "SELECT p.point, m.entity, m.name, m.value FROM metrics m JOIN sweep_points p USING (run_id)
                UNION ALL SELECT p.point, s.entity, s.name, s.t_s || ':' || s.value FROM samples s JOIN sweep_points p USING (run_id)
                UNION ALL SELECT p.point, 'param', r.path, r.value FROM params r JOIN sweep_points p USING (run_id)
                ORDER BY 1, 2, 3, 4"
}
cat >"$T/s.json" <<J
{"name": "t", "base": "$(pwd)/scenarios/quickstart.json", "set": ["duration_s=10"],
 "grid": {"vms[1].weight": [128, 256, 512], "models.sched.name": ["fluid", "credit"]},
 "random": {"samples": 2, "seed": 4, "params": {"vms[0].cap": {"min": 10, "max": 90, "int": true}}},
 "seeds": [1, 2]}
J
echo "sweep tests"
$V sweep "$T/s.json" -o "$T/one.db" -q; check "single sweep exit 0" "[ $? = 0 ]"
check "rows to compare" "[ \"\$(rows $T/one.db | wc -l)\" -gt 500 ]"
check "16 points" "[ \"\$(q $T/one.db 'SELECT count(*) FROM runs')\" = 16 ]"
out=$($V sweep "$T/s.json" -o "$T/one.db")
check "resume skips every point" "echo '$out' | grep -q '16 already in'"
out=$($V sweep "$T/s.json" -o "$T/one.db" -j 2)
check "a re-run with -j 2 says nothing is left, not '1 job'" "echo '$out' | grep -q 'nothing left to run' && ! echo '$out' | grep -q '1 job'"
check "still 16 runs" "[ \"\$(q $T/one.db 'SELECT count(*) FROM runs')\" = 16 ]"
# resume after a partial run: shard 1/2 first, then the whole sweep adds the rest
$V sweep "$T/s.json" -o "$T/part.db" --shard 1/2 -q
check "half in the first shard" "[ \"\$(q $T/part.db 'SELECT count(*) FROM runs')\" = 8 ]"
$V sweep "$T/s.json" -o "$T/part.db" -q
check "resume completes the sweep" "[ \"\$(q $T/part.db 'SELECT count(*) FROM runs')\" = 16 ]"
check "resumed rows equal a fresh sweep's" "[ \"\$(rows $T/part.db)\" = \"\$(rows $T/one.db)\" ]"
# -j 2 gives the same rows
$V sweep "$T/s.json" -o "$T/j2.db" -j 2 -q
check "-j 2 equals -j 1" "[ \"\$(rows $T/j2.db)\" = \"\$(rows $T/one.db)\" ]"
# two shards through GNU parallel, merged, equal the single-process sweep
if command -v parallel >/dev/null; then
  parallel --will-cite "$V sweep $T/s.json --shard {}/2 -o $T/shard{}.db -q" ::: 1 2
  check "parallel shards exit 0" "[ $? = 0 ]"
  $V merge "$T/merged.db" "$T/shard1.db" "$T/shard2.db" -q
  check "merged 16 runs" "[ \"\$(q $T/merged.db 'SELECT count(*) FROM runs')\" = 16 ]"
  check "merged rows equal the single-process sweep" "[ \"\$(rows $T/merged.db)\" = \"\$(rows $T/one.db)\" ]"
  check "model tables merged" "[ \"\$(q $T/merged.db 'SELECT count(*) FROM sched_vcpu')\" = \"\$(q $T/one.db 'SELECT count(*) FROM sched_vcpu')\" ]"
  out=$($V merge "$T/merged.db" "$T/shard1.db")
  check "merging a shard twice: duplicates detected" "echo '$out' | grep -q '0 runs added, 8 duplicates skipped'"
else
  echo "  (GNU parallel missing: shard test skipped; make setup installs it)"; fails=$((fails+1))
fi
# bad input
echo '{"base": "x.json", "grdi": {}}' >"$T/bad.json"
$V sweep "$T/bad.json" -o "$T/b.db" 2>"$T/err"; check "unknown key exit 2" "[ $? = 2 ]"
check "did you mean grid" "grep -q 'did you mean \"grid\"' $T/err"
printf '{"base": "%s/scenarios/quickstart.json", "grid": {"vms[1].wieght": [1]}}' "$(pwd)" >"$T/bad2.json"
$V sweep "$T/bad2.json" -o "$T/b.db" 2>"$T/err"; check "bad point exit 2" "[ $? = 2 ]"
check "bad point named" "grep -q 'point 1 (vms\[1\].wieght=1)' $T/err"
check "nothing written on bad input" "[ ! -e $T/b.db ]"
printf '{"base": "%s/scenarios/quickstart.json", "grid": {"seed": [1, 2]}, "list": [5]}' "$(pwd)" >"$T/bad3.json"
$V sweep "$T/bad3.json" -o "$T/b.db" 2>"$T/err"; check "list of non-objects exit 2" "[ $? = 2 ]"
check "list error names list[0]" "grep -q 'list\[0\]' $T/err"
printf '{"base": "%s/scenarios/quickstart.json", "random": {"samples": 2, "params": {"seed": {"min": 3}}}}' "$(pwd)" >"$T/bad4.json"
$V sweep "$T/bad4.json" -o "$T/b.db" 2>/dev/null; check "bad random param exit 2" "[ $? = 2 ]"
$V sweep "$T/s.json" --shard 3/2 2>/dev/null; check "bad shard exit 2" "[ $? = 2 ]"
$V merge "$T/m2.db" "$T/nope.db" 2>/dev/null; check "merge missing input exit 2" "[ $? = 2 ]"
check "random samples are reproducible" "[ \"\$($V sweep $T/s.json --dry-run)\" = \"\$($V sweep $T/s.json --dry-run)\" ]"
echo "sweep: $((n-fails))/$n passed"
[ "$fails" = 0 ]
