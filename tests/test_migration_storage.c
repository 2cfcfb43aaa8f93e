/* test_migration_storage.c -- storage migration modes against closed forms.
 *
 * Setting: two hosts at 8 Gbit/s (C = 1e9 B/s), 50 us one-way latency; a
 * 1 GiB VM (M = 2^30 B, no headers, no state) with a 4 GiB disk of 64 KiB
 * blocks (D = 65536 blocks), migrated at t = 1 s with stop-and-copy memory.
 * Known answers (storage.c):
 *  - precopy, saturated writable set of W blocks, R rounds:
 *      total = (D + (R-1) W) B / C + (M + W B) / C + L, downtime = (M + W B)/C + L;
 *  - incremental: the bulk round sends (1 - base) D blocks instead of D;
 *  - throttle: held share = 1 - pct C / (rate B), I/O slowdown = share x
 *    (time from the bulk round's end to the pause);
 *  - on_demand: total = M/C + L + D B/C + L, downtime = M/C + L, and the
 *    slowdown = faults x (2L + B/C);
 *  - on_demand, source failing at t_f during the fetch: blocks lost =
 *      D - floor((t_f - t_resume) C / B), end_reason source_failed;
 *  - shared: nothing copied, disk_remote_ms = 2L + B/C.
 * Flows end on whole nanoseconds, so each flow may add up to 1 ns.
 */
#include <string.h>

#include "test_util.h"

static char db[256];

#define C_BPS 1e9
#define BLK 65536.0
#define NBLK 65536.0
#define MEM 1073741824.0
#define LAT 50e-6

static int64_t run_more(const char *vmblk, const char *model, const char *more)
{
    char json[4096];
    snprintf(json, sizeof json,
             "{\"name\": \"t\", \"seed\": 3, \"duration_s\": 600,"
             " \"hosts\": [{\"name\": \"h\", \"count\": 2, \"pcpus\": 4, \"memory_gib\": 64,"
             "   \"bandwidth_gbps\": 8, \"latency_us\": 50}],"
             " \"vms\": [{\"name\": \"v\", \"vcpus\": 1, \"memory_gib\": 1, \"host\": \"h-0\","
             "   \"migration\": {\"disk_gib\": 4, %s}}],"
             " \"models\": {\"migration\": {\"name\": \"stopcopy\", \"page_header_bytes\": 0,"
             "   \"state_mib\": 0, %s}},"
             " \"actions\": [{\"at_s\": 1, \"migrate\": {\"vm\": \"v\", \"to\": \"h-1\"}}%s]}",
             vmblk, model, more);
    int64_t id = vdc_test_run(json, NULL, 0, db);
    CU_ASSERT(id > 0);
    return id;
}

static int64_t run(const char *vmblk, const char *model)
{
    return run_more(vmblk, model, "");
}

static double col(int64_t id, const char *c)
{
    char sql[512];
    snprintf(sql, sizeof sql, "SELECT %s FROM migrations WHERE run_id=%lld", c, (long long)id);
    return vdc_test_query(db, sql);
}

/* 1e6 writes/s over 1% of the blocks: >= 40 writes per block in any round,
 * so the tracker fills the whole set each round (dirty.h). */
#define SATURATED "\"disk_write_rate_blocks_s\": 1e6, \"disk_wws_fraction\": 0.01"
#define W 655.0                    /* floor(0.01 x 65536) */

