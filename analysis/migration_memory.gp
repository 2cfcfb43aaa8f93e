# migration_memory.gp -- total time and downtime vs VM memory size for
# pre-copy (QEMU policy), post-copy and hybrid at 100,000 page writes/s over
# 10 Gbit/s.
# Data: sweeps "mig_mem_*" (run_all.sh).
# Usage: gnuplot -e "db='migration_lab.db'; fmt='svg'" analysis/migration_memory.gp   (-> migration_memory.svg; png default, pdf)
if (!exists("db")) db = 'migration_lab.db'
W = 1200; H = 500; name = 'migration_memory'
load ARG0[1:strlen(ARG0) - strlen(name) - 3] . 'term.gp'   # fmt (png, svg, pdf) -> out
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
# hybrid equals pre-copy here (it turns to post-copy only after 5 rounds):
# pre-copy as large hollow circles, hybrid as small filled triangles, dashed.
i(a) = a eq "precopy" ? 1 : a eq "postcopy" ? 2 : 3
dt_of(a) = word("1 1 2", i(a)) + 0
pt_of(a) = word("6 5 9", i(a)) + 0
ps_of(a) = word("2.4 1.2 1.1", i(a)) + 0
set ylabel "total time (s)"
plot for [alg in "precopy postcopy hybrid"] src(alg, "total_s") using 1:2 w lp lw 2 \
    dt dt_of(alg) pt pt_of(alg) ps ps_of(alg) \
    title alg
set ylabel "downtime (s)"
plot for [alg in "precopy postcopy hybrid"] src(alg, "downtime_s") using 1:2 w lp lw 2 \
    dt dt_of(alg) pt pt_of(alg) ps ps_of(alg) \
    title alg
unset multiplot
