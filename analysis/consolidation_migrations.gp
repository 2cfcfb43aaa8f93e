# consolidation_migrations.gp -- VM migrations per policy (median over the
# days), MMT / MC / RS side by side per detector.  Data:
# scenarios/labs/consolidation/run_all.sh.  Usage:
#   gnuplot -e "db='consolidation_lab.db'" analysis/consolidation_migrations.gp
if (!exists("db")) db = 'consolidation_lab.db'
W = 1400; H = 600; name = 'consolidation_migrations'
load ARG0[1:strlen(ARG0) - strlen(name) - 3] . 'term.gp'
set title "VM migrations per day (median over the days)"
set ylabel "migrations"
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.6
set xtics rotate by -45 font ',7'
set grid y
set key top left
q(s) = sprintf("< sqlite3 -separator ' ' '%s' \"SELECT replace(policy, '-%s', ''), mig FROM cons_medians" . \
    " WHERE policy LIKE '%%-%s-%%' ORDER BY policy\"", db, s, s)
plot q('MMT') using 2:xtic(1) title 'MMT', q('MC') using 2 title 'MC', q('RS') using 2 title 'RS'
