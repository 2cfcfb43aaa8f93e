#!/bin/sh
# run_all.sh -- the credit scheduler lab's sweeps and plots, in one command:
#
#     sh scenarios/labs/credit/run_all.sh [-f png|svg|pdf] [--plots-only] [OUTDIR]
#
# from anywhere: the source tree, this folder or an installed copy (see ../lab.sh).
#
# Runs every sweep point into OUTDIR/credit_lab.db (created anew) with
# `vdcsim run --set ...`, each run named after its sweep, adds the views of
# analysis/credit_views.sql, then draws the plots with analysis/credit_*.gp.
# OUTDIR defaults to the current directory.
# VDCSIM overrides the binary; --plots-only redraws from an existing database.
set -eu
. "$(dirname "$0")/../lab.sh"

run() {   # run SWEEP SCENARIO --set ... : one sweep point
    sweep=$1; file=$2; shift 2
    "$VDCSIM" run "$HERE/$file.json" -o "$DB" -q --set "name=$sweep" "$@"
}

if [ "$PLOTS_ONLY" != 1 ]; then
    rm -f "$DB" "$DB-wal" "$DB-shm"
    # Q1: weights -> shares, on 1 pCPU (contended) and 2 pCPUs (not), credit and fluid.
    for model in credit fluid; do
        for pcpus in 1 2; do
            for w in 32 64 128 256 384 512 768 1024 2048; do
                run credit_weights weights --set models.sched.name=$model \
                    --set "hosts[0].pcpus=$pcpus" --set "vms[1].weight=$w"
            done
        done
    done
    # Q2: caps and work conservation: cap 50 and 25 alone; cap 25 (and none) beside a busy VM.
    for cap in 25 50; do
        run credit_cap cap --set "vms[0].cap=$cap"
    done
    for cap in 25 0; do
        run credit_cap_busy cap --set "vms[1].workload.type=cpu" --set "vms[0].cap=$cap"
    done
    # Q3: BOOST and I/O latency.
    for b in true false; do
        run credit_boost boost --set models.sched.boost=$b
    done
    # Q4: 8 vCPUs on 4 pCPUs: load balancing on/off, and the fluid model.
    for lb in true false; do
        run credit_balance balance --set models.sched.load_balance=$lb
    done
    run credit_balance balance --set models.sched.name=fluid
    # Q5: the 30 ms slice and a latency-sensitive VM.
    for ts in 1 2 5 10 20 30 50 100; do
        run credit_latency latency --set models.sched.tslice_ms=$ts
    done
    # Q6 (extra): why sampled debit was exploitable.
    for acc in sampled exact; do
        run credit_cheat cheat --set models.sched.accounting=$acc --set models.sched.ratelimit_us=0
    done
fi

sqlite3 "$DB" < "$ANALYSIS/credit_views.sql"
for p in weights cap boost balance latency cheat; do
    lab_plot credit_$p
done
lab_done
