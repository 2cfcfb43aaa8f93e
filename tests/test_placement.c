/* test_placement.c -- placement policies, consolidation, energy (issue 8).
 *
 * Known answers, all derived by hand in the comments:
 *  - fitset (treap) against a brute-force scan on random operations;
 *  - first-fit vs best-fit vs worst-fit on the sequence 5, 6, 4, 5 vCPUs
 *    into hosts of 10 (FF: 3 hosts, BF: 2 hosts, WF: 4 hosts);
 *  - overcommit limits: never exceeded, one VM too many is an input error;
 *  - a host at constant utilisation uses idle + (peak - idle) u watts,
 *    exactly, in fluid.c's energy_j and in the consolidation model's own;
 *  - consolidation empties an under-utilised host, powers it down after
 *    shutdown_s, and saves what the formula predicts;
 *  - an overloaded host sheds its smallest VMs until under high_util;
 *  - migration downtime is counted as unmet demand, VM by VM;
 *  - VM arrivals and departures; migration waves;
 *  - (published SPECpower points: tests/validation/datacenter.csv, run by
 *    tests/test_validation.c).
 */
#include <stdbool.h>
#include <string.h>

#include "test_util.h"

#include "models/placement/fitset.h"
#include "models/placement/place.h"
#include "models/placement/power.h"
#include "rng.h"

static char db[256];

/* ---- fitset ------------------------------------------------------------------------ */

static void t_fitset_vs_bruteforce(void)
{
    enum { N = 200 };
    vdc_fitset s;
    CU_ASSERT_FATAL(vdc_fitset_init(&s, N) == 0);
    double key[N];
    bool in[N] = { false };
    gsl_rng *r = vdc_rng_stream(7, "test/fitset");
    for (int it = 0; it < 20000; it++) {
        int h = (int)gsl_rng_uniform_int(r, N);
        if (gsl_rng_uniform(r) < 0.3) {
            vdc_fitset_del(&s, h);
            in[h] = false;
        } else {
            key[h] = (double)gsl_rng_uniform_int(r, 20);     /* many ties */
            vdc_fitset_put(&s, h, key[h]);
            in[h] = true;
        }
        double q = (double)gsl_rng_uniform_int(r, 22) - 1;
        int want = -1, wmax = -1;
        for (int i = 0; i < N; i++) {
            if (!in[i])
                continue;
            if (key[i] >= q && (want < 0 || key[i] < key[want]))
                want = i;
            if (wmax < 0 || key[i] >= key[wmax])
                wmax = i;
        }
        CU_ASSERT_EQUAL(vdc_fitset_ceil(&s, q), want);
        CU_ASSERT_EQUAL(vdc_fitset_max(&s), wmax);
        if (want >= 0) {                     /* successor in (key, index) order */
            int nx = -1;
            for (int i = 0; i < N; i++)
                if (in[i] && (key[i] > key[want] || (key[i] == key[want] && i > want)) &&
                    (nx < 0 || key[i] < key[nx] || (key[i] == key[nx] && i < nx)))
                    nx = i;
            CU_ASSERT_EQUAL(vdc_fitset_next(&s, want), nx);
            if (nx >= 0)
                CU_ASSERT_EQUAL(vdc_fitset_prev(&s, nx), want);
        }
    }
    int n = 0;
    for (int i = 0; i < N; i++)
        n += in[i];
    CU_ASSERT_EQUAL(s.size, n);
    gsl_rng_free(r);
    vdc_fitset_free(&s);
}

/* ---- the fit policies, in-process on a world ---------------------------------------- */

/* Place VMs of `vcpus` (n of them, 1 GiB each) on `nh` hosts of `pcpus` with
 * the given policy; host of each VM in out[]; returns vdc_place_all's code. */
