#!/bin/sh
# fault.sh -- fault injection over run, sweep, merge and rerun (issue 14):
# with a build from `make fault-bin` (sim/fault.h), make the N-th allocation
# or the N-th SQLite call fail, for N over each command's range, and check:
# no crash (no signal, no sanitizer report, no leak under ASan), a "vdcsim:"
# error line when it fails, never a syntax error for a valid file, and the
# output database intact (PRAGMA integrity_check) with no partial run.
# FAULT_MODE=brief (CI: ~20 N per command and kind) or full (every SQLite
# call, and allocations at a stride giving ~400 per command); FAULT_CMDS
# picks commands (default: run sweep merge rerun).
# Usage: VDCSIM_FAULT=build-fault/vdcsim sh tests/fault.sh
set -u
F=${VDCSIM_FAULT:-build-fault/vdcsim}
MODE=${FAULT_MODE:-brief}
T=$(mktemp -d /tmp/vdc-fault.XXXXXX)
trap 'rm -rf "$T"' EXIT
export ASAN_OPTIONS=exitcode=99:detect_leaks=1:abort_on_error=0 LSAN_OPTIONS=exitcode=98
fails=0; execs=0; injected=0
bad() { fails=$((fails+1)); echo "  FAIL: $*"; }

printf '{"hosts": [{"count": 2, "pcpus": 2}], "vms": [{"count": 3, "workload": {"type": "onoff", "on_s": 0.5, "off_s": 0.5}}], "duration_s": 3, "sample_window_s": 1}' >"$T/q.json"
printf '{"name": "f", "base": "q.json", "grid": {"seed": [1, 2]}}' >"$T/s.json"
# the databases are made by the fault build itself (no fault set): rerun
# compares with rows of the same code
"$F" run "$T/q.json" -o "$T/in.db" -q --seed 5 && "$F" run "$T/q.json" -o "$T/in.db" -q --seed 6 || exit 1
"$F" run "$T/q.json" -o "$T/base.db" -q --seed 9 || exit 1
sqlite3 "$T/in.db" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null; sqlite3 "$T/base.db" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null

# cmd NAME: run command NAME against a fresh copy of base.db as out.db
cmd() {
  rm -f "$T/out.db"*; cp "$T/base.db" "$T/out.db"
  case $1 in
    run) "$F" run "$T/q.json" -o "$T/out.db" -q ;;
    sweep) "$F" sweep "$T/s.json" -o "$T/out.db" -q ;;
    merge) "$F" merge "$T/out.db" "$T/in.db" -q ;;
    rerun) "$F" rerun "$T/out.db" 1 -q ;;
  esac
}
# runs allowed in out.db after command NAME: all of it or none of it
allowed() {
  case $1 in run|rerun) echo "1 2" ;; sweep) echo "1 2 3" ;; merge) echo "1 3" ;; esac
}
check_db() { # check_db NAME N KIND
  [ -e "$T/out.db" ] || return 0
  ic=$(sqlite3 "$T/out.db" 'PRAGMA integrity_check' 2>&1)
  [ "$ic" = ok ] || { bad "$1 $3=$2: integrity_check: $ic"; return; }
  runs=$(sqlite3 "$T/out.db" 'SELECT count(*) FROM runs')
  part=$(sqlite3 "$T/out.db" "SELECT count(*) FROM runs WHERE run_id NOT IN (SELECT run_id FROM metrics)
                               OR run_id NOT IN (SELECT run_id FROM params)")
  case " $(allowed $1) " in *" $runs "*) ;; *) bad "$1 $3=$2: $runs runs in the output (partial?)";; esac
  [ "$part" = 0 ] || bad "$1 $3=$2: $part runs without their rows"
}
for c in ${FAULT_CMDS:-run sweep merge rerun}; do
  cmd $c >/dev/null 2>"$T/err" || { bad "$c without faults: $(head -c 300 "$T/err")"; continue; }
  for kind in ALLOC SQL; do
    line=$(VDC_FAULT_REPORT=1 cmd $c 2>&1 >/dev/null | grep 'vdcsim-fault:')
    if [ $kind = ALLOC ]; then total=$(echo "$line" | awk '{print $2}'); else total=$(echo "$line" | awk '{print $4}'); fi
    if [ $MODE = full ]; then
      if [ $kind = SQL ]; then step=1; else step=$(( total / 400 + 1 )); fi
    else step=$(( total / 20 + 1 )); fi
    nrun=0; n=1
    while [ $n -le $total ]; do
      ( export VDC_FAULT_$kind=$n VDC_FAULT_REPORT=1; cmd $c ) >/dev/null 2>"$T/err"; rc=$?
      execs=$((execs+1)); nrun=$((nrun+1))
      inj=$(grep 'vdcsim-fault:' "$T/err" | awk '{print $7}'); injected=$((injected + ${inj:-0}))
      case $rc in
        0|1|2|130) ;;
        *) bad "$c $kind=$n: exit $rc (crash, sanitizer report or leak): $(grep -v vdcsim-fault "$T/err" | head -c 400)";;
      esac
      if [ $rc != 0 ] && ! grep -q '^vdcsim: ' "$T/err"; then bad "$c $kind=$n: exit $rc without an error message"; fi
      if grep -q 'syntax error' "$T/err"; then bad "$c $kind=$n: a failure reported as a syntax error: $(head -1 "$T/err")"; fi
      check_db $c $n $kind
      n=$((n + step))
    done
    echo "  $c: $kind faults at $nrun points of $total"
  done
done
echo "fault: $execs executions, $injected faults injected, $fails failures"
[ "$fails" = 0 ]
