/* test_trace.c -- trace workloads, trace groups, absolute capacities (issue 12).
 *
 * Known answers, derived by hand in the comments:
 *  - replay of the samples 10, 50, 30, 90 % every 100 s: step, linear,
 *    offset, stop / hold / loop, and the exact times of the next change
 *    (runs of equal samples skipped);
 *  - files: one value a line, a CSV column by name and by number, comments;
 *    integers (the fast path) read as strtod reads them; the sweep's cache
 *    returns the same samples and sees a changed size or mtime;
 *    bad input (non-number, out of range, empty file, blank line inside,
 *    missing folder, mismatched lengths) is one line naming file and line;
 *  - a folder group: VMs sorted by file name, CloudSim's types by index
 *    block (i / ceil(n/T));
 *  - a Bitbrains pair: capacities, memory, fragment durations and the idle
 *    tail, and the fluid scheduler's CPU seconds from them;
 *  - absolute speeds: a 1000-MIPS vCPU on a 2000-MIPS core uses half of it;
 *    per-host SPECpower tables (G4 and G5) give each host its own watts;
 *  - with the real traces ($VDC_TRACES or ../shared/traces): the statistics
 *    of each PlanetLab day as vdcsim reads them equal the published table
 *    (tests/data/beloglazov2012_table2.csv), else "SKIPPED: ...".
 */
#include <stdbool.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>

#include "test_util.h"

#include "scenario_int.h"
#include "trace.h"

static char db[256];
static char dir[256];

/* ---- helpers --------------------------------------------------------------------- */

static const char *put(const char *name, const char *text)
{
    static char path[4][512];
    static int k;
    char *p = path[k++ % 4];
    snprintf(p, 512, "%s/%s", dir, name);
    FILE *f = fopen(p, "w");
    CU_ASSERT_FATAL(f != NULL);
    fputs(text, f);
    fclose(f);
    return p;
}

/* Parse a scenario; returns rc, message in err. */
static int parse(const char *json, vdc_scenario **sc, vdc_error *err)
{
    memset(err, 0, sizeof *err);
    int rc = vdc_scenario_parse(json, strlen(json), "test.json", NULL, 0, sc, err);
    return rc;
}

static bool parse_fails(const char *json, const char *want1, const char *want2)
{
    vdc_scenario *sc = NULL;
    vdc_error err;
    int rc = parse(json, &sc, &err);
    vdc_scenario_free(sc);
    bool ok = rc == VDC_EINPUT && strstr(err.msg, want1) && (!want2 || strstr(err.msg, want2)) &&
              !strchr(err.msg, '\n');
    if (!ok)
        fprintf(stderr, "\n  rc %d, message \"%s\", wanted \"%s\" and \"%s\"\n", rc, err.msg,
                want1, want2 ? want2 : "");
    return ok;
}

/* A VM replaying v[0..n) percent every 100 s. */
static vdc_vm trace_vm(vdc_trace *t, float *v, int n, int interp, int end, double offset_s)
{
    *t = (vdc_trace){ .file = "mem", .v = v, .n = n };
    vdc_vm vm = { .name = "t", .vcpus = 1, .host = -1 };
    vm.wl = (vdc_workload){ .type = VDC_WL_TRACE, .trace = t, .interval_s = 100,
                            .offset_s = offset_s, .interp = interp, .end = end,
                            .unit = VDC_TR_PERCENT };
    vdc_workload_rescale(&vm, NULL);
    return vm;
}

#define S(x) ((vdc_time)((x) * 1e9))

/* ---- replay ---------------------------------------------------------------------- */

