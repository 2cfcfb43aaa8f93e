/* test_migration_compress.c -- zero pages, multifd and XBZRLE against closed forms.
 *
 * Setting: two hosts at 8 Gbit/s (B = 1e9 B/s), latency L; a 1 GiB VM
 * (P0 = 262144 pages of 4 KiB).  Known answers (compress.c):
 *  - zero_page_detection none sends zero pages whole: P0 x 4104 bytes;
 *    legacy/multifd send them as 9 bytes;
 *  - a stream's thread copies core_copy_gbps: stop-and-copy takes
 *    bytes / min(B, streams x core rate) + L, streams = multifd_channels
 *    with multifd, else 1;
 *  - XBZRLE on the fluid linear pre-copy (rho = D/B, W = memory, cache K
 *    pages, delta f x page, no headers): round 0 sends P0 pages in P0 p/B;
 *    n_1 = rho P0; from round 1 on a round of n pages sends
 *    h = n min(1, K/n_prev) deltas and n - h pages, lasting
 *    T = (h f + n - h) p / B, and n_next = min(rho B T / p, P0).  With Xen's 5-round
 *    cap the final stop-and-copy sends n_5 the same way;
 *  - the encoding rate R bounds a round: it lasts at least h p / R.
 */
#include <math.h>
#include <string.h>

#include "test_util.h"

static char db[256];

#define B_BPS 1e9
#define MEM 1073741824.0
#define P0 262144.0
#define PG 4096.0

static int64_t run(double lat_us, const char *vmblk, const char *model)
{
    char json[4096];
    snprintf(json, sizeof json,
             "{\"name\": \"t\", \"seed\": 1, \"duration_s\": 600,"
             " \"hosts\": [{\"name\": \"h\", \"count\": 2, \"pcpus\": 4, \"memory_gib\": 64,"
             "   \"bandwidth_gbps\": 8, \"latency_us\": %g}],"
             " \"vms\": [{\"name\": \"v\", \"vcpus\": 1, \"memory_gib\": 1, \"host\": \"h-0\","
             "   \"migration\": {%s}}],"
             " \"models\": {\"migration\": {%s}},"
             " \"actions\": [{\"at_s\": 1, \"migrate\": {\"vm\": \"v\", \"to\": \"h-1\"}}]}",
             lat_us, vmblk, model);
    int64_t id = vdc_test_run(json, NULL, 0, db);
    CU_ASSERT(id > 0);
    return id;
}

static double col(int64_t id, const char *c)
{
    char sql[512];
    snprintf(sql, sizeof sql, "SELECT %s FROM migrations WHERE run_id=%lld", c, (long long)id);
    return vdc_test_query(db, sql);
}

static void t_zero_pages(void)
{
    const char *vm = "\"zero_fraction\": 0.25";
    int64_t id = run(50, vm, "\"name\": \"stopcopy\", \"state_mib\": 0,"
                             " \"zero_page_detection\": \"none\"");
    CU_ASSERT_EQUAL(col(id, "bytes_sent"), P0 * 4104);
    id = run(50, vm, "\"name\": \"stopcopy\", \"state_mib\": 0,"
                     " \"zero_page_detection\": \"legacy\"");
    CU_ASSERT_EQUAL(col(id, "bytes_sent"), 0.75 * P0 * 4104 + 0.25 * P0 * 9);
    id = run(50, vm, "\"name\": \"stopcopy\", \"state_mib\": 0");     /* default multifd */
    CU_ASSERT_EQUAL(col(id, "bytes_sent"), 0.75 * P0 * 4104 + 0.25 * P0 * 9);
}

static void t_multifd(void)
{
    const char *base = "\"name\": \"stopcopy\", \"state_mib\": 0, \"page_header_bytes\": 0,"
                       " \"core_copy_gbps\": 2";
    char m[512];
    int64_t id = run(50, "", base);
    VDC_ASSERT_NEAR(col(id, "total_s"), MEM / 2.5e8 + 50e-6, 2e-9);
    snprintf(m, sizeof m, "%s, \"multifd\": true", base);                  /* 2 channels */
    id = run(50, "", m);
    VDC_ASSERT_NEAR(col(id, "total_s"), MEM / 5e8 + 50e-6, 2e-9);
    snprintf(m, sizeof m, "%s, \"multifd\": true, \"multifd_channels\": 8", base);
    id = run(50, "", m);                                          /* the link binds */
    VDC_ASSERT_NEAR(col(id, "total_s"), MEM / B_BPS + 50e-6, 2e-9);
}