static int place(int policy, int nh, int pcpus, double oc, const int *vcpus, int n, int *out,
                 double gib_host, double gib_vm, double mem_oc)
{
    vdc_sim sim;
    memset(&sim, 0, sizeof sim);
    vdc_host hosts[16];
    vdc_vm vms[64];
    memset(hosts, 0, sizeof hosts);
    memset(vms, 0, sizeof vms);
    for (int h = 0; h < nh; h++) {
        hosts[h].name = "h";
        hosts[h].pcpus = pcpus;
        hosts[h].memory_gib = gib_host;
    }
    for (int v = 0; v < n; v++) {
        vms[v].name = "v";
        vms[v].host = -1;
        vms[v].vcpus = vcpus[v];
        vms[v].memory_gib = gib_vm;
    }
    vdc_error err = { 0 };
    CU_ASSERT_FATAL(vdc_world_init(&sim.world, hosts, nh, vms, n, &err) == 0);
    vdc_place_params p = { policy, VDC_PLACE_BY_CPU, oc, mem_oc };
    vdc_place pl;
    CU_ASSERT_FATAL(vdc_place_init(&pl, &sim.world, &p) == 0);
    int rc = vdc_place_all(&pl, &sim, -1, "test", &err);
    for (int v = 0; v < n; v++)
        out[v] = sim.world.vm[v].host;
    /* the overcommit limits hold on every host */
    for (int h = 0; h < nh; h++) {
        CU_ASSERT(pl.cpu[h] <= pcpus * oc);
        CU_ASSERT(pl.mem[h] <= gib_host * mem_oc);
    }
    vdc_place_free(&pl);
    vdc_world_release(&sim.world);
    return rc;
}

static int hosts_used(const int *host, int n)
{
    int used = 0;
    for (int v = 0; v < n; v++) {
        bool seen = false;
        for (int u = 0; u < v; u++)
            seen |= host[u] == host[v];
        used += !seen;
    }
    return used;
}

static void t_first_vs_best_vs_worst(void)
{
    /* 5, 6, 4, 5 vCPUs into hosts of 10 (overcommit 1):
     * FF: 5->h0, 6->h1, 4->h0 (9), 5->h2          = 3 hosts
     * BF: 5->h0, 6->h1, 4->h1 (exactly full), 5->h0 = 2 hosts
     * WF: each to the emptiest: h0, h1, h2, h3    = 4 hosts */
    const int seq[] = { 5, 6, 4, 5 };
    int ff[4], bf[4], wf[4];
    CU_ASSERT(place(VDC_PLACE_FIRST, 4, 10, 1, seq, 4, ff, 64, 1, 1) == 0);
    CU_ASSERT(place(VDC_PLACE_BEST, 4, 10, 1, seq, 4, bf, 64, 1, 1) == 0);
    CU_ASSERT(place(VDC_PLACE_WORST, 4, 10, 1, seq, 4, wf, 64, 1, 1) == 0);
    const int ffw[] = { 0, 1, 0, 2 }, bfw[] = { 0, 1, 1, 0 }, wfw[] = { 0, 1, 2, 3 };
    for (int i = 0; i < 4; i++) {
        CU_ASSERT_EQUAL(ff[i], ffw[i]);
        CU_ASSERT_EQUAL(bf[i], bfw[i]);
        CU_ASSERT_EQUAL(wf[i], wfw[i]);
    }
    CU_ASSERT_EQUAL(hosts_used(ff, 4), 3);
    CU_ASSERT_EQUAL(hosts_used(bf, 4), 2);
    CU_ASSERT_EQUAL(hosts_used(wf, 4), 4);
}

static void t_worst_fit_spreads(void)
{
    /* 8 one-vCPU VMs on 4 hosts: two each, round robin h0 h1 h2 h3 h0 ... */
    int one[8] = { 1, 1, 1, 1, 1, 1, 1, 1 }, h[8];
    CU_ASSERT(place(VDC_PLACE_WORST, 4, 4, 4, one, 8, h, 64, 1, 1) == 0);
    for (int v = 0; v < 8; v++)
        CU_ASSERT_EQUAL(h[v], v % 4);
    /* and best-fit packs them: 4 hosts x 4 pCPUs x overcommit 1 -> h0 x4, h1 x4 */
    CU_ASSERT(place(VDC_PLACE_BEST, 4, 4, 1, one, 8, h, 64, 1, 1) == 0);
    for (int v = 0; v < 8; v++)
        CU_ASSERT_EQUAL(h[v], v / 4);
}