static void t_replay_step_linear(void)
{
    float v[] = { 10, 50, 30, 90 };
    vdc_trace t;
    vdc_vm vm = trace_vm(&t, v, 4, VDC_TR_STEP, VDC_TR_STOP, 0);
    /* step: the sample of the interval; 0 after the last (stop) */
    VDC_ASSERT_NEAR(vdc_workload_demand(&vm, S(0)), 0.10, 1e-7);
    VDC_ASSERT_NEAR(vdc_workload_demand(&vm, S(99.9)), 0.10, 1e-7);
    VDC_ASSERT_NEAR(vdc_workload_demand(&vm, S(100)), 0.50, 1e-7);
    VDC_ASSERT_NEAR(vdc_workload_demand(&vm, S(399)), 0.90, 1e-7);
    VDC_ASSERT_NEAR(vdc_workload_demand(&vm, S(400)), 0, 1e-12);
    CU_ASSERT_EQUAL(vdc_workload_next_change(&vm, S(0)), S(100));
    CU_ASSERT_EQUAL(vdc_workload_next_change(&vm, S(350)), S(400));
    CU_ASSERT_EQUAL(vdc_workload_next_change(&vm, S(400)), VDC_TIME_MAX);
    /* linear: 10 + (50 - 10) x 0.5 = 30 at 50 s; 50 + (30 - 50) x 0.5 = 40 at
     * 150 s; past the last sample it heads for 0 (stop: CloudSim's 289th,
     * zero, sample): 90 x 0.5 = 45 at 350 s */
    vm = trace_vm(&t, v, 4, VDC_TR_LINEAR, VDC_TR_STOP, 0);
    VDC_ASSERT_NEAR(vdc_workload_demand(&vm, S(50)), 0.30, 1e-7);
    VDC_ASSERT_NEAR(vdc_workload_demand(&vm, S(150)), 0.40, 1e-7);
    VDC_ASSERT_NEAR(vdc_workload_demand(&vm, S(200)), 0.30, 1e-7);
    VDC_ASSERT_NEAR(vdc_workload_demand(&vm, S(350)), 0.45, 1e-7);
    /* hold heads for the last value, loop for the first: 90, 50 at 350 s */
    vm = trace_vm(&t, v, 4, VDC_TR_LINEAR, VDC_TR_HOLD, 0);
    VDC_ASSERT_NEAR(vdc_workload_demand(&vm, S(350)), 0.90, 1e-7);
    VDC_ASSERT_NEAR(vdc_workload_demand(&vm, S(1e6)), 0.90, 1e-7);
    CU_ASSERT_EQUAL(vdc_workload_next_change(&vm, S(350)), VDC_TIME_MAX);
    vm = trace_vm(&t, v, 4, VDC_TR_LINEAR, VDC_TR_LOOP, 0);
    VDC_ASSERT_NEAR(vdc_workload_demand(&vm, S(350)), 0.50, 1e-7);
    VDC_ASSERT_NEAR(vdc_workload_demand(&vm, S(450)), 0.30, 1e-7);   /* pass 2, 50 s in */
}

static void t_replay_offset_end_runs(void)
{
    float v[] = { 10, 50, 30, 90 };
    vdc_trace t;
    /* offset 150 s: simulated 0 is 50 s into sample 1 */
    vdc_vm vm = trace_vm(&t, v, 4, VDC_TR_STEP, VDC_TR_STOP, 150);
    VDC_ASSERT_NEAR(vdc_workload_demand(&vm, S(0)), 0.50, 1e-7);
    CU_ASSERT_EQUAL(vdc_workload_next_change(&vm, S(0)), S(50));
    CU_ASSERT_EQUAL(vdc_workload_next_change(&vm, S(200)), S(250));  /* the end, to 0 */
    vm = trace_vm(&t, v, 4, VDC_TR_LINEAR, VDC_TR_STOP, 150);
    VDC_ASSERT_NEAR(vdc_workload_demand(&vm, S(0)), 0.40, 1e-7);
    /* loop: 400 s later the same value; the change after 390 s is at 400 s */
    vm = trace_vm(&t, v, 4, VDC_TR_STEP, VDC_TR_LOOP, 0);
    VDC_ASSERT_NEAR(vdc_workload_demand(&vm, S(450)), 0.10, 1e-7);
    VDC_ASSERT_NEAR(vdc_workload_demand(&vm, S(4000 + 399)), 0.90, 1e-7);
    CU_ASSERT_EQUAL(vdc_workload_next_change(&vm, S(390)), S(400));
    CU_ASSERT_EQUAL(vdc_workload_next_change(&vm, S(450)), S(500));
    /* runs of equal samples cost no event: 5, 5, 5, 7 changes at 300 s;
     * looping, 7 -> 5 at 400 s, then 700 s */
    float r[] = { 5, 5, 5, 7 };
    vm = trace_vm(&t, r, 4, VDC_TR_STEP, VDC_TR_LOOP, 0);
    CU_ASSERT_EQUAL(vdc_workload_next_change(&vm, S(0)), S(300));
    CU_ASSERT_EQUAL(vdc_workload_next_change(&vm, S(300)), S(400));
    CU_ASSERT_EQUAL(vdc_workload_next_change(&vm, S(400)), S(700));
    float c[] = { 5, 5 };
    vm = trace_vm(&t, c, 2, VDC_TR_STEP, VDC_TR_LOOP, 0);
    CU_ASSERT_EQUAL(vdc_workload_next_change(&vm, S(0)), VDC_TIME_MAX);  /* constant */
    vm = trace_vm(&t, c, 2, VDC_TR_STEP, VDC_TR_HOLD, 0);
    CU_ASSERT_EQUAL(vdc_workload_next_change(&vm, S(0)), VDC_TIME_MAX);
    vm = trace_vm(&t, c, 2, VDC_TR_STEP, VDC_TR_STOP, 0);
    CU_ASSERT_EQUAL(vdc_workload_next_change(&vm, S(0)), S(200));
}

