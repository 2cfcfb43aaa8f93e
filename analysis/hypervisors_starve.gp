# hypervisors_starve.gp -- dom0 starved by busy guests (credit scheduler):
# the guest's network throughput and latency against the busy VMs' demand,
# with dom0 at weight 256 and 512.
# Data: sweeps "hv_starve_w256/512" of scenarios/labs/hypervisors/run_all.sh.  Usage:
#   gnuplot -e "db='hypervisors_lab.db'; fmt='svg'" analysis/hypervisors_starve.gp
if (!exists("db")) db = 'hypervisors_lab.db'
W = 900; H = 550; name = 'hypervisors_starve'
load ARG0[1:strlen(ARG0) - strlen(name) - 3] . 'term.gp'   # fmt (png, svg, pdf) -> out
set title "dom0 starved: 8 busy guests on 4 pCPUs, dom0 with 1 vCPU"
set xlabel "demand of each busy guest (fraction of a pCPU)"
set ylabel "guest network throughput (MiB/s)"
set y2label "guest network latency (ms)"
set ytics nomirror
set y2tics
set grid
set key outside right top
set yrange [0:*]
set y2range [0:*]
q(w, m) = sprintf("< sqlite3 -separator ' ' '%s' \"SELECT CAST(p.value AS REAL), m.value" . \
    " FROM runs r JOIN params p ON p.run_id = r.run_id AND p.path = 'vms[2].workload.demand'" . \
    " JOIN metrics m ON m.run_id = r.run_id AND m.entity = 'g' AND m.name = '%s'" . \
    " WHERE r.scenario_name = 'hv_starve_w%s' ORDER BY 1\"", db, m, w)
plot q('256', 'net_mbps') using 1:2 with linespoints lw 2 title 'MiB/s, dom0 weight 256', \
     q('512', 'net_mbps') using 1:2 with linespoints lw 2 title 'MiB/s, dom0 weight 512', \
     q('256', 'net_latency_ms') using 1:2 axes x1y2 with linespoints dt 2 title 'latency, weight 256', \
     q('512', 'net_latency_ms') using 1:2 axes x1y2 with linespoints dt 2 title 'latency, weight 512'
