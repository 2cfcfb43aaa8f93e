#!/bin/sh
# run_all.sh -- the migration-WAN lab's sweeps and plots, in one command:
#
#     sh scenarios/labs/migration-wan/run_all.sh [-f png|svg|pdf] [--plots-only] [OUTDIR]
#
# from anywhere: the source tree, this folder or an installed copy (see ../lab.sh).
# Runs every sweep point into OUTDIR/migration-wan_lab.db (created anew) with
# `vdcsim run base.json --set ...`, each run named after its sweep, then draws
# the plots with analysis/migwan_*.gp.  About 60 runs, a few seconds.
set -eu
. "$(dirname "$0")/../lab.sh"

run() {   # run NAME --set ... : one sweep point, tagged with the sweep's name
    name=$1; shift
    "$VDCSIM" run "$HERE/base.json" -o "$DB" -q --set "name=$name" "$@"
}

if [ "$PLOTS_ONLY" != 1 ]; then
    rm -f "$DB" "$DB-wal" "$DB-shm"
    # Q1: each storage mode under each cut-over method.
    for mode in shared precopy incremental on_demand; do
        for cut in tunnel vpn sdn; do
            run migwan_storage_${mode}_$cut --set models.migration.storage_mode=$mode \
                --set models.migration.cutover=$cut
        done
    done
    # Q1b: disk write throttling when the disk's writes outrun the WAN.
    for w in 200 1000 2000 4000 8000; do
        for t in false true; do
            run migwan_throttle_$t --set models.migration.disk_throttle=$t \
                --set vms[0].migration.disk_write_rate_blocks_s=$w \
                --set vms[0].migration.disk_wws_fraction=0.5
        done
    done
    # Q2: the same service as a container (no guest kernel: 3.5 GiB, 20
    # processes, 200 MiB of layers) and as a VM (4 GiB), over WAN bandwidths.
    for bw in 0.5 1 2.5 5 10; do
        run migwan_ctr_vm-precopy --set wan_links[0].bandwidth_gbps=$bw
        for alg in criu_stopcopy criu_precopy criu_lazy; do
            run migwan_ctr_$alg --set wan_links[0].bandwidth_gbps=$bw \
                --set models.migration.name=$alg --set vms[0].memory_gib=3.5
        done
    done
    # Q3: XBZRLE and multifd at 1, 10 and 25 Gbit/s (memory only, a busy VM:
    # 60,000 page writes/s over half its memory; one thread copies 5 Gbit/s).
    for bw in 1 10 25; do
        for v in plain xbzrle multifd both; do
            x=false; f=false
            case $v in xbzrle) x=true ;; multifd) f=true ;; both) x=true; f=true ;; esac
            run migwan_comp_$v --set wan_links[0].bandwidth_gbps=$bw \
                --set models.migration.storage_mode=shared --set models.migration.xbzrle=$x \
                --set models.migration.multifd=$f --set models.migration.core_copy_gbps=5 \
                --set models.migration.xbzrle_cache_size_mib=1024 \
                --set vms[0].migration.dirty_rate_pages_s=60000 \
                --set vms[0].migration.wws_fraction=0.5
        done
    done
fi

for p in storage throttle container compress; do
    lab_plot migwan_$p
done
lab_done
