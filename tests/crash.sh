#!/bin/sh
# crash.sh -- kill -9 at random moments of `run` and `sweep -j 2` (the
# parent only, or the whole process group), then resume; after each kill
# the database passes PRAGMA integrity_check, holds no partial run, and
# after the resume every point of the sweep is in it exactly once.
# Bounded by time: CRASH_SECONDS (default 30, `make stress` 600).
# Usage: VDCSIM=./vdcsim sh tests/crash.sh
set -u
V=${VDCSIM:-./vdcsim}
BUDGET=${CRASH_SECONDS:-30}
T=$(mktemp -d /tmp/vdc-crash.XXXXXX)
trap 'rm -rf "$T"' EXIT
fails=0; kills=0; iters=0
bad() { fails=$((fails+1)); echo "  FAIL: $*"; }
q() { sqlite3 -cmd ".timeout 10000" "$1" "$2" 2>&1; }
# a random number in [0, $1) from /dev/urandom
rnd() { od -An -N2 -tu2 /dev/urandom | awk -v m="$1" '{ print $1 % m }'; }
cat >"$T/slow.json" <<J
{"duration_s": 1.8, "hosts": [{"count": 50, "pcpus": 8}],
 "vms": [{"count": 400, "workload": {"type": "onoff", "on_s": 0.001, "off_s": 0.002}}]}
J
printf '{"name": "crash", "base": "slow.json", "grid": {"seed": [1, 2, 3, 4, 5, 6]}}' >"$T/s.json"
intact() { # intact DB WHAT: integrity and no run without its rows
  [ -e "$1" ] || return 0
  ic=$(q "$1" 'PRAGMA integrity_check')
  [ "$ic" = ok ] || { bad "$2: integrity_check: $ic"; return 1; }
  [ "$(q "$1" "SELECT count(*) FROM sqlite_master WHERE name = 'runs'")" = 1 ] || return 0  # nothing committed yet
  part=$(q "$1" "SELECT count(*) FROM runs WHERE run_id NOT IN (SELECT run_id FROM metrics)")
  [ "$part" = 0 ] || { bad "$2: $part partial runs"; return 1; }
}
start=$(date +%s)
while [ $(( $(date +%s) - start )) -lt "$BUDGET" ]; do
  iters=$((iters+1))
  ms=$(rnd 1500)
  wait_s=$(awk -v m="$ms" 'BEGIN { printf "%.3f", m / 1000 }')
  case $(rnd 3) in
  0) # run, killed at a random moment (maybe during its commit: a run takes ~0.4 s)
    ms=$(rnd 450); wait_s=$(awk -v m="$ms" 'BEGIN { printf "%.3f", m / 1000 }')
    before=0; [ -e "$T/run.db" ] && before=$(q "$T/run.db" 'SELECT count(*) FROM runs' | grep -E '^[0-9]+$' || echo 0)
    $V run "$T/slow.json" -o "$T/run.db" -q 2>/dev/null &
    pid=$!; sleep "$wait_s"; kill -9 $pid 2>/dev/null && kills=$((kills+1)); wait $pid 2>/dev/null
    intact "$T/run.db" "run killed after ${ms} ms" || continue
    after=0; [ -e "$T/run.db" ] && after=$(q "$T/run.db" 'SELECT count(*) FROM runs' | grep -E '^[0-9]+$' || echo 0)
    [ $((after - before)) -le 1 ] || bad "run killed after ${ms} ms: $((after - before)) runs added"
    ;;
  1|2) # sweep -j 2: parent only, or the whole group (setsid: its own group)
    db="$T/sw$iters.db"
    if [ "$(rnd 2)" = 0 ]; then how=parent; else how=group; fi
    setsid $V sweep "$T/s.json" -o "$db" -j 2 -q 2>/dev/null &
    pid=$!; sleep "$wait_s"
    if [ $how = parent ]; then kill -9 $pid 2>/dev/null && kills=$((kills+1))
    else kill -9 -- -$pid 2>/dev/null && kills=$((kills+1)); fi
    wait $pid 2>/dev/null
    intact "$db" "sweep ($how killed after ${ms} ms)" || continue
    if ! $V sweep "$T/s.json" -o "$db" -j 2 -q 2>"$T/err"; then
      bad "resume after a kill of the $how at ${ms} ms: $(head -c 300 "$T/err")"; continue
    fi
    intact "$db" "sweep resumed" || continue
    n=$(q "$db" 'SELECT count(*) FROM runs'); p=$(q "$db" 'SELECT count(*) FROM (SELECT DISTINCT point FROM sweep_points)')
    sp=$(q "$db" 'SELECT count(*) FROM sweep_points')
    [ "$n" = 6 ] && [ "$p" = 6 ] && [ "$sp" = 6 ] || bad "sweep ($how killed after ${ms} ms) then resumed: $n runs, $p distinct points, $sp point rows (want 6 each)"
    rm -f "$db"*
    ;;
  esac
done
echo "crash: $iters rounds, $kills kill -9 survived with $fails failures"
[ "$fails" = 0 ]
