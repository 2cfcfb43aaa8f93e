# consolidation_hosts.gp -- hosts on over the first PlanetLab day (mean over
# each 5-min step) under some policies of Table V; DVFS keeps every host
# that holds a VM on.  Data: scenarios/labs/consolidation/run_all.sh.  Usage:
#   gnuplot -e "db='consolidation_lab.db'" analysis/consolidation_hosts.gp
if (!exists("db")) db = 'consolidation_lab.db'
W = 1000; H = 600; name = 'consolidation_hosts'
load ARG0[1:strlen(ARG0) - strlen(name) - 3] . 'term.gp'
set title "Active hosts over the day 2011-03-03 (800 hosts, 1052 VMs)"
set xlabel "time of day (h)"
set ylabel "hosts on"
set xrange [0:24]
set xtics 2
set logscale y
set grid
set key top right
q(p) = sprintf("< sqlite3 -separator ' ' '%s' \"SELECT s.t_s / 3600.0, s.value FROM samples s" . \
    " JOIN runs r ON r.run_id = s.run_id WHERE r.scenario_name = '%s/20110303' AND s.entity = 'dc'" . \
    " AND s.name = 'active_hosts' ORDER BY s.t_s\"", db, p)
plot for [p in "DVFS THR-MMT-1.0 THR-MMT-0.8 MAD-MMT-2.5 LR-MMT-1.2"] q(p) using 1:2 with lines lw 2 title p