static void t_overcommit_limits(void)
{
    int one[16], h[16];
    for (int i = 0; i < 16; i++)
        one[i] = 1;
    for (int pol = VDC_PLACE_FIRST; pol <= VDC_PLACE_WORST; pol++) {
        /* cpu: 4 hosts x 2 pCPUs x 1.5 = 12 slots: 12 fit, 13 do not */
        CU_ASSERT(place(pol, 4, 2, 1.5, one, 12, h, 64, 1, 1) == 0);
        CU_ASSERT(place(pol, 4, 2, 1.5, one, 13, h, 64, 1, 1) == VDC_EINPUT);
        /* memory: hosts of 8 GiB, VMs of 3 GiB -> 2 per host (mem_overcommit 1);
         * with mem_overcommit 1.5 (12 GiB) -> 4 per host */
        CU_ASSERT(place(pol, 4, 16, 4, one, 8, h, 8, 3, 1) == 0);
        CU_ASSERT(place(pol, 4, 16, 4, one, 9, h, 8, 3, 1) == VDC_EINPUT);
        CU_ASSERT(place(pol, 4, 16, 4, one, 16, h, 8, 3, 1.5) == 0);
    }
    /* end to end: the error names the VM */
    const char *json = "{\"hosts\": [{\"name\": \"h\", \"count\": 2, \"pcpus\": 1}],"
                       " \"vms\": [{\"name\": \"v\", \"count\": 3}],"
                       " \"models\": {\"placement\": {\"name\": \"best_fit\", \"cpu_overcommit\": 1}}}";
    CU_ASSERT(vdc_test_run(json, NULL, 0, db) == VDC_EINPUT);
}

/* The same placements end to end: host utilisations of CPU-bound VMs. */
static void t_policies_end_to_end(void)
{
    static const char *names[] = { "first_fit", "best_fit", "worst_fit" };
    /* FF: h0 = 9, h1 = 6, h2 = 5; BF: 10, 10; WF: 5, 6, 4, 5 (vCPUs of 10) */
    static const double want[3][4] = { { .9, .6, .5, 0 }, { 1, 1, 0, 0 }, { .5, .6, .4, .5 } };
    for (int p = 0; p < 3; p++) {
        char json[1024];
        snprintf(json, sizeof json,
                 "{\"duration_s\": 10, \"hosts\": [{\"name\": \"h\", \"count\": 4, \"pcpus\": 10}],"
                 " \"vms\": [{\"name\": \"a\", \"vcpus\": 5}, {\"name\": \"b\", \"vcpus\": 6},"
                 " {\"name\": \"c\", \"vcpus\": 4}, {\"name\": \"d\", \"vcpus\": 5}],"
                 " \"models\": {\"placement\": {\"name\": \"%s\", \"cpu_overcommit\": 1}}}",
                 names[p]);
        int64_t run = vdc_test_run(json, NULL, 0, db);
        CU_ASSERT_FATAL(run > 0);
        for (int h = 0; h < 4; h++) {
            char e[16];
            snprintf(e, sizeof e, "h-%d", h);
            VDC_ASSERT_NEAR(vdc_test_metric(db, run, e, "util"), want[p][h], 1e-12);
        }
    }
}

/* ---- energy -------------------------------------------------------------------------- */

