/* bench_migration.c -- dirty-page tracker, page-level pre-copy, closed form.
 *
 * Prints figures and ratios measured in the same run (tests/bench/RESULTS.md,
 * "Live migration"):
 *  1. limit kernels written here in plain C (built -O3 -march=native like
 *     this file): a bitmap round (popcount + OR into a sent set + clear) and
 *     xorshift random page writes; a one-page-at-a-time bitmap round; and
 *     the model's own kernels (libvdc, -O2 + run-time ISA dispatch);
 *  2. a page-level pre-copy of a 64 GiB VM (16 Mi pages, Zipf writes) over
 *     10 Gbit/s, the whole simulation through the engine;
 *  3. closed-form migrations per second, and fluid-model migrations through
 *     the engine.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>

#include "models/migration/closedform.h"
#include "models/migration/dirty.h"
#include "models/migration/law.h"
#include "rng.h"
#include "scenario.h"
#include "sim.h"

#define NPAGES (1u << 24)               /* 64 GiB of 4 KiB pages */
#define NWORDS (NPAGES / 64)

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

/* ---- limit kernels --------------------------------------------------------- */

static uint64_t limit_round(uint64_t *restrict d, uint64_t *restrict s, size_t n)
{
    uint64_t c = 0;
    for (size_t i = 0; i < n; i++) {
        c += (uint64_t)__builtin_popcountll(d[i]);
        s[i] |= d[i];
        d[i] = 0;
    }
    return c;
}

static uint64_t onebyone_round(uint64_t *d, uint64_t *s, size_t npages)
{
    uint64_t c = 0;
    for (size_t p = 0; p < npages; p++)
        if ((d[p >> 6] >> (p & 63)) & 1) {
            c++;
            s[p >> 6] |= 1ULL << (p & 63);
            d[p >> 6] &= ~(1ULL << (p & 63));
        }
    return c;
}

static void limit_writes(uint64_t *restrict b, uint64_t count, uint64_t *state)
{
    uint64_t x = *state;
    for (uint64_t i = 0; i < count; i++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        uint64_t p = x & (NPAGES - 1);
        b[p >> 6] |= 1ULL << (p & 63);
    }
    *state = x;
}

/* Time `reps` bitmap rounds, refilling the dirty bitmap (half its bits set)
 * outside the timed part; returns pages per second. */
typedef uint64_t (*round_fn)(uint64_t *, uint64_t *, size_t);
static double time_rounds(const char *what, int kind, int reps, const uint64_t *tmpl,
                          uint64_t *d, uint64_t *s)
{
    double t = 0;
    uint64_t chk = 0;
    for (int r = 0; r < reps; r++) {
        memcpy(d, tmpl, NWORDS * 8);
        double t0 = now_s();
        chk += kind == 0 ? limit_round(d, s, NWORDS)
             : kind == 1 ? vdc_bitmap_sync(d, s, NWORDS)
                         : onebyone_round(d, s, NPAGES);
        t += now_s() - t0;
    }
    double pps = (double)reps * NPAGES / t;
    printf("  %-44s %8.2f G pages/s  (%.3f ms/round, check %llu)\n", what, pps / 1e9,
           1e3 * t / reps, (unsigned long long)(chk / (uint64_t)reps));
    return pps;
}

