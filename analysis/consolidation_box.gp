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
set xrange [0.5:6.5]
# gnuplot 5.4 cannot autoscale a boxplot (here "x range is invalid" / "all
# points y value undefined"): both ranges are set from the data.  A lab run
# on fewer than 4 days (folders) gives too few values a policy for a
# box, which gnuplot then leaves empty: points below 4 days.
in = "'THR-MMT-1.0','THR-MMT-0.8','IQR-MMT-1.5','MAD-MMT-2.5','LRR-MMT-1.2','LR-MMT-1.2'"
sq(e) = system(sprintf("sqlite3 '%s' \"SELECT %s FROM cons_runs WHERE policy IN (%s)\"", db, e, in))
ndays = int(sq("count(*) / 6"))
st = ndays >= 4 ? 'boxplot' : 'points pt 7'
pad(lo, hi) = (hi > lo ? 0.05 * (hi - lo) : 0.05 * abs(hi) + 1e-9)
elo = real(sq("min(energy)")); ehi = real(sq("max(energy)"))
slo = real(sq("min(1e5 * slav)")); shi = real(sq("max(1e5 * slav)"))
set xtics (word(P,1) 1, word(P,2) 2, word(P,3) 3, word(P,4) 4, word(P,5) 5, word(P,6) 6)
set yrange [elo - pad(elo, ehi):ehi + pad(elo, ehi)]
plot for [i=1:6] q(word(P,i), 'energy') using (i):1 with @st lc i
set ylabel "SLAV (x 1e-5)"
set yrange [slo - pad(slo, shi):shi + pad(slo, shi)]
plot for [i=1:6] q(word(P,i), '1e5 * slav') using (i):1 with @st lc i
unset multiplot
