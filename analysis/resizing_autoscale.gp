# resizing_autoscale.gp -- the vertical auto-scaler following an on/off load:
# the VM's CPU share over time (each step up is a hot-plugged vCPU).
# Data: run "rz_autoscale" of scenarios/labs/resizing/run_all.sh.  Usage:
#   gnuplot -e "db='resizing_lab.db'; fmt='svg'" analysis/resizing_autoscale.gp
if (!exists("db")) db = 'resizing_lab.db'
W = 900; H = 600; name = 'resizing_autoscale'
load ARG0[1:strlen(ARG0) - strlen(name) - 3] . 'term.gp'
set title "Vertical auto-scaler: grow above 80 % for 3 periods, shrink below 20 %, 60 s cool-down"
set xlabel "time (s)"
set ylabel "CPU share of app (pCPUs)"
set grid
sql = "SELECT s.t_s, s.value FROM samples s JOIN runs r ON r.run_id = s.run_id" . \
    " WHERE r.scenario_name = 'rz_autoscale' AND s.entity = 'app' AND s.name = 'share' ORDER BY 1"
plot sprintf("< sqlite3 -separator ' ' '%s' \"%s\"", db, sql) using 1:2 with steps lw 2 title "app"
