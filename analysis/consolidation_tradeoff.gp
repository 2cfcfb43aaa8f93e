# consolidation_tradeoff.gp -- energy against SLAV, one point per policy
# (medians over the PlanetLab days), the trade-off of Beloglazov & Buyya's
# Table V.  Data: scenarios/labs/consolidation/run_all.sh (views from
# analysis/consolidation_views.sql).  Usage:
#   gnuplot -e "db='consolidation_lab.db'" analysis/consolidation_tradeoff.gp
if (!exists("db")) db = 'consolidation_lab.db'
W = 1100; H = 700; name = 'consolidation_tradeoff'
load ARG0[1:strlen(ARG0) - strlen(name) - 3] . 'term.gp'
set title "Energy against SLA violation per policy (median over days; NPA, DVFS have SLAV 0)"
set xlabel "SLAV (x 1e-5)"
set ylabel "energy (kWh)"
set grid
set key top right
q(p) = sprintf("< sqlite3 -separator ' ' '%s' \"SELECT slav, energy, policy FROM cons_medians" . \
    " WHERE policy LIKE '%s' AND policy NOT IN ('NPA', 'DVFS')\"", db, p)
pat = "THR-% IQR-% MAD-% LR-% LRR-%"
ttl = "THR IQR MAD LR LRR"
plot for [i=1:5] q(word(pat, i)) using 1:2 with points pt 7 ps 1.2 title word(ttl, i), \
     q('%-MMT-%') using 1:2:3 with labels offset 0.5,0.5 left font ',8' notitle
