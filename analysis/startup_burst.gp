# startup_burst.gp -- CDF of start times when 1, 10 or 100 instances start
# at once on one 16-core host: contention for CPU, XenStore and the
# namespace lock turns one start time into a distribution with a tail.
# Data: runs "st_burst".  Usage:
#   gnuplot -e "db='startup_lab.db'; fmt='svg'" analysis/startup_burst.gp   (-> startup_burst.svg; png default, pdf)
if (!exists("db")) db = 'startup_lab.db'
W = 900; H = 600; name = 'startup_burst'
load ARG0[1:strlen(ARG0) - strlen(name) - 3] . 'term.gp'   # fmt (png, svg, pdf) -> out
set title "Start-time CDF under a burst (16 cores; colour: preset, dash: burst size)"
set xlabel "time to start (s, log scale)"
set ylabel "fraction of instances started"
set logscale x
set yrange [0:1.05]
set grid
set key below horizontal
sql(p, n) = "SELECT b.start_time_s FROM boots b JOIN runs r ON r.run_id = b.run_id" . \
    " JOIN params q ON q.run_id = b.run_id AND q.path = 'actions[0].start.preset'" . \
    " JOIN params c ON c.run_id = b.run_id AND c.path = 'actions[0].start.count'" . \
    " WHERE r.scenario_name = 'st_burst' AND q.value = '" . p . "' AND c.value = '" . n . "'" . \
    " AND b.outcome = 'ok'"
src(p, n) = sprintf("< sqlite3 '%s' \"%s\"", db, sql(p, n))
presets = "docker firecracker xen_tinyx"
sizes = "1 10 100"
# a burst of 1 is a single start: a point at (time, 1)
plot for [i = 1:3] src(word(presets, i), '1') using 1:(1) with points lc i pt 7 ps 1.5 \
         title sprintf("%s x1", word(presets, i)), \
     for [i = 1:3] for [j = 2:3] src(word(presets, i), word(sizes, j)) \
         using 1:(1.0 / word(sizes, j)) smooth cumulative with steps lc i dt j lw 2 \
         title sprintf("%s x%s", word(presets, i), word(sizes, j))
