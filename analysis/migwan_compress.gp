# migwan_compress.gp -- what XBZRLE and multifd buy at 1, 10 and 25 Gbit/s.
# Data: sweeps "migwan_comp_*" of scenarios/labs/migration-wan/run_all.sh.
# Usage: gnuplot -e "db='migration-wan_lab.db'; fmt='svg'" analysis/migwan_compress.gp
if (!exists("db")) db = 'migration-wan_lab.db'
W = 900; H = 600; name = 'migwan_compress'
load ARG0[1:strlen(ARG0) - strlen(name) - 3] . 'term.gp'
set title "XBZRLE and multifd (one thread copies 5 Gbit/s): total migration time"
set xlabel "link (Gbit/s)"
set ylabel "total time (s)"
set logscale xy
set key top right
set grid
sql(v) = "SELECT CAST(p.value AS REAL), m.total_s FROM migrations m" . \
    " JOIN runs r ON r.run_id = m.run_id" . \
    " JOIN params p ON p.run_id = m.run_id AND p.path = 'wan_links[0].bandwidth_gbps'" . \
    " WHERE r.scenario_name = 'migwan_comp_" . v . "' ORDER BY 1"
src(v) = sprintf("< sqlite3 -separator ' ' '%s' \"%s\"", db, sql(v))
plot for [v in "plain xbzrle multifd both"] src(v) using 1:2 with linespoints lw 2 title v
