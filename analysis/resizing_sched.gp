# resizing_sched.gp -- shares of two VMs on one pCPU when a's weight becomes
# 768 at 20 s and a cap of 30 % is set at 40 s (xl sched-credit at run time).
# Data: runs "rz_sched" of scenarios/labs/resizing/run_all.sh.  Usage:
#   gnuplot -e "db='resizing_lab.db'; fmt='svg'" analysis/resizing_sched.gp
if (!exists("db")) db = 'resizing_lab.db'
W = 900; H = 600; name = 'resizing_sched'
load ARG0[1:strlen(ARG0) - strlen(name) - 3] . 'term.gp'
set title "Weight 768 at 20 s, cap 30 at 40 s: share of VM a"
set xlabel "time (s)"
set ylabel "CPU share (pCPUs)"
set yrange [0:1]
set key top right
set grid
sql(m) = "SELECT s.t_s, s.value FROM samples s JOIN runs r ON r.run_id = s.run_id" . \
    " JOIN params p ON p.run_id = s.run_id AND p.path = 'models.sched.name'" . \
    " WHERE r.scenario_name = 'rz_sched' AND s.entity = 'a' AND s.name = 'share'" . \
    " AND p.value = '" . m . "' ORDER BY 1"
src(m) = sprintf("< sqlite3 -separator ' ' '%s' \"%s\"", db, sql(m))
plot for [m in "fluid credit"] src(m) using 1:2 with steps lw 2 title m
