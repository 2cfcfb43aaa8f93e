/* test_credit.c -- the Xen Credit scheduler model (models/sched/credit*.c).
 *
 * 1. (Validation from data: tests/validation/credit.csv -- the analytic
 *    cases of docs/references.md §1.3 and published figures -- is run with every
 *    other table by tests/test_validation.c.)
 * 2. Agreement with the fluid model within 2 % on CPU-bound mixes.
 * 3. Behaviour: BOOST cuts I/O wake latency, caps over 10 accounting
 *    periods, work conservation by stealing (audit), tick dodging, speed
 *    factor, pause/resume/move, ping latency (and between CPU-bound VMs),
 *    latency warm-up and the start-up transient it leaves out, pinning, bad parameters,
 *    determinism, and every credit lab scenario runs under fluid too.
 * Run from the project root.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "models/sched/credit.h"
#include "models/sched/credit_hist.h"
#include "scenario.h"
#include "sim.h"
#include "tests/test_util.h"

/* ---- running scenarios into a database ------------------------------------- */

static char db_path[256];

static void db_reset(void)
{
    char p[300];
    snprintf(db_path, sizeof db_path, "/tmp/vdc_test_credit_%d.db", (int)getpid());
    unlink(db_path);
    snprintf(p, sizeof p, "%s-wal", db_path);
    unlink(p);
    snprintf(p, sizeof p, "%s-shm", db_path);
    unlink(p);
}

/* Run "file set1 set2 ..." (or inline JSON when text != NULL) into db_path. */
static int run_setup(const char *setup, const char *text, const char *extra_set)
{
    char buf[1024];
    const char *sets[32];
    size_t n = 0;
    snprintf(buf, sizeof buf, "%s", setup ? setup : "");
    char *save = NULL, *file = text ? NULL : strtok_r(buf, " ", &save);
    for (char *t = text ? strtok_r(buf, " ", &save) : strtok_r(NULL, " ", &save); t && n < 30;
         t = strtok_r(NULL, " ", &save))
        sets[n++] = t;
    if (extra_set)
        sets[n++] = extra_set;
    vdc_scenario *sc = NULL;
    vdc_error err = { 0 };
    int rc = text ? vdc_scenario_parse(text, strlen(text), "inline", sets, n, &sc, &err)
                  : vdc_scenario_load(file, sets, n, &sc, &err);
    if (!rc) {
        vdc_run_opts opts = { .db_path = db_path };
        vdc_run_summary sum;
        rc = vdc_sim_run(sc, &opts, &sum, &err);
    }
    if (rc)
        fprintf(stderr, "\n  run failed (%s): %s\n", setup ? setup : "inline", err.msg);
    vdc_scenario_free(sc);
    return rc;
}

/* Value(s) of the last run: "m:entity:name" (metric) or "s:entity:name"
 * (every sample: lo = min, hi = max).  Returns the number of rows. */
