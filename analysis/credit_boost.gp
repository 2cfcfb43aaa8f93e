# credit_boost.gp -- wake-up latency of an I/O-bound VM beside two CPU-bound
# VMs on one pCPU, with and without BOOST (cumulative distribution).
# Data: sweep "credit_boost" of run_all.sh (table sched_wake_hist, view
# credit_wake_cdf of analysis/credit_views.sql).  Usage:
#   gnuplot -e "db='credit_lab.db'; fmt='svg'" analysis/credit_boost.gp   (-> credit_boost.svg; png default, pdf)
if (!exists("db")) db = 'credit_lab.db'
W = 900; H = 600; name = 'credit_boost'
load ARG0[1:strlen(ARG0) - strlen(name) - 3] . 'term.gp'   # fmt (png, svg, pdf) -> out
set title "Wake-up latency of the I/O VM (0.5 ms bursts) beside 2 CPU-bound VMs, 1 pCPU"
set xlabel "wake-up to run (us; 'immediately' plotted at 1 us)"
set ylabel "fraction of wake-ups"
set logscale x 10
set xrange [1:200000]
set yrange [0:1.02]
set grid
set key bottom right
q(b) = sprintf("< sqlite3 -separator ' ' '%s' \"SELECT max(w.latency_us, 1), w.fraction" . \
    " FROM credit_wake_cdf w JOIN credit_run c ON c.run_id = w.run_id" . \
    " WHERE c.sweep = 'credit_boost' AND c.boost = '%s' AND w.vm = 'io' ORDER BY w.latency_us\"", db, b)
plot q("true") using 1:2 with steps lw 2 title "BOOST on", \
     q("false") using 1:2 with steps lw 2 title "BOOST off"