static void t_energy_linear_exact(void)
{
    /* 4 pCPUs, 2 VMs of demand 0.5: u = 0.25 for 100 s:
     * E = (100 + (250 - 100) x 0.25) x 100 = 13,750 J exactly */
    const char *json =
        "{\"duration_s\": 100, \"hosts\": [{\"name\": \"h\", \"pcpus\": 4, \"power_idle_w\": 100,"
        " \"power_peak_w\": 250}], \"vms\": [{\"name\": \"v\", \"count\": 2, \"workload\":"
        " {\"demand\": 0.5}}], \"models\": {\"placement\": {\"name\": \"consolidate\","
        " \"period_s\": 0}}}";
    int64_t run = vdc_test_run(json, NULL, 0, db);
    CU_ASSERT_FATAL(run > 0);
    VDC_ASSERT_NEAR(vdc_test_metric(db, run, "h", "energy_j"), 13750, 1e-6);
    VDC_ASSERT_NEAR(vdc_test_metric(db, run, "h", "energy_total_j"), 13750, 1e-6);
    VDC_ASSERT_NEAR(vdc_test_metric(db, run, "dc", "energy_kwh"), 13750 / 3.6e6, 1e-12);
    VDC_ASSERT_NEAR(vdc_test_metric(db, run, "dc", "mean_power_w"), 137.5, 1e-9);
    /* an onoff load: 1.0 for 3 s, 0 for 1 s on 1 pCPU: E = 3/4 x 250 + 1/4 x 100 per s */
    const char *onoff =
        "{\"duration_s\": 100, \"hosts\": [{\"name\": \"h\", \"pcpus\": 1}], \"vms\": [{\"name\":"
        " \"v\", \"workload\": {\"type\": \"onoff\", \"on_s\": 3, \"off_s\": 1}}],"
        " \"models\": {\"placement\": {\"name\": \"consolidate\", \"period_s\": 0}}}";
    run = vdc_test_run(onoff, NULL, 0, db);
    CU_ASSERT_FATAL(run > 0);
    VDC_ASSERT_NEAR(vdc_test_metric(db, run, "h", "energy_total_j"), 100 * (0.75 * 250 + 25), 1e-6);
    VDC_ASSERT_NEAR(vdc_test_metric(db, run, "h", "energy_j"), 100 * (0.75 * 250 + 25), 1e-6);
    /* a table: hp_ml110_g4 at u = 0.25 lies halfway between 20% (92.6) and 30% (96) */
    vdc_power_curve c;
    vdc_error err = { 0 };
    vdc_host hw = { .power_idle_w = 1, .power_peak_w = 2 };
    CU_ASSERT(vdc_power_parse(&c, "hp_ml110_g4", "t", &err) == 0);
    VDC_ASSERT_NEAR(vdc_power_w(&c, &hw, 0.25), 94.3, 1e-12);
    CU_ASSERT(vdc_power_parse(&c, "10, 20,40", "t", &err) == 0);
    VDC_ASSERT_NEAR(vdc_power_w(&c, &hw, 0.75), 30, 1e-12);
    CU_ASSERT(vdc_power_parse(&c, "10;20", "t", &err) == VDC_EINPUT);
    CU_ASSERT(vdc_power_parse(&c, "12", "t", &err) == VDC_EINPUT);
    CU_ASSERT(vdc_power_parse(&c, "no_such_server", "t", &err) == VDC_EINPUT);
}

/* ---- consolidation ---------------------------------------------------------------------- */

/* Two hosts (4 pCPUs, 100/250 W): a (demand 1.0) on h-0, b (0.2) on h-1;
 * consolidation every 100 s, shutdown 10 s at 50 W, 1000 s. */
static const char *pair =
    "{\"duration_s\": 1000, \"sample_window_s\": 100,"
    " \"hosts\": [{\"name\": \"h\", \"count\": 2, \"pcpus\": 4, \"power_idle_w\": 100,"
    "   \"power_peak_w\": 250}],"
    " \"vms\": [{\"name\": \"a\", \"host\": \"h-0\", \"workload\": {\"demand\": 1.0}},"
    "   {\"name\": \"b\", \"host\": \"h-1\", \"workload\": {\"demand\": 0.2}}],"
    " \"models\": {\"placement\": {\"name\": \"consolidate\", \"period_s\": 100,"
    "   \"shutdown_s\": 10, \"shutdown_w\": 50}}}";

