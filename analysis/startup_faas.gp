# startup_faas.gp -- serverless invocations (Firecracker, 10/s for 600 s,
# 0.1 s each): a longer keep-alive turns cold starts into warm ones but holds
# more instances (memory) idle.  Data: runs "st_faas".  Usage:
#   gnuplot -e "db='startup_lab.db'; fmt='svg'" analysis/startup_faas.gp   (-> startup_faas.svg; png default, pdf)
if (!exists("db")) db = 'startup_lab.db'
W = 900; H = 600; name = 'startup_faas'
load ARG0[1:strlen(ARG0) - strlen(name) - 3] . 'term.gp'   # fmt (png, svg, pdf) -> out
set title "Cold starts vs keep-alive (Firecracker functions, Poisson 10/s, 0.1 s each)"
set xlabel "keep-alive (s, log scale)"
set ylabel "fraction of invocations that start cold"
set y2label "instances held on the host (time average)"
set logscale x
set yrange [0:1.05]
set y2range [0:*]
set ytics nomirror
set y2tics
set grid
set key below horizontal
sql(name, ent) = "SELECT CAST(q.value AS REAL), m.value FROM metrics m" . \
    " JOIN runs r ON r.run_id = m.run_id" . \
    " JOIN params q ON q.run_id = m.run_id AND q.path = 'actions[0].arrivals.keep_alive_s'" . \
    " WHERE r.scenario_name = 'st_faas' AND m.entity = '" . ent . "' AND m.name = '" . name . "'" . \
    " AND CAST(q.value AS REAL) > 0 ORDER BY 1"
src(name, ent) = sprintf("< sqlite3 -separator ' ' '%s' \"%s\"", db, sql(name, ent))
plot src('cold_fraction', 'startup/group/fn') using 1:2 with linespoints lw 2 title "cold fraction", \
     src('mean_running_microvm', 'h-0') using 1:2 axes x1y2 with linespoints lw 2 \
         title "instances held, time average (right)"
