# memory_pte.gp -- overhead vs guest page-table update rate: where shadow
# paging stops paying (the crossover), and what `auto` picks.
# Data: sweep "mem_pte" of scenarios/labs/memory/run_all.sh (miscserver mix,
# nehalem).  Usage:
#   gnuplot -e "db='memory_lab.db'; fmt='svg'" analysis/memory_pte.gp   (-> memory_pte.svg; png default, pdf)
if (!exists("db")) db = 'memory_lab.db'
W = 900; H = 600; name = 'memory_pte'
load ARG0[1:strlen(ARG0) - strlen(name) - 3] . 'term.gp'   # fmt (png, svg, pdf) -> out
set title "Overhead vs page-table updates (miscserver mix, nehalem): SPT vs SLAT"
set xlabel "guest page-table writes per second (thousands)"
set ylabel "overhead = virtualized time / native time - 1"
set key top left
set grid
sql(mode) = "SELECT CAST(p.value AS REAL) / 1000, m.overhead FROM mem_overhead m" . \
    " JOIN runs r ON r.run_id = m.run_id" . \
    " JOIN params p ON p.run_id = m.run_id AND p.path = 'vms[0].memory.pte_writes_per_s'" . \
    " JOIN params q ON q.run_id = m.run_id AND q.path = 'models.memory.name'" . \
    " WHERE r.scenario_name = 'mem_pte' AND q.value = '" . mode . "' ORDER BY 1"
src(mode) = sprintf("< sqlite3 -separator ' ' '%s' \"%s\"", db, sql(mode))
plot src("spt") using 1:2 with linespoints lw 2 title "spt", \
     src("slat") using 1:2 with linespoints lw 2 title "slat", \
     src("auto") using 1:2 with lines lw 4 dt 2 lc rgb "black" title "auto (min)"
