# migration_bandwidth.gp -- total time and downtime vs link bandwidth for
# pre-copy (QEMU policy), post-copy and hybrid at 100,000 page writes/s.
# Data: sweeps "mig_bw_*" (run_all.sh).
# Usage: gnuplot -e "db='migration_lab.db'; fmt='svg'" analysis/migration_bandwidth.gp   (-> migration_bandwidth.svg; png default, pdf)
if (!exists("db")) db = 'migration_lab.db'
W = 1200; H = 500; name = 'migration_bandwidth'
load ARG0[1:strlen(ARG0) - strlen(name) - 3] . 'term.gp'   # fmt (png, svg, pdf) -> out
set multiplot layout 1,2 title "Effect of bandwidth (4 GiB VM, 100,000 page writes/s = 3.3 Gbit/s)"
set xlabel "link bandwidth (Gbit/s)"
set logscale xy
set grid
set key top right
sql(alg, col) = "SELECT CAST(p.value AS REAL), m." . col . " FROM migrations m" . \
    " JOIN runs r ON r.run_id = m.run_id" . \
    " JOIN params p ON p.run_id = m.run_id AND p.path = 'hosts[0].bandwidth_gbps'" . \
    " WHERE r.scenario_name = 'mig_bw_" . alg . "' AND m.downtime_s > 0 ORDER BY 1"
src(alg, col) = sprintf("< sqlite3 -separator ' ' '%s' \"%s\"", db, sql(alg, col))
set ylabel "total time (s)"
plot for [alg in "precopy postcopy hybrid"] src(alg, "total_s") using 1:2 w lp lw 2 title alg
set ylabel "downtime (s)"
plot for [alg in "precopy postcopy hybrid"] src(alg, "downtime_s") using 1:2 w lp lw 2 title alg
unset multiplot