/* The recursion of the file comment; returns total time, fills bytes/deltas. */
static double xbzrle_expected(double rho, double k, double f, int rounds, double R,
                              double *bytes, double *deltas)
{
    double t = P0 * PG / B_BPS, prev = P0, n = rho * P0;
    *bytes = MEM;
    *deltas = 0;
    for (int i = 1; i <= rounds; i++) {              /* live rounds 1..4, then the final */
        double h = n * fmin(1, k / prev);
        double b = (h * f + n - h) * PG;
        double T = fmax(b / B_BPS, R > 0 ? h * PG / R : 0);
        t += T;
        *bytes += b;
        *deltas += h;
        prev = n;
        n = fmin(rho * B_BPS * T / PG, P0);         /* at most the WWS (memory) */
    }
    return t;
}

static void t_xbzrle(void)
{
    const char *vm = "\"dirty_rate_pages_s\": 122070.3125";      /* rho = 0.5 */
    const char *m = "\"name\": \"precopy_fluid\", \"dirty_model\": \"linear\", \"state_mib\": 0,"
                    " \"page_header_bytes\": 0, \"policy\": \"xen\", \"min_dirty_pages\": 0,"
                    " \"xbzrle\": true, \"xbzrle_cache_size_mib\": %g, \"round_samples\": false";
    char model[512];
    double bytes, deltas;
    /* a cache larger than memory: every re-sent page is a delta */
    snprintf(model, sizeof model, m, 2048.0);
    int64_t id = run(0, vm, model);
    double t = xbzrle_expected(0.5, 2048 * 256.0, 0.25, 5, 0, &bytes, &deltas);
    VDC_ASSERT_NEAR(col(id, "total_s"), t, 1e-8);
    VDC_ASSERT_NEAR(col(id, "bytes_sent"), bytes, 2);
    VDC_ASSERT_NEAR(col(id, "xbzrle_pages"), deltas, 1);
    CU_ASSERT_EQUAL(col(id, "rounds"), 5);
    /* QEMU's default 64 MiB cache holds 1/16 of round 0: fewer hits */
    snprintf(model, sizeof model, m, 64.0);
    id = run(0, vm, model);
    t = xbzrle_expected(0.5, 64 * 256.0, 0.25, 5, 0, &bytes, &deltas);
    VDC_ASSERT_NEAR(col(id, "total_s"), t, 1e-8);
    VDC_ASSERT_NEAR(col(id, "xbzrle_pages"), deltas, 1);
    /* without XBZRLE more bytes go */
    int64_t id0 = run(0, vm, "\"name\": \"precopy_fluid\", \"dirty_model\": \"linear\","
                             " \"state_mib\": 0, \"page_header_bytes\": 0, \"policy\": \"xen\","
                             " \"min_dirty_pages\": 0, \"round_samples\": false");
    CU_ASSERT(col(id0, "bytes_sent") > col(id, "bytes_sent"));
    /* the encoder at 100 MiB/s binds: each XBZRLE round lasts h p / R */
    snprintf(model, sizeof model, "%s, \"xbzrle_encode_mib_s\": 100", m);
    char model2[600];
    snprintf(model2, sizeof model2, model, 2048.0);
    id = run(0, vm, model2);
    t = xbzrle_expected(0.5, 2048 * 256.0, 0.25, 5, 100 * 1048576.0, &bytes, &deltas);
    VDC_ASSERT_NEAR(col(id, "total_s"), t, 1e-8);
}

static void setup_db(void) { vdc_test_tmpdb(db, sizeof db, "migration_compress"); }

static const vdc_test tests[] = {
    { "setup", setup_db },
    { "zero-page detection: none sends zero pages whole", t_zero_pages },
    { "multifd: streams x one core's copy rate, up to the link", t_multifd },
    { "XBZRLE: the round recursion with cache hits and encode cost", t_xbzrle },
    { 0 }
};
VDC_TEST_MAIN("migration_compress", tests)
