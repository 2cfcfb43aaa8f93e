# migration_rounds.gp -- pages sent per pre-copy round (QEMU policy) at four
# dirty rates: the rounds shrink while writes are slower than the link and
# stall at the writable working set when they are not.  Data: sweeps
# "mig_rounds_*" (run_all.sh), samples.mig_round_pages.
# Usage: gnuplot -e "db='migration_lab.db'; fmt='svg'" analysis/migration_rounds.gp   (-> migration_rounds.svg; png default, pdf)
if (!exists("db")) db = 'migration_lab.db'
W = 900; H = 600; name = 'migration_rounds'
load ARG0[1:strlen(ARG0) - strlen(name) - 3] . 'term.gp'   # fmt (png, svg, pdf) -> out
set title "Pre-copy: pages sent per round (4 GiB VM, 10 Gbit/s, QEMU policy)"
set xlabel "round"
set ylabel "pages sent in the round"
set logscale y
# x from the data (round 0 = the first full copy), half a round of margin
set xrange [-0.5:*]
set offsets 0, 0.5, 0, 0
set xtics 1
set key top right
set grid
sql(rate) = "SELECT row_number() OVER (ORDER BY s.t_s) - 1, s.value FROM samples s" . \
    " JOIN runs r ON r.run_id = s.run_id" . \
    " WHERE r.scenario_name = 'mig_rounds_" . rate . "' AND s.name = 'mig_round_pages'"
src(rate) = sprintf("< sqlite3 -separator ' ' '%s' \"%s\"", db, sql(rate))
plot for [rate in "50000 150000 250000 300000"] src(rate) using 1:2 with linespoints lw 2 \
    title rate . " writes/s"