static void t_consolidation_powers_down(void)
{
    int64_t run = vdc_test_run(pair, NULL, 0, db);
    CU_ASSERT_FATAL(run > 0);
    /* at 100 s h-1 (load 0.05 of its pCPUs, least loaded) is emptied: b
     * moves to h-0 (instantly: no migration model), h-1 shuts down, and is
     * off at 110 s.  h-0 then received a VM, so it is not emptied. */
    char sql[512];
    snprintf(sql, sizeof sql, "SELECT t_s FROM consolidation WHERE run_id=%lld AND event='off'"
             " AND src='h-1'", (long long)run);
    VDC_ASSERT_NEAR(vdc_test_query(db, sql), 110, 1e-9);
    snprintf(sql, sizeof sql, "SELECT count(*) FROM consolidation WHERE run_id=%lld AND"
             " event='migrate' AND vm='b' AND src='h-1' AND dst='h-0' AND t_s=100", (long long)run);
    VDC_ASSERT_NEAR(vdc_test_query(db, sql), 1, 0);
    VDC_ASSERT_NEAR(vdc_test_metric(db, run, "dc", "migrations_requested"), 1, 0);
    VDC_ASSERT_NEAR(vdc_test_metric(db, run, "dc", "power_off_transitions"), 1, 0);
    VDC_ASSERT_NEAR(vdc_test_metric(db, run, "dc", "hosts_on_end"), 1, 0);
    /* energy: h-0 137.5 W x 100 s + 145 W x 900 s; h-1 107.5 W x 100 s + 50 W x 10 s */
    double e = 137.5 * 100 + 145 * 900 + 107.5 * 100 + 50 * 10;
    VDC_ASSERT_NEAR(vdc_test_metric(db, run, "dc", "energy_kwh") * 3.6e6, e, 1e-6);
    VDC_ASSERT_NEAR(vdc_test_metric(db, run, "dc", "energy_transition_kwh") * 3.6e6, 500, 1e-9);
    /* fluid charges nothing while the world's host is off (from 100 s) */
    VDC_ASSERT_NEAR(vdc_test_metric(db, run, "h-1", "energy_j"), 107.5 * 100, 1e-6);
    VDC_ASSERT_NEAR(vdc_test_metric(db, run, "dc", "active_hosts_mean"), 1.1, 1e-12);
    /* samples: 2 active hosts in the first window, 1 after */
    snprintf(sql, sizeof sql, "SELECT value FROM samples WHERE run_id=%lld AND entity='dc' AND"
             " name='active_hosts' AND t_s=500", (long long)run);
    VDC_ASSERT_NEAR(vdc_test_query(db, sql), 1, 1e-12);
    /* the saving against no consolidation is what the formula predicts:
     * h-1's 107.5 W for 900 s, minus the shutdown's 500 J, minus b's
     * dynamic power moving to h-0 (which is the same 150 x 0.05 W) */
    const char *sets[] = { "models.placement.period_s=0" };
    int64_t base = vdc_test_run(pair, sets, 1, db);
    CU_ASSERT_FATAL(base > 0);
    double e0 = vdc_test_metric(db, base, "dc", "energy_kwh") * 3.6e6;
    VDC_ASSERT_NEAR(e0, 137.5 * 1000 + 107.5 * 1000, 1e-6);
    VDC_ASSERT_NEAR(e0 - e, 100 * 900 - 50 * 10, 1e-6);
}

static void t_consolidation_with_live_migration(void)
{
    /* the same with precopy_fluid: h-1 goes off shutdown_s after b arrives */
    const char *sets[] = { "models.migration.name=precopy_fluid" };
    int64_t run = vdc_test_run(pair, sets, 1, db);
    CU_ASSERT_FATAL(run > 0);
    char sql[512];
    snprintf(sql, sizeof sql, "SELECT start_s + total_s FROM migrations WHERE run_id=%lld AND vm='b'",
             (long long)run);
    double end = vdc_test_query(db, sql);
    snprintf(sql, sizeof sql, "SELECT t_s FROM consolidation WHERE run_id=%lld AND event='off'",
             (long long)run);
    double off = vdc_test_query(db, sql);
    CU_ASSERT(end > 100);
    VDC_ASSERT_NEAR(off, end + 10, 1e-6);
    VDC_ASSERT_NEAR(vdc_test_metric(db, run, "dc", "migrations_live"), 1, 0);
    /* downtime: b's demand (0.2) unmet while it is paused */
    snprintf(sql, sizeof sql, "SELECT downtime_s FROM migrations WHERE run_id=%lld AND vm='b'",
             (long long)run);
    double down = vdc_test_query(db, sql);
    CU_ASSERT(down > 0);
    VDC_ASSERT_NEAR(vdc_test_metric(db, run, "dc", "sla_downtime_cpu_s"), 0.2 * down, 1e-9);
}

