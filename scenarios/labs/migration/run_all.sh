#!/bin/sh
# run_all.sh -- the migration lab's sweeps and plots, in one command:
#
#     sh scenarios/labs/migration/run_all.sh [-f png|svg|pdf] [--plots-only] [OUTDIR]
#
# from anywhere: the source tree, this folder or an installed copy (see ../lab.sh).
#
# Runs every sweep point into OUTDIR/migration_lab.db (created anew) with
# `vdcsim run base.json --set ...`, each run named after its sweep, then
# draws the plots with analysis/migration_*.gp.  OUTDIR defaults to the current directory.
# VDCSIM overrides the binary; --plots-only redraws from an existing database.  About 100 runs, well
# under a minute; time_cap_s is 600 s in base.json to keep it short.
set -eu
. "$(dirname "$0")/../lab.sh"

run() {   # run NAME --set ... : one sweep point, tagged with the sweep's name
    name=$1; shift
    "$VDCSIM" run "$HERE/base.json" -o "$DB" -q --set "name=$name" "$@"
}
RATES="5000 10000 25000 50000 100000 150000 200000 250000 300000 400000 600000"

if [ "$PLOTS_ONLY" != 1 ]; then
    rm -f "$DB" "$DB-wal" "$DB-shm"
    # Q1, Q2: every algorithm over the dirty rate (10 Gbit/s = 305,000 pages/s).
    for r in $RATES; do
        run mig_algo_stopcopy --set models.migration.name=stopcopy \
            --set vms[0].migration.dirty_rate_pages_s=$r
        run mig_algo_precopy-qemu --set vms[0].migration.dirty_rate_pages_s=$r
        run mig_algo_precopy-xen --set models.migration.policy=xen \
            --set vms[0].migration.dirty_rate_pages_s=$r
        run mig_algo_postcopy --set models.migration.name=postcopy \
            --set vms[0].migration.dirty_rate_pages_s=$r
        run mig_algo_hybrid --set models.migration.name=hybrid \
            --set vms[0].migration.dirty_rate_pages_s=$r
        # Q4: what auto-converge costs the application
        run mig_ac --set models.migration.auto_converge=true \
            --set vms[0].migration.dirty_rate_pages_s=$r
    done
    # Q1: pages per round of pre-copy at a few dirty rates.
    for r in 50000 150000 250000 300000; do
        run mig_rounds_$r --set vms[0].migration.dirty_rate_pages_s=$r
    done
    # Q3: bandwidth (100,000 pages/s = 3.3 Gbit/s of writes) ...
    for bw in 2 3 4 5 7.5 10 15 25 40; do
        for alg in precopy postcopy hybrid; do
            run mig_bw_$alg --set models.migration.name=$alg --set hosts[0].bandwidth_gbps=$bw \
                --set vms[0].migration.dirty_rate_pages_s=100000
        done
    done
    # ... memory size, at 100,000 pages/s over 10 Gbit/s ...
    for mem in 0.5 1 2 4 8 16 32; do
        for alg in precopy postcopy hybrid; do
            run mig_mem_$alg --set models.migration.name=$alg --set vms[0].memory_gib=$mem \
                --set vms[0].migration.dirty_rate_pages_s=100000
        done
    done
    # ... and the writable working set, at 200,000 pages/s.
    for w in 0.02 0.05 0.1 0.2 0.3 0.5 0.7 1.0; do
        run mig_wws --set vms[0].migration.wws_fraction=$w \
            --set vms[0].migration.dirty_rate_pages_s=200000
    done
fi

for p in downtime total rounds bandwidth memory wws autoconverge; do
    lab_plot migration_$p
done
lab_done
