# memory_cause.gp -- overhead by CPU virtualization mode and by cause
# (stacked bars), for a kernel compile on three machines.
# Data: sweep "mem_cause" of scenarios/labs/memory/run_all.sh.  Usage:
#   gnuplot -e "db='memory_lab.db'; fmt='svg'" analysis/memory_cause.gp   (-> memory_cause.svg; png default, pdf)
if (!exists("db")) db = 'memory_lab.db'
W = 1000; H = 650; name = 'memory_cause'
load ARG0[1:strlen(ARG0) - strlen(name) - 3] . 'term.gp'   # fmt (png, svg, pdf) -> out
set title "Kernel compile: overhead by cause (profile / memory mode / CPU mode)"
set ylabel "overhead (fraction of native time)"
set style data histograms
set style histogram rowstacked
set style fill solid 0.85 border -1
set boxwidth 0.7
set key outside right top
set xtics rotate by -30
set grid ytics
set yrange [0:*]
sql = "SELECT m.hw || '/' || m.mode || '/' || m.cpu_virt AS config, m.walk, m.pt_trap," . \
      " m.cr3_exit, m.page_fault, m.sensitive, m.translation FROM mem_overhead m" . \
      " JOIN runs r ON r.run_id = m.run_id WHERE r.scenario_name = 'mem_cause'" . \
      " ORDER BY m.run_id"
src = sprintf("< sqlite3 -header -separator ' ' '%s' \"%s\"", db, sql)
# The published overheads of the two P4 bars (Adams & Agesen ASPLOS 2006,
# docs/references.md §2.3: native 265 s, BT 393 s, VT-x 484 s), each drawn
# over its own bar so that neither is read as the other's: the model's
# VT-x bar (0.49) is near BT's published 0.48, not VT-x's 0.83 (a known
# miss within the +-25% of tests/validation/memory.csv).
pub_hw = 484.0 / 265 - 1
pub_bt = 393.0 / 265 - 1
set label 1 sprintf("VT-x published %.2f", pub_hw) at 0, pub_hw offset 1.2, 0.4 left font ",9"
set label 2 sprintf("BT published %.2f", pub_bt) at 1, pub_bt offset 1.2, 0.4 left font ",9"
set yrange [0:0.9]
plot for [i = 2:7] src using i:xtic(1) title columnheader(i), \
     '+' using (0):(pub_hw) every ::0::0 with points pt 9 ps 2.2 lc rgb "black" \
         title "published (Adams & Agesen 2006)", \
     '+' using (1):(pub_bt) every ::0::0 with points pt 9 ps 2.2 lc rgb "black" notitle
