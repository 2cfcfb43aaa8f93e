# datacenter_hosts.gp -- hosts powered on over the day: spread keeps all 40
# on; consolidation follows the diurnal demand (VMs in the data center on
# the right axis).  Data: scenarios/labs/datacenter/run_all.sh.  Usage:
#   gnuplot -e "db='datacenter_lab.db'; fmt='svg'" analysis/datacenter_hosts.gp   (-> datacenter_hosts.svg; png default, pdf)
if (!exists("db")) db = 'datacenter_lab.db'
W = 1000; H = 600; name = 'datacenter_hosts'
load ARG0[1:strlen(ARG0) - strlen(name) - 3] . 'term.gp'   # fmt (png, svg, pdf) -> out
set title "Active hosts over a day of diurnal load (mean over each 5-min window)"
set xlabel "time of day (h)"
set ylabel "hosts on"
set y2label "VMs placed (consolidate)"
set xrange [0:24]
set xtics 2
set yrange [0:*]
set y2range [0:*]
set y2tics
set ytics nomirror
set grid
set key below horizontal
q(v, n) = sprintf("< sqlite3 -separator ' ' '%s' \"SELECT s.t_s / 3600.0, s.value FROM samples s" . \
    " JOIN runs r ON r.run_id = s.run_id WHERE r.scenario_name = 'dc_%s' AND s.entity = 'dc'" . \
    " AND s.name = '%s' ORDER BY s.t_s\"", db, v, n)
plot for [v in "spread consolidate tight oc1 boot600"] q(v, 'active_hosts') using 1:2 \
         with lines lw 2 title v, \
     q('consolidate', 'vms') using 1:2 axes x1y2 with lines dt 2 lc rgb 'gray40' title 'VMs (right)'
