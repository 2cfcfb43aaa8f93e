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
  # a rerun appended to its own database is a duplicate of the run it repeats
  cp "$T/shard1.db" "$T/re.db"
  $V rerun "$T/re.db" 1 -q >/dev/null
  check "rerun appended a run" "[ \"\$(q $T/re.db 'SELECT count(*) FROM runs')\" = 9 ]"
  out=$($V merge "$T/remerged.db" "$T/re.db")
  check "merge: the rerun copy is a duplicate" "echo '$out' | grep -q '8 runs added, 1 duplicates skipped'"
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
check "merge missing input: no output database left behind" "[ ! -e $T/m2.db ]"
# --- issue 14
# (2) no input is dropped: the 4,097th input is merged
$V run scenarios/quickstart.json --set duration_s=1 -o "$T/a.db" -q
$V run scenarios/quickstart.json --set duration_s=2 -o "$T/b.db" -q
$V merge "$T/many.db" $(i=0; while [ $i -lt 4096 ]; do echo "$T/a.db"; i=$((i+1)); done) "$T/b.db" -q
check "merge of 4,097 inputs exit 0" "[ $? = 0 ]"
check "merge of 4,097 inputs: the last one is in" "[ \"\$(q $T/many.db 'SELECT count(*) FROM runs')\" = 2 ]"
# (10) a full output: one line naming OUT and the cause, nothing partial
for s in 1 2 3 4 5 6; do $V run scenarios/quickstart.json --seed $s -o "$T/big.db" -q; done
(ulimit -f 100; trap '' XFSZ; exec $V merge "$T/full.db" "$T/big.db") 2>"$T/err"
check "merge onto a full disk exit 1" "[ $? = 1 ]"
check "full disk: one line" "[ \"\$(wc -l <$T/err)\" = 1 ]"
check "full disk: names the output" "grep -q 'full.db: ' $T/err"
check "full disk: no 'not an error'" "! grep -q 'not an error' $T/err"
check "full disk: output intact, no partial merge" "[ \"\$(q $T/full.db 'PRAGMA integrity_check; SELECT count(*) FROM runs' | tr '\n' ' ')\" = 'ok 0 ' ]"
# (15) a corrupt or foreign input is bad input: exit 2
sqlite3 "$T/foreign.db" "CREATE TABLE t(x); INSERT INTO t VALUES(1)"
$V merge "$T/m3.db" "$T/foreign.db" 2>"$T/err"; check "merge of a foreign database exit 2" "[ $? = 2 ]"
check "foreign input named" "grep -q 'foreign.db: not a vdcsim' $T/err"
cp "$T/big.db" "$T/corrupt.db"; sqlite3 "$T/corrupt.db" "PRAGMA journal_mode=DELETE" >/dev/null
dd if=/dev/zero of="$T/corrupt.db" bs=1024 seek=8 count=24 conv=notrunc 2>/dev/null
$V merge "$T/m4.db" "$T/corrupt.db" 2>"$T/err"; check "merge of a corrupt database exit 2" "[ $? = 2 ]"
check "corrupt input: one line" "[ \"\$(wc -l <$T/err)\" = 1 ]"
# (3) a sweep's size is counted before it is built: 10^9 points refused at once
printf '{"base": "%s/scenarios/quickstart.json", "grid": {"seed": [%s], "vms[0].weight": [%s], "vms[1].weight": [%s]}}' \
  "$(pwd)" "$(seq -s, 1 1000)" "$(seq -s, 1 1000)" "$(seq -s, 1 1000)" >"$T/huge.json"
timeout 20 $V sweep "$T/huge.json" --dry-run >/dev/null 2>"$T/err"; check "10^9 points refused, exit 2" "[ $? = 2 ]"
check "the limit is named" "grep -q 'limit 100000' $T/err"
# (15) resuming is not quadratic: 100,000 points all done, --dry-run prints none
printf '{"name": "big", "base": "%s/scenarios/quickstart.json", "grid": {"seed": [%s], "duration_s": [%s]}}' \
  "$(pwd)" "$(seq -s, 0 99)" "$(seq -s, 1 1000)" >"$T/bigsweep.json"
sqlite3 "$T/bigdone.db" "CREATE TABLE sweep_points(run_id INTEGER, sweep TEXT, point TEXT);
  WITH RECURSIVE s(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM s WHERE i < 99),
                 d(j) AS (SELECT 1 UNION ALL SELECT j + 1 FROM d WHERE j < 1000)
  INSERT INTO sweep_points SELECT NULL, 'big', 'seed=' || i || ' duration_s=' || j FROM s, d;"
out=$(timeout 60 $V sweep "$T/bigsweep.json" -o "$T/bigdone.db" --dry-run 2>&1); code=$?
check "resume of 100,000 done points: exit 0 within the timeout" "[ $code = 0 ]"
check "resume of 100,000 done points: nothing left" "[ -z \"$out\" ]"
# (15) a shard count that does not fit is refused, not wrapped
$V sweep "$T/s.json" --shard 1/99999999999 --dry-run >/dev/null 2>"$T/err"; check "--shard overflow exit 2" "[ $? = 2 ]"
check "--shard error in one line" "[ \"\$(wc -l <$T/err)\" = 1 ]"
# (14) a read-only output is refused before any point is simulated
cp "$T/one.db" "$T/ro.db"; sqlite3 "$T/ro.db" "PRAGMA journal_mode=DELETE" >/dev/null
printf '\003' | dd of="$T/ro.db" bs=1 seek=18 conv=notrunc 2>/dev/null
printf '{"name": "ro", "base": "%s/scenarios/quickstart.json", "grid": {"seed": [1, 2, 3, 4]}}' "$(pwd)" >"$T/ro.json"
$V sweep "$T/ro.json" -o "$T/ro.db" -q 2>"$T/err"; check "sweep into a read-only database exit 2" "[ $? = 2 ]"
check "read-only: one line, no point run" "[ \"\$(wc -l <$T/err)\" = 1 ]"
# Slow points for the process tests below (~0.5 s each; 0.2 s was not enough
# to catch a sweep of 8 mid-way once fluid batched the VMs' aligned edges).
# The tests wait until the workers exist and one point is committed, rather
# than sleeping a fixed time, so they hold on a loaded or a fast machine.
cat >"$T/slow.json" <<J2
{"duration_s": 8, "hosts": [{"count": 50, "pcpus": 8}],
 "vms": [{"count": 400, "workload": {"type": "onoff", "on_s": 0.001, "off_s": 0.002}}]}
