# migwan_throttle.gp -- disk pre-copy with and without write throttling.
# Data: sweeps "migwan_throttle_false|true" of scenarios/labs/migration-wan/run_all.sh.
# Usage: gnuplot -e "db='migration-wan_lab.db'; fmt='svg'" analysis/migwan_throttle.gp
if (!exists("db")) db = 'migration-wan_lab.db'
W = 900; H = 600; name = 'migwan_throttle'
load ARG0[1:strlen(ARG0) - strlen(name) - 3] . 'term.gp'
set title "Disk pre-copy over a 1 Gbit/s WAN: block writes vs the link"
set xlabel "block writes/s (64 KiB) over half the disk"
set ylabel "seconds"
set y2label "disk rounds"
set ytics nomirror
set y2tics
set key top left
set grid
sql(t, c) = "SELECT CAST(p.value AS REAL), m." . c . " FROM migrations m" . \
    " JOIN runs r ON r.run_id = m.run_id" . \
    " JOIN params p ON p.run_id = m.run_id AND p.path = 'vms[0].migration.disk_write_rate_blocks_s'" . \
    " WHERE r.scenario_name = 'migwan_throttle_" . t . "' ORDER BY 1"
src(t, c) = sprintf("< sqlite3 -separator ' ' '%s' \"%s\"", db, sql(t, c))
plot src('false', 'downtime_s') using 1:2 with linespoints lw 2 title "downtime, no throttle", \
     src('true', 'downtime_s') using 1:2 with linespoints lw 2 title "downtime, throttled", \
     src('true', 'io_slowdown_s') using 1:2 with linespoints lw 2 title "write time held back (throttled)", \
     src('false', 'disk_rounds') using 1:2 axes x1y2 with points pt 6 title "disk rounds, no throttle"
