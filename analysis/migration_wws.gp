# migration_wws.gp -- pre-copy (QEMU policy) vs the writable working set at
# 200,000 page writes/s on 10 Gbit/s: a small WWS saturates, stops growing
# and converges; a large one keeps the rounds long.  Data: sweep "mig_wws".
# Usage: gnuplot -e "db='migration_lab.db'; fmt='svg'" analysis/migration_wws.gp   (-> migration_wws.svg; png default, pdf)
if (!exists("db")) db = 'migration_lab.db'
W = 900; H = 600; name = 'migration_wws'
load ARG0[1:strlen(ARG0) - strlen(name) - 3] . 'term.gp'   # fmt (png, svg, pdf) -> out
set title "Pre-copy vs writable working set (4 GiB VM, 200k writes/s, 10 Gbit/s)"
set xlabel "writable working set (fraction of memory)"
set ylabel "total time (s)"
set y2label "downtime (s)"
set ytics nomirror
set y2tics
set logscale y
set key top left
set grid
q = "SELECT CAST(p.value AS REAL), m.total_s, m.downtime_s FROM migrations m" . \
    " JOIN runs r ON r.run_id = m.run_id" . \
    " JOIN params p ON p.run_id = m.run_id AND p.path = 'vms[0].migration.wws_fraction'" . \
    " WHERE r.scenario_name = 'mig_wws' ORDER BY 1"
src = sprintf("< sqlite3 -separator ' ' '%s' \"%s\"", db, q)
plot src using 1:2 with linespoints lw 2 title "total time", \
     src using 1:3 axes x1y2 with linespoints lw 2 title "downtime (right axis)"