/* ---- files ----------------------------------------------------------------------- */

static void t_read_formats(void)
{
    vdc_trace t;
    vdc_error err = { 0 };
    CU_ASSERT(vdc_trace_read(&t, put("plain.txt", "1\n2.5\n 3 \n"), NULL, 0, 100, &err) == 0);
    CU_ASSERT_EQUAL(t.n, 3);
    VDC_ASSERT_NEAR(t.v[1], 2.5, 0);
    vdc_trace_free(&t);
    char csv[512];   /* put() reuses its buffers */
    snprintf(csv, sizeof csv, "%s", put("t.csv", "# a comment\r\ntime,cpu,mem\r\n0,10,1\r\n300,20,2\r\n"));
    CU_ASSERT(vdc_trace_read(&t, csv, "cpu", 0, 100, &err) == 0);
    CU_ASSERT_EQUAL(t.n, 2);
    VDC_ASSERT_NEAR(t.v[1], 20, 0);
    vdc_trace_free(&t);
    CU_ASSERT(vdc_trace_read(&t, csv, "3", 0, 100, &err) == 0);   /* header skipped */
    CU_ASSERT_EQUAL(t.n, 2);
    VDC_ASSERT_NEAR(t.v[0], 1, 0);
    vdc_trace_free(&t);
    /* errors name file and line */
    CU_ASSERT(vdc_trace_read(&t, put("bad.txt", "1\n2\nx7\n"), NULL, 0, 100, &err) == VDC_EINPUT);
    CU_ASSERT(strstr(err.msg, "bad.txt:3: not a number: \"x7\"") != NULL);
    CU_ASSERT(vdc_trace_read(&t, put("big.txt", "1\n101\n"), NULL, 0, 100, &err) == VDC_EINPUT);
    CU_ASSERT(strstr(err.msg, "big.txt:2: 101 is out of range [0, 100]") != NULL);
    CU_ASSERT(vdc_trace_read(&t, put("neg.txt", "-1\n"), NULL, 0, 100, &err) == VDC_EINPUT);
    CU_ASSERT(strstr(err.msg, "neg.txt:1:") != NULL);
    CU_ASSERT(vdc_trace_read(&t, put("empty.txt", ""), NULL, 0, 100, &err) == VDC_EINPUT);
    CU_ASSERT(strstr(err.msg, "empty.txt: empty trace") != NULL);
    CU_ASSERT(vdc_trace_read(&t, put("hole.txt", "1\n\n2\n"), NULL, 0, 100, &err) == VDC_EINPUT);
    CU_ASSERT(strstr(err.msg, "hole.txt:2: empty line") != NULL);
    CU_ASSERT(vdc_trace_read(&t, put("c.csv", "1,2\n"), NULL, 0, 100, &err) == VDC_EINPUT);
    CU_ASSERT(strstr(err.msg, "needs \"column\"") != NULL);
    CU_ASSERT(vdc_trace_read(&t, csv, "disk", 0, 100, &err) == VDC_EINPUT);
    CU_ASSERT(strstr(err.msg, "t.csv:2: no column named \"disk\"") != NULL);
    CU_ASSERT(vdc_trace_read(&t, dir, NULL, 0, 100, &err) == VDC_EINPUT);  /* a folder */
    CU_ASSERT(vdc_trace_read(&t, "/nonexistent/x", NULL, 0, 100, &err) == VDC_EINPUT);
}

/* Plain integers take a fast path: the same doubles as strtod's (whole
 * numbers below 2^53 are exact), and everything else still goes to strtod. */
static void t_read_integers(void)
{
    vdc_trace t;
    vdc_error err = { 0 };
    CU_ASSERT_FATAL(vdc_trace_read(&t, put("int.txt", "7\n  42 \n007\n1e2\n0.5\n-0\n"
                                           "16777216\n123456789012345678\n"), NULL, 0, 1e30,
                                   &err) == 0);
    CU_ASSERT_EQUAL_FATAL(t.n, 8);
    const double want[] = { 7, 42, 7, 100, 0.5, 0, 16777216, 123456789012345678.0 };
    for (int i = 0; i < 8; i++)
        CU_ASSERT_EQUAL(t.v[i], (float)want[i]);
    vdc_trace_free(&t);
    CU_ASSERT(vdc_trace_read(&t, put("int2.txt", "1\n2x\n"), NULL, 0, 100, &err) == VDC_EINPUT);
    CU_ASSERT(strstr(err.msg, "int2.txt:2: not a number: \"2x\"") != NULL);
}

/* The sweep's cache (trace_cache.c): a second read copies the first one's
 * samples; the range is part of the key (an out-of-range value is still
 * reported); a changed size or mtime makes the file be read again. */