J2
printf '{"name": "slow", "base": "slow.json", "grid": {"seed": [1, 2, 3, 4, 5, 6, 7, 8]}}' >"$T/slowsweep.json"
kids() { pgrep -P "$1" 2>/dev/null || ps -o pid= --ppid "$1"; }
started() { # started PID DB: wait (<= 30 s) for workers and one committed run
  for _ in $(seq 300); do
    [ -n "$(kids "$1")" ] && [ "$(q "$2" 'SELECT count(*) FROM runs' 2>/dev/null || echo 0)" -ge 1 ] && return 0
    sleep 0.1
  done; return 1; }
once() { # once DB N: N runs, each point exactly once, database intact
  [ "$(q "$1" 'PRAGMA integrity_check')" = ok ] &&
  [ "$(q "$1" 'SELECT count(*) FROM runs')" = "$2" ] &&
  [ "$(q "$1" 'SELECT count(*) FROM (SELECT DISTINCT sweep, point FROM sweep_points)')" = "$2" ] &&
  [ "$(q "$1" 'SELECT count(*) FROM sweep_points')" = "$2" ]
}
# (6) the parent killed: its workers die with it, a resume runs each point once
$V sweep "$T/slowsweep.json" -o "$T/k6.db" -j 2 -q 2>/dev/null &
pid=$!; started $pid "$T/k6.db"; w=$(kids $pid); kill -9 $pid; wait $pid 2>/dev/null
$V sweep "$T/slowsweep.json" -o "$T/k6.db" -j 2 -q 2>"$T/err"; check "resume after the parent's kill -9: exit 0" "[ $? = 0 ]"
check "parent killed: every point exactly once" "once $T/k6.db 8"
# A dead worker is reparented to PID 1 and may stay a zombie until it is
# reaped (in a container, PID 1 may never reap): a zombie does not count.
running() { s=$(ps -o stat= -p "$1" 2>/dev/null) && [ -n "$s" ] && [ "${s#Z}" = "$s" ]; }
sleep 0.3; alive=0; for p in $w; do running $p && alive=$((alive+1)); done
check "parent killed: no worker left running" "[ $alive = 0 ]"
# (7) SIGTERM to the sweep's pid (as timeout(1) sends it) stops the workers
$V sweep "$T/slowsweep.json" -o "$T/k7.db" -j 2 -q 2>"$T/err" &
pid=$!; started $pid "$T/k7.db"; kill -TERM $pid; wait $pid; code=$?
check "SIGTERM to the sweep: exit 130" "[ $code = 130 ]"
check "SIGTERM to the sweep: the workers stopped (not all 8 points run)" "[ \"\$(q $T/k7.db 'SELECT count(*) FROM runs')\" -lt 6 ]"
$V sweep "$T/slowsweep.json" -o "$T/k7.db" -j 2 -q; check "SIGTERM then resume: every point exactly once" "once $T/k7.db 8"
# (11) a worker killed (as by the OOM killer) is reported, exit 1, resumable
$V sweep "$T/slowsweep.json" -o "$T/k11.db" -j 2 >"$T/out" 2>"$T/err" &
pid=$!; started $pid "$T/k11.db"; kill -9 $(kids $pid | head -1); wait $pid; code=$?
check "a worker killed: exit 1" "[ $code = 1 ]"
check "a worker killed: reported" "grep -q 'killed by signal 9' $T/err"
check "a worker killed: the missing point named" "grep -q 'not run' $T/err"
$V sweep "$T/slowsweep.json" -o "$T/k11.db" -j 2 -q; check "worker killed then resume: every point exactly once" "once $T/k11.db 8"
# (8) concurrent sweeps into one new database: none fails on a lock
for k in 1 2 3 4; do
  printf '{"name": "c%s", "base": "%s/scenarios/quickstart.json", "set": ["duration_s=2"], "grid": {"seed": [1, 2, 3, 4, 5, 6]}}' $k "$(pwd)" >"$T/c$k.json"
done
for k in 1 2 3 4; do $V sweep "$T/c$k.json" -o "$T/conc.db" -j 2 -q 2>>"$T/cerr" & done
fails8=0; for k in 1 2 3 4; do wait %$k || fails8=$((fails8+1)); done
check "4 concurrent sweeps: all exit 0 ($(head -c 200 $T/cerr 2>/dev/null))" "[ $fails8 = 0 ]"
check "4 concurrent sweeps: 24 runs, each once" "once $T/conc.db 24"
check "random samples are reproducible" "[ \"\$($V sweep $T/s.json --dry-run)\" = \"\$($V sweep $T/s.json --dry-run)\" ]"
echo "sweep: $((n-fails))/$n passed"
[ "$fails" = 0 ]