static int query(const char *spec, double *lo, double *hi)
{
    char kind[8], ent[128], name[128];
    if (sscanf(spec, "%7[^:]:%127[^:]:%127s", kind, ent, name) != 3)
        return 0;
    sqlite3 *db;
    if (sqlite3_open_v2(db_path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
        return 0;
    const char *sql = strcmp(kind, "s") == 0
        ? "SELECT min(value), max(value), count(*) FROM samples WHERE entity=?1 AND name=?2 "
          "AND run_id=(SELECT max(run_id) FROM runs)"
        : "SELECT min(value), max(value), count(*) FROM metrics WHERE entity=?1 AND name=?2 "
          "AND run_id=(SELECT max(run_id) FROM runs)";
    sqlite3_stmt *st;
    int rows = 0;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK) {
        sqlite3_bind_text(st, 1, ent, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
        if (sqlite3_step(st) == SQLITE_ROW && (rows = sqlite3_column_int(st, 2)) > 0) {
            *lo = sqlite3_column_double(st, 0);
            *hi = sqlite3_column_double(st, 1);
        }
        sqlite3_finalize(st);
    }
    sqlite3_close(db);
    return rows;
}

static double metric_of(const char *entity, const char *name)
{
    char spec[300];
    double lo = NAN, hi = NAN;
    snprintf(spec, sizeof spec, "m:%s:%s", entity, name);
    return query(spec, &lo, &hi) ? lo : NAN;
}

/* Run and return one metric (NAN on failure). */
static double run_metric(const char *setup, const char *text, const char *set, const char *entity,
                         const char *name)
{
    db_reset();
    if (run_setup(setup, text, set))
        return NAN;
    return metric_of(entity, name);
}

/* ---- 2. agreement with the fluid model ------------------------------------- */

static const char *const fluid_cases[] = {
    /* weights 1:2:4:8 on 2 pCPUs */
    "{\"duration_s\": 300, \"hosts\": [{\"name\": \"h\", \"pcpus\": 2}], \"vms\": ["
    "{\"name\": \"a\", \"weight\": 128, \"host\": \"h\"}, {\"name\": \"b\", \"weight\": 256, \"host\": \"h\"},"
    "{\"name\": \"c\", \"weight\": 512, \"host\": \"h\"}, {\"name\": \"d\", \"weight\": 1024, \"host\": \"h\"}],"
    "\"models\": {\"sched\": {\"name\": \"credit\"}}}",
    /* 2-vCPU VMs, a cap of 60 %, 4 pCPUs */
    "{\"duration_s\": 300, \"hosts\": [{\"name\": \"h\", \"pcpus\": 4}], \"vms\": ["
    "{\"name\": \"a\", \"count\": 2, \"vcpus\": 2, \"host\": \"h\"},"
    "{\"name\": \"b\", \"vcpus\": 2, \"weight\": 512, \"cap\": 60, \"host\": \"h\"},"
    "{\"name\": \"c\", \"vcpus\": 2, \"host\": \"h\"}], \"models\": {\"sched\": {\"name\": \"credit\"}}}",
    /* 8 pCPUs, weights 256/512, a 4-vCPU VM capped at 150 % */
    "{\"duration_s\": 300, \"hosts\": [{\"name\": \"h\", \"pcpus\": 8}], \"vms\": ["
    "{\"name\": \"a\", \"count\": 4, \"vcpus\": 2, \"host\": \"h\"},"
    "{\"name\": \"b\", \"count\": 4, \"vcpus\": 2, \"weight\": 512, \"host\": \"h\"},"
    "{\"name\": \"c\", \"vcpus\": 4, \"cap\": 150, \"host\": \"h\"}], \"models\": {\"sched\": {\"name\": \"credit\"}}}",
    /* one pCPU, weights 300/700 with a cap of 40 on the heavy one */
    "{\"duration_s\": 300, \"hosts\": [{\"name\": \"h\", \"pcpus\": 1}], \"vms\": ["
    "{\"name\": \"a\", \"weight\": 300, \"host\": \"h\"}, {\"name\": \"b\", \"weight\": 700, \"cap\": 40, \"host\": \"h\"}],"
    "\"models\": {\"sched\": {\"name\": \"credit\"}}}",
    /* 3 pCPUs, 7 VMs of mixed weights, one capped */
    "{\"duration_s\": 300, \"hosts\": [{\"name\": \"h\", \"pcpus\": 3}], \"vms\": ["
    "{\"name\": \"a\", \"count\": 3, \"host\": \"h\"}, {\"name\": \"b\", \"count\": 2, \"weight\": 384, \"host\": \"h\"},"
    "{\"name\": \"c\", \"weight\": 768, \"host\": \"h\"}, {\"name\": \"d\", \"cap\": 30, \"host\": \"h\"}],"
    "\"models\": {\"sched\": {\"name\": \"credit\"}}}",
    NULL
};

static int shares(const char *text, const char *model, char names[][32], double *v, int max)
{
    char set[64];
    snprintf(set, sizeof set, "models.sched.name=%s", model);
    db_reset();
    if (run_setup(NULL, text, set))
        return -1;
    sqlite3 *db;
    int n = 0;
    if (sqlite3_open_v2(db_path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
        return -1;
    sqlite3_stmt *st;
    sqlite3_prepare_v2(db, "SELECT entity, value FROM metrics WHERE name='share' ORDER BY entity",
                       -1, &st, NULL);
    while (sqlite3_step(st) == SQLITE_ROW && n < max) {
        snprintf(names[n], 32, "%s", (const char *)sqlite3_column_text(st, 0));
        v[n++] = sqlite3_column_double(st, 1);
    }
    sqlite3_finalize(st);
    sqlite3_close(db);
    return n;
}

static void test_fluid_agreement(void)
{
    char nc[32][32], nf[32][32];
    double c[32], f[32], worst = 0;
    for (int k = 0; fluid_cases[k]; k++) {
        int n = shares(fluid_cases[k], "credit", nc, c, 32);
        int m = shares(fluid_cases[k], "fluid", nf, f, 32);
        CU_ASSERT_FATAL(n > 0 && n == m);
        for (int i = 0; i < n; i++) {
            CU_ASSERT_STRING_EQUAL(nc[i], nf[i]);
            double rel = fabs(c[i] - f[i]) / f[i];
            if (rel > worst)
                worst = rel;
            if (rel > 0.02)
                fprintf(stderr, "\n  case %d %s: credit %.4f fluid %.4f (%.1f %%)", k, nc[i], c[i],
                        f[i], 100 * rel);
            CU_ASSERT(rel <= 0.02);
        }
    }
    fprintf(stderr, "\n  credit vs fluid: worst relative share difference %.2f %%\n", 100 * worst);
}

/* ---- 3. behaviour ------------------------------------------------------------ */

static void test_boost_cuts_wake_latency(void)
{
    const char *f = "scenarios/labs/credit/boost.json";
    double on99 = run_metric(f, NULL, "models.sched.boost=true", "io", "wake_latency_p99_us");
    double on_mean = metric_of("io", "wake_latency_mean_us");
    double off99 = run_metric(f, NULL, "models.sched.boost=false", "io", "wake_latency_p99_us");
    double off_mean = metric_of("io", "wake_latency_mean_us");
    fprintf(stderr, "\n  io wake latency p99/mean: boost %.0f/%.0f us, no boost %.0f/%.0f us\n",
            on99, on_mean, off99, off_mean);
    CU_ASSERT(on99 < 0.5 * off99);
    CU_ASSERT(on_mean < 0.5 * off_mean);
}

/* Caps act only at accounting.  Over a window of W accounting periods a
 * capped vCPU is granted at most W-1 times its share of the cap's credit
 * inside the window, and can also spend what it held at the start (at most
 * cpt: above that it leaves the active set) and run one more period before
 * the accounting that parks it sees it below -cap share: so the VM's share
 * over 10 periods is at most cap + 2 n / 10.  The analytic single-vCPU
 * patterns are tighter: 60 on / 60 off (cap 50) has a worst 10-period
 * window of 6/10, 30 on / 90 off (cap 25) one of 3/10. */
static void check_cap(const char *setup, const char *set, const char *vm, double cap, int n,
                      double exact)
{
    double w = run_metric(setup, NULL, set, vm, "cap_window_max");
    double share = metric_of(vm, "share");
    fprintf(stderr, "\n  %s %s: cap %.2f, share %.4f, worst 10-period window %.4f", setup,
            set ? set : "", cap, share, w);
    CU_ASSERT(!isnan(w));
    CU_ASSERT(w <= cap + 2.0 * n / 10 + 1e-9);
    if (exact > 0)
        VDC_ASSERT_NEAR(w, exact, 1e-6);
    CU_ASSERT(share <= cap + 0.01);
}

static void test_caps_over_windows(void)
{
    const char *f = "scenarios/labs/credit/cap.json";
    check_cap(f, NULL, "capped", 0.50, 1, 0.6);
    check_cap(f, "vms[0].cap=25", "capped", 0.25, 1, 0.3);
    check_cap(f, "vms[1].workload.type=cpu", "capped", 0.50, 1, 0);
    const char *two = "scenarios/labs/credit/balance.json vms[1].cap=150 vms[1].count=1 vms[1].vcpus=2";
    check_cap(two, NULL, "big-0", 1.5, 2, 0);
    /* without a cap the same VM takes more than the bound allows */
    double free = run_metric(two, NULL, "vms[1].cap=0", "big-0", "share");
    CU_ASSERT(free > 1.5 + 2.0 * 2 / 10);
    fprintf(stderr, "\n  uncapped: %.3f\n", free);
}

static void test_work_conservation(void)
{
    /* placed round-robin on 2 pCPUs: c1 c2 c3 on pCPU 0, i1 i2 (I/O) on 1 */
    const char *text =
        "{\"duration_s\": 30, \"hosts\": [{\"name\": \"h\", \"pcpus\": 2}], \"vms\": ["
        "{\"name\": \"c1\", \"host\": \"h\"},"
        "{\"name\": \"i1\", \"host\": \"h\", \"workload\": {\"type\": \"io\", \"burst_ms\": 1, \"wait_ms\": 5}},"
        "{\"name\": \"c2\", \"host\": \"h\"},"
        "{\"name\": \"i2\", \"host\": \"h\", \"workload\": {\"type\": \"io\", \"burst_ms\": 1, \"wait_ms\": 5}},"
        "{\"name\": \"c3\", \"host\": \"h\"}], \"models\": {\"sched\": {\"name\": \"credit\","
        " \"audit_ms\": 1}}}";
    double v = run_metric(NULL, text, NULL, "credit", "audit_violations");
    double checks = metric_of("credit", "audit_checks");
    double util = metric_of("h", "util");
    double off = run_metric(NULL, text, "models.sched.load_balance=false", "credit",
                            "audit_violations");
    fprintf(stderr, "\n  audit: %g violations in %g checks (util %.3f); without stealing %g\n", v,
            checks, util, off);
    CU_ASSERT(checks > 1000);
    CU_ASSERT(v == 0);
    CU_ASSERT(off > 0);                  /* the audit can see a violation */
    double b = run_metric("scenarios/labs/credit/balance.json models.sched.audit_ms=1", NULL, NULL,
                          "credit", "audit_violations");
    CU_ASSERT(b == 0);
}

/* A dodger that no tick ever catches running never enters the active set, so
 * its priority is never recomputed: exact debit alone does not stop it
 * (credit.c:975: only csched_tick, via csched_unit_acct, calls __csched_unit_acct_start). */
static void test_dodger_never_active(void)
{
    const char *text =
        "{\"duration_s\": 30, \"hosts\": [{\"name\": \"h\", \"pcpus\": 1}], \"vms\": ["
        "{\"name\": \"cheat\", \"host\": \"h\", \"workload\": {\"type\": \"onoff\", \"demand\": 1,"
        " \"on_s\": 0.0098, \"off_s\": 0.0002, \"phase_s\": 0.0001}},"
        "{\"name\": \"victim\", \"host\": \"h\"}], \"models\": {\"sched\": {\"name\": \"credit\","
        " \"ratelimit_us\": 0}}}";
    double ex = run_metric(NULL, text, "models.sched.accounting=exact", "cheat", "share");
    double sa = run_metric(NULL, text, "models.sched.accounting=sampled", "cheat", "share");
    fprintf(stderr, "\n  always-dodging guest: exact %.3f, sampled %.3f\n", ex, sa);
    CU_ASSERT(ex > 0.9 && sa > 0.9);
}

/* ---- a harness with direct access to the model's state ---------------------- */

typedef struct harness {
    vdc_scenario *sc;
    vdc_sim sim;
    vdc_credit *s;
} harness;

static int h_open(harness *h, const char *text)
{
    vdc_error err = { 0 };
    memset(h, 0, sizeof *h);
    if (vdc_scenario_parse(text, strlen(text), "harness", NULL, 0, &h->sc, &err)) {
        fprintf(stderr, "\n  harness: %s\n", err.msg);
        return -1;
    }
    vdc_sim *sim = &h->sim;
    sim->label = h->sc->file;
    sim->seed = (uint64_t)h->sc->seed;
    sim->end = vdc_time_from_s(h->sc->duration_s);
    sim->sample_window_s = h->sc->sample_window_s;
    sim->eng = vdc_engine_new();
    const vdc_model_type *t = h->sc->model[VDC_KIND_SCHED].type;
    if (!sim->eng || strcmp(t->name, "credit") ||
        vdc_world_init(&sim->world, h->sc->hosts, h->sc->nhost, h->sc->vms, h->sc->nvm, &err))
        return -1;
    h->s = calloc(1, t->state_size);
    if (!h->s || t->init(h->s, h->sc->model[VDC_KIND_SCHED].params, sim, &err)) {
        fprintf(stderr, "\n  harness init: %s\n", err.msg);
        return -1;
    }
    return 0;
}

static void h_close(harness *h)
{
    if (h->s) {
        h->sc->model[VDC_KIND_SCHED].type->destroy(h->s);
        free(h->s);
    }
    vdc_world_release(&h->sim.world);
    vdc_engine_free(h->sim.eng);
    vdc_scenario_free(h->sc);
}

static double vm_cpu_s(harness *h, int vm)
{
    const vdc_vm *m = &h->sim.world.vm[vm];
    int64_t ns = 0;
    for (int c = 0; c < h->s->npc; c++)
        vdc_credit_settle(h->s, c);
    for (int i = 0; i < (int)m->vcpus; i++)
        ns += h->s->vc[m->vcpu0 + i].cpu_ns;
    return (double)ns / 1e9;
}

static void ev_speed_half(vdc_engine *e, void *ctx, uint64_t vm)
{
    harness *h = ctx;
    (void)e;
    vdc_world_set_speed(&h->sim.world, &h->sim, (int)vm, VDC_SPEED_MEMORY, 0.5);
}

/* I/O bursts of 1 ms of work, waits of 9 ms, alone: share 1/10 at speed 1;
 * at speed 0.5 a burst takes 2 ms of CPU: share 2/11. */
static void test_speed_factor(void)
{
    const char *text =
        "{\"duration_s\": 20, \"hosts\": [{\"name\": \"h\", \"pcpus\": 1}], \"vms\": ["
        "{\"name\": \"io\", \"host\": \"h\", \"workload\": {\"type\": \"io\", \"burst_ms\": 1,"
        " \"wait_ms\": 9, \"dist\": \"const\"}}], \"models\": {\"sched\": {\"name\": \"credit\"}}}";
    harness h;
    CU_ASSERT_FATAL(h_open(&h, text) == 0);
    vdc_engine_run(h.sim.eng, vdc_time_from_s(10));
    double first = vm_cpu_s(&h, 0);
    ev_speed_half(h.sim.eng, &h, 0);
    vdc_engine_run(h.sim.eng, h.sim.end);
    double second = vm_cpu_s(&h, 0) - first;
    fprintf(stderr, "\n  share at speed 1: %.4f, at speed 0.5: %.4f\n", first / 10, second / 10);
    VDC_ASSERT_NEAR(first / 10, 0.1, 0.002);
    VDC_ASSERT_NEAR(second / 10, 2.0 / 11.0, 0.002);
    double work = h.s->vc[0].work_ns / 1e9;
    VDC_ASSERT_NEAR(work, first + second / 2, 0.002);   /* work = speed x time */
    h_close(&h);
}

static void ev_pause(vdc_engine *e, void *ctx, uint64_t vm)
{
    harness *h = ctx;
    (void)e;
    vdc_world_pause(&h->sim.world, &h->sim, (int)vm);
}

static void ev_resume(vdc_engine *e, void *ctx, uint64_t vm)
{
    harness *h = ctx;
    (void)e;
    vdc_world_resume(&h->sim.world, &h->sim, (int)vm);
}

static void ev_move(vdc_engine *e, void *ctx, uint64_t vm)
{
    harness *h = ctx;
    (void)e;
    vdc_world_move(&h->sim.world, &h->sim, (int)vm, 1);
}

/* Two CPU-bound VMs on host h-0 (1 pCPU each host): b paused 2..4 s, then
 * moved to h-1 at 10 s.  Expected CPU over 20 s: a = 1 + 2 + 3 + 10 = 16
 * (0.5 share 0-2 s and 4-10 s, 1.0 while b is away), b = 1 + 3 + 10 = 14. */
static void test_pause_resume_move(void)
{
    const char *text =
        "{\"duration_s\": 20, \"hosts\": [{\"name\": \"h\", \"count\": 2, \"pcpus\": 1}], \"vms\": ["
        "{\"name\": \"a\", \"host\": \"h-0\"}, {\"name\": \"b\", \"host\": \"h-0\"}],"
        " \"models\": {\"sched\": {\"name\": \"credit\"}}}";
    harness h;
    CU_ASSERT_FATAL(h_open(&h, text) == 0);
    vdc_engine_at(h.sim.eng, vdc_time_from_s(2), ev_pause, &h, 1);
    vdc_engine_at(h.sim.eng, vdc_time_from_s(4), ev_resume, &h, 1);
    vdc_engine_at(h.sim.eng, vdc_time_from_s(10), ev_move, &h, 1);
    CU_ASSERT(vdc_engine_run(h.sim.eng, h.sim.end) == 0);
    double a = vm_cpu_s(&h, 0), b = vm_cpu_s(&h, 1);
    fprintf(stderr, "\n  cpu_s a %.3f (16), b %.3f (14); b on pCPU %d\n", a, b, h.s->vc[1].pcpu);
    VDC_ASSERT_NEAR(a, 16, 0.1);
    VDC_ASSERT_NEAR(b, 14, 0.1);
    CU_ASSERT(h.s->vc[1].pcpu == 1);           /* h-1's only pCPU */
    h_close(&h);
}

/* An idle client pings an idle server: latency = 3 x service (send, serve,
 * receive) on one host; hosts apart add 2 x latency_us. */
static void test_ping_latency(void)
{
    const char *text =
        "{\"duration_s\": 10, \"hosts\": [{\"name\": \"h\", \"count\": 2, \"pcpus\": 2,"
        " \"latency_us\": 50}], \"vms\": ["
        "{\"name\": \"client\", \"host\": \"h-0\", \"workload\": {\"type\": \"ping\", \"peer\": \"srv\","
        " \"interval_ms\": 10, \"service_ms\": 0.1}},"
        "{\"name\": \"srv\", \"host\": \"h-0\", \"workload\": {\"type\": \"idle\"}}],"
        " \"models\": {\"sched\": {\"name\": \"credit\"}}}";
    double p50 = run_metric(NULL, text, NULL, "client", "ping_latency_p50_ms");
    double n = metric_of("client", "ping_requests");
    double far = run_metric(NULL, text, "vms[1].host=h-1", "client", "ping_latency_p50_ms");
    fprintf(stderr, "\n  ping p50: same host %.4f ms (0.3), hosts apart %.4f ms (0.4), %g requests\n",
            p50, far, n);
    VDC_ASSERT_NEAR(p50, 0.3, 0.3 * 0.02);
    VDC_ASSERT_NEAR(far, 0.4, 0.4 * 0.02);
    CU_ASSERT(n > 900 && n < 1100);
    /* A client that also computes (demand 1) and owns its pCPU: requests run
     * ahead of its own work, so the latency is unchanged and the client
     * still takes (almost) the whole pCPU. */
    double busy = run_metric(NULL, text, "vms[0].workload.demand=1", "client",
                             "ping_latency_p50_ms");
    double share = metric_of("client", "share");
    /* The same client sharing one pCPU with a CPU-bound server: a request
     * that arrives while its vCPU is queued waits for its turn (slices). */
    double shared = run_metric("vms[0].workload.demand=1 hosts[0].pcpus=1 vms[1].workload.type=cpu",
                               text, NULL, "client", "ping_latency_mean_ms");
    fprintf(stderr, "  computing client: p50 %.4f ms, share %.4f; sharing a pCPU: mean %.2f ms\n",
            busy, share, shared);
    VDC_ASSERT_NEAR(busy, 0.3, 0.3 * 0.02);
    CU_ASSERT(share > 0.95);
    CU_ASSERT(shared > 3.0);
}

/* ping's RTT counts from the stamp it writes when its process runs to send
 * (iputils ping4_send_probe), not from its timer: a client sharing its pCPU
 * with a CPU hog, pinging an idle server on another host.  Hand-derived: a
 * request sent while the client runs takes send + hop + serve (the idle
 * server wakes BOOSTed on an idle pCPU) + hop + receive (the client still
 * runs) = 0.1 + 0.05 + 0.1 + 0.05 + 0.1 = 0.4 ms, whether or not its timer
 * fired while the hog ran.  Only a slice ending between send and receive
 * (~0.3 ms of a 30 ms slice, for requests sent mid-slice) adds a wait, so
 * the mean stays near 0.4 + 0.01 x 30 ms; counted from the timer it would be
 * ~0.4 + 0.5 x 15 = 7.9 ms (half the timers fire while the hog runs, which
 * then has 15 ms of its slice left on average). */
static void test_ping_stamp(void)
{
    const char *text =
        "{\"duration_s\": 60, \"hosts\": [{\"name\": \"a\", \"pcpus\": 1, \"latency_us\": 50},"
        " {\"name\": \"b\", \"pcpus\": 1, \"latency_us\": 50}], \"vms\": ["
        "{\"name\": \"client\", \"host\": \"a\", \"workload\": {\"type\": \"ping\", \"peer\": \"srv\","
        " \"interval_ms\": 100, \"service_ms\": 0.1, \"demand\": 1}},"
        "{\"name\": \"hog\", \"host\": \"a\", \"workload\": {\"type\": \"cpu\", \"demand\": 1}},"
        "{\"name\": \"srv\", \"host\": \"b\", \"workload\": {\"type\": \"idle\"}}],"
        " \"models\": {\"sched\": {\"name\": \"credit\"}}}";
    double p50 = run_metric(NULL, text, NULL, "client", "ping_latency_p50_ms");
    double mean = metric_of("client", "ping_latency_mean_ms");
    double n = metric_of("client", "ping_requests");
    fprintf(stderr, "\n  ping stamped at the send: p50 %.4f ms (0.4), mean %.3f ms (< 1.5; 7.9 from"
            " the timer), %g requests\n", p50, mean, n);
    VDC_ASSERT_NEAR(p50, 0.4, 0.4 * 0.02);
    CU_ASSERT(mean < 1.5);
    CU_ASSERT(n > 500 && n < 700);
}

/* Two 1-vCPU VMs that both compute share one pCPU (no ratelimit, as in Xen
 * 4.1); one pings the other.  Neither wakes (both stay runnable), so neither
 * is BOOSTed and the pCPU alternates 30 ms slices.  Hand-derived: a request
 * sent at offset o into the client's slice is served when the server's
 * slice starts (30 - o later) and received when the client's next slice
 * starts (30 later): RTT = 60 - o (+ 3 x 0.05 ms of service), so 30 <= RTT
 * <= 60.15.  A timer that fires while the client is queued sends at o = 0
 * (RTT 60.15): half the requests; the others have o uniform on 0..30
 * (mean RTT 45.15); overall mean 52.65 ms. */
static void test_ping_shared_pcpu(void)
{
    const char *text =
        "{\"duration_s\": 300, \"hosts\": [{\"name\": \"h\", \"pcpus\": 1}], \"vms\": ["
        "{\"name\": \"client\", \"host\": \"h\", \"workload\": {\"type\": \"ping\", \"peer\": \"srv\","
        " \"interval_ms\": 100, \"dist\": \"exp\", \"service_ms\": 0.05, \"demand\": 1}},"
        "{\"name\": \"srv\", \"host\": \"h\", \"workload\": {\"type\": \"cpu\", \"demand\": 1}}],"
        " \"models\": {\"sched\": {\"name\": \"credit\", \"ratelimit_us\": 0}}}";
    double lo = run_metric(NULL, text, NULL, "client", "ping_latency_min_ms");
    double mean = metric_of("client", "ping_latency_mean_ms");
    double hi = metric_of("client", "ping_latency_max_ms");
    fprintf(stderr, "\n  ping between two CPU-bound VMs on one pCPU: min %.2f (>= 30), mean %.2f"
            " (52.65), max %.2f (<= 60.15) ms\n", lo, mean, hi);
    CU_ASSERT(lo >= 30 - 1e-6);
    CU_ASSERT(hi <= 60.15 + 0.01);
    VDC_ASSERT_NEAR(mean, 52.65, 2.0);
}

/* models.sched.latency_warmup_s: wake and ping latencies are recorded only
 * from that time on.  Hand-derived: an I/O VM alone on its pCPU (1 ms
 * bursts, 9 ms waits, const) wakes every 10 ms, so a 0.5 s warm-up of a 1 s
 * run drops 50 of its wakes; a ping every 10 ms (const) over 10 s with a
 * 5 s warm-up records half of its requests. */
static void test_latency_warmup(void)
{
    const char *io =
        "{\"duration_s\": 1, \"hosts\": [{\"name\": \"h\", \"pcpus\": 1}], \"vms\": ["
        "{\"name\": \"io\", \"host\": \"h\", \"workload\": {\"type\": \"io\", \"burst_ms\": 1,"
        " \"wait_ms\": 9, \"dist\": \"const\"}}], \"models\": {\"sched\": {\"name\": \"credit\"}}}";
    double all = run_metric(NULL, io, NULL, "io", "wakes");
    double late = run_metric(NULL, io, "models.sched.latency_warmup_s=0.5", "io", "wakes");
    const char *ping =
        "{\"duration_s\": 10, \"hosts\": [{\"name\": \"h\", \"pcpus\": 2}], \"vms\": ["
        "{\"name\": \"client\", \"host\": \"h\", \"workload\": {\"type\": \"ping\", \"peer\": \"srv\","
        " \"interval_ms\": 10, \"dist\": \"const\"}},"
        "{\"name\": \"srv\", \"host\": \"h\", \"workload\": {\"type\": \"idle\"}}],"
        " \"models\": {\"sched\": {\"name\": \"credit\"}}}";
    double pall = run_metric(NULL, ping, NULL, "client", "ping_requests");
    double plate = run_metric(NULL, ping, "models.sched.latency_warmup_s=5", "client",
                              "ping_requests");
    fprintf(stderr, "\n  wakes %g, after a 0.5 s warm-up %g (50 fewer); ping requests %g, after"
            " 5 s %g (half)\n", all, late, pall, plate);
    VDC_ASSERT_NEAR(all - late, 50, 1);
    VDC_ASSERT_NEAR(plate, pall / 2, 1);
}

/* The start-up transient the warm-up leaves out.  The I/O VM (10 ms bursts,
 * 10 ms waits) and two CPU-bound VMs start at t = 0 with zero credit on one
 * pCPU.  Traced by hand from Credit's rules: the I/O vCPU wakes at 90 ms
 * just after the accounting made it OVER (not BOOSTed); cpu-1, UNDER, runs
 * its slice to 110 ms and is queued UNDER ahead of it; cpu-0, UNDER, runs
 * 110-140 ms and, still UNDER, again 140-170 ms; the 150 ms accounting makes
 * both waiters UNDER, the stable re-sort keeps cpu-1 first, which runs
 * 170-200 ms: a wait of 110 ms.  After 1 s the largest wait is behind the
 * two others' slices: at most 60 ms (Xen commit 348dee3b, 2014). */
static void test_startup_transient(void)
{
    const char *f = "scenarios/labs/credit/boost.json vms[0].workload.burst_ms=10 "
                    "vms[0].workload.wait_ms=10 vms[0].workload.dist=const";
    double all = run_metric(f, NULL, NULL, "io", "wake_latency_max_us");
    double late = run_metric(f, NULL, "models.sched.latency_warmup_s=1", "io",
                             "wake_latency_max_us");
    fprintf(stderr, "\n  I/O VM's longest wait: %.0f us from t = 0 (110000), %.0f us after 1 s"
            " (<= 60000)\n", all, late);
    VDC_ASSERT_NEAR(all, 110000, 1);
    CU_ASSERT(late <= 60000);
}

static void test_pinning(void)
{
    const char *text =
        "{\"duration_s\": 10, \"hosts\": [{\"name\": \"h\", \"pcpus\": 2}], \"vms\": ["
        "{\"name\": \"p\", \"count\": 2, \"host\": \"h\", \"pin\": [1]}],"
        " \"models\": {\"sched\": {\"name\": \"credit\"}}}";
    double a = run_metric(NULL, text, NULL, "p-0", "share");
    double util = metric_of("h", "util");
    VDC_ASSERT_NEAR(a, 0.5, 0.01);
    VDC_ASSERT_NEAR(util, 0.5, 0.01);            /* pCPU 0 stays idle */
    double free_share = run_metric(NULL, text, "vms[0].pin=[]", "p-0", "share");
    VDC_ASSERT_NEAR(free_share, 1.0, 0.01);
}

static void expect_input_error(const char *text, const char *set, const char *needle)
{
    vdc_scenario *sc = NULL;
    vdc_error err = { 0 };
    const char *sets[1] = { set };
    int rc = vdc_scenario_parse(text, strlen(text), "bad.json", sets, set ? 1 : 0, &sc, &err);
    if (!rc) {
        vdc_run_opts opts = { 0 };
        rc = vdc_sim_run(sc, &opts, NULL, &err);
    }
    vdc_scenario_free(sc);
    CU_ASSERT(rc == VDC_EINPUT);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, needle));
    if (!strstr(err.msg, needle))
        fprintf(stderr, "\n  message: %s\n", err.msg);
}

static void test_bad_input(void)
{
    const char *text =
        "{\"duration_s\": 1, \"hosts\": [{\"name\": \"h\", \"pcpus\": 2}], \"vms\": ["
        "{\"name\": \"a\", \"host\": \"h\"}], \"models\": {\"sched\": {\"name\": \"credit\"}}}";
    expect_input_error(text, "models.sched.ratelimit_us=50", "ratelimit_us");
    expect_input_error(text, "models.sched.ratelimit_us=40000", "tslice_ms");
    expect_input_error(text, "vms[0].pin=[0,5]", "pin");
    expect_input_error(text, "models.sched.accounting=\"approx\"", "accounting");
}

static void test_determinism(void)
{
    const char *f = "scenarios/labs/credit/latency.json duration_s=10";
    char *dump[2] = { NULL, NULL };
    for (int k = 0; k < 2; k++) {
        db_reset();
        CU_ASSERT_FATAL(run_setup(f, NULL, NULL) == 0);
        sqlite3 *db;
        sqlite3_open_v2(db_path, &db, SQLITE_OPEN_READONLY, NULL);
        sqlite3_stmt *st;
        sqlite3_prepare_v2(db,
                           "SELECT group_concat(entity || name || printf('%.17g', value), ';') "
                           "FROM (SELECT * FROM metrics WHERE entity != 'run' ORDER BY entity, name)",
                           -1, &st, NULL);
        if (sqlite3_step(st) == SQLITE_ROW)
            dump[k] = strdup((const char *)sqlite3_column_text(st, 0));
        sqlite3_finalize(st);
        sqlite3_close(db);
    }
    CU_ASSERT_PTR_NOT_NULL_FATAL(dump[0]);
    CU_ASSERT_PTR_NOT_NULL_FATAL(dump[1]);
    CU_ASSERT_STRING_EQUAL(dump[0], dump[1]);
    CU_ASSERT(strlen(dump[0]) > 200);
    free(dump[0]);
    free(dump[1]);
}

static void test_labs_run_under_fluid(void)
{
    static const char *const labs[] = { "weights", "cap", "boost", "balance", "latency", "cheat",
                                        "hu2012", NULL };
    for (int i = 0; labs[i]; i++) {
        char f[128];
        snprintf(f, sizeof f, "scenarios/labs/credit/%s.json duration_s=2", labs[i]);
        db_reset();
        CU_ASSERT(run_setup(f, NULL, "models.sched.name=fluid") == 0);
        db_reset();
        CU_ASSERT(run_setup(f, NULL, NULL) == 0);
    }
}

/* The rows of sql over the test database (opened read-only into *db);
 * NULL if it cannot be prepared. The caller finalizes and closes. */
static sqlite3_stmt *rows_of(sqlite3 **db, const char *sql)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_open_v2(db_path, db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(*db, sql, -1, &st, NULL) != SQLITE_OK)
        return NULL;
    return st;
}

/* sched_vcpu: per vCPU, cpu_s sums to the VM's cpu_s; cpu + wait <= run. */
static void test_sched_vcpu_table(void)
{
    db_reset();
    CU_ASSERT_FATAL(run_setup("scenarios/labs/credit/boost.json", NULL, NULL) == 0);
    sqlite3 *db;
    sqlite3_stmt *st = rows_of(&db,
        "SELECT v.vm, sum(v.cpu_s), max(v.cpu_s + v.runnable_wait_s), m.value, sum(v.boosts),"
        " max(v.wake_latency_p99_us) FROM sched_vcpu v JOIN metrics m ON m.entity = v.vm AND"
        " m.name = 'cpu_s' AND m.run_id = v.run_id GROUP BY v.vm ORDER BY v.vm");
    CU_ASSERT_PTR_NOT_NULL_FATAL(st);
    int rows = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        rows++;
        VDC_ASSERT_NEAR(sqlite3_column_double(st, 1), sqlite3_column_double(st, 3), 1e-6);
        CU_ASSERT(sqlite3_column_double(st, 2) <= 30 + 1e-6);
        if (strcmp((const char *)sqlite3_column_text(st, 0), "io") == 0) {
            CU_ASSERT(sqlite3_column_int(st, 4) > 100);
            CU_ASSERT(sqlite3_column_type(st, 5) != SQLITE_NULL);
        }
    }
    CU_ASSERT(rows == 3);
    sqlite3_finalize(st);
    sqlite3_close(db);
}

