#!/bin/sh
# slurm.sh -- the README's Slurm recipe, run on a real one-node Slurm cluster:
# a sweep as a job array of shards (`sbatch --array`), the shards joined with
# `vdcsim merge`, rows identical to a one-process sweep of the same file.
#
# The test is its own cluster: it writes a munge key and a slurm.conf in a
# temporary directory, starts munged, slurmctld and slurmd on this machine
# (loopback only, ports picked from its pid, as root or as the user running
# it), submits, waits, stops the three daemons by their pids and removes the
# directory.  Nothing in /etc is read or changed.  Where the daemons cannot
# start (packages missing: Debian `slurm-wlm` and `munge`; no permission)
# it prints "SKIPPED: ... because ..." and exits 0.
# Run from the project root: VDCSIM=./vdcsim sh tests/slurm.sh
set -u
V=${VDCSIM:-./vdcsim}
case $V in /*) ;; *) V="$(pwd)/$V" ;; esac
TIMEOUT=${SLURM_TEST_TIMEOUT:-300}      # seconds for the whole job array
skip() { echo "SKIPPED: Slurm job-array test because $*"; exit 0; }
for c in munged slurmctld slurmd sbatch squeue sinfo scontrol scancel sqlite3; do
  command -v $c >/dev/null 2>&1 || [ -x /usr/sbin/$c ] ||
    skip "$c is not installed (Debian: apt-get install slurm-wlm munge)"
done
PATH=$PATH:/usr/sbin
T=$(mktemp -d /tmp/vdc-slurm.XXXXXX)
chmod 755 "$T"                          # slurmd's job steps read the job script here
PIDS=""
cleanup() {
  [ -n "${JOB:-}" ] && scancel "$JOB" 2>/dev/null
  for p in $PIDS; do kill "$p" 2>/dev/null; done
  for p in $PIDS; do                    # wait up to 10 s for each, then force
    i=0; while kill -0 "$p" 2>/dev/null && [ $i -lt 100 ]; do sleep 0.1; i=$((i+1)); done
    kill -9 "$p" 2>/dev/null
  done
  rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP
trap 'exit 141' PIPE                     # e.g. piped into head: still clean up
fails=0; n=0
check() { n=$((n+1)); if eval "$2"; then return 0; fi; fails=$((fails+1)); echo "  FAIL: $1"; return 1; }
# last lines of a daemon's log, for a skip or a failure message
tail_log() { tail -n 3 "$1" 2>/dev/null | tr '\n' ' '; }

# ---- munge: its own key, socket, pid and log files -------------------------
dd if=/dev/urandom of="$T/munge.key" bs=1024 count=1 2>/dev/null
chmod 400 "$T/munge.key"
mkdir -m 700 "$T/munge"
munged -F -f --key-file="$T/munge.key" --socket="$T/munge/sock" --pid-file="$T/munge/pid" \
  --log-file="$T/munge/log" --seed-file="$T/munge/seed" >/dev/null 2>&1 &
PIDS="$!"
i=0; while [ ! -S "$T/munge/sock" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i+1)); done
[ -S "$T/munge/sock" ] || skip "munged did not start: $(tail_log "$T/munge/log")"

# ---- slurm.conf: one node (this machine as slurmd -C sees it) ---------------
host=$(hostname -s)
me=$(id -un)
base=$((20000 + $$ % 20000))            # two ports of our own
node=$(slurmd -C 2>/dev/null | head -1 | sed 's/^NodeName=[^ ]*//')
[ -n "$node" ] || skip "slurmd -C cannot describe this machine"
mkdir -p "$T/state" "$T/spool"
cat >"$T/slurm.conf" <<EOF
ClusterName=vdcsimtest
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$base
SlurmdPort=$((base + 1))
SlurmUser=$me
SlurmdUser=$me
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$T/munge/sock
StateSaveLocation=$T/state
SlurmdSpoolDir=$T/spool
SlurmctldPidFile=$T/slurmctld.pid
SlurmdPidFile=$T/slurmd.pid
SlurmctldLogFile=$T/slurmctld.log
SlurmdLogFile=$T/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
SwitchType=switch/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
SlurmdParameters=config_overrides
SlurmctldTimeout=30
SlurmdTimeout=30
MinJobAge=600
NodeName=$host NodeAddr=127.0.0.1 $node State=UNKNOWN
PartitionName=test Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF
export SLURM_CONF="$T/slurm.conf"
slurmctld -D -i -f "$T/slurm.conf" >/dev/null 2>&1 &
PIDS="$! $PIDS"
slurmd -D -f "$T/slurm.conf" -N "$host" >/dev/null 2>&1 &
PIDS="$! $PIDS"
# the node is up once sinfo reports it idle (or mixed/allocated)
i=0; state=""
while [ $i -lt 300 ]; do
  state=$(sinfo -h -n "$host" -o %t 2>/dev/null | head -1)
  case $state in idle*|mix*|alloc*) break ;; esac
  sleep 0.1; i=$((i+1))
