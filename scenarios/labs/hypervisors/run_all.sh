#!/bin/sh
# run_all.sh -- the hypervisors lab's sweeps and plots, in one command:
#
#     sh scenarios/labs/hypervisors/run_all.sh [-f png|svg|pdf] [--plots-only] [OUTDIR]
#
# from anywhere: the source tree, this folder or an installed copy (see ../lab.sh).
#
# Runs every sweep point into OUTDIR/hypervisors_lab.db (created anew) with
# `vdcsim run --set ...`, then draws the plots with analysis/hypervisors_*.gp.
# VDCSIM overrides the binary; --plots-only redraws from an existing database.
set -eu
. "$(dirname "$0")/../lab.sh"

run() {   # run NAME --set ... : one sweep point of base.json, tagged with its sweep
    name=$1; shift
    "$VDCSIM" run "$HERE/base.json" -o "$DB" -q --set "name=$name" "$@"
}

if [ "$PLOTS_ONLY" != 1 ]; then
    rm -f "$DB" "$DB-wal" "$DB-shm"
    # Q1: each hypervisor (and native) on five component workloads.
    for hv in native xen-pv xen-hvm kvm-virtio kvm-vhost esxi hyperv hosted; do
        H="--set models.io.hypervisor=$hv"
        run hv_cpu $H --set vms[1].workload.type=cpu
        case $hv in                         # the memory model's mode for this hypervisor
            native) mem="--set models.memory.name=native" ;;
            xen-pv) mem="--set models.memory.name=spt --set models.memory.cpu_virt=pv" ;;
            *)      mem="--set models.memory.name=slat" ;;
        esac
        run hv_memory $H $mem --set vms[1].workload.type=cpu --set vms[1].memory.preset=miscserver
        run hv_small_disk $H --set vms[1].io.disk_qd=1 --set vms[1].io.disk_kib=4
        run hv_large_disk $H --set vms[1].io.disk_qd=8 --set vms[1].io.disk_kib=1024 \
            --set vms[1].io.disk_random=false
        run hv_net $H --set vms[1].io.net_qd=64 --set vms[1].io.net_kib=1.5
    done
    # Q2: a network-heavy VM through each path (small packets), on three hypervisors.
    for hv in xen-hvm kvm-virtio kvm-vhost; do
        for path in emulated paravirtual passthrough; do
            run hv_paths --set models.io.hypervisor=$hv --set vms[1].io.net_qd=64 \
                --set vms[1].io.net_kib=0.25 --set vms[1].io.net_path=$path
        done
    done
    # Q3: dom0 starved by busy guests (credit), and dom0 with weight 512.
    for w in 256 512; do
        for d in 0 0.25 0.5 0.75 1; do
            "$VDCSIM" run "$HERE/starve.json" -o "$DB" -q --set vms[2].workload.demand=$d \
                --set vms[0].weight=$w --set name=hv_starve_w$w
        done
    done
fi

for p in overhead paths starve; do
    lab_plot hypervisors_$p
done
lab_done