static void t_read_cache(void)
{
    vdc_trace t;
    vdc_error err = { 0 };
    char f[512];
    snprintf(f, sizeof f, "%s", put("cached.txt", "10\n20\n"));
    vdc_trace_cache_on();
    CU_ASSERT_FATAL(vdc_trace_read(&t, f, NULL, 0, 100, &err) == 0);
    vdc_trace_free(&t);
    CU_ASSERT_FATAL(vdc_trace_read(&t, f, NULL, 0, 100, &err) == 0);
    CU_ASSERT_EQUAL(t.n, 2);
    CU_ASSERT_EQUAL(t.v[1], 20.0f);
    CU_ASSERT_STRING_EQUAL(t.file, f);
    vdc_trace_free(&t);
    CU_ASSERT(vdc_trace_read(&t, f, NULL, 0, 15, &err) == VDC_EINPUT);
    CU_ASSERT(strstr(err.msg, "cached.txt:2: 20 is out of range [0, 15]") != NULL);
    put("cached.txt", "30\n40\n50\n");                  /* another size */
    CU_ASSERT_FATAL(vdc_trace_read(&t, f, NULL, 0, 100, &err) == 0);
    CU_ASSERT_EQUAL(t.n, 3);
    CU_ASSERT_EQUAL(t.v[2], 50.0f);
    vdc_trace_free(&t);
    /* the same size, and an mtime set apart (writes within one clock tick
     * may share it) */
    put("cached.txt", "31\n41\n51\n");
    struct timespec ts[2] = { { 1000000000, 0 }, { 1000000000, 0 } };
    CU_ASSERT_FATAL(utimensat(AT_FDCWD, f, ts, 0) == 0);
    CU_ASSERT_FATAL(vdc_trace_read(&t, f, NULL, 0, 100, &err) == 0);
    CU_ASSERT_EQUAL(t.n, 3);
    CU_ASSERT_EQUAL(t.v[2], 51.0f);
    vdc_trace_free(&t);
    vdc_trace_cache_clear();
}

static void t_scenario_errors(void)
{
    char json[2048];
    /* out of range for the unit: percent <= 100; cores <= vcpus */
    const char *f = put("p.txt", "50\n150\n");
    snprintf(json, sizeof json, "{\"hosts\": [{}], \"vms\": [{\"workload\": {\"type\": \"trace\","
             " \"file\": \"%s\"}}]}", f);
    CU_ASSERT(parse_fails(json, "p.txt:2: 150 is out of range [0, 100]", NULL));
    f = put("cores.txt", "1\n3\n");
    snprintf(json, sizeof json, "{\"hosts\": [{}], \"vms\": [{\"vcpus\": 2, \"workload\": "
             "{\"type\": \"trace\", \"unit\": \"cores\", \"file\": \"%s\"}}]}", f);
    CU_ASSERT(parse_fails(json, "cores.txt:2: 3 is out of range [0, 2]", NULL));
    CU_ASSERT(parse_fails("{\"hosts\": [{}], \"vms\": [{\"workload\": {\"type\": \"trace\"}}]}",
                          "vms[0].workload.file: required", NULL));
    CU_ASSERT(parse_fails("{\"hosts\": [{}], \"vms\": [{\"traces\": \"/nonexistent/pl\"}]}",
                          "/nonexistent/pl: No such file", NULL));
    /* a folder with one short trace */
    char g[300];
    snprintf(g, sizeof g, "%s/uneven", dir);
    mkdir(g, 0700);
    put("uneven/a", "1\n2\n3\n");
    put("uneven/b", "1\n2\n");
    snprintf(json, sizeof json, "{\"hosts\": [{}], \"vms\": [{\"traces\": \"%s\"}]}", g);
    CU_ASSERT(parse_fails(json, "uneven/b: 2 samples, but a has 3", NULL));
    snprintf(json, sizeof json, "{\"hosts\": [{}], \"vms\": [{\"traces\": \"%s\", \"count\": 2}]}", g);
    CU_ASSERT(parse_fails(json, "vms[0].count", "limit"));
    /* speeds: vcpu_mips needs every host's core_mips; mips needs a speed */
    CU_ASSERT(parse_fails("{\"hosts\": [{\"name\": \"a\", \"core_mips\": 1000}, {\"name\": \"b\"}],"
                          " \"vms\": [{\"name\": \"v\", \"vcpu_mips\": 500}]}",
                          "VM v has vcpu_mips 500 but host b has no core_mips", NULL));
    f = put("m.txt", "100\n");
    snprintf(json, sizeof json, "{\"hosts\": [{}], \"vms\": [{\"name\": \"v\", \"workload\": "
             "{\"type\": \"trace\", \"unit\": \"mips\", \"file\": \"%s\"}}]}", f);
    CU_ASSERT(parse_fails(json, "VM v: workload.unit mips needs", NULL));
    CU_ASSERT(parse_fails("{\"hosts\": [{}], \"vms\": [{\"limit\": 3}]}", "vms[0].limit: only for",
                          NULL));
}

