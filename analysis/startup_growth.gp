# startup_growth.gp -- time to start the N-th instance when N-1 run already
# (one by one on a 4-core host, RAM disk): xl's XenStore makes VM creation
# grow, LightVM and Docker stay flat.  Data: runs "st_growth".  Usage:
#   gnuplot -e "db='startup_lab.db'; fmt='svg'" analysis/startup_growth.gp   (-> startup_growth.svg; png default, pdf)
if (!exists("db")) db = 'startup_lab.db'
W = 900; H = 600; name = 'startup_growth'
load ARG0[1:strlen(ARG0) - strlen(name) - 3] . 'term.gp'   # fmt (png, svg, pdf) -> out
set title "Start time vs instances already running (serial starts, 4 cores)"
set xlabel "instances already running on the host"
set ylabel "time to start (s, log scale)"
set logscale y
set grid
set key top left
sql(p) = "SELECT b.running, b.start_time_s FROM boots b JOIN runs r ON r.run_id = b.run_id" . \
    " JOIN params q ON q.run_id = b.run_id AND q.path = 'actions[0].start.preset'" . \
    " WHERE r.scenario_name = 'st_growth' AND q.value = '" . p . "' AND b.outcome = 'ok'" . \
    " ORDER BY b.running"
src(p) = sprintf("< sqlite3 -separator ' ' '%s' \"%s\"", db, sql(p))
plot for [p in "xen_debian xen_tinyx xen_unikernel docker lightvm"] src(p) using 1:2 \
     with lines lw 2 title p