static void overload_case(const char *json, const char *const *sets, size_t nsets);

static void t_overload_sheds_smallest(void)
{
    /* h-0 holds 5 CPU-bound VMs of 1..5 GiB on 4 pCPUs (load 5 > 0.8 x 4):
     * it sheds m1 (1 GiB) and m2 (2 GiB), reaching 3 <= 3.2; both go to
     * h-1 (0.5 -> 2.5 <= 3.2).  Before the step h-0 lacks 1 pCPU: 100 s of
     * overload = 100 pCPU-s unmet, and it is at 100% for 100 s of 1000. */
    const char *json =
        "{\"duration_s\": 1000, \"hosts\": [{\"name\": \"h\", \"count\": 2, \"pcpus\": 4}],"
        " \"vms\": [{\"name\": \"m1\", \"memory_gib\": 1, \"host\": \"h-0\"},"
        "  {\"name\": \"m2\", \"memory_gib\": 2, \"host\": \"h-0\"},"
        "  {\"name\": \"m3\", \"memory_gib\": 3, \"host\": \"h-0\"},"
        "  {\"name\": \"m4\", \"memory_gib\": 4, \"host\": \"h-0\"},"
        "  {\"name\": \"m5\", \"memory_gib\": 5, \"host\": \"h-0\"},"
        "  {\"name\": \"s\", \"host\": \"h-1\", \"workload\": {\"demand\": 0.5}}],"
        " \"models\": {\"placement\": {\"name\": \"consolidate\", \"period_s\": 100}}}";
    /* the same when h-0's vCPU slots are full (4 pCPUs x 1.25 = 5 vCPUs): a
     * full host is no destination, but it still sheds load */
    const char *full[] = { "models.placement.cpu_overcommit=1.25" };
    for (int k = 0; k < 2; k++)
        overload_case(json, k ? full : NULL, (size_t)k);
}

static void overload_case(const char *json, const char *const *sets, size_t nsets)
{
    int64_t run = vdc_test_run(json, sets, nsets, db);
    CU_ASSERT_FATAL(run > 0);
    char sql[512];
    snprintf(sql, sizeof sql, "SELECT group_concat(vm || '>' || dst, ' ') FROM (SELECT vm, dst"
             " FROM consolidation WHERE run_id=%lld AND event='migrate' ORDER BY rowid)",
             (long long)run);
    sqlite3 *h;
    sqlite3_stmt *st;
    CU_ASSERT_FATAL(sqlite3_open(db, &h) == SQLITE_OK);
    CU_ASSERT_FATAL(sqlite3_prepare_v2(h, sql, -1, &st, NULL) == SQLITE_OK);
    CU_ASSERT(sqlite3_step(st) == SQLITE_ROW);
    const char *moves = (const char *)sqlite3_column_text(st, 0);
    CU_ASSERT_STRING_EQUAL(moves ? moves : "", "m1>h-1 m2>h-1");
    sqlite3_finalize(st);
    sqlite3_close(h);
    VDC_ASSERT_NEAR(vdc_test_metric(db, run, "dc", "sla_overload_cpu_s"), 100, 1e-9);
    VDC_ASSERT_NEAR(vdc_test_metric(db, run, "dc", "slatah"), (100.0 / 1000 + 0) / 2, 1e-12);
    VDC_ASSERT_NEAR(vdc_test_metric(db, run, "dc", "sla_violation"), 100.0 / (5.5 * 1000), 1e-12);
    /* nothing was powered down: neither host is under low_util afterwards */
    VDC_ASSERT_NEAR(vdc_test_metric(db, run, "dc", "power_off_transitions"), 0, 0);
}