done
case $state in
  idle*|mix*|alloc*) ;;
  *) skip "the one-node cluster did not come up (node state '${state:-none}'): slurmctld: $(tail_log "$T/slurmctld.log") slurmd: $(tail_log "$T/slurmd.log")" ;;
esac
echo "slurm tests (one-node cluster on $host, ports $base-$((base + 1)))"

# ---- the sweep, as the README runs it -----------------------------------------
cat >"$T/s.json" <<J
{"name": "slurm", "base": "$(pwd)/scenarios/quickstart.json", "set": ["duration_s=10"],
 "grid": {"vms[1].weight": [128, 256, 512], "models.sched.name": ["fluid", "credit"]},
 "seeds": [1, 2]}
J
# the README's job.sh: one shard per array task, its own database
cat >"$T/job.sh" <<J
#!/bin/sh
#SBATCH --job-name=vdcsim-sweep
#SBATCH --cpus-per-task=1
#SBATCH --output=$T/task-%a.out
exec "$V" sweep "$T/s.json" --shard \${SLURM_ARRAY_TASK_ID}/\${SLURM_ARRAY_TASK_COUNT} \\
  -o "$T/shard\${SLURM_ARRAY_TASK_ID}.db" -q
J
chmod 755 "$T/job.sh"
t0=$(date +%s)
JOB=$(sbatch --parsable --array=1-4 --chdir="$T" "$T/job.sh" 2>"$T/sbatch.err")
check "sbatch --array accepted" "[ -n '$JOB' ]" || cat "$T/sbatch.err"
# wait for every task to leave the queue
while [ -n "$JOB" ] && [ -n "$(squeue -h -j "$JOB" 2>/dev/null)" ]; do
  if [ $(($(date +%s) - t0)) -ge "$TIMEOUT" ]; then
    echo "  FAIL: job array $JOB still queued after $TIMEOUT s"; fails=$((fails+1)); break
  fi
  sleep 0.5
done
echo "  job array $JOB: 4 tasks in $(($(date +%s) - t0)) s"
states=$(scontrol -o show job "$JOB" 2>/dev/null | sed -n 's/.*JobState=\([A-Z_]*\).*ExitCode=\([0-9:]*\).*/\1 \2/p' | sort | uniq -c | tr -s ' ')
check "4 array tasks COMPLETED with exit 0 (got: $states)" "[ \"\$(echo '$states' | tr -d ' ')\" = '4COMPLETED0:0' ]"
for k in 1 2 3 4; do
  check "task $k wrote its shard" "[ -s $T/shard$k.db ]" || cat "$T/task-$k.out" 2>/dev/null
done

# ---- merged shards = a one-process sweep ------------------------------------------
rows() {
  sqlite3 "$1" "SELECT p.point, m.entity, m.name, m.value FROM metrics m JOIN sweep_points p USING (run_id)
                UNION ALL SELECT p.point, s.entity, s.name, s.t_s || ':' || s.value FROM samples s JOIN sweep_points p USING (run_id)
                UNION ALL SELECT p.point, 'param', r.path, r.value FROM params r JOIN sweep_points p USING (run_id)
                ORDER BY 1, 2, 3, 4"
}
"$V" merge "$T/merged.db" "$T"/shard*.db -q
check "merge exit 0" "[ $? = 0 ]"
"$V" sweep "$T/s.json" -o "$T/one.db" -q
check "12 runs merged" "[ \"\$(sqlite3 $T/merged.db 'SELECT count(*) FROM runs')\" = 12 ]"
check "rows to compare" "[ \"\$(rows $T/one.db | wc -l)\" -gt 300 ]"
check "merged job-array rows equal the one-process sweep's" "[ \"\$(rows $T/merged.db)\" = \"\$(rows $T/one.db)\" ]"
check "per-vCPU tables merged" "[ \"\$(sqlite3 $T/merged.db 'SELECT count(*) FROM sched_vcpu')\" = \"\$(sqlite3 $T/one.db 'SELECT count(*) FROM sched_vcpu')\" ]"
echo "$((n - fails)) passed, $fails failed"
[ $fails = 0 ]