static void t_precopy_rounds(void)
{
    int64_t id = run(SATURATED, "\"storage_mode\": \"precopy\", \"disk_switch_ms\": 0,"
                                " \"disk_max_rounds\": 5");
    double down = (MEM + W * BLK) / C_BPS + LAT;
    VDC_ASSERT_NEAR(col(id, "total_s"), (NBLK + 4 * W) * BLK / C_BPS + down, 8e-9);
    VDC_ASSERT_NEAR(col(id, "downtime_s"), down, 2e-9);
    CU_ASSERT_EQUAL(col(id, "disk_rounds"), 5);
    CU_ASSERT_EQUAL(col(id, "disk_bytes"), (NBLK + 5 * W) * BLK);
    CU_ASSERT_EQUAL(col(id, "bytes_sent"), (NBLK + 5 * W) * BLK + MEM);
    /* no writes: one bulk round, nothing at the pause */
    id = run("\"disk_write_rate_blocks_s\": 0", "\"storage_mode\": \"precopy\"");
    VDC_ASSERT_NEAR(col(id, "total_s"), NBLK * BLK / C_BPS + MEM / C_BPS + LAT, 3e-9);
    CU_ASSERT_EQUAL(col(id, "disk_rounds"), 1);
    /* the rounds stop once the dirty set fits in disk_switch_ms:
     * W B / C = 42.9 ms <= 50 ms after the bulk round */
    id = run(SATURATED, "\"storage_mode\": \"precopy\", \"disk_switch_ms\": 50");
    CU_ASSERT_EQUAL(col(id, "disk_rounds"), 1);
}

static void t_incremental(void)
{
    int64_t id = run(SATURATED ", \"disk_base_fraction\": 0.75",
                     "\"storage_mode\": \"incremental\", \"disk_switch_ms\": 0,"
                     " \"disk_max_rounds\": 3");
    double down = (MEM + W * BLK) / C_BPS + LAT;
    VDC_ASSERT_NEAR(col(id, "total_s"), (0.25 * NBLK + 2 * W) * BLK / C_BPS + down, 6e-9);
    CU_ASSERT_EQUAL(col(id, "disk_bytes"), (0.25 * NBLK + 3 * W) * BLK);
    /* precopy ignores the base image */
    id = run(SATURATED ", \"disk_base_fraction\": 0.75",
             "\"storage_mode\": \"precopy\", \"disk_switch_ms\": 0, \"disk_max_rounds\": 3");
    CU_ASSERT_EQUAL(col(id, "disk_bytes"), (NBLK + 3 * W) * BLK);
}

static void t_throttle(void)
{
    /* 20,000 writes/s uniform: 1.31 GB/s asked, the distinct dirty rate of
     * the bulk round (~0.73 GB/s) exceeds 50% of the link: writes are held
     * to 0.5 GB/s from the bulk round's end to the pause. */
    const char *vm = "\"disk_write_rate_blocks_s\": 20000";
    int64_t id = run(vm, "\"storage_mode\": \"precopy\", \"disk_throttle\": true,"
                         " \"disk_max_rounds\": 4, \"disk_switch_ms\": 0");
    double thr = 1 - 0.5 * C_BPS / (20000 * BLK);
    VDC_ASSERT_NEAR(col(id, "disk_throttle"), thr, 1e-12);
    double held = col(id, "total_s") - col(id, "downtime_s") - NBLK * BLK / C_BPS;
    VDC_ASSERT_NEAR(col(id, "io_slowdown_s"), thr * held, 1e-8);
    /* without throttling the same workload never converges in 4 rounds and
     * sends more */
    int64_t id2 = run(vm, "\"storage_mode\": \"precopy\", \"disk_max_rounds\": 4,"
                          " \"disk_switch_ms\": 0");
    CU_ASSERT_EQUAL(col(id2, "disk_throttle"), 0);
    CU_ASSERT_EQUAL(col(id2, "io_slowdown_s"), 0);
    CU_ASSERT(col(id2, "disk_bytes") > col(id, "disk_bytes"));
}