/* ---- groups ---------------------------------------------------------------------- */

static void t_folder_group_sorted_types(void)
{
    char g[300], json[2048];
    snprintf(g, sizeof g, "%s/day", dir);
    mkdir(g, 0700);
    put("day/b", "20\n40\n");      /* written out of order on purpose */
    put("day/c", "30\n60\n");
    put("day/a", "10\n20\n");
    put("day/.hidden", "x\n");     /* skipped */
    /* n = 3, T = 2: block ceil(3/2) = 2 -> a, b type 0; c type 1 */
    snprintf(json, sizeof json,
             "{\"hosts\": [{\"count\": 3, \"core_mips\": 2000}], \"vms\": [{\"name\": \"g\","
             " \"traces\": \"%s\", \"types\": [{\"vcpu_mips\": 1000, \"memory_gib\": 1},"
             " {\"vcpu_mips\": 500, \"memory_gib\": 2, \"vcpus\": 2}],"
             " \"workload\": {\"interval_s\": 100}}]}", g);
    vdc_scenario *sc;
    vdc_error err;
    CU_ASSERT_FATAL(parse(json, &sc, &err) == 0);
    CU_ASSERT_EQUAL_FATAL(sc->nvm, 3);
    CU_ASSERT_STRING_EQUAL(sc->vms[0].name, "g/a");
    CU_ASSERT_STRING_EQUAL(sc->vms[1].name, "g/b");
    CU_ASSERT_STRING_EQUAL(sc->vms[2].name, "g/c");
    VDC_ASSERT_NEAR(sc->vms[1].vcpu_mips, 1000, 0);
    VDC_ASSERT_NEAR(sc->vms[2].vcpu_mips, 500, 0);
    CU_ASSERT_EQUAL(sc->vms[2].vcpus, 2);
    VDC_ASSERT_NEAR(sc->vms[2].memory_gib, 2, 0);
    VDC_ASSERT_NEAR(sc->vms[0].wl.trace->v[1], 20, 0);
    VDC_ASSERT_NEAR(sc->vms[2].wl.trace->v[0], 30, 0);
    vdc_scenario_free(sc);
    /* cycle: a 0, b 1, c 0; limit 2 keeps a and b */
    snprintf(json, sizeof json,
             "{\"hosts\": [{\"core_mips\": 2000}], \"vms\": [{\"traces\": \"%s\", \"limit\": 2,"
             " \"types_by\": \"cycle\", \"types\": [{\"vcpu_mips\": 1000, \"memory_gib\": 1},"
             " {\"vcpu_mips\": 500, \"memory_gib\": 2}]}]}", g);
    CU_ASSERT_FATAL(parse(json, &sc, &err) == 0);
    CU_ASSERT_EQUAL(sc->nvm, 2);
    CU_ASSERT_STRING_EQUAL(sc->vms[1].name, "trace/b");
    VDC_ASSERT_NEAR(sc->vms[1].vcpu_mips, 500, 0);
    vdc_scenario_free(sc);
}

