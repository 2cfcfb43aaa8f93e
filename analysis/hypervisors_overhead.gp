# hypervisors_overhead.gp -- performance relative to native, per component
# workload and hypervisor (clustered bars), as Hwang et al. (IM 2013) show it.
# Data: sweeps "hv_*" of scenarios/labs/hypervisors/run_all.sh.  Usage:
#   gnuplot -e "db='hypervisors_lab.db'; fmt='svg'" analysis/hypervisors_overhead.gp
if (!exists("db")) db = 'hypervisors_lab.db'
W = 1100; H = 600; name = 'hypervisors_overhead'
load ARG0[1:strlen(ARG0) - strlen(name) - 3] . 'term.gp'   # fmt (png, svg, pdf) -> out
set title "Performance relative to native (1 = native; higher is better)"
set ylabel "throughput or work done / native"
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.85 border -1
set key outside right top noenhanced
set grid ytics
set yrange [0:1.1]
# One row per workload, one column per hypervisor: value / the native run's.
v = "WITH v AS (SELECT substr(r.scenario_name, 4) AS wl, p.value AS hv, m.value AS val" . \
    " FROM runs r JOIN params p ON p.run_id = r.run_id AND p.path = 'models.io.hypervisor'" . \
    " JOIN metrics m ON m.run_id = r.run_id AND m.entity = 'g' AND m.name = CASE r.scenario_name" . \
    " WHEN 'hv_cpu' THEN 'work_s' WHEN 'hv_memory' THEN 'work_s' WHEN 'hv_small_disk' THEN 'disk_iops'" . \
    " WHEN 'hv_large_disk' THEN 'disk_mbps' WHEN 'hv_net' THEN 'net_mbps' END)," . \
    " rel AS (SELECT v.wl, v.hv, v.val / n.val AS x FROM v JOIN v n ON n.wl = v.wl AND n.hv = 'native')"
cols = "xen-pv xen-hvm kvm-virtio kvm-vhost esxi hyperv hosted"
sel = ""
do for [i = 1:words(cols)] {
    h = word(cols, i); a = h; while (strstrt(a, "-") > 0) { k = strstrt(a, "-"); a = a[1:k-1] . "_" . a[k+1:] }
    sel = sel . sprintf(", max(CASE WHEN hv = '%s' THEN x END) AS %s", h, a)
}
sql = v . " SELECT wl" . sel . " FROM rel GROUP BY wl ORDER BY wl"
src = sprintf("< sqlite3 -header -separator ' ' '%s' \"%s\"", db, sql)
plot for [i = 2:words(cols) + 1] src using i:xtic(1) title columnheader(i)