/* sched_pcpu: every steal has a thief and a victim on the host (the two
 * columns sum to the host's `steals`); busy_s <= the run; balance.json's
 * heavy vCPUs are moved by stealing, so some pCPU steals. */
static void test_sched_pcpu_table(void)
{
    db_reset();
    CU_ASSERT_FATAL(run_setup("scenarios/labs/credit/balance.json", NULL, NULL) == 0);
    sqlite3 *db;
    sqlite3_stmt *st = rows_of(&db,
        "SELECT p.host, count(*), sum(p.steals), sum(p.stolen), max(p.busy_s), m.value"
        " FROM sched_pcpu p JOIN metrics m ON m.entity = p.host AND m.name = 'steals'"
        " AND m.run_id = p.run_id GROUP BY p.host");
    CU_ASSERT_PTR_NOT_NULL_FATAL(st);
    int rows = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        rows++;
        CU_ASSERT(sqlite3_column_int(st, 1) == 4);                 /* 4 pCPUs */
        CU_ASSERT(sqlite3_column_int(st, 2) > 0);
        CU_ASSERT(sqlite3_column_int(st, 2) == sqlite3_column_int(st, 5));
        CU_ASSERT(sqlite3_column_int(st, 3) == sqlite3_column_int(st, 5));
        CU_ASSERT(sqlite3_column_double(st, 4) <= 30 + 1e-6);
    }
    CU_ASSERT(rows == 1);
    sqlite3_finalize(st);
    sqlite3_close(db);
}

