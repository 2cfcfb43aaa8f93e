# datacenter_summary.gp -- one bar per policy variant: energy of the day
# (kWh), SLA violation (% of CPU demand unmet) and migrations (thousands).
# Data: scenarios/labs/datacenter/run_all.sh.  Usage:
#   gnuplot -e "db='datacenter_lab.db'; fmt='svg'" analysis/datacenter_summary.gp   (-> datacenter_summary.svg; png default, pdf)
if (!exists("db")) db = 'datacenter_lab.db'
W = 1200; H = 560; name = 'datacenter_summary'
load ARG0[1:strlen(ARG0) - strlen(name) - 3] . 'term.gp'   # fmt (png, svg, pdf) -> out
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.85 border -1
set grid ytics
set yrange [0:*]
set xtics rotate by -45 font ",9"
set bmargin 7
unset key
m(n) = sprintf("< sqlite3 -separator ' ' '%s' \"SELECT substr(r.scenario_name, 4), m.value" . \
    " FROM runs r JOIN metrics m ON m.run_id = r.run_id WHERE m.entity = 'dc'" . \
    " AND m.name = '%s' ORDER BY r.run_id\"", db, n)
set multiplot layout 1,3 title "A day of diurnal load: energy, SLA and the cost of consolidation"
set title "energy (kWh)"
plot m('energy_kwh') using 2:xtic(1) lc rgb '#4477aa'
set title "SLA violation (% of demand unmet)"
plot m('sla_violation') using ($2 * 100):xtic(1) lc rgb '#cc6677'
set title "migrations (thousands)"
plot m('migrations_requested') using ($2 / 1000):xtic(1) lc rgb '#228833'
unset multiplot
