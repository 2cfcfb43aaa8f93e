# migration_downtime.gp -- downtime vs dirty rate, one curve per algorithm.
# Data: sweeps "mig_algo_*" of scenarios/labs/migration/run_all.sh (4 GiB VM,
# hot/cold writes over half its memory, 10 Gbit/s).  Pre-copy runs that hit
# the time cap never stopped the VM and are left out (see migration_total).
# Usage: gnuplot -e "db='migration_lab.db'; fmt='svg'" analysis/migration_downtime.gp   (-> migration_downtime.svg; png default, pdf)
if (!exists("db")) db = 'migration_lab.db'
W = 900; H = 600; name = 'migration_downtime'
load ARG0[1:strlen(ARG0) - strlen(name) - 3] . 'term.gp'   # fmt (png, svg, pdf) -> out
set title "Downtime vs dirty rate (4 GiB VM, 10 Gbit/s = 305k pages/s)"
set xlabel "dirty rate (page writes/s)"
set ylabel "downtime (s)"
set logscale y
set key top left
set grid
sql(alg) = "SELECT CAST(p.value AS REAL), m.downtime_s FROM migrations m" . \
    " JOIN runs r ON r.run_id = m.run_id" . \
    " JOIN params p ON p.run_id = m.run_id AND p.path = 'vms[0].migration.dirty_rate_pages_s'" . \
    " WHERE r.scenario_name = 'mig_algo_" . alg . "' AND m.end_reason <> 'time_limit' ORDER BY 1"
src(alg) = sprintf("< sqlite3 -separator ' ' '%s' \"%s\"", db, sql(alg))
plot for [alg in "stopcopy precopy-qemu precopy-xen postcopy hybrid"] src(alg) \
    using 1:2 with linespoints lw 2 title alg