/* ---- histogram ------------------------------------------------------------- */

static void test_hist(void)
{
    vdc_chist *h = calloc(1, sizeof *h);
    CU_ASSERT_FATAL(h != NULL);
    for (int i = 0; i < 31; i++)
        vdc_chist_add(h, i);
    VDC_ASSERT_NEAR(vdc_chist_quantile(h, 0.5), 15, 0);     /* exact below 32 ns */
    for (int i = 0; i < 1000; i++)
        vdc_chist_add(h, 1000000);                            /* 1 ms */
    vdc_chist_add(h, 123456789);
    VDC_ASSERT_NEAR(vdc_chist_quantile(h, 0.5), 1e6, 1e6 * 0.016);
    VDC_ASSERT_NEAR(vdc_chist_quantile(h, 1), 123456789, 0);  /* exact maximum */
    CU_ASSERT(h->count == 1032);
    vdc_chist_add(h, (int64_t)1 << 50);                       /* clamped */
    CU_ASSERT(h->max_ns < VDC_CHIST_MAX_NS);
    free(h);
}

/* The compact histogram counts what the dense one does: same buckets,
 * count, sum and maximum for values over every octave, clamped ones too. */
static void test_hist_compact(void)
{
    vdc_chist *d = calloc(1, sizeof *d), *e = calloc(1, sizeof *e);
    vdc_chist_c c = { 0 };
    CU_ASSERT_FATAL(d && e);
    uint64_t x = 88172645463325252ULL;             /* xorshift64: a fixed stream */
    for (int i = 0; i < 20000; i++) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        int64_t ns = (int64_t)(x >> (x % 60 + 4)) - 8;   /* -8 .. 2^60: all octaves */
        vdc_chist_add(d, ns);
        CU_ASSERT_FATAL(vdc_chist_c_add(&c, ns) == 0);
    }
    CU_ASSERT(c.npage > 30 && c.npage <= VDC_CHIST_OCTAVES);
    vdc_chist_c_merge(e, &c);
    CU_ASSERT(memcmp(d->bucket, e->bucket, sizeof d->bucket) == 0);
    CU_ASSERT(d->count == e->count && d->max_ns == e->max_ns && d->sum_ns == e->sum_ns);
    VDC_ASSERT_NEAR(vdc_chist_quantile(e, 0.99), vdc_chist_quantile(d, 0.99), 0);
    vdc_chist_c_free(&c);
    CU_ASSERT(c.count == 0 && c.page == NULL);
    free(d);
    free(e);
}

