# credit_weights.gp -- weights -> shares: VM b's share against its weight
# relative to a's (256), on 1 pCPU (contended) and 2 pCPUs, credit and fluid.
# Data: sweep "credit_weights" of scenarios/labs/credit/run_all.sh.  Usage:
#   gnuplot -e "db='lab-out/credit/credit_lab.db'; out='w.png'" analysis/credit_weights.gp
if (!exists("db")) db = 'lab-out/credit/credit_lab.db'
if (!exists("out")) out = 'credit_weights.png'
if (strstrt(GPVAL_TERMINALS, "pngcairo") > 0) {
    set terminal pngcairo size 900,600 noenhanced
} else {
    set terminal png size 900,600 noenhanced
}
set output out
set title "Weights -> shares: two CPU-bound VMs, a has weight 256"
set xlabel "weight of b / weight of a"
set ylabel "share of b (pCPUs)"
set logscale x 2
set grid
set key bottom right
set yrange [0:1.05]
q(model, pcpus) = sprintf("< sqlite3 -separator ' ' '%s' \"SELECT weight_b / weight_a, value" . \
    " FROM credit_metric WHERE sweep = 'credit_weights' AND model = '%s' AND pcpus = %d" . \
    " AND entity = 'b' AND name = 'share' ORDER BY 1\"", db, model, pcpus)
plot x / (1 + x) with lines dt 2 lc rgb "gray" title "w_b / (w_a + w_b)", \
     q("credit", 1) using 1:2 with linespoints pt 7 title "credit, 1 pCPU", \
     q("fluid", 1) using 1:2 with points pt 6 ps 2 title "fluid, 1 pCPU", \
     q("credit", 2) using 1:2 with linespoints pt 5 title "credit, 2 pCPUs"