static void t_power_up_for_overload(void)
{
    /* h-1 is off-able at 100 s (idle), then at 200 s h-0 is overloaded with
     * nowhere to go: h-1 boots (boot_s 50) and takes VMs at the next step. */
    const char *json =
        "{\"duration_s\": 1000, \"hosts\": [{\"name\": \"h\", \"count\": 2, \"pcpus\": 4}],"
        " \"vms\": [{\"name\": \"v\", \"count\": 4, \"host\": \"h-0\", \"workload\":"
        "  {\"demand\": 0.5}}],"
        " \"models\": {\"placement\": {\"name\": \"consolidate\", \"period_s\": 100,"
        "  \"boot_s\": 50, \"boot_w\": 300}},"
        " \"actions\": [{\"at_s\": 150, \"set_workload\": {\"vm\": \"v-0\", \"workload\":"
        "  {\"type\": \"cpu\", \"demand\": 1}}}, {\"at_s\": 150, \"set_workload\": {\"vm\":"
        "  \"v-1\", \"workload\": {\"type\": \"cpu\", \"demand\": 1}}}, {\"at_s\": 150,"
        "  \"set_workload\": {\"vm\": \"v-2\", \"workload\": {\"type\": \"cpu\", \"demand\": 1}}},"
        "  {\"at_s\": 150, \"set_workload\": {\"vm\": \"v-3\", \"workload\": {\"type\": \"cpu\","
        "  \"demand\": 1}}}]}";
    int64_t run = vdc_test_run(json, NULL, 0, db);
    CU_ASSERT_FATAL(run > 0);
    char sql[512];
    snprintf(sql, sizeof sql, "SELECT group_concat(event || '@' || t_s, ' ') FROM (SELECT event,"
             " t_s FROM consolidation WHERE run_id=%lld AND event IN ('power_off','power_on','on')"
             " ORDER BY rowid)", (long long)run);
    sqlite3 *h;
    sqlite3_stmt *st;
    CU_ASSERT_FATAL(sqlite3_open(db, &h) == SQLITE_OK);
    CU_ASSERT_FATAL(sqlite3_prepare_v2(h, sql, -1, &st, NULL) == SQLITE_OK);
    CU_ASSERT(sqlite3_step(st) == SQLITE_ROW);
    const char *ev = (const char *)sqlite3_column_text(st, 0);
    /* mean load over [100, 200] is 0.5 x 2 + 1 x 2 pCPUs... = 3 < 3.2 at 200 s;
     * over [200, 300] it is 4 > 3.2: power on at 300, on at 350 */
    CU_ASSERT_STRING_EQUAL(ev ? ev : "", "power_off@100.0 power_on@300.0 on@350.0");
    sqlite3_finalize(st);
    sqlite3_close(h);
    VDC_ASSERT_NEAR(vdc_test_metric(db, run, "dc", "energy_transition_kwh") * 3.6e6,
                    50 * 300 + 10 * 100, 1e-6);
    snprintf(sql, sizeof sql, "SELECT count(*) FROM consolidation WHERE run_id=%lld AND"
             " event='migrate' AND t_s=400 AND dst='h-1'", (long long)run);
    CU_ASSERT(vdc_test_query(db, sql) >= 1);
}

/* ---- arrivals and waves ------------------------------------------------------------------- */

