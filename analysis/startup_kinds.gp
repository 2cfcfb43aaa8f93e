# startup_kinds.gp -- time to start one instance of each kind, alone on its
# host (bars, log scale).  Data: run "st_kinds" of
# scenarios/labs/startup/run_all.sh.  Usage:
#   gnuplot -e "db='startup_lab.db'; fmt='svg'" analysis/startup_kinds.gp   (-> startup_kinds.svg; png default, pdf)
if (!exists("db")) db = 'startup_lab.db'
W = 1000; H = 600; name = 'startup_kinds'
load ARG0[1:strlen(ARG0) - strlen(name) - 3] . 'term.gp'   # fmt (png, svg, pdf) -> out
set title "Time to start one instance, alone on a 4-core host (presets from the papers)"
set ylabel "start time (s, log scale)"
set logscale y
set yrange [0.001:10]
set grid ytics
set style fill solid 0.8 border -1
set boxwidth 0.7
set xtics rotate by -30
set key top right
sql = "SELECT b.group_name, b.start_time_s, CASE b.kind WHEN 'vm' THEN 1 WHEN 'container'" . \
      " THEN 2 WHEN 'microvm' THEN 3 ELSE 4 END FROM boots b JOIN runs r ON r.run_id = b.run_id" . \
      " WHERE r.scenario_name = 'st_kinds' AND b.outcome = 'ok' ORDER BY b.start_time_s DESC"
src = sprintf("< sqlite3 -separator ' ' '%s' \"%s\"", db, sql)
plot src using 0:2:3:xtic(1) with boxes lc variable notitle, \
     '' using 0:2:(sprintf("%.3g s", $2)) with labels offset 0,0.8 notitle, \
     NaN with boxes lc 1 title "vm", NaN with boxes lc 2 title "container", \
     NaN with boxes lc 3 title "microvm", NaN with boxes lc 4 title "unikernel"
