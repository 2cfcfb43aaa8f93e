#!/bin/sh
# run_all.sh -- the startup lab's runs, sweeps and plots, in one command:
#
#     sh scenarios/labs/startup/run_all.sh [-f png|svg|pdf] [--plots-only] [OUTDIR]
#
# from anywhere: the source tree, this folder or an installed copy (see ../lab.sh).
#
# Runs every scenario and sweep point of the lab into OUTDIR/startup_lab.db
# (created anew) with `vdcsim run --set ...`, then draws the plots with
# analysis/startup_*.gp.  OUTDIR defaults to the current directory.
# VDCSIM overrides the binary; --plots-only redraws from an existing database.  Takes about 10 s.
set -eu
. "$(dirname "$0")/../lab.sh"

run() {   # run SCENARIO --set ... : one run appended to the lab database
    sc=$1; shift
    "$VDCSIM" run "$HERE/$sc.json" -o "$DB" -q "$@"
}

if [ "$PLOTS_ONLY" != 1 ]; then
    rm -f "$DB" "$DB-wal" "$DB-shm"
    # Q1, Q2: one instance of each kind, each alone on its host.
    run kinds
    # Q3a: time to start the N-th instance, N = 1..1000, started one by one.
    for p in xen_tinyx xen_debian xen_unikernel lightvm docker; do
        run growth --set "actions[0].start.preset=$p"
    done
    # Q3b: image size (the xl unikernel padded, as in LightVM; a cold docker pull).
    for mib in 0.5 1 2 5 10 20 50 100 200 500 1000; do
        run image --set "actions[0].start.image_mib=$mib" --set "actions[1].start.image_mib=$mib"
    done
    # Q4: how many fit on a 16 GiB host.
    run density
    # Q5: bursts of 1, 10, 100 on one 16-core host.
    for p in docker firecracker xen_tinyx; do
        for n in 1 10 100; do
            run burst --set "actions[0].start.preset=$p" --set "actions[0].start.count=$n"
        done
    done
    # Q6: serverless cold vs warm starts against the keep-alive time.
    for ka in 0.05 0.1 0.2 0.5 1 2 5 10 30 60 300; do
        run faas --set "actions[0].arrivals.keep_alive_s=$ka"
    done
fi

for p in kinds growth image density burst faas; do
    lab_plot startup_$p
done
lab_done
