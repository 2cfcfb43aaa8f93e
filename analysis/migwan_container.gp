# migwan_container.gp -- the same service as a container (CRIU) and as a VM.
# Data: sweeps "migwan_ctr_*" of scenarios/labs/migration-wan/run_all.sh.
# Usage: gnuplot -e "db='migration-wan_lab.db'; fmt='svg'" analysis/migwan_container.gp
if (!exists("db")) db = 'migration-wan_lab.db'
W = 900; H = 600; name = 'migwan_container'
load ARG0[1:strlen(ARG0) - strlen(name) - 3] . 'term.gp'
set title "Container (CRIU, 3.5 GiB, 20 processes) vs VM (4 GiB) over the WAN"
set xlabel "WAN bandwidth (Gbit/s)"
set ylabel "downtime (s)"
set logscale xy
set key top right
set grid
sql(a) = "SELECT CAST(p.value AS REAL), m.downtime_s FROM migrations m" . \
    " JOIN runs r ON r.run_id = m.run_id" . \
    " JOIN params p ON p.run_id = m.run_id AND p.path = 'wan_links[0].bandwidth_gbps'" . \
    " WHERE r.scenario_name = 'migwan_ctr_" . a . "' ORDER BY 1"
src(a) = sprintf("< sqlite3 -separator ' ' '%s' \"%s\"", db, sql(a))
plot for [a in "vm-precopy criu_stopcopy criu_precopy criu_lazy"] src(a) \
    using 1:2 with linespoints lw 2 title a
