#!/bin/sh
# run_all.sh -- the memory lab's sweeps and plots, in one command:
#
#     sh scenarios/labs/memory/run_all.sh [-f png|svg|pdf] [--plots-only] [OUTDIR]
#
# from anywhere: the source tree, this folder or an installed copy (see ../lab.sh).
#
# Runs every sweep point of the lab into OUTDIR/memory_lab.db (created anew)
# with `vdcsim run --set ...`, then draws the plots with analysis/memory_*.gp.
# OUTDIR defaults to the current directory.
# VDCSIM overrides the binary; --plots-only redraws from an existing database.
set -eu
. "$(dirname "$0")/../lab.sh"

run() {   # run NAME --set ... : one sweep point, tagged with the sweep's name
    name=$1; shift
    "$VDCSIM" run "$HERE/base.json" -o "$DB" -q --set "name=$name" "$@"
}

if [ "$PLOTS_ONLY" != 1 ]; then
    rm -f "$DB" "$DB-wal" "$DB-shm"
    # Q1: overhead vs TLB misses.  Few page-table updates (specint), Nehalem.
    for mode in native spt slat; do
        for mpki in 0 0.5 1 2 3 4 5 6 8 10; do
            run mem_tlb --set models.memory.name=$mode --set vms[0].memory.preset=specint \
                --set vms[0].memory.tlb_mpki=$mpki
        done
    done
    # Q2: overhead vs page-table update rate: the crossover (miscserver mix).
    for mode in spt slat auto; do
        for u in 0 10000 25000 50000 75000 100000 150000 200000 300000 400000; do
            run mem_pte --set models.memory.name=$mode --set vms[0].memory.pte_writes_per_s=$u
        done
    done
    # Q3: by CPU virtualization mode and by cause: kernel compile, 3 machines.
    for cfg in p4:spt:hw p4:spt:bt p4:spt:pv p4:slat:hw nehalem:spt:hw nehalem:spt:bt \
               nehalem:slat:hw modern:spt:hw modern:slat:hw; do
        IFS=: read hw mode cv <<EOC
$cfg
EOC
        run mem_cause --set models.memory.hw=$hw --set models.memory.name=$mode \
            --set models.memory.cpu_virt=$cv --set vms[0].memory.preset=kernel_compile
    done
    # Q4: page sizes (guest/host) under SLAT and SPT, TLB-heavy miscserver.
    for mode in slat spt; do
        for gp in 4k:4k 4k:2m 2m:4k 2m:2m 1g:1g; do
            g=${gp%:*}; h=${gp#*:}
            run mem_pages --set models.memory.name=$mode --set models.memory.guest_page=$g \
                --set models.memory.host_page=$h
        done
    done
    # Q5: the mixed host with a phase change, under each mode.
    for mode in native spt slat auto; do
        "$VDCSIM" run "$HERE/mix.json" -o "$DB" -q --set models.memory.name=$mode
    done
fi

for p in tlb pte cause pages; do
    lab_plot memory_$p
done
lab_done
