# credit_balance.gp -- 8 CPU-bound vCPUs on 4 pCPUs (6 of weight 256, 2 of
# weight 1024): shares with load balancing, without it, and in the fluid model.
# Data: sweep "credit_balance" of run_all.sh.  Usage:
#   gnuplot -e "db='credit_lab.db'; fmt='svg'" analysis/credit_balance.gp   (-> credit_balance.svg; png default, pdf)
if (!exists("db")) db = 'credit_lab.db'
W = 900; H = 600; name = 'credit_balance'
load ARG0[1:strlen(ARG0) - strlen(name) - 3] . 'term.gp'   # fmt (png, svg, pdf) -> out
set title "8 vCPUs on 4 pCPUs: who gets what (weights 256 x 6, 1024 x 2)"
set ylabel "share (pCPUs)"
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.85 border -1
set grid ytics
set yrange [0:1.35]
set key top center horizontal
sql = "SELECT entity," . \
      " max(CASE WHEN model = 'credit' AND load_balance = 'true' THEN value END)," . \
      " max(CASE WHEN model = 'credit' AND load_balance = 'false' THEN value END)," . \
      " max(CASE WHEN model = 'fluid' THEN value END)" . \
      " FROM credit_metric WHERE sweep = 'credit_balance' AND name = 'share'" . \
      " GROUP BY entity ORDER BY entity"
src = sprintf("< sqlite3 -separator ' ' '%s' \"%s\"", db, sql)
plot src using 2:xtic(1) title "credit, stealing on", \
     '' using 3 title "credit, load_balance off", \
     '' using 4 title "fluid (weighted max-min)"
