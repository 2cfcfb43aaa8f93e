# migwan_storage.gp -- total time and client-seen downtime per storage mode and cut-over.
# Data: sweeps "migwan_storage_<mode>_<cutover>" of scenarios/labs/migration-wan/run_all.sh
# (4 GiB VM, 40 GiB disk, 1 Gbit/s 30 ms WAN).
# Usage: gnuplot -e "db='migration-wan_lab.db'; fmt='svg'" analysis/migwan_storage.gp
if (!exists("db")) db = 'migration-wan_lab.db'
W = 1000; H = 600; name = 'migwan_storage'
load ARG0[1:strlen(ARG0) - strlen(name) - 3] . 'term.gp'   # fmt (png, svg, pdf) -> out
set title "VM with its disk between two sites: time to move and downtime a client sees"
set ylabel "seconds"
set logscale y
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set key top left
set grid y
set xtics rotate by -30
sql = "SELECT substr(r.scenario_name, 16), m.total_s, m.downtime_s, m.client_downtime_s" . \
      " FROM migrations m JOIN runs r ON r.run_id = m.run_id" . \
      " WHERE r.scenario_name LIKE 'migwan_storage_%' ORDER BY m.run_id"
src = sprintf("< sqlite3 -separator ' ' '%s' \"%s\"", db, sql)
plot src using 2:xtic(1) title "total (disk + memory)", \
     '' using 3 title "VM paused", '' using 4 title "client downtime (reconnecting)"
