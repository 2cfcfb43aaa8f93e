# credit_latency.gp -- the time slice and a latency-sensitive VM: ping
# latency to a database VM (that wants 45% of a pCPU) beside CPU-bound
# batch VMs, against tslice_ms; and the cost: context switches per second.
# Data: sweep "credit_latency" of run_all.sh.  Usage:
#   gnuplot -e "db='credit_lab.db'; fmt='svg'" analysis/credit_latency.gp   (-> credit_latency.svg; png default, pdf)
if (!exists("db")) db = 'credit_lab.db'
W = 900; H = 600; name = 'credit_latency'
load ARG0[1:strlen(ARG0) - strlen(name) - 3] . 'term.gp'   # fmt (png, svg, pdf) -> out
set title "Ping latency to a busy database VM vs the credit time slice"
set xlabel "tslice_ms"
set ylabel "ping latency (ms)"
set y2label "context switches per second (host)"
set logscale x 2
set ytics nomirror
set y2tics
set grid
set key top left
q(name) = sprintf("< sqlite3 -separator ' ' '%s' \"SELECT tslice_ms, value FROM credit_metric" . \
    " WHERE sweep = 'credit_latency' AND entity = 'client' AND name = '%s' ORDER BY 1\"", db, name)
cs = sprintf("< sqlite3 -separator ' ' '%s' \"SELECT m.tslice_ms, m.value / CAST(p.value AS REAL)" . \
    " FROM credit_metric m JOIN params p ON p.run_id = m.run_id AND p.path = 'duration_s'" . \
    " WHERE m.sweep = 'credit_latency' AND m.entity = 'h' AND m.name = 'context_switches' ORDER BY 1\"", db)
plot q("ping_latency_p50_ms") using 1:2 with linespoints pt 7 title "p50", \
     q("ping_latency_p99_ms") using 1:2 with linespoints pt 5 title "p99", \
     q("ping_latency_max_ms") using 1:2 with linespoints pt 9 title "max", \
     cs using 1:2 axes x1y2 with linespoints dt 2 pt 4 title "context switches/s (right)"
