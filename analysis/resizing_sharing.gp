# resizing_sharing.gp -- memory saved by page sharing per VM against the
# number of VMs of one image, after 15 minutes, at two scan rates.
# Data: runs "rz_share" of scenarios/labs/resizing/run_all.sh.  Usage:
#   gnuplot -e "db='resizing_lab.db'; fmt='svg'" analysis/resizing_sharing.gp
if (!exists("db")) db = 'resizing_lab.db'
W = 900; H = 600; name = 'resizing_sharing'
load ARG0[1:strlen(ARG0) - strlen(name) - 3] . 'term.gp'
set title "Page sharing: MiB saved per 1 GiB VM after 15 min (40 % common image, 5 % zero pages)"
set xlabel "VMs of the same image on the host"
set ylabel "MiB saved per VM"
set key bottom right
set grid
set logscale x 2
sql(rate) = "SELECT CAST(n.value AS REAL), m.value / CAST(n.value AS REAL) FROM metrics m" . \
    " JOIN runs ru ON ru.run_id = m.run_id" . \
    " JOIN params n ON n.run_id = m.run_id AND n.path = 'vms[0].count'" . \
    " JOIN params q ON q.run_id = m.run_id AND q.path = 'models.overcommit.scan_pages_s'" . \
    " WHERE ru.scenario_name = 'rz_share' AND m.entity = 'h' AND m.name = 'shared_mib'" . \
    " AND CAST(q.value AS REAL) = " . rate . " ORDER BY 1"
src(rate) = sprintf("< sqlite3 -separator ' ' '%s' \"%s\"", db, sql(rate))
plot for [rate in "5000 50000"] src(rate) using 1:2 with linespoints lw 2 title rate . " pages/s"