static void t_bitbrains_pair(void)
{
    char g[300], json[1024];
    snprintf(g, sizeof g, "%s/bb", dir);
    mkdir(g, 0700);
    put("bb/vms.csv", "id,submission_time_ms,duration_ms,cpu_count,cpu_capacity_mhz,mem_capacity_kb\n"
                      "7,0,1000000,2,4000,1048576\n3,0,600000,1,2000,524288\n");
    put("bb/fragments.csv", "id,duration_ms,cpu_usage_mhz\n7,300000,1000\n3,300000,500\n"
                            "7,600000,3000\n3,200000,2000\n");
    /* VM 7: 2 vCPUs of 2000 MHz, 1 GiB; 1000 MHz for 300 s, 3000 for 600 s,
     * idle for the last 100 s.  On cores of 2000 MHz its two vCPUs use
     * 1000/2/2000 = 0.25 pCPU each, then 0.75: 2 x (75 + 450) = 1050 cpu_s.
     * VM 3: 0.25 for 300 s, 1.0 for 200 s: 275 cpu_s. */
    snprintf(json, sizeof json,
             "{\"duration_s\": 1000, \"hosts\": [{\"pcpus\": 8, \"core_mips\": 2000}],"
             " \"vms\": [{\"name\": \"bb\", \"bitbrains\": \"%s\"}],"
             " \"models\": {\"sched\": {\"name\": \"fluid\"}}}", g);
    vdc_scenario *sc;
    vdc_error err;
    CU_ASSERT_FATAL(parse(json, &sc, &err) == 0);
    CU_ASSERT_EQUAL_FATAL(sc->nvm, 2);
    CU_ASSERT_STRING_EQUAL(sc->vms[0].name, "bb/7");
    CU_ASSERT_EQUAL(sc->vms[0].vcpus, 2);
    VDC_ASSERT_NEAR(sc->vms[0].vcpu_mips, 2000, 1e-9);
    VDC_ASSERT_NEAR(sc->vms[1].memory_gib, 0.5, 1e-12);
    CU_ASSERT_EQUAL(sc->vms[0].wl.trace->n, 3);          /* two fragments + idle tail */
    CU_ASSERT_EQUAL(sc->vms[0].wl.unit, VDC_TR_MIPS);
    vdc_scenario_free(sc);
    int64_t run = vdc_test_run(json, NULL, 0, db);
    CU_ASSERT_FATAL(run > 0);
    VDC_ASSERT_NEAR(vdc_test_metric(db, run, "bb/7", "cpu_s"), 1050, 1e-6);
    VDC_ASSERT_NEAR(vdc_test_metric(db, run, "bb/3", "cpu_s"), 275, 1e-6);
    /* bad pairs */
    put("bb/fragments.csv", "id,duration_ms,cpu_usage_mhz\n7,300000,1000\n9,300000,1\n");
    CU_ASSERT(parse_fails(json, "fragments.csv:3: VM id \"9\" is not in vms.csv", NULL));
    put("bb/fragments.csv", "id,duration_ms,cpu_usage_mhz\n7,300000,1000\n3,900000,1\n");
    CU_ASSERT(parse_fails(json, "fragments.csv:3: VM 3's fragments last longer", NULL));
    put("bb/fragments.csv", "id,duration_ms,cpu_usage_mhz\n7,300000,lots\n");
    CU_ASSERT(parse_fails(json, "fragments.csv:2: column 3: not a number", NULL));
}

/* ---- absolute capacities and replay in a run ------------------------------------------- */

static void t_absolute_speeds_and_replay(void)
{
    char json[2048];
    const char *f = put("four.txt", "10\n50\n30\n90\n");
    /* 1 pCPU: cpu_s = (0.1 + 0.5 + 0.3 + 0.9) x 100 = 180 s, step or linear
     * (a linear trace is read at each change and held, as CloudSim does) */
    for (int lin = 0; lin < 2; lin++) {
        snprintf(json, sizeof json,
                 "{\"duration_s\": 400, \"hosts\": [{\"name\": \"h\", \"pcpus\": 1}], \"vms\": "
                 "[{\"name\": \"v\", \"workload\": {\"type\": \"trace\", \"file\": \"%s\","
                 " \"interval_s\": 100, \"interp\": \"%s\"}}], \"models\": {\"sched\": {\"name\":"
                 " \"fluid\"}}}", f, lin ? "linear" : "step");
        int64_t run = vdc_test_run(json, NULL, 0, db);
        CU_ASSERT_FATAL(run > 0);
        VDC_ASSERT_NEAR(vdc_test_metric(db, run, "v", "cpu_s"), 180, 1e-6);
    }
    /* a 1000-MIPS vCPU on 2000-MIPS cores: half a pCPU -> 90 s; at 100% on
     * a 1000-MIPS core a whole one */
    snprintf(json, sizeof json,
             "{\"duration_s\": 400, \"hosts\": [{\"name\": \"h\", \"pcpus\": 1, \"core_mips\": 2000}],"
             " \"vms\": [{\"name\": \"v\", \"vcpu_mips\": 1000, \"workload\": {\"type\": \"trace\","
             " \"file\": \"%s\", \"interval_s\": 100}}, {\"name\": \"w\", \"vcpu_mips\": 1000,"
             " \"host\": \"h\", \"workload\": {\"demand\": 1}}], \"models\": {\"sched\": {\"name\":"
             " \"fluid\"}}}", f);
    int64_t run = vdc_test_run(json, NULL, 0, db);
    CU_ASSERT_FATAL(run > 0);
    VDC_ASSERT_NEAR(vdc_test_metric(db, run, "v", "cpu_s"), 90, 1e-6);
    VDC_ASSERT_NEAR(vdc_test_metric(db, run, "w", "cpu_s"), 200, 1e-6);
    /* unit mips: 500 MIPS of a 2000-MIPS core = 0.25 pCPU for 400 s = 100 s */
    f = put("mips.txt", "500\n");
    snprintf(json, sizeof json,
             "{\"duration_s\": 400, \"hosts\": [{\"pcpus\": 1, \"core_mips\": 2000}], \"vms\":"
             " [{\"name\": \"v\", \"workload\": {\"type\": \"trace\", \"unit\": \"mips\", \"file\":"
             " \"%s\", \"end\": \"hold\"}}], \"models\": {\"sched\": {\"name\": \"fluid\"}}}", f);
    run = vdc_test_run(json, NULL, 0, db);
    CU_ASSERT_FATAL(run > 0);
    VDC_ASSERT_NEAR(vdc_test_metric(db, run, "v", "cpu_s"), 100, 1e-6);
}

