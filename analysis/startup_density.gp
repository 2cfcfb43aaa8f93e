# startup_density.gp -- instances admitted on one 16 GiB host before its
# memory is full (bars, log scale).  Data: run "st_density".  Usage:
#   gnuplot -e "db='startup_lab.db'; fmt='svg'" analysis/startup_density.gp   (-> startup_density.svg; png default, pdf)
if (!exists("db")) db = 'startup_lab.db'
W = 900; H = 600; name = 'startup_density'
load ARG0[1:strlen(ARG0) - strlen(name) - 3] . 'term.gp'   # fmt (png, svg, pdf) -> out
set title "Instances per 16 GiB host (6000 requested each; the rest refused)"
set ylabel "instances admitted (log scale)"
set logscale y
set yrange [10:20000]
set grid ytics
set style fill solid 0.8 border -1
set boxwidth 0.7
set xtics rotate by -30
set key off
sql = "SELECT b.group_name || ' (' || max(b.memory_mib) || ' MiB)', sum(b.outcome != 'refused_memory')," . \
      " CASE b.kind WHEN 'vm' THEN 1 WHEN 'container' THEN 2 WHEN 'microvm' THEN 3 ELSE 4 END" . \
      " FROM boots b JOIN runs r ON r.run_id = b.run_id WHERE r.scenario_name = 'st_density'" . \
      " GROUP BY b.group_name ORDER BY 2"
src = sprintf("< sqlite3 -separator '|' '%s' \"%s\"", db, sql)
set datafile separator '|'
plot src using 0:2:3:xtic(1) with boxes lc variable, \
     '' using 0:2:(sprintf("%d", $2)) with labels offset 0,0.8
