# datacenter_power.gp -- data-center power over the day (kW, transitions
# included) for each policy, with the CPU demand on the right axis.
# Data: scenarios/labs/datacenter/run_all.sh.  Usage:
#   gnuplot -e "db='datacenter_lab.db'; fmt='svg'" analysis/datacenter_power.gp   (-> datacenter_power.svg; png default, pdf)
if (!exists("db")) db = 'datacenter_lab.db'
W = 1000; H = 600; name = 'datacenter_power'
load ARG0[1:strlen(ARG0) - strlen(name) - 3] . 'term.gp'   # fmt (png, svg, pdf) -> out
set title "Power over a day: linear 100-250 W hosts and a SPECpower curve (IBM x3550 M3)"
set xlabel "time of day (h)"
set ylabel "power (kW)"
set y2label "CPU demand (pCPUs)"
set xrange [0:24]
set xtics 2
set yrange [0:*]
set y2range [0:*]
set y2tics
set ytics nomirror
set grid
set key top left
q(v, n) = sprintf("< sqlite3 -separator ' ' '%s' \"SELECT s.t_s / 3600.0, s.value FROM samples s" . \
    " JOIN runs r ON r.run_id = s.run_id WHERE r.scenario_name = 'dc_%s' AND s.entity = 'dc'" . \
    " AND s.name = '%s' ORDER BY s.t_s\"", db, v, n)
plot for [v in "spread consolidate tight spread_x3550 consolidate_x3550"] q(v, 'power_w') \
         using 1:($2 / 1000) with lines lw 2 title v, \
     q('spread', 'demand_pcpu') using 1:2 axes x1y2 with lines dt 2 lc rgb 'gray40' \
         title 'demand (right)'
