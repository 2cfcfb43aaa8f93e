#!/bin/sh
# run_all.sh -- the resizing lab's runs and plots, in one command:
#
#     sh scenarios/labs/resizing/run_all.sh [-f png|svg|pdf] [--plots-only] [OUTDIR]
#
# from anywhere: the source tree, this folder or an installed copy (see ../lab.sh).
#
# Runs every point into OUTDIR/resizing_lab.db (created anew) with
# `vdcsim run --set ...`, each run named after its question, then draws the
# plots with analysis/resizing_*.gp.  OUTDIR defaults to the current directory.
# VDCSIM overrides the binary; --plots-only redraws from an existing database.
set -eu
. "$(dirname "$0")/../lab.sh"

run() {   # run NAME SCENARIO --set ... : one point
    name=$1; file=$2; shift 2
    "$VDCSIM" run "$HERE/$file.json" -o "$DB" -q --set "name=$name" "$@"
}

if [ "$PLOTS_ONLY" != 1 ]; then
    rm -f "$DB" "$DB-wal" "$DB-shm"
    # Q1: four 2 GiB VMs (1 GiB working sets) on a host of 8 down to 2.5 GiB:
    # the host's memory taken back by balloons or by blind host swapping.
    for reclaim in balloon host_swap; do
        for mem in 8 7 6 5 4.5 4 3.5 3 2.5; do
            run rz_swap overcommit --set models.overcommit.reclaim=$reclaim \
                --set "hosts[0].memory_gib=$mem"
        done
    done
    # Q2: page sharing: 1 to 16 VMs of one image, KSM's default scan rate
    # and a ten times faster one.
    for rate in 5000 50000; do
        for n in 1 2 4 8 16; do
            run rz_share sharing --set "vms[0].count=$n" \
                --set models.overcommit.scan_pages_s=$rate
        done
    done
    # Q2 (density): one VM and one container on 64 GiB hosts; the startup
    # model's density without sharing and with 40 % of a footprint shared
    # (the rz_share image's fraction).
    for f in 0 0.4; do
        run rz_density density --set models.startup.share_fraction=$f
    done
    # Q3: app (2 vCPUs on a 4-pCPU host with two noisy neighbours) needs more
    # CPU at 30 s: hot-plug 2 vCPUs, migrate to the idle host, or reboot
    # with 4 vCPUs (down 30 s; its work since the checkpoint at 0 s lost).
    run rz_relief_resize relief --set 'actions=[{"at_s": 30, "resize": {"vm": "app", "vcpus": 4}}]'
    run rz_relief_migrate relief --set 'actions=[{"at_s": 30, "migrate": {"vm": "app", "to": "h-1"}}]'
    run rz_relief_reboot relief --set 'actions=[{"at_s": 30, "reboot": {"vm": "app", "vcpus": 4, "down_s": 30}}]'
    # Q4: weight then cap changed at run time, under both schedulers.
    for model in fluid credit; do
        run rz_sched sched --set models.sched.name=$model
    done
    # Q5: the vertical auto-scaler following an on/off load.
    run rz_autoscale autoscale
fi

for p in swap sharing relief sched autoscale; do
    lab_plot resizing_$p
done
lab_done
