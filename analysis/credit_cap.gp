# credit_cap.gp -- share over time (30 ms windows) of a capped CPU-bound VM:
# parked and unparked at 30 ms accounting boundaries (top: cap 50 and 25
# alone; bottom: cap 25 beside a busy VM, which takes what the cap leaves).
# Data: sweeps "credit_cap" and "credit_cap_busy" of run_all.sh.  Usage:
#   gnuplot -e "db='credit_lab.db'; fmt='svg'" analysis/credit_cap.gp   (-> credit_cap.svg; png default, pdf)
if (!exists("db")) db = 'credit_lab.db'
W = 1000; H = 750; name = 'credit_cap'
load ARG0[1:strlen(ARG0) - strlen(name) - 3] . 'term.gp'   # fmt (png, svg, pdf) -> out
q(sweep, cap, vm) = sprintf("< sqlite3 -separator ' ' '%s' \"SELECT s.t_s, s.value FROM samples s" . \
    " JOIN credit_run c ON c.run_id = s.run_id WHERE c.sweep = '%s' AND c.cap = %d" . \
    " AND s.entity = '%s' AND s.name = 'share' AND s.t_s <= 1.2 ORDER BY s.t_s\"", db, sweep, cap, vm)
set multiplot layout 2,1
set grid
set xlabel "time (s)"
set ylabel "share in each 30 ms window"
set yrange [-0.05:1.1]
set key outside right
set title "Capped VM alone on one pCPU: the pCPU idles while the cap holds (not work-conserving)"
plot q("credit_cap", 50, "capped") using 1:2 with steps lw 2 title "cap 50", \
     q("credit_cap", 25, "capped") using 1:($2 * 0.9) with steps lw 2 title "cap 25 (x 0.9)"
set title "Cap 25 beside a CPU-bound VM: the other VM gets what the cap leaves (running mean)"
set ylabel "share since t = 0"
set xrange [0:30]
r(cap, vm) = sprintf("< sqlite3 -separator ' ' '%s' \"SELECT s.t_s, avg(s.value) OVER (ORDER BY s.t_s)" . \
    " FROM samples s JOIN credit_run c ON c.run_id = s.run_id WHERE c.sweep = 'credit_cap_busy'" . \
    " AND c.cap = %d AND s.entity = '%s' AND s.name = 'share' ORDER BY s.t_s\"", db, cap, vm)
plot r(25, "capped") using 1:2 with lines lw 2 title "capped (cap 25)", \
     r(25, "other") using 1:2 with lines lw 2 title "other", \
     r(0, "capped") using 1:2 with lines dt 2 lw 2 title "same VM, no cap", \
     r(0, "other") using 1:2 with lines dt 3 lw 2 title "other, no cap"
unset multiplot
