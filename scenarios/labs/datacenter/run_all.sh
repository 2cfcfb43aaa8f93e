#!/bin/sh
# run_all.sh -- the data-center lab in one command:
#
#     sh scenarios/labs/datacenter/run_all.sh [-f png|svg|pdf] [--plots-only] [OUTDIR]
#
# from anywhere: the source tree, this folder or an installed copy (see ../lab.sh).
#
# Runs day.json (a day of diurnal VM arrivals on 40 hosts) under each policy
# variant into OUTDIR/datacenter_lab.db (created anew), prints a summary
# table, and draws OUTDIR/datacenter_{hosts,power,sla,summary}.png (or .svg, .pdf) with
# analysis/datacenter_*.gp.  OUTDIR defaults to the current directory.
# VDCSIM overrides the binary; --plots-only redraws from an existing database.  Takes about a second.
set -eu
. "$(dirname "$0")/../lab.sh"

run() {   # run VARIANT --set ... : one policy variant, named dc_VARIANT
    name=$1; shift
    "$VDCSIM" run "$HERE/day.json" -o "$DB" -q --set "name=dc_$name" "$@"
}

if [ "$PLOTS_ONLY" != 1 ]; then
    rm -f "$DB" "$DB-wal" "$DB-shm"
    P=models.placement
    # Q1: spread (worst-fit, no power management) vs consolidation
    run spread --set $P.policy=worst_fit --set $P.period_s=0
    run consolidate
    # Q2: thresholds: pack harder
    run tight --set $P.low_util=0.5 --set $P.high_util=0.9
    # Q3: no vCPU overcommit at placement (16 vCPUs per 16-pCPU host)
    run oc1 --set $P.cpu_overcommit=1
    # Q4: slow boots (10 min instead of 200 s)
    run boot600 --set $P.boot_s=600
    # Q5: a more energy-proportional server (SPECpower curve of an IBM x3550 M3)
    run spread_x3550 --set $P.policy=worst_fit --set $P.period_s=0 \
        --set $P.power_table=ibm_x3550_m3
    run consolidate_x3550 --set $P.power_table=ibm_x3550_m3
fi

echo "variant            energy_kWh  hosts_on  migrations  downtime_s  GiB_moved  SLA_viol_%  SLATAH_%"
sqlite3 -separator ' ' "$DB" "
SELECT substr(r.scenario_name, 4),
       (SELECT value FROM metrics WHERE run_id = r.run_id AND entity = 'dc' AND name = 'energy_kwh'),
       (SELECT value FROM metrics WHERE run_id = r.run_id AND entity = 'dc' AND name = 'active_hosts_mean'),
       (SELECT value FROM metrics WHERE run_id = r.run_id AND entity = 'dc' AND name = 'migrations_requested'),
       (SELECT coalesce(sum(downtime_s), 0) FROM migrations WHERE run_id = r.run_id),
       (SELECT coalesce(sum(bytes_sent), 0) / 1073741824.0 FROM migrations WHERE run_id = r.run_id),
       100 * (SELECT value FROM metrics WHERE run_id = r.run_id AND entity = 'dc' AND name = 'sla_violation'),
       100 * (SELECT value FROM metrics WHERE run_id = r.run_id AND entity = 'dc' AND name = 'slatah')
  FROM runs r ORDER BY r.run_id" |
while read -r v e h m d g s t; do
    printf '%-18s %10.1f %9.1f %11.0f %11.1f %10.1f %11.3f %9.2f\n' "$v" "$e" "$h" "$m" "$d" "$g" "$s" "$t"
done

for p in hosts power sla summary; do
    lab_plot datacenter_$p
done
lab_done
