# credit_cheat.gp -- why sampled debit was exploitable: a VM that sleeps
# 0.2 ms around every 10 ms tick against a CPU-bound victim on one pCPU,
# with Xen <= 3.4's sampled debit and Xen >= 4.0's exact debit.
# Data: sweep "credit_cheat" of run_all.sh.  Usage:
#   gnuplot -e "db='lab-out/credit/credit_lab.db'; out='cheat.png'" analysis/credit_cheat.gp
if (!exists("db")) db = 'lab-out/credit/credit_lab.db'
if (!exists("out")) out = 'credit_cheat.png'
if (strstrt(GPVAL_TERMINALS, "pngcairo") > 0) {
    set terminal pngcairo size 800,550 noenhanced
} else {
    set terminal png size 800,550 noenhanced
}
set output out
set title "Tick dodging: CPU share of the cheat and its victim (fair: 0.5 each)"
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
