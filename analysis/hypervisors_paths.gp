# hypervisors_paths.gp -- a network-heavy VM (256-byte packets, 64 in flight)
# through emulation, the paravirtual path and passthrough, on three hypervisors.
# Data: sweep "hv_paths" of scenarios/labs/hypervisors/run_all.sh.  Usage:
#   gnuplot -e "db='hypervisors_lab.db'; fmt='svg'" analysis/hypervisors_paths.gp
if (!exists("db")) db = 'hypervisors_lab.db'
W = 900; H = 550; name = 'hypervisors_paths'
load ARG0[1:strlen(ARG0) - strlen(name) - 3] . 'term.gp'   # fmt (png, svg, pdf) -> out
set title "Network throughput by I/O path (256-byte packets)"
set ylabel "MiB/s"
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.85 border -1
set key outside right top
set grid ytics
set yrange [0:*]
sql = "SELECT s.hypervisor," . \
      " max(CASE WHEN s.path = 'emulated' THEN s.mbps END) AS emulated," . \
      " max(CASE WHEN s.path = 'paravirtual' THEN s.mbps END) AS paravirtual," . \
      " max(CASE WHEN s.path = 'passthrough' THEN s.mbps END) AS passthrough" . \
      " FROM io_streams s JOIN runs r ON r.run_id = s.run_id" . \
      " WHERE r.scenario_name = 'hv_paths' AND s.vm = 'g' GROUP BY s.hypervisor ORDER BY s.hypervisor"
src = sprintf("< sqlite3 -header -separator ' ' '%s' \"%s\"", db, sql)
plot for [i = 2:4] src using i:xtic(1) title columnheader(i)
