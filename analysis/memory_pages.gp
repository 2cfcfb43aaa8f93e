# memory_pages.gp -- what page sizes change: overhead under SLAT and SPT for
# guest/host page sizes (miscserver mix, nehalem).  "2m/4k" is a guest
# large page on small host pages: the TLB entry splinters to 4 KiB.
# Data: sweep "mem_pages" of scenarios/labs/memory/run_all.sh.  Usage:
#   gnuplot -e "db='memory_lab.db'; fmt='svg'" analysis/memory_pages.gp   (-> memory_pages.svg; png default, pdf)
if (!exists("db")) db = 'memory_lab.db'
W = 900; H = 600; name = 'memory_pages'
load ARG0[1:strlen(ARG0) - strlen(name) - 3] . 'term.gp'   # fmt (png, svg, pdf) -> out
set title "Page sizes (guest/host): SLAT's walk penalty shrinks, SPT's traps stay"
set xlabel "page size: guest / host (4k, 2m, 1g)"
set ylabel "overhead = virtualized time / native time - 1"
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.85 border -1
set key top right
set grid ytics
set yrange [0:*]
sql = "SELECT g.value || '/' || h.value," . \
      " MAX(CASE WHEN q.value = 'slat' THEN m.overhead END)," . \
      " MAX(CASE WHEN q.value = 'spt' THEN m.overhead END) FROM mem_overhead m" . \
      " JOIN runs r ON r.run_id = m.run_id" . \
      " JOIN params g ON g.run_id = m.run_id AND g.path = 'models.memory.guest_page'" . \
      " JOIN params h ON h.run_id = m.run_id AND h.path = 'models.memory.host_page'" . \
      " JOIN params q ON q.run_id = m.run_id AND q.path = 'models.memory.name'" . \
      " WHERE r.scenario_name = 'mem_pages' GROUP BY 1 ORDER BY MIN(m.run_id)"
src = sprintf("< sqlite3 -separator ' ' '%s' \"%s\"", db, sql)
plot src using 2:xtic(1) title "slat", '' using 3 title "spt"
