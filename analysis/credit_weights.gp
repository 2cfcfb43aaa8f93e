# credit_weights.gp -- weights -> shares: VM b's share against its weight
# relative to a's (256), on 1 pCPU (contended) and 2 pCPUs, credit and fluid.
# Data: sweep "credit_weights" of scenarios/labs/credit/run_all.sh.  Usage:
#   gnuplot -e "db='credit_lab.db'; fmt='svg'" analysis/credit_weights.gp   (-> credit_weights.svg; png default, pdf)
if (!exists("db")) db = 'credit_lab.db'
W = 900; H = 600; name = 'credit_weights'
load ARG0[1:strlen(ARG0) - strlen(name) - 3] . 'term.gp'   # fmt (png, svg, pdf) -> out
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
