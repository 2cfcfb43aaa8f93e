# datacenter_sla.gp -- CPU demand not served (pCPUs, mean per 5-min
# window): overloaded hosts between consolidation steps, VMs paused by
# migration downtime.  Spread serves everything.  Data:
# scenarios/labs/datacenter/run_all.sh.  Usage:
#   gnuplot -e "db='datacenter_lab.db'; fmt='svg'" analysis/datacenter_sla.gp   (-> datacenter_sla.svg; png default, pdf)
if (!exists("db")) db = 'datacenter_lab.db'
W = 1000; H = 600; name = 'datacenter_sla'
load ARG0[1:strlen(ARG0) - strlen(name) - 3] . 'term.gp'   # fmt (png, svg, pdf) -> out
set title "SLA: unmet CPU demand over the day"
set xlabel "time of day (h)"
set ylabel "unmet demand (pCPUs)"
set xrange [0:24]
set xtics 2
set yrange [0:*]
set grid
set key top left
q(v, n) = sprintf("< sqlite3 -separator ' ' '%s' \"SELECT s.t_s / 3600.0, s.value FROM samples s" . \
    " JOIN runs r ON r.run_id = s.run_id WHERE r.scenario_name = 'dc_%s' AND s.entity = 'dc'" . \
    " AND s.name = '%s' ORDER BY s.t_s\"", db, v, n)
plot for [v in "spread consolidate tight oc1 boot600"] q(v, 'unmet_pcpu') using 1:2 \
         with lines lw 2 title v
