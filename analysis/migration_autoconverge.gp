# migration_autoconverge.gp -- what auto-converge costs the application:
# total time with and without it, and the VM time lost to throttling
# (degradation_s) and the highest throttle, vs dirty rate.  Data: sweeps
# "mig_ac" and "mig_algo_precopy-qemu" (run_all.sh).
# Usage: gnuplot -e "db='migration_lab.db'; fmt='svg'" analysis/migration_autoconverge.gp   (-> migration_autoconverge.svg; png default, pdf)
if (!exists("db")) db = 'migration_lab.db'
W = 1200; H = 500; name = 'migration_autoconverge'
load ARG0[1:strlen(ARG0) - strlen(name) - 3] . 'term.gp'   # fmt (png, svg, pdf) -> out
set multiplot layout 1,2 title "QEMU auto-converge (4 GiB VM, 10 Gbit/s, cap 600 s)"
set xlabel "dirty rate (page writes/s)"
set grid
set key top left
sql(run, cols) = "SELECT CAST(p.value AS REAL), " . cols . " FROM migrations m" . \
    " JOIN runs r ON r.run_id = m.run_id" . \
    " JOIN params p ON p.run_id = m.run_id AND p.path = 'vms[0].migration.dirty_rate_pages_s'" . \
    " WHERE r.scenario_name = '" . run . "' ORDER BY 1"
src(run, cols) = sprintf("< sqlite3 -separator ' ' '%s' \"%s\"", db, sql(run, cols))
set ylabel "total time (s)"
set logscale y
plot src("mig_algo_precopy-qemu", "m.total_s") using 1:2 w lp lw 2 title "without", \
     src("mig_ac", "m.total_s") using 1:2 w lp lw 2 title "with auto-converge"
unset logscale y
set ylabel "VM seconds lost to throttling"
set y2label "highest throttle (%)"
set ytics nomirror
set y2tics
plot src("mig_ac", "m.degradation_s, 100 * m.max_throttle") using 1:2 w lp lw 2 \
         title "degradation_s", \
     "" using 1:3 axes x1y2 w lp lw 2 title "max throttle (right axis)"
unset multiplot