static void t_host_power_tables(void)
{
    /* G4 (2 x 1860 MIPS) running a 1860-MIPS vCPU at 100%: u = 0.5 -> 102 W
     * (SPECpower 50% point); G5 (2 x 2660) running a 1330-MIPS vCPU at 100%:
     * u = 0.25 -> halfway between 101 W (20%) and 105 W (30%) = 103 W.
     * 100 s each: 10,200 J and 10,300 J. */
    const char *json =
        "{\"duration_s\": 100, \"hosts\": ["
        " {\"name\": \"g4\", \"pcpus\": 2, \"core_mips\": 1860, \"power_table\": \"hp_ml110_g4\"},"
        " {\"name\": \"g5\", \"pcpus\": 2, \"core_mips\": 2660, \"power_table\": \"hp_ml110_g5\"}],"
        " \"vms\": [{\"name\": \"a\", \"host\": \"g4\", \"vcpu_mips\": 1860},"
        "           {\"name\": \"b\", \"host\": \"g5\", \"vcpu_mips\": 1330}],"
        " \"models\": {\"placement\": {\"name\": \"consolidate\", \"period_s\": 0}}}";
    int64_t run = vdc_test_run(json, NULL, 0, db);
    CU_ASSERT_FATAL(run > 0);
    VDC_ASSERT_NEAR(vdc_test_metric(db, run, "g4", "energy_total_j"), 10200, 1e-6);
    VDC_ASSERT_NEAR(vdc_test_metric(db, run, "g5", "energy_total_j"), 10300, 1e-6);
    /* a bad table names the host */
    vdc_scenario *sc;
    vdc_error err;
    const char *bad = "{\"hosts\": [{\"name\": \"x\", \"power_table\": \"hp_ml999\"}],"
                      " \"models\": {\"placement\": {\"name\": \"consolidate\"}}}";
    CU_ASSERT_FATAL(parse(bad, &sc, &err) == 0);
    vdc_run_opts o = { 0 };
    vdc_run_summary sum = { 0 };
    CU_ASSERT(vdc_sim_run(sc, &o, &sum, &err) == VDC_EINPUT);
    CU_ASSERT(strstr(err.msg, "host x: power_table") != NULL);
    vdc_scenario_free(sc);
}

static void t_place_mem_overcommit(void)
{
    /* Two hosts of 4 pCPUs and 4 GiB (100 W idle, 200 W peak), three VMs of
     * 2 GiB at demand 1, best-fit by vCPU slots with slots to spare.  With
     * memory counted at placement (place_mem_overcommit 1) h0 takes two VMs
     * and h1 one: u = 0.5 and 0.25, 150 W and 125 W for 100 s = 15,000 and
     * 12,500 J.  Counted as afterwards (mem_overcommit 100) all three go on
     * h0: 175 W and 100 W = 17,500 and 10,000 J. */
    const char *json =
        "{\"duration_s\": 100, \"hosts\": [{\"name\": \"h\", \"count\": 2, \"pcpus\": 4,"
        " \"memory_gib\": 4, \"power_idle_w\": 100, \"power_peak_w\": 200}],"
        " \"vms\": [{\"name\": \"v\", \"count\": 3, \"memory_gib\": 2}],"
        " \"models\": {\"placement\": {\"name\": \"consolidate\", \"period_s\": 0,"
        " \"policy\": \"best_fit\", \"cpu_overcommit\": 1000, \"mem_overcommit\": 100}}}";
    const char *once[] = { "models.placement.place_mem_overcommit=1" };
    int64_t run = vdc_test_run(json, once, 1, db);
    CU_ASSERT_FATAL(run > 0);
    VDC_ASSERT_NEAR(vdc_test_metric(db, run, "h-0", "energy_total_j"), 15000, 1e-6);
    VDC_ASSERT_NEAR(vdc_test_metric(db, run, "h-1", "energy_total_j"), 12500, 1e-6);
    run = vdc_test_run(json, NULL, 0, db);
    CU_ASSERT_FATAL(run > 0);
    VDC_ASSERT_NEAR(vdc_test_metric(db, run, "h-0", "energy_total_j"), 17500, 1e-6);
    VDC_ASSERT_NEAR(vdc_test_metric(db, run, "h-1", "energy_total_j"), 10000, 1e-6);
}

/* ---- the real PlanetLab days ------------------------------------------------------------ */

