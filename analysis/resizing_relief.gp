# resizing_relief.gp -- the CPU a squeezed VM gets over time when it is
# resized, migrated or rebooted with more vCPUs at 30 s.
# Data: runs "rz_relief_*" of scenarios/labs/resizing/run_all.sh.  Usage:
#   gnuplot -e "db='resizing_lab.db'; fmt='svg'" analysis/resizing_relief.gp
if (!exists("db")) db = 'resizing_lab.db'
W = 900; H = 600; name = 'resizing_relief'
load ARG0[1:strlen(ARG0) - strlen(name) - 3] . 'term.gp'
set title "Time to relief: app's CPU (pCPUs) after the change at 30 s"
set xlabel "time (s)"
set ylabel "CPU share of app (pCPUs)"
set key bottom right
set grid
sql(v) = "SELECT s.t_s, s.value FROM samples s JOIN runs r ON r.run_id = s.run_id" . \
    " WHERE r.scenario_name = 'rz_relief_" . v . "' AND s.entity = 'app' AND s.name = 'share'" . \
    " ORDER BY 1"
src(v) = sprintf("< sqlite3 -separator ' ' '%s' \"%s\"", db, sql(v))
plot for [v in "resize migrate reboot"] src(v) using 1:2 with steps lw 2 title v
