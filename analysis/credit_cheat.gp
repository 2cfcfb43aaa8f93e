# credit_cheat.gp -- why sampled debit was exploitable: a VM that sleeps
# 0.2 ms around every 10 ms tick against a CPU-bound victim on one pCPU,
# with Xen <= 3.4's sampled debit and Xen >= 4.0's exact debit.
# Data: sweep "credit_cheat" of run_all.sh.  Usage:
#   gnuplot -e "db='credit_lab.db'; fmt='svg'" analysis/credit_cheat.gp   (-> credit_cheat.svg; png default, pdf)
if (!exists("db")) db = 'credit_lab.db'
W = 800; H = 550; name = 'credit_cheat'
load ARG0[1:strlen(ARG0) - strlen(name) - 3] . 'term.gp'   # fmt (png, svg, pdf) -> out
set title "Tick dodging: CPU share of the cheat and its victim (fair: 0.5 each)"
set xlabel "debit accounting: sampled (whoever runs at the tick pays, Xen <= 3.4) or exact (Xen >= 4.0)"
set ylabel "share (pCPU)"
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.85 border -1
set grid ytics
set yrange [0:1.1]
set key top right
sql = "SELECT accounting, max(CASE WHEN entity = 'cheat' THEN value END)," . \
      " max(CASE WHEN entity = 'victim' THEN value END) FROM credit_metric" . \
      " WHERE sweep = 'credit_cheat' AND name = 'share' GROUP BY accounting ORDER BY accounting DESC"
src = sprintf("< sqlite3 -separator ' ' '%s' \"%s\"", db, sql)
plot src using 2:xtic(1) title "cheat", '' using 3 title "victim"