static void t_on_demand(void)
{
    int64_t id = run("\"disk_read_rate_blocks_s\": 0", "\"storage_mode\": \"on_demand\"");
    double down = MEM / C_BPS + LAT;
    VDC_ASSERT_NEAR(col(id, "downtime_s"), down, 2e-9);
    VDC_ASSERT_NEAR(col(id, "total_s"), down + NBLK * BLK / C_BPS + LAT, 3e-9);
    CU_ASSERT_EQUAL(col(id, "disk_faults"), 0);
    CU_ASSERT_EQUAL(col(id, "disk_bytes"), NBLK * BLK);
    /* reads of blocks not yet fetched stall for 2L + B/C each */
    id = run("\"disk_read_rate_blocks_s\": 2000", "\"storage_mode\": \"on_demand\"");
    double f = col(id, "disk_faults");
    CU_ASSERT(f > 100);
    VDC_ASSERT_NEAR(col(id, "io_slowdown_s"), f * (2 * LAT + BLK / C_BPS), 1e-12);
    VDC_ASSERT_NEAR(col(id, "total_s"), down + NBLK * BLK / C_BPS + LAT, 3e-9);
}

/* The source fails at 3 s, during the fetch: the VM resumed at
 * t_r = 1 + M/C + L, so floor((3 - t_r) C / B) blocks have arrived and the
 * rest are lost; the VM fails with them.  A failure after the fetch (20 s)
 * changes nothing but the host's failed_at_s. */
static void t_on_demand_source_fails(void)
{
    int64_t id = run_more("\"disk_read_rate_blocks_s\": 0", "\"storage_mode\": \"on_demand\"",
                          ", {\"at_s\": 3, \"fail_host\": {\"host\": \"h-0\"}}");
    char sql[256];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM migrations WHERE run_id=%lld AND "
             "end_reason='source_failed'", (long long)id);
    CU_ASSERT_EQUAL(vdc_test_query(db, sql), 1);
    double t_r = 1 + MEM / C_BPS + LAT;
    double lost = NBLK - floor((3 - t_r) * C_BPS / BLK);
    snprintf(sql, sizeof sql, "SELECT value FROM metrics WHERE run_id=%lld AND entity='v' AND "
             "name='disk_blocks_lost' AND unit='blocks'", (long long)id);
    VDC_ASSERT_NEAR(vdc_test_query(db, sql), lost, 1);
    VDC_ASSERT_NEAR(col(id, "total_s"), 2, 1e-9);       /* ended by the failure at 3 s */
    snprintf(sql, sizeof sql, "SELECT value FROM metrics WHERE run_id=%lld AND entity='h-0' AND "
             "name='failed_at_s'", (long long)id);
    CU_ASSERT_EQUAL(vdc_test_query(db, sql), 3);
    /* after the fetch: complete */
    id = run_more("\"disk_read_rate_blocks_s\": 0", "\"storage_mode\": \"on_demand\"",
                  ", {\"at_s\": 20, \"fail_host\": {\"host\": \"h-0\"}}");
    snprintf(sql, sizeof sql, "SELECT count(*) FROM migrations WHERE run_id=%lld AND "
             "end_reason='complete'", (long long)id);
    CU_ASSERT_EQUAL(vdc_test_query(db, sql), 1);
}

static void t_shared(void)
{
    int64_t id = run("\"disk_write_rate_blocks_s\": 1000", "\"storage_mode\": \"shared\"");
    CU_ASSERT_EQUAL(col(id, "disk_bytes"), 0);
    CU_ASSERT_EQUAL(col(id, "bytes_sent"), MEM);
    VDC_ASSERT_NEAR(col(id, "disk_remote_ms"), 1e3 * (2 * LAT + BLK / C_BPS), 1e-12);
}

static void setup_db(void) { vdc_test_tmpdb(db, sizeof db, "migration_storage"); }

static const vdc_test tests[] = {
    { "setup", setup_db },
    { "disk pre-copy rounds = closed form (saturated working set)", t_precopy_rounds },
    { "incremental sends only blocks off the base image", t_incremental },
    { "write throttle holds writes to a share of the link", t_throttle },
    { "on-demand: disk after the move, faults cost 2L + B/C", t_on_demand },
    { "on-demand: the source fails during the fetch, blocks lost", t_on_demand_source_fails },
    { "shared storage copies nothing, remote access cost", t_shared },
    { 0 }
};
VDC_TEST_MAIN("migration_storage", tests)
