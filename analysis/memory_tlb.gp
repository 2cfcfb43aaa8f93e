# memory_tlb.gp -- overhead vs TLB miss rate under native, SPT and SLAT.
# Data: sweep "mem_tlb" of scenarios/labs/memory/run_all.sh (specint mix,
# nehalem profile, 4 KiB pages).  Usage:
#   gnuplot -e "db='memory_lab.db'; fmt='svg'" analysis/memory_tlb.gp   (-> memory_tlb.svg; png default, pdf)
if (!exists("db")) db = 'memory_lab.db'
W = 900; H = 600; name = 'memory_tlb'
load ARG0[1:strlen(ARG0) - strlen(name) - 3] . 'term.gp'   # fmt (png, svg, pdf) -> out
set title "Virtualization overhead vs TLB misses (specint mix, nehalem, 4 KiB pages)"
set xlabel "TLB misses per 1000 instructions"
set ylabel "overhead = virtualized time / native time - 1"
set key top left
set grid
sql(mode) = "SELECT CAST(p.value AS REAL), m.overhead FROM mem_overhead m" . \
    " JOIN runs r ON r.run_id = m.run_id" . \
    " JOIN params p ON p.run_id = m.run_id AND p.path = 'vms[0].memory.tlb_mpki'" . \
    " JOIN params q ON q.run_id = m.run_id AND q.path = 'models.memory.name'" . \
    " WHERE r.scenario_name = 'mem_tlb' AND q.value = '" . mode . "' ORDER BY 1"
src(mode) = sprintf("< sqlite3 -separator ' ' '%s' \"%s\"", db, sql(mode))
plot for [mode in "native spt slat"] src(mode) using 1:2 with linespoints lw 2 title mode
