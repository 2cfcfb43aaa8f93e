# migration_memory.gp -- total time and downtime vs VM memory size for
# pre-copy (QEMU policy), post-copy and hybrid at 100,000 page writes/s over
# 10 Gbit/s.
# Data: sweeps "mig_mem_*" (run_all.sh).
# Usage: gnuplot -e "db='lab-out/migration/migration_lab.db'; out='m.png'" analysis/migration_memory.gp
if (!exists("db")) db = 'lab-out/migration/migration_lab.db'
if (!exists("out")) out = 'migration_memory.png'
set terminal pngcairo size 1200,500 noenhanced
set output out
set multiplot layout 1,2 title "Effect of memory size (100,000 page writes/s, 10 Gbit/s)"
set xlabel "VM memory (GiB)"
set logscale xy
set grid
set key top left
sql(alg, col) = "SELECT CAST(p.value AS REAL), m." . col . " FROM migrations m" . \
    " JOIN runs r ON r.run_id = m.run_id" . \
    " JOIN params p ON p.run_id = m.run_id AND p.path = 'vms[0].memory_gib'" . \
    " WHERE r.scenario_name = 'mig_mem_" . alg . "' AND m.downtime_s > 0 ORDER BY 1"
src(alg, col) = sprintf("< sqlite3 -separator ' ' '%s' \"%s\"", db, sql(alg, col))
set ylabel "total time (s)"
plot for [alg in "precopy postcopy hybrid"] src(alg, "total_s") using 1:2 w lp lw 2 title alg
set ylabel "downtime (s)"
plot for [alg in "precopy postcopy hybrid"] src(alg, "downtime_s") using 1:2 w lp lw 2 title alg
unset multiplot
