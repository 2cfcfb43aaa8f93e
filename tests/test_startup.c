/* test_startup.c -- the startup model (models/startup/): the shared-resource
 * kernel, the presets, the phase machine end to end.  The published figures
 * (tests/validation/startup.csv) are run by tests/test_validation.c.
 *
 * Known answers: n equal PS jobs of work w on capacity C end together at
 * n*w/C (w/cap when capped); FIFO jobs end at w, 2w, ...; every preset alone
 * takes the sum of the published phase times it was built from (a table
 * here, written from the papers, not read from the presets).
 */
#include "test_util.h"

#include <stdarg.h>

#include "models/startup/presets.h"
#include "models/startup/share.h"

static char db[256];

/* ---- helpers ------------------------------------------------------------- */

static int64_t runf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int64_t runf(const char *fmt, ...)
{
    static char buf[16384];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    return vdc_test_run(buf, NULL, 0, db);
}

static double qf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static double qf(const char *fmt, ...)
{
    char sql[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(sql, sizeof sql, fmt, ap);
    va_end(ap);
    return vdc_test_query(db, sql);
}

/* A scenario with `nhost` hosts of `pcpus`, `gib`, `gbps`, model params
 * `model` (JSON members after "name") and actions `acts` (a JSON array body). */
#define SCEN "{\"name\": \"t\", \"seed\": %d, \"duration_s\": %g, \"hosts\": [{\"name\": \"h\"," \
             " \"count\": %d, \"pcpus\": %d, \"memory_gib\": %g, \"bandwidth_gbps\": %g}],"  \
             " \"models\": {\"startup\": {\"name\": \"phases\"%s}}, \"actions\": [%s]}"

static int64_t scen(int seed, double dur, int nhost, int pcpus, double gib, double gbps,
                    const char *model, const char *acts)
{
    int64_t id = runf(SCEN, seed, dur, nhost, pcpus, gib, gbps, model, acts);
    CU_ASSERT(id > 0);
    return id;
}

static double col(int64_t run, const char *inst, const char *column)
{
    return qf("SELECT %s FROM boots WHERE run_id=%lld AND instance='%s' AND outcome!='warm'",
              column, (long long)run, inst);
}

/* ---- share.c --------------------------------------------------------------- */

/* Run a resource to empty; finish[id] gets each job's completion (s). */
static void drain(vdc_share *s, double *finish)
{
    uint32_t id;
    for (vdc_time t; (t = vdc_share_next(s)) != VDC_TIME_MAX;)
        while (vdc_share_pop(s, t, &id))
            finish[id] = vdc_time_to_s(t);
}

static void test_share_ps(void)
{
    vdc_share s;
    double fin[200] = { 0 };
    vdc_share_init(&s, VDC_SHARE_PS, 4.0, 1.0);     /* 4 cores, 1 per job */
    for (uint32_t i = 0; i < 100; i++)
        CU_ASSERT_EQUAL(vdc_share_add(&s, 0, i, 0.5), 0);
    CU_ASSERT_DOUBLE_EQUAL(vdc_share_rate(&s), 0.04, 1e-12);
    drain(&s, fin);
    for (int i = 0; i < 100; i++)
        VDC_ASSERT_NEAR(fin[i], 100 * 0.5 / 4, 2e-9);
    /* fewer jobs than cores: the per-job cap binds */
    vdc_share_add(&s, 0, 0, 0.5);
    vdc_share_add(&s, 0, 1, 1.0);
    drain(&s, fin);
    VDC_ASSERT_NEAR(fin[0], 0.5, 2e-9);
    VDC_ASSERT_NEAR(fin[1], 1.0, 2e-9);
    /* unequal work on one unit of capacity: 1 and 3 -> 2 s, then 4 s */
    vdc_share_set_capacity(&s, 0, 1.0);
    vdc_share_add(&s, 0, 0, 1.0);
    vdc_share_add(&s, 0, 1, 3.0);
    drain(&s, fin);
    VDC_ASSERT_NEAR(fin[0], 2.0, 2e-9);
    VDC_ASSERT_NEAR(fin[1], 4.0, 2e-9);
    /* a job arriving mid-way, then a capacity change */
    vdc_share_add(&s, 0, 0, 2.0);                        /* alone at rate 1 */
    vdc_share_add(&s, VDC_NS_PER_S, 1, 2.0);             /* at 1 s: 1 left vs 2 */
    vdc_share_set_capacity(&s, VDC_NS_PER_S, 2.0);       /* both at 1/s now */
    drain(&s, fin);
    VDC_ASSERT_NEAR(fin[0], 2.0, 2e-9);
    VDC_ASSERT_NEAR(fin[1], 3.0, 2e-9);
    vdc_share_release(&s);
}

static void test_share_fifo(void)
{
    vdc_share s;
    double fin[8] = { 0 };
    vdc_share_init(&s, VDC_SHARE_FIFO, 1.0, 1.0);
    for (uint32_t i = 0; i < 8; i++)          /* more than the first array size */
        vdc_share_add(&s, 0, i, 0.25);
    drain(&s, fin);
    for (int i = 0; i < 8; i++)
        VDC_ASSERT_NEAR(fin[i], 0.25 * (i + 1), 2e-9);
    /* ring wrap-around: add while draining */
    uint32_t id;
    vdc_share_add(&s, 0, 0, 1.0);
    vdc_share_add(&s, 0, 1, 1.0);
    CU_ASSERT(vdc_share_pop(&s, VDC_NS_PER_S, &id) == 1 && id == 0);
    vdc_share_add(&s, VDC_NS_PER_S, 2, 1.0);
    drain(&s, fin);
    VDC_ASSERT_NEAR(fin[1], 2.0, 2e-9);
    VDC_ASSERT_NEAR(fin[2], 3.0, 2e-9);
    vdc_share_release(&s);
}

/* ---- presets.c ------------------------------------------------------------ */

static void test_presets(void)
{
    /* the verb's enum lists the presets in table order after "auto" */
    char buf[1024];
    snprintf(buf, sizeof buf, "auto");
    for (int i = 0; i < vdc_startup_npresets; i++)
        snprintf(buf + strlen(buf), sizeof buf - strlen(buf), "|%s", vdc_startup_presets[i].name);
    CU_ASSERT_STRING_EQUAL(buf, VDC_STARTUP_PRESET_CHOICES);
    for (int i = 0; i < vdc_startup_npresets; i++) {
        const vdc_startup_preset *p = &vdc_startup_presets[i];
        CU_ASSERT(p->source && strlen(p->source) > 10);
        CU_ASSERT(p->kind >= 0 && p->kind < VDC_STARTUP_NKIND);
        CU_ASSERT(p->memory_mib > 0 && p->image_mib > 0);
        CU_ASSERT(p->base_mib <= p->image_mib);
        CU_ASSERT(p->cpu_frac >= 0 && p->cpu_frac <= 1);
        CU_ASSERT_EQUAL(vdc_startup_preset_find(p->name), i);
    }
    for (int k = 0; k < VDC_STARTUP_NKIND; k++) {
        int d = vdc_startup_preset_default(k);
        CU_ASSERT(d >= 0 && vdc_startup_presets[d].kind == k);
    }
    CU_ASSERT_EQUAL(vdc_startup_preset_find("nope"), -1);
}

/* ---- the model end to end -------------------------------------------------- */

#define H4 4, 64.0, 10.0          /* pcpus, GiB, Gbit/s */

/* Each preset alone on an idle host, image cached on a RAM disk: the sum of
 * the published phase times it was built from, written here from the papers
 * (docs/references.md §4), not from the presets: create + boot [Manco17],
 * VMM + guest [Kuenzer21], to guest init [Agache20].  The image and boot
 * reads off the RAM disk (1e6 MiB/s) add < 0.1 ms. */
static const struct { const char *preset; double ms; } published_alone[] = {
    /* QEMU + SeaBIOS + Debian's GRUB menu (GRUB_TIMEOUT=5) + Debian boot */
    { "kvm_qemu", 37.8 + 150 + 5000 + 1500 },
    { "qemu_qboot", 214 },
    { "xen_debian", 500 + 1500 },
    { "xen_tinyx", 360 + 180 },
    { "xen_unikernel", 80 + 3 },
    { "lightvm", 2.3 },
    { "firecracker", 110 },
    { "firecracker_api", 161 },
    { "docker", 200 },
    { "unikraft_fc", 1.48 + 1.26 },
    { "unikraft_solo5", 2.92 + 0.06 },
    { "unikraft_qemu_microvm", 8.96 + 0.08 },
    { "unikraft_qemu", 37.8 + 0.05 },
    { "osv_fc", 4.4 },
    { "mirage_solo5", 2.92 + 0.06 },     /* guest boot assumed as Unikraft's */
};

static void test_every_preset_alone(void)
{
    size_t n = sizeof published_alone / sizeof published_alone[0];
    CU_ASSERT_EQUAL(n, (size_t)vdc_startup_npresets);     /* a new preset needs its row */
    for (size_t i = 0; i < n; i++) {
        char act[512];
        snprintf(act, sizeof act, "{\"at_s\": 1, \"start\": {\"instance\": \"p\", \"preset\": "
                 "\"%s\", \"jitter\": 0, \"cached\": \"yes\", \"add_vm\": false}}",
                 published_alone[i].preset);
        int64_t r = scen(1, 30, 1, H4, ", \"disk_mibps\": 1e6", act);
        double want = published_alone[i].ms * 1e-3;
        double got = col(r, "p-0", "start_time_s");
        if (fabs(got - want) > 1e-4)
            fprintf(stderr, "\n  preset %s: %g s, published %g s", published_alone[i].preset,
                    got, want);
        VDC_ASSERT_NEAR(got, want, 1e-4);
        /* the phase columns add up to the start time */
        VDC_ASSERT_NEAR(col(r, "p-0", "toolstack_s + fetch_s + unpack_s + firmware_s + "
                                      "kernel_s + init_s + namespace_s"), got, 1e-6);
    }
}

/* XenStore work follows the devices: with the Xen 4.8 libxl counts (per
 * guest 23 + 6 nodes + 2 per vCPU; vif 27, vbd 33, console 22), an xl Tinyx
 * (console + vif, 1 vCPU) writes 29 + 2 + 27 + 22 = 80 entries and a Debian
 * guest (plus a root and a swap vbd) 146: the same toolstack times as those
 * counts given explicitly, over 50 serial creations (the store fills). */
static double last_create(const char *preset, const char *extra)
{
    char act[512];
    snprintf(act, sizeof act, "{\"at_s\": 0, \"start\": {\"instance\": \"x\", \"preset\": "
             "\"%s\", \"count\": 50, \"serial\": true, \"add_vm\": false%s}}", preset, extra);
    int64_t r = scen(1, 600, 1, H4, "", act);
    return col(r, "x-49", "toolstack_s");
}

static void test_xenstore_devices(void)
{
    double tinyx = last_create("xen_tinyx", "");
    VDC_ASSERT_NEAR(tinyx, last_create("xen_tinyx", ", \"xs_entries\": 80"), 1e-9);
    VDC_ASSERT_NEAR(last_create("xen_debian", ""),
                    last_create("xen_debian", ", \"xs_entries\": 146"), 1e-9);
    /* a Tinyx with the Debian's two disks writes what the Debian writes */
    VDC_ASSERT_NEAR(last_create("xen_tinyx", ", \"vbds\": 2"),
                    last_create("xen_tinyx", ", \"xs_entries\": 146"), 1e-9);
    /* a second vCPU adds cpu/1 and its availability */
    VDC_ASSERT_NEAR(last_create("xen_tinyx", ", \"vcpus\": 2"),
                    last_create("xen_tinyx", ", \"xs_entries\": 82"), 1e-9);
    CU_ASSERT(last_create("xen_tinyx", ", \"vbds\": 2") > tinyx);
    /* no XenStore, no growth: firecracker's 50th equals its first */
    VDC_ASSERT_NEAR(last_create("firecracker", ", \"jitter\": 0"), 0.012, 1e-9);
}

/* Boot storm: 10 kvm_qemu started at once on 16 pCPUs (CPU never binds)
 * each read their ~44.4 MiB boot set (40 GB / 900 images, YOLO) from one
 * 500 MiB/s disk: processor sharing ends the ten reads together, 9 x 44.4 /
 * 500 = 0.8 s later than a VM booting alone. */
static void test_boot_storm(void)
{
    const char *fmt = "{\"at_s\": 0, \"start\": {\"instance\": \"v\", \"preset\": \"kvm_qemu\","
                      " \"count\": %d, \"add_vm\": false}}";
    char act[256];
    snprintf(act, sizeof act, fmt, 1);
    int64_t a = scen(1, 60, 1, 16, 64, 10, "", act);
    snprintf(act, sizeof act, fmt, 10);
    int64_t b = scen(1, 60, 1, 16, 64, 10, "", act);
    double alone = col(a, "v-0", "start_time_s");
    double storm = qf("SELECT max(start_time_s) FROM boots WHERE run_id=%lld", (long long)b);
    VDC_ASSERT_NEAR(storm - alone, 9 * (40e3 / 900) / 500, 1e-6);
    VDC_ASSERT_NEAR(alone, (37.8 + 150 + 5000 + 1500) * 1e-3 + (40e3 / 900) / 500, 1e-6);
}

/* The boot menu counts down on the clock: 8 VMs whose only phase is a 5 s
 * menu, started at once on 1 pCPU with a large jitter, are all ready at
 * exactly 5 s; the same 5 s as firmware (CPU work) take 8 x 5 s shared. */
static void test_boot_menu_is_a_timer(void)
{
    const char *fmt = "{\"at_s\": 0, \"start\": {\"instance\": \"v\", \"preset\": \"kvm_qemu\","
                      " \"count\": 8, \"add_vm\": false, \"cached\": \"yes\", \"jitter\": 0.5,"
                      " \"toolstack_ms\": 0, \"boot_read_mib\": 0, \"read_mib\": 0,"
                      " \"kernel_ms\": 0, \"init_ms\": 0, \"firmware_ms\": %g,"
                      " \"bootloader_ms\": %g}}";
    char act[512];
    snprintf(act, sizeof act, fmt, 0.0, 5000.0);
    int64_t a = scen(1, 120, 1, 1, 64, 10, ", \"disk_mibps\": 1e6", act);
    VDC_ASSERT_NEAR(qf("SELECT min(start_time_s) FROM boots WHERE run_id=%lld", (long long)a),
                    5.0, 1e-6);
    VDC_ASSERT_NEAR(qf("SELECT max(start_time_s) FROM boots WHERE run_id=%lld", (long long)a),
                    5.0, 1e-6);
    VDC_ASSERT_NEAR(qf("SELECT max(firmware_s) FROM boots WHERE run_id=%lld", (long long)a),
                    5.0, 1e-6);
    snprintf(act, sizeof act, fmt, 5000.0, 0.0);
    int64_t b = scen(1, 120, 1, 1, 64, 10, ", \"disk_mibps\": 1e6", act);
    CU_ASSERT(qf("SELECT max(start_time_s) FROM boots WHERE run_id=%lld", (long long)b) > 20);
}

/* cpu_frac: a guest phase of T needs a core for f*T, then waits (1 - f)*T.
 * Two microVMs whose only phase is a kernel of T = 100 ms, started at once
 * on 1 pCPU: their CPU parts share the core (each at 1/2) and end together
 * at 2fT, then each waits (1 - f)T: (1 + f)T = 125 ms at f = 0.25, 200 ms at
 * f = 1 (the CPU-bound case), 100 ms at f = 0 (no contention at all). */
static void test_cpu_frac(void)
{
    const char *fmt = "{\"at_s\": 0, \"start\": {\"instance\": \"m\", \"preset\": "
                      "\"firecracker\", \"count\": 2, \"add_vm\": false, \"jitter\": 0,"
                      " \"toolstack_ms\": 0, \"kernel_ms\": 100, \"cpu_frac\": %g}}";
    const double f[] = { 0.25, 1, 0 }, want[] = { 0.125, 0.2, 0.1 };
    for (int k = 0; k < 3; k++) {
        char act[512];
        snprintf(act, sizeof act, fmt, f[k]);
        int64_t r = scen(1, 60, 1, 1, 64, 10, ", \"disk_mibps\": 1e6", act);
        VDC_ASSERT_NEAR(qf("SELECT max(start_time_s) FROM boots WHERE run_id=%lld",
                           (long long)r), want[k], 1e-6);
        VDC_ASSERT_NEAR(qf("SELECT min(start_time_s) FROM boots WHERE run_id=%lld",
                           (long long)r), want[k], 1e-6);
    }
    /* the preset's value: firecracker's guest is calibrated at 0.25 */
    int64_t r = scen(1, 60, 1, 1, 64, 10, ", \"disk_mibps\": 1e6",
                     "{\"at_s\": 0, \"start\": {\"instance\": \"m\", \"preset\": "
                     "\"firecracker\", \"count\": 2, \"add_vm\": false, \"jitter\": 0,"
                     " \"toolstack_ms\": 0, \"kernel_ms\": 100}}");
    VDC_ASSERT_NEAR(qf("SELECT max(start_time_s) FROM boots WHERE run_id=%lld", (long long)r),
                    0.125, 1e-6);
}

static void test_burst_tail(void)
{
    const char *one = "{\"at_s\": 1, \"start\": {\"instance\": \"c\", \"preset\": \"docker\","
                      " \"cached\": \"yes\"}}";
    const char *hundred = "{\"at_s\": 1, \"start\": {\"instance\": \"c\", \"preset\": \"docker\","
                          " \"cached\": \"yes\", \"count\": 100}}";
    int64_t a = scen(1, 60, 1, H4, "", one);
    int64_t b = scen(1, 60, 1, H4, "", hundred);
    double single = col(a, "c-0", "start_time_s");
    double p50 = qf("SELECT value FROM metrics WHERE run_id=%lld AND entity='startup/container' "
                    "AND name='start_time_p50'", (long long)b);
    double mx = qf("SELECT max(start_time_s) FROM boots WHERE run_id=%lld", (long long)b);
    double mn = qf("SELECT min(start_time_s) FROM boots WHERE run_id=%lld", (long long)b);
    CU_ASSERT(p50 > 5 * single);              /* contention slows the burst */
    CU_ASSERT(mx > 1.3 * p50);                /* and a spread forms: the namespace */
    CU_ASSERT(mn < 0.7 * p50);                /* lock serves one start at a time */
    CU_ASSERT(mn >= single - 1e-9);
    VDC_ASSERT_NEAR(qf("SELECT count(*) FROM boots WHERE run_id=%lld AND outcome='ok'",
                       (long long)b), 100, 0);
}

static void test_memory_refusal(void)
{
    /* 1 GiB host, Debian guests of 111 MiB: 9 fit, 11 are refused */
    int64_t r = scen(1, 120, 1, 4, 1.0, 10.0, "", "{\"at_s\": 0, \"start\": {\"instance\": "
                     "\"d\", \"preset\": \"xen_debian\", \"count\": 20, \"add_vm\": false}}");
    VDC_ASSERT_NEAR(qf("SELECT count(*) FROM boots WHERE run_id=%lld AND outcome='ok'",
                       (long long)r), 9, 0);
    VDC_ASSERT_NEAR(qf("SELECT count(*) FROM boots WHERE run_id=%lld AND outcome="
                       "'refused_memory' AND ready_s IS NULL", (long long)r), 11, 0);
    VDC_ASSERT_NEAR(vdc_test_metric(db, r, "startup/vm", "refused"), 11, 0);
    VDC_ASSERT_NEAR(vdc_test_metric(db, r, "h-0", "density_vm"), 9, 0);
    /* reserved host memory lowers the count; a stop frees memory again */
    r = scen(1, 120, 1, 4, 1.0, 10.0, ", \"host_reserved_mib\": 512",
             "{\"at_s\": 0, \"start\": {\"instance\": \"d\", \"preset\": \"xen_debian\","
             " \"count\": 9, \"add_vm\": false}},"
             "{\"at_s\": 60, \"stop\": {\"instance\": \"d\"}},"
             "{\"at_s\": 61, \"start\": {\"instance\": \"e\", \"preset\": \"xen_debian\","
             " \"count\": 4, \"add_vm\": false}}");
    VDC_ASSERT_NEAR(qf("SELECT count(*) FROM boots WHERE run_id=%lld AND outcome='ok'",
                       (long long)r), 4 + 4, 0);
}

static void test_density_shared(void)
{
    /* host 4 GiB = 4096 MiB, footprint 256 MiB, f = 0.5 (hand-derived):
     * without sharing floor(4096 / 256) = 16; with it the first pays 256,
     * each further one 128: floor((4096 - 256) / 128) + 1 = 31 */
    const char *acts = "{\"at_s\": 0, \"start\": {\"instance\": \"d\", \"preset\":"
                       " \"xen_debian\", \"memory_mib\": 256, \"count\": 2,"
                       " \"add_vm\": false}}";
    int64_t r = scen(1, 60, 1, 4, 4.0, 10.0, ", \"share_fraction\": 0.5", acts);
    VDC_ASSERT_NEAR(vdc_test_metric(db, r, "h-0", "density_vm"), 16, 0);
    VDC_ASSERT_NEAR(vdc_test_metric(db, r, "h-0", "density_shared_vm"), 31, 0);
    /* f = 0.9 with 512 MiB reserved: (3584 - 256) / 25.6 = 130, + 1 */
    r = scen(1, 60, 1, 4, 4.0, 10.0, ", \"share_fraction\": 0.9, \"host_reserved_mib\": 512",
             acts);
    VDC_ASSERT_NEAR(vdc_test_metric(db, r, "h-0", "density_vm"), 14, 0);
    VDC_ASSERT_NEAR(vdc_test_metric(db, r, "h-0", "density_shared_vm"), 131, 0);
    /* default f = 0: no density_shared metric at all, density unchanged */
    r = scen(1, 60, 1, 4, 4.0, 10.0, "", acts);
    VDC_ASSERT_NEAR(vdc_test_metric(db, r, "h-0", "density_vm"), 16, 0);
    VDC_ASSERT_NEAR(qf("SELECT count(*) FROM metrics WHERE run_id=%lld AND name LIKE "
                       "'density_shared_%%'", (long long)r), 0, 0);
    /* f outside [0, 1) is bad input */
    CU_ASSERT_EQUAL(runf(SCEN, 1, 10.0, 1, H4, ", \"share_fraction\": 1", acts), VDC_EINPUT);
    CU_ASSERT_EQUAL(runf(SCEN, 1, 10.0, 1, H4, ", \"share_fraction\": -0.1", acts),
                    VDC_EINPUT);
}

static void test_layers_shared(void)
{
    /* base-os (30 MiB) is fetched once; app-b only adds its 20 MiB layer;
     * app-a again is fully cached */
    int64_t r = scen(1, 60, 1, H4, "",
                     "{\"at_s\": 0, \"start\": {\"instance\": \"a\", \"preset\": \"docker\","
                     " \"image\": \"app-a\"}},"
                     "{\"at_s\": 10, \"start\": {\"instance\": \"b\", \"preset\": \"docker\","
                     " \"image\": \"app-b\"}},"
                     "{\"at_s\": 20, \"start\": {\"instance\": \"c\", \"preset\": \"docker\","
                     " \"image\": \"app-a\"}}");
    VDC_ASSERT_NEAR(col(r, "a-0", "fetch_s"), 50.0 / 100, 1e-6);
    VDC_ASSERT_NEAR(col(r, "b-0", "fetch_s"), 20.0 / 100, 1e-6);
    VDC_ASSERT_NEAR(col(r, "c-0", "fetch_s"), 0, 1e-9);
    VDC_ASSERT_NEAR(col(r, "c-0", "unpack_s"), 0, 1e-9);
    /* ten starts of one image on a 1 Gbit/s host: one download, nine wait */
    const char *burst = "{\"at_s\": 0, \"start\": {\"instance\": \"z\", \"preset\": \"docker\","
                        " \"count\": 10, \"cached\": \"%s\"}}";
    char act[256];
    snprintf(act, sizeof act, burst, "auto");
    r = scen(1, 60, 1, 4, 64, 1, "", act);
    double dedup = qf("SELECT max(fetch_s) FROM boots WHERE run_id=%lld", (long long)r);
    snprintf(act, sizeof act, burst, "no");
    r = scen(1, 60, 1, 4, 64, 1, "", act);
    double forced = qf("SELECT max(fetch_s) FROM boots WHERE run_id=%lld", (long long)r);
    CU_ASSERT(dedup < 1.0);
    VDC_ASSERT_NEAR(forced, 10 * 50 / (1e9 / 8 / 1048576), 1e-3);   /* NIC-bound */
}

static const char *mixed =
    "{\"at_s\": 0, \"start\": {\"instance\": \"f\", \"preset\": \"firecracker\", \"count\": 20}},"
    "{\"at_s\": 0, \"start\": {\"instance\": \"d\", \"preset\": \"docker\", \"count\": 20}},"
    "{\"at_s\": 1, \"arrivals\": {\"instance\": \"fn\", \"preset\": \"firecracker\","
    " \"rate_per_s\": 20, \"duration_s\": 20, \"keep_alive_s\": 0.5}}";

static void test_deterministic(void)
{
    int64_t a = scen(7, 30, 2, H4, "", mixed);
    int64_t b = scen(7, 30, 2, H4, "", mixed);
    int64_t c = scen(8, 30, 2, H4, "", mixed);
    const char *diff = "SELECT count(*) FROM (SELECT instance, host, requested_s, ready_s, "
                       "toolstack_s, kernel_s, outcome FROM boots WHERE run_id=%lld EXCEPT "
                       "SELECT instance, host, requested_s, ready_s, toolstack_s, kernel_s, "
                       "outcome FROM boots WHERE run_id=%lld)";
    CU_ASSERT(qf("SELECT count(*) FROM boots WHERE run_id=%lld", (long long)a) > 100);
    VDC_ASSERT_NEAR(qf(diff, (long long)a, (long long)b), 0, 0);
    CU_ASSERT(qf(diff, (long long)a, (long long)c) > 0);
}

static void test_added_vms(void)
{
    const char *fmt = "{\"at_s\": 1, \"start\": {\"instance\": \"f\", \"preset\": \"firecracker\","
                      " \"add_vm\": %s, \"demand\": 0.5}}";
    const char *who = "SELECT count(*) FROM (SELECT entity FROM metrics WHERE run_id=%lld UNION "
                      "ALL SELECT entity FROM samples WHERE run_id=%lld) WHERE entity='f-0'";
    char act[256];
    snprintf(act, sizeof act, fmt, "true");
    int64_t r = scen(1, 5, 1, H4, "", act);
    CU_ASSERT(qf(who, (long long)r, (long long)r) > 0);   /* the scheduler sees it */
    snprintf(act, sizeof act, fmt, "false");
    r = scen(1, 5, 1, H4, "", act);
    VDC_ASSERT_NEAR(qf(who, (long long)r, (long long)r), 0, 0);
}

static void test_arrivals_keep_alive(void)
{
    const char *fmt = "{\"at_s\": 0, \"arrivals\": {\"instance\": \"fn\", \"preset\": "
                      "\"firecracker\", \"rate_per_s\": 5, \"duration_s\": 100, "
                      "\"keep_alive_s\": %g, \"add_vm\": false}}";
    char act[256];
    snprintf(act, sizeof act, fmt, 0.0);
    int64_t r0 = scen(3, 200, 1, H4, "", act);
    snprintf(act, sizeof act, fmt, 600.0);
    int64_t r1 = scen(3, 200, 1, H4, "", act);
    double n = vdc_test_metric(db, r0, "startup/group/fn", "requests");
    CU_ASSERT(n > 400 && n < 600);           /* Poisson, mean 500 */
    VDC_ASSERT_NEAR(vdc_test_metric(db, r0, "startup/group/fn", "cold_fraction"), 1.0, 0);
    CU_ASSERT(vdc_test_metric(db, r1, "startup/group/fn", "cold_fraction") < 0.05);
    CU_ASSERT(vdc_test_metric(db, r1, "startup/group/fn", "invocation_start_time_p50") <
              vdc_test_metric(db, r0, "startup/group/fn", "invocation_start_time_p50"));
}

static void test_input_errors(void)
{
    const char *bad[] = {
        "{\"at_s\": 0, \"start\": {\"instance\": \"x\", \"preset\": \"nope\"}}",
        "{\"at_s\": 0, \"start\": {\"instance\": \"x\", \"host\": \"nohost\"}}",
        "{\"at_s\": 0, \"start\": {\"preset\": \"docker\"}}",
        "{\"at_s\": 0, \"start\": {\"instance\": \"x\", \"count\": 0}}",
        "{\"at_s\": 0, \"start\": {\"instance\": \"x\", \"imagemib\": 3}}",
        "{\"at_s\": 0, \"arrivals\": {\"instance\": \"x\", \"duration_s\": 3}}",
        "{\"at_s\": 0, \"start\": {\"instance\": \"x\", \"preset\": \"docker\", \"base_mib\": 90}}",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        int64_t r = runf(SCEN, 1, 10.0, 1, H4, "", bad[i]);
        CU_ASSERT_EQUAL(r, VDC_EINPUT);
    }
}

static const vdc_test tests[] = {
    { "processor sharing: known answers", test_share_ps },
    { "FIFO resource: known answers", test_share_fifo },
    { "presets are complete and match the verb's choices", test_presets },
    { "every preset alone takes its closed-form time", test_every_preset_alone },
    { "XenStore entries follow the guest's devices and vCPUs", test_xenstore_devices },
    { "a boot storm shares the disk: closed form", test_boot_storm },
    { "the boot menu waits on the clock, not on a CPU", test_boot_menu_is_a_timer },
    { "cpu_frac: guest phases share a core only for their CPU part", test_cpu_frac },
    { "a burst of 100 is slower than one, with a tail", test_burst_tail },
    { "memory admission refuses and counts, stop frees", test_memory_refusal },
    { "density with page sharing: closed form, default off, bad f", test_density_shared },
    { "image layers: shared base, one download per host", test_layers_shared },
    { "same seed same boots, other seed differs", test_deterministic },
    { "vm/microvm instances become world VMs", test_added_vms },
    { "arrivals: keep-alive turns cold starts warm", test_arrivals_keep_alive },
    { "bad start/arrivals input is refused", test_input_errors },
    { 0 }
};

int main(void)
{
    vdc_test_tmpdb(db, sizeof db, "startup");
    int rc = vdc_test_main("startup", tests);
    unlink(db);
    return rc;
}
