# consolidation_box.gp -- energy and SLAV over the 10 PlanetLab days, one box
# per policy of Table V (the paper's Figure 3 shape).  Data:
# scenarios/labs/consolidation/run_all.sh.  Usage:
#   gnuplot -e "db='consolidation_lab.db'" analysis/consolidation_box.gp
if (!exists("db")) db = 'consolidation_lab.db'
W = 1200; H = 600; name = 'consolidation_box'
load ARG0[1:strlen(ARG0) - strlen(name) - 3] . 'term.gp'
P = "THR-MMT-1.0 THR-MMT-0.8 IQR-MMT-1.5 MAD-MMT-2.5 LRR-MMT-1.2 LR-MMT-1.2"
q(p, c) = sprintf("< sqlite3 -separator ' ' '%s' \"SELECT %s FROM cons_runs WHERE policy = '%s'\"", db, c, p)
set multiplot layout 1,2 title "Over the PlanetLab days (boxes: quartiles; whiskers 1.5 IQR)"
set style fill solid 0.3
set style boxplot nooutliers
set xtics rotate by -30 font ',8'
set grid y
unset key
set ylabel "energy (kWh)"
set xtics (word(P,1) 1, word(P,2) 2, word(P,3) 3, word(P,4) 4, word(P,5) 5, word(P,6) 6)
plot for [i=1:6] q(word(P,i), 'energy') using (i):1 with boxplot lc i
set ylabel "SLAV (x 1e-5)"
plot for [i=1:6] q(word(P,i), '1e5 * slav') using (i):1 with boxplot lc i
unset multiplot