static void bench_kernels(void)
{
    uint64_t *tmpl = aligned_alloc(64, NWORDS * 8), *d = aligned_alloc(64, NWORDS * 8),
             *s = aligned_alloc(64, NWORDS * 8);
    uint64_t sm = 1;
    for (size_t i = 0; i < NWORDS; i++)
        tmpl[i] = vdc_rng_splitmix64(&sm);
    memset(s, 0, NWORDS * 8);
    printf("1. dirty tracker, 16 Mi pages (64 GiB), ISA in use: %s\n",
           vdc_bitmap_isa_name(vdc_bitmap_isa()));
    double lim = time_rounds("limit kernel round (-O3 -march=native)", 0, 200, tmpl, d, s);
    double mod = time_rounds("model vdc_bitmap_sync (dispatched)", 1, 200, tmpl, d, s);
    double port = 0;
    for (int isa = VDC_ISA_PORTABLE; isa < vdc_bitmap_isa_best(); isa++) {
        char what[64];
        snprintf(what, sizeof what, "model vdc_bitmap_sync forced to %s", vdc_bitmap_isa_name(isa));
        vdc_bitmap_force_isa(isa);
        double v = time_rounds(what, 1, 50, tmpl, d, s);
        port = isa == VDC_ISA_PORTABLE ? v : port;
    }
    vdc_bitmap_force_isa(VDC_ISA_AUTO);
    double one = time_rounds("one page at a time reference", 2, 3, tmpl, d, s);
    printf("  round: model / limit = %.2f, model / one-at-a-time = %.1fx, portable / limit = %.2f\n",
           mod / lim, mod / one, port / lim);

    const uint64_t W = 50000000;
    memset(d, 0, NWORDS * 8);
    uint64_t x = 88172645463325252ULL;
    double t0 = now_s();
    limit_writes(d, W, &x);
    double tl = now_s() - t0;
    printf("  %-44s %8.1f M writes/s\n", "limit kernel xorshift writes", W / tl / 1e6);
    vdc_dirty dt;
    vdc_dirty_init(&dt, NPAGES, 1);
    t0 = now_s();
    vdc_dirty_write_range(&dt, 0, NPAGES, W);
    double tu = now_s() - t0;
    printf("  %-44s %8.1f M writes/s  (%.2f of limit)\n", "model uniform writes (xoshiro256+)",
           W / tu / 1e6, tl / tu);
    vdc_law z;
    vdc_law_spec zs = { VDC_LAW_ZIPF, 1.0, 0, 0, 1.0 };
    t0 = now_s();
    vdc_law_build(&z, &zs, NPAGES, 0, NULL);
    double tb = now_s() - t0;
    gsl_rng *r = vdc_rng_stream(1, "bench");
    t0 = now_s();
    double drawn = vdc_dirty_write(&dt, &z, r, (double)W);
    double tz = now_s() - t0;
    printf("  %-44s %8.1f M writes/s  (%.2f of limit; %d segments built in %.1f ms)\n",
           "model Zipf(1) writes, random draws only", drawn / tz / 1e6, (drawn / tz) / (W / tl),
           z.nseg, tb * 1e3);
    printf("  %-44s %8.1f M writes/s  (%.0f%% of the writes fall in segments >= 40\n"
           "  %-44s                     writes/page, set whole instead of drawn)\n",
           "  ... counting every simulated write", W / tz / 1e6, 100 * (1 - drawn / W), "");
    gsl_rng_free(r);
    vdc_law_free(&z);
    vdc_dirty_free(&dt);
    free(tmpl); free(d); free(s);
}

/* ---- whole simulations --------------------------------------------------------- */

static double run_scenario(const char *json, vdc_run_summary *sum, const char *db)
{
    vdc_scenario *sc = NULL;
    vdc_error err = { 0 };
    if (vdc_scenario_parse(json, strlen(json), "bench.json", NULL, 0, &sc, &err)) {
        fprintf(stderr, "bench: %s\n", err.msg);
        exit(1);
    }
    vdc_run_opts o = { .db_path = db };
    if (db)
        remove(db);
    double t0 = now_s();
    if (vdc_sim_run(sc, &o, sum, &err)) {
        fprintf(stderr, "bench: %s\n", err.msg);
        exit(1);
    }
    double t = now_s() - t0;
    vdc_scenario_free(sc);
    return t;
}