static void t_arrivals(void)
{
    /* constant lifetime 100 s: every VM that arrived by 900 s has left */
    const char *json =
        "{\"duration_s\": 1000, \"sample_window_s\": 50,"
        " \"hosts\": [{\"name\": \"h\", \"count\": 4, \"pcpus\": 4}],"
        " \"vms\": [{\"name\": \"web\", \"workload\": {\"demand\": 0.5}}],"
        " \"models\": {\"placement\": {\"name\": \"consolidate\", \"period_s\": 0,"
        "  \"arrival_template\": \"web\", \"arrival_rate_per_s\": 0.1, \"lifetime_s\": 100,"
        "  \"cpu_overcommit\": 2,"
        "  \"lifetime_dist\": \"const\"}}}";
    int64_t run = vdc_test_run(json, NULL, 0, db);
    CU_ASSERT_FATAL(run > 0);
    double arr = vdc_test_metric(db, run, "dc", "arrivals");
    CU_ASSERT(arr > 60 && arr < 140);            /* Poisson(100): +-4 sigma */
    char sql[512];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM consolidation WHERE run_id=%lld AND"
             " event='arrive' AND t_s <= 900", (long long)run);
    VDC_ASSERT_NEAR(vdc_test_metric(db, run, "dc", "departures"), vdc_test_query(db, sql), 0);
    /* the template never runs; arrived VMs get CPU for exactly 100 s x 0.5 */
    VDC_ASSERT_NEAR(vdc_test_metric(db, run, "web", "cpu_s"), 0, 0);
    VDC_ASSERT_NEAR(vdc_test_metric(db, run, "web-a0", "cpu_s"), 50, 1e-6);
    /* same seed, same arrivals; another seed, others */
    int64_t again = vdc_test_run(json, NULL, 0, db);
    VDC_ASSERT_NEAR(vdc_test_metric(db, again, "dc", "arrivals"), arr, 0);
    const char *sets[] = { "seed=2" };
    int64_t other = vdc_test_run(json, sets, 1, db);
    snprintf(sql, sizeof sql, "SELECT (SELECT group_concat(t_s) FROM consolidation WHERE run_id=%lld"
             " AND event='arrive') = (SELECT group_concat(t_s) FROM consolidation WHERE"
             " run_id=%lld AND event='arrive')", (long long)run, (long long)other);
    VDC_ASSERT_NEAR(vdc_test_query(db, sql), 0, 0);
}

static void t_waves(void)
{
    const char *json =
        "{\"duration_s\": 60, \"hosts\": [{\"name\": \"h\", \"count\": 4, \"pcpus\": 4,"
        "  \"bandwidth_gbps\": 10}],"
        " \"vms\": [{\"name\": \"v\", \"count\": 8, \"memory_gib\": 0.25, \"migration\":"
        "  {\"dirty_rate_pages_s\": 1000}}],"
        " \"models\": {\"placement\": {\"name\": \"waves\", \"start_s\": 5, \"period_s\": 10,"
        "  \"vms\": 3, \"count\": 2}, \"migration\": {\"name\": \"precopy_fluid\"}}}";
    int64_t run = vdc_test_run(json, NULL, 0, db);
    CU_ASSERT_FATAL(run > 0);
    VDC_ASSERT_NEAR(vdc_test_metric(db, run, "waves", "requested"), 6, 0);
    VDC_ASSERT_NEAR(vdc_test_metric(db, run, "waves", "live"), 6, 0);
    char sql[512];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM migrations WHERE run_id=%lld AND src <> dst"
             " AND end_reason <> 'rejected' AND start_s IN (5, 15)", (long long)run);
    VDC_ASSERT_NEAR(vdc_test_query(db, sql), 6, 0);
    snprintf(sql, sizeof sql, "SELECT count(DISTINCT vm) FROM migrations WHERE run_id=%lld AND"
             " start_s = 5", (long long)run);
    VDC_ASSERT_NEAR(vdc_test_query(db, sql), 3, 0);
}

static void t_setup(void) { vdc_test_tmpdb(db, sizeof db, "placement"); }

static const vdc_test tests[] = {
    { "setup", t_setup },
    { "fitset against brute force", t_fitset_vs_bruteforce },
    { "first-fit vs best-fit vs worst-fit on 5,6,4,5", t_first_vs_best_vs_worst },
    { "worst-fit spreads, best-fit packs", t_worst_fit_spreads },
    { "overcommit limits", t_overcommit_limits },
    { "policies end to end (host utilisation)", t_policies_end_to_end },
    { "energy at constant utilisation = linear formula", t_energy_linear_exact },
    { "consolidation empties a host and powers it down", t_consolidation_powers_down },
    { "consolidation with live migration", t_consolidation_with_live_migration },
    { "overload sheds the smallest VMs", t_overload_sheds_smallest },
    { "power up when overload has nowhere to go", t_power_up_for_overload },
    { "VM arrivals and departures", t_arrivals },
    { "migration waves", t_waves },
    { 0 }
};
VDC_TEST_MAIN("placement", tests)
