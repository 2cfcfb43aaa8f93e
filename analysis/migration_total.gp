# migration_total.gp -- total migration time vs dirty rate, one curve per
# algorithm; pre-copy under QEMU's policy flattens at the 600 s time cap
# when it never converges.  Data: sweeps "mig_algo_*" (run_all.sh).
# Usage: gnuplot -e "db='migration_lab.db'; fmt='svg'" analysis/migration_total.gp   (-> migration_total.svg; png default, pdf)
if (!exists("db")) db = 'migration_lab.db'
W = 900; H = 600; name = 'migration_total'
load ARG0[1:strlen(ARG0) - strlen(name) - 3] . 'term.gp'   # fmt (png, svg, pdf) -> out
set title "Total time vs dirty rate (4 GiB VM, 10 Gbit/s, cap 600 s)\npostcopy = stopcopy: both send each page once"
set xlabel "dirty rate (thousand page writes/s)"
set ylabel "total time (s)"
set logscale y
# x in thousands of pages/s: the 600k tick fits
set format x "%.0fk"
set xtics 100
set xrange [0:*]
set offsets 0, 15, 0, 0
# One style per algorithm.  Curves that coincide stay visible: stop-and-copy
# (large hollow squares) under post-copy's total time, pre-copy (small filled
# circles, solid) under hybrid (large hollow triangles, dashed) -- hybrid is
# pre-copy until its 5th round, so at low dirty rates the two are equal.
st(a) = a eq "stopcopy" ? 1 : a eq "precopy-qemu" ? 2 : a eq "precopy-xen" ? 3 : a eq "postcopy" ? 4 : 5
pt_of(i) = word("4 7 5 6 8", i) + 0
ps_of(i) = word("2.6 1.0 1.0 1.6 2.2", i) + 0
dt_of(i) = word("1 1 1 1 2", i) + 0
lc_of(i) = word("#1b9e77 #d95f02 #7570b3 #e7298a #333333", i)
set key outside right top box opaque
set grid
sql(alg) = "SELECT CAST(p.value AS REAL), m.total_s FROM migrations m" . \
    " JOIN runs r ON r.run_id = m.run_id" . \
    " JOIN params p ON p.run_id = m.run_id AND p.path = 'vms[0].migration.dirty_rate_pages_s'" . \
    " WHERE r.scenario_name = 'mig_algo_" . alg . "' ORDER BY 1"
src(alg) = sprintf("< sqlite3 -separator ' ' '%s' \"%s\"", db, sql(alg))
plot for [alg in "stopcopy precopy-qemu precopy-xen postcopy hybrid"] src(alg) \
    using ($1 / 1000):2 with linespoints lw 2 dt dt_of(st(alg)) pt pt_of(st(alg)) \
    ps ps_of(st(alg)) lc rgb lc_of(st(alg)) title alg