static void bench_precopy_64g(void)
{
    const char *json =
        "{\"name\": \"b64\", \"seed\": 1, \"duration_s\": 600,"
        " \"hosts\": [{\"name\": \"h\", \"count\": 2, \"pcpus\": 16, \"memory_gib\": 256,"
        "   \"bandwidth_gbps\": 10}],"
        " \"vms\": [{\"name\": \"big\", \"vcpus\": 8, \"memory_gib\": 64, \"host\": \"h-0\","
        "   \"migration\": {\"dirty_rate_pages_s\": 250000, \"law\": \"zipf\", \"zipf_s\": 1.0,"
        "     \"wws_fraction\": 0.5}}],"
        " \"models\": {\"migration\": {\"name\": \"precopy\", \"round_samples\": false}},"
        " \"actions\": [{\"at_s\": 1, \"migrate\": {\"vm\": \"big\", \"to\": \"h-1\"}}]}";
    vdc_run_summary sum = { 0 };
    double t = run_scenario(json, &sum, "/tmp/vdc-bench-migration.db");
    printf("2. page-level pre-copy, 64 GiB VM, Zipf(1) writes at 250k pages/s over 50%% WWS,"
           " 10 Gbit/s:\n  whole simulation %.3f s wall (%llu events, %.0f s simulated)"
           "  goal < 1 s\n", t, (unsigned long long)sum.events, sum.sim_s);
    sqlite3 *db;
    sqlite3_stmt *st;
    if (sqlite3_open("/tmp/vdc-bench-migration.db", &db) == SQLITE_OK &&
        sqlite3_prepare_v2(db, "SELECT rounds, total_s, downtime_s, pages_sent, end_reason"
                           " FROM migrations ORDER BY run_id DESC LIMIT 1", -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        printf("  migration: %d rounds, total %.1f s, downtime %.3f s, %.2f x memory sent, %s\n",
               sqlite3_column_int(st, 0), sqlite3_column_double(st, 1),
               sqlite3_column_double(st, 2), sqlite3_column_double(st, 3) / NPAGES,
               (const char *)sqlite3_column_text(st, 4));
    sqlite3_finalize(st);
    sqlite3_close(db);
    remove("/tmp/vdc-bench-migration.db");
}

static void bench_closed_form(void)
{
    const int N = 2000000;
    vdc_cf_in in = { .mem_bytes = 8.0 * (1 << 30), .bw_Bps = 1.25e9, .page_bytes = 4096,
                     .model = 0, .time_cap_s = 3600, .latency_s = 50e-6,
                     .state_bytes = 262144,
                     .pol = vdc_migpolicy_make(VDC_POLICY_QEMU, -1, -1, -1, -1, -1) };
    double acc = 0, t0 = now_s();
    for (int i = 0; i < N; i++) {
        in.dirty_Bps = in.bw_Bps * (0.05 + 1.2 * (double)(i % 1000) / 1000);  /* rho .05..1.25 */
        in.wws_bytes = in.mem_bytes * (0.1 + 0.9 * (double)(i % 7) / 7);
        vdc_cf_out o;
        vdc_cf_precopy(&in, &o);
        acc += o.total_s;
    }
    double t = now_s() - t0;
    printf("3. closed form: %.2f M migrations/s (rho 0.05..1.25, WWS 10..100%%; check %.3g)"
           "  goal >= 0.1 M/s\n", N / t / 1e6, acc / N);
    /* fluid model through the engine: 2000 VMs on 100 hosts, all migrating */
    char *json = malloc(1 << 20);
    int n = snprintf(json, 1 << 20,
        "{\"name\": \"fluid\", \"seed\": 1, \"duration_s\": 4000,"
        " \"hosts\": [{\"name\": \"h\", \"count\": 100, \"pcpus\": 64, \"memory_gib\": 2048,"
        "   \"bandwidth_gbps\": 10}],"
        " \"vms\": [{\"name\": \"v\", \"count\": 2000, \"vcpus\": 1, \"memory_gib\": 8,"
        "   \"migration\": {\"dirty_rate_pages_s\": 30000, \"wws_fraction\": 0.3}}],"
        " \"models\": {\"migration\": {\"name\": \"precopy_fluid\", \"round_samples\": false}},"
        " \"actions\": [");
    for (int v = 0; v < 2000; v++)
        n += snprintf(json + n, (size_t)(1 << 20) - (size_t)n,
                      "%s{\"at_s\": %d, \"migrate\": {\"vm\": \"v-%d\", \"to\": \"h-%d\"}}",
                      v ? "," : "", 1 + v % 50, v, (v * 37 + 11) % 100);
    snprintf(json + n, (size_t)(1 << 20) - (size_t)n, "]}");
    vdc_run_summary sum = { 0 };
    t = run_scenario(json, &sum, NULL);
    printf("   fluid model in the engine: 2000 concurrent-ish migrations on 100 hosts"
           " (shared links) in %.3f s wall = %.0f migrations/s (%llu events)\n", t, 2000 / t,
           (unsigned long long)sum.events);
    free(json);
}

int main(void)
{
    bench_kernels();
    bench_precopy_64g();
    bench_closed_form();
    return 0;
}