static const vdc_test tests[] = {
    { "histogram known answers", test_hist },
    { "compact histogram counts as the dense one", test_hist_compact },
    { "shares within 2% of the fluid model", test_fluid_agreement },
    { "BOOST cuts I/O wake latency", test_boost_cuts_wake_latency },
    { "caps over any 10 accounting periods", test_caps_over_windows },
    { "work conservation through stealing", test_work_conservation },
    { "a never-ticked dodger is never accounted", test_dodger_never_active },
    { "speed factor scales finite work", test_speed_factor },
    { "pause, resume, move", test_pause_resume_move },
    { "ping latency", test_ping_latency },
    { "ping stamped at the send", test_ping_stamp },
    { "ping between CPU-bound VMs on one pCPU", test_ping_shared_pcpu },
    { "latency warm-up", test_latency_warmup },
    { "start-up transient of the wait", test_startup_transient },
    { "hard affinity (pin)", test_pinning },
    { "bad parameters are input errors", test_bad_input },
    { "same seed, same results", test_determinism },
    { "credit lab scenarios run under fluid too", test_labs_run_under_fluid },
    { "sched_vcpu table", test_sched_vcpu_table },
    { "sched_pcpu table: who steals", test_sched_pcpu_table },
    { NULL, NULL }
};

int main(void)
{
    int rc = vdc_test_main("credit", tests);
    db_reset();
    return rc;
}