static int cmp_f(const void *a, const void *b)
{
    float x = *(const float *)a, y = *(const float *)b;
    return x < y ? -1 : x > y;
}

/* Quartile by linear interpolation between order statistics (pos (n-1)p). */
static double quantile(const float *s, long n, double p)
{
    double pos = (double)(n - 1) * p;
    long i = (long)pos;
    return i + 1 < n ? s[i] + (s[i + 1] - s[i]) * (pos - (double)i) : s[i];
}

static void t_planetlab_days(void)
{
    const char *root = getenv("VDC_TRACES");
    char base[512];
    snprintf(base, sizeof base, "%s/planetlab", root ? root : "../shared/traces");
    struct stat st;
    if (stat(base, &st) != 0) {
        printf("\n  SKIPPED: PlanetLab statistics, because %s is absent (set VDC_TRACES to the "
               "folder holding planetlab/)\n", base);
        return;
    }
    FILE *f = fopen("tests/data/beloglazov2012_table2.csv", "r");
    CU_ASSERT_FATAL(f != NULL);
    char line[1024];
    int days = 0;
    while (fgets(line, sizeof line, f)) {
        char *fl[16];
        if (line[0] == '#' || strncmp(line, "day,", 4) == 0)
            continue;
        if (vdc_test_csv_fields(line, fl, 16) < 7)
            continue;
        char json[1024];
        snprintf(json, sizeof json, "{\"hosts\": [{}], \"vms\": [{\"traces\": \"%s/%s\","
                 " \"workload\": {\"interval_s\": 300}}]}", base, fl[0]);
        vdc_scenario *sc;
        vdc_error err;
        CU_ASSERT_FATAL(parse(json, &sc, &err) == 0);
        long n = 0;
        for (int v = 0; v < sc->nvm; v++)
            n += sc->vms[v].wl.trace->n;
        float *all = malloc((size_t)n * sizeof *all);
        CU_ASSERT_FATAL(all != NULL);
        double sum = 0, sq = 0;
        long k = 0;
        for (int v = 0; v < sc->nvm; v++) {
            const vdc_workload *wl = &sc->vms[v].wl;
            for (int i = 0; i < wl->trace->n; i++) {
                /* as replayed: the value at the start of each sample, in % */
                double x = vdc_workload_trace_value(wl, (vdc_time)i * 300000000000LL);
                all[k++] = (float)x;
                sum += x;
            }
        }
        double mean = sum / (double)n;
        for (long i = 0; i < n; i++)
            sq += (all[i] - mean) * (all[i] - mean);
        qsort(all, (size_t)n, sizeof *all, cmp_f);
        /* the table prints 2 decimals for mean and st.dev, integers else */
        CU_ASSERT_EQUAL(sc->nvm, atoi(fl[1]));
        VDC_ASSERT_NEAR(mean, atof(fl[2]), 0.005);
        VDC_ASSERT_NEAR(sqrt(sq / (double)n), atof(fl[3]), 0.005);
        VDC_ASSERT_NEAR(quantile(all, n, 0.25), atof(fl[4]), 1e-9);
        VDC_ASSERT_NEAR(quantile(all, n, 0.50), atof(fl[5]), 1e-9);
        VDC_ASSERT_NEAR(quantile(all, n, 0.75), atof(fl[6]), 1e-9);
        free(all);
        vdc_scenario_free(sc);
        days++;
    }
    fclose(f);
    CU_ASSERT_EQUAL(days, 10);
}

/* Suite hooks (not tests): a fresh database and trace folder, removed after. */
static int setup(void)
{
    vdc_test_tmpdb(db, sizeof db, "trace");
    snprintf(dir, sizeof dir, "/tmp/vdc-trace-XXXXXX");
    return mkdtemp(dir) ? 0 : -1;
}

static int cleanup(void)
{
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    unlink(db);
    return system(cmd) == 0 ? 0 : -1;
}

static const vdc_test tests[] = {
    { "replay step/linear", t_replay_step_linear },
    { "replay offset/end/runs", t_replay_offset_end_runs },
    { "read formats and errors", t_read_formats },
    { "read integers (fast path)", t_read_integers },
    { "read cache (sweeps)", t_read_cache },
    { "scenario errors", t_scenario_errors },
    { "folder group sorted, types", t_folder_group_sorted_types },
    { "bitbrains pair", t_bitbrains_pair },
    { "absolute speeds and replay", t_absolute_speeds_and_replay },
    { "per-host power tables", t_host_power_tables },
    { "initial placement's memory overcommit", t_place_mem_overcommit },
    { "planetlab days (real traces)", t_planetlab_days },
    { 0 }
};
VDC_TEST_MAIN_HOOKS("trace", tests, setup, cleanup)
