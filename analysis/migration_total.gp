# migration_total.gp -- total migration time vs dirty rate, one curve per
# algorithm; pre-copy under QEMU's policy flattens at the 600 s time cap
# when it never converges.  Data: sweeps "mig_algo_*" (run_all.sh).
# Usage: gnuplot -e "db='migration_lab.db'; fmt='svg'" analysis/migration_total.gp   (-> migration_total.svg; png default, pdf)
if (!exists("db")) db = 'migration_lab.db'
W = 900; H = 600; name = 'migration_total'
load ARG0[1:strlen(ARG0) - strlen(name) - 3] . 'term.gp'   # fmt (png, svg, pdf) -> out
set title "Total migration time vs dirty rate (4 GiB VM, 10 Gbit/s; cap 600 s)"
set xlabel "dirty rate (page writes/s)"
set ylabel "total time (s)"
set logscale y
set key top left
set grid
sql(alg) = "SELECT CAST(p.value AS REAL), m.total_s FROM migrations m" . \
    " JOIN runs r ON r.run_id = m.run_id" . \
    " JOIN params p ON p.run_id = m.run_id AND p.path = 'vms[0].migration.dirty_rate_pages_s'" . \
    " WHERE r.scenario_name = 'mig_algo_" . alg . "' ORDER BY 1"
src(alg) = sprintf("< sqlite3 -separator ' ' '%s' \"%s\"", db, sql(alg))
plot for [alg in "stopcopy precopy-qemu precopy-xen postcopy hybrid"] src(alg) \
    using 1:2 with linespoints lw 2 title alg
