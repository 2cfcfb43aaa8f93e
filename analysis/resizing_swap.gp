# resizing_swap.gp -- slowdown of the VMs vs the host's memory overcommit,
# memory taken back by balloons or by blind host swapping (Waldspurger 2002).
# Data: runs "rz_swap" of scenarios/labs/resizing/run_all.sh.  Usage:
#   gnuplot -e "db='resizing_lab.db'; fmt='svg'" analysis/resizing_swap.gp
if (!exists("db")) db = 'resizing_lab.db'
W = 900; H = 600; name = 'resizing_swap'
load ARG0[1:strlen(ARG0) - strlen(name) - 3] . 'term.gp'
set title "Four 2 GiB VMs (1 GiB working sets): work lost to swapping vs host memory"
set xlabel "VM memory / host memory"
set ylabel "CPU time lost waiting on swap-ins, % of the run (mean per VM)"
set key top left
set grid
sql(r) = "SELECT 8.0 / CAST(p.value AS REAL), 100.0 * avg(m.value) / 120.0 FROM metrics m" . \
    " JOIN runs ru ON ru.run_id = m.run_id" . \
    " JOIN params p ON p.run_id = m.run_id AND p.path = 'hosts[0].memory_gib'" . \
    " JOIN params q ON q.run_id = m.run_id AND q.path = 'models.overcommit.reclaim'" . \
    " WHERE ru.scenario_name = 'rz_swap' AND m.name = 'swap_wait_s' AND q.value = '" . r . "'" . \
    " GROUP BY m.run_id ORDER BY 1"
src(r) = sprintf("< sqlite3 -separator ' ' '%s' \"%s\"", db, sql(r))
plot for [r in "balloon host_swap"] src(r) using 1:2 with linespoints lw 2 title r
