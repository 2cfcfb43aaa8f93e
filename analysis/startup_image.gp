# startup_image.gp -- start time vs image size: the xl unikernel padded
# (LightVM's experiment: the toolstack loads the image, ~0.75 ms per MB)
# and a cold Docker pull (registry 100 MiB/s + unpack).  Data: runs
# "st_image".  Usage:
#   gnuplot -e "db='startup_lab.db'; fmt='svg'" analysis/startup_image.gp   (-> startup_image.svg; png default, pdf)
if (!exists("db")) db = 'startup_lab.db'
W = 900; H = 600; name = 'startup_image'
load ARG0[1:strlen(ARG0) - strlen(name) - 3] . 'term.gp'   # fmt (png, svg, pdf) -> out
set title "Start time vs image size"
set xlabel "image size (MiB, log scale)"
set ylabel "time to start (s, log scale)"
set logscale xy
set grid
set key top left
sql(g) = "SELECT b.image_mib, b.start_time_s FROM boots b JOIN runs r ON r.run_id = b.run_id" . \
    " WHERE r.scenario_name = 'st_image' AND b.group_name = '" . g . "' AND b.outcome = 'ok'" . \
    " ORDER BY b.image_mib"
src(g) = sprintf("< sqlite3 -separator ' ' '%s' \"%s\"", db, sql(g))
plot src('xen_unikernel') using 1:2 with linespoints lw 2 title "xl unikernel, image on RAM disk", \
     src('docker_cold') using 1:2 with linespoints lw 2 title "docker, cold pull"
