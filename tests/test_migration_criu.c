/* test_migration_criu.c -- container migration with CRIU against closed forms.
 *
 * Setting: two hosts at 8 Gbit/s (C = 1e9 B/s), L = 50 us; a container of
 * P = 10 processes, M = 1 GiB of memory, S = 1 MiB of tree state (files,
 * sockets), 100 MiB of image layers missing at the destination, no headers.
 * Defaults: dump 170 ms and restore 50 ms per process (criu.c).
 * Known answers:
 *   criu_stopcopy  downtime = P d + (M + S)/C + L + P r; total = layers/C + downtime
 *   criu_precopy   (no writes) total = layers/C + M/C + P d + S/C + L + P r,
 *                  downtime = P d + S/C + L + P r, one pre-dump round
 *   criu_lazy      downtime = P d + S/C + L + P r; every page sent once;
 *                  degradation = faults x (2L + page/C + postcopy_queue_ms)
 * A container cannot move between hosts of different kernels (rejected);
 * the same application as a VM (a guest kernel: more memory, no restore of
 * processes) has another downtime, compared in the lab.
 */
#include <string.h>

#include "test_util.h"

static char db[256];

#define C_BPS 1e9
#define MEM 1073741824.0
#define ST 1048576.0
#define LAY (100 * 1048576.0)
#define LAT 50e-6
#define P 10.0

static int64_t run(const char *model, const char *vmblk, const char *kernels)
{
    char json[4096];
    snprintf(json, sizeof json,
             "{\"name\": \"t\", \"seed\": 1, \"duration_s\": 600,"
             " \"hosts\": [{\"name\": \"h-0\", \"bandwidth_gbps\": 8, \"latency_us\": 50 %s},"
             "   {\"name\": \"h-1\", \"bandwidth_gbps\": 8, \"latency_us\": 50}],"
             " \"vms\": [{\"name\": \"c\", \"vcpus\": 1, \"memory_gib\": 1, \"host\": \"h-0\","
             "   \"migration\": {\"layers_missing_mib\": 100 %s}}],"
             " \"models\": {\"migration\": {\"name\": \"%s\", \"page_header_bytes\": 0,"
             "   \"state_mib\": 1}},"
             " \"actions\": [{\"at_s\": 1, \"migrate\": {\"vm\": \"c\", \"to\": \"h-1\"}}]}",
             kernels, vmblk, model);
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

static const double dump_s = P * 0.170, restore_s = P * 0.050;

static void t_stopcopy(void)
{
    int64_t id = run("criu_stopcopy", ", \"processes\": 10", "");
    double down = dump_s + (MEM + ST) / C_BPS + LAT + restore_s;
    VDC_ASSERT_NEAR(col(id, "downtime_s"), down, 3e-9);
    VDC_ASSERT_NEAR(col(id, "total_s"), LAY / C_BPS + down, 4e-9);
    CU_ASSERT_EQUAL(col(id, "bytes_sent"), LAY + MEM + ST);
    /* twice the processes: twice the dump and restore */
    id = run("criu_stopcopy", ", \"processes\": 20", "");
    VDC_ASSERT_NEAR(col(id, "downtime_s"), 2 * (dump_s + restore_s) + (MEM + ST) / C_BPS + LAT,
                    3e-9);
}

static void t_precopy(void)
{
    int64_t id = run("criu_precopy", ", \"processes\": 10", "");
    double down = dump_s + ST / C_BPS + LAT + restore_s;
    VDC_ASSERT_NEAR(col(id, "downtime_s"), down, 3e-9);
    VDC_ASSERT_NEAR(col(id, "total_s"), (LAY + MEM) / C_BPS + down, 5e-9);
    CU_ASSERT_EQUAL(col(id, "rounds"), 1);
    /* with writes the pre-dumps iterate and the final dump carries pages */
    id = run("criu_precopy", ", \"processes\": 10, \"dirty_rate_pages_s\": 150000", "");
    CU_ASSERT(col(id, "rounds") > 1);
    CU_ASSERT(col(id, "downtime_s") > down);
    CU_ASSERT(col(id, "downtime_s") < dump_s + (MEM + ST) / C_BPS + LAT + restore_s);
}

static void t_lazy(void)
{
    int64_t id = run("criu_lazy", ", \"processes\": 10, \"dirty_rate_pages_s\": 5000", "");
    VDC_ASSERT_NEAR(col(id, "downtime_s"), dump_s + ST / C_BPS + LAT + restore_s, 3e-9);
    CU_ASSERT_EQUAL(col(id, "pages_sent"), MEM / 4096);
    double faults = col(id, "remote_faults");
    CU_ASSERT(faults > 0);
    /* each fault stalls the container for a round trip, the page and the
     * wait behind the stream (postcopy_queue_ms 10.11), one at a time: the
     * stalls add up exactly and fit in the time spent at the destination */
    double lfault = 2 * LAT + 4096 / C_BPS + 10.11e-3;
    VDC_ASSERT_NEAR(col(id, "degradation_s"), faults * lfault, 1e-9 * faults);
    double at_dst = col(id, "total_s") - LAY / C_BPS - col(id, "downtime_s");
    CU_ASSERT(col(id, "degradation_s") <= at_dst + lfault);
}

static int ended(int64_t id, const char *reason)
{
    char sql[256];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM migrations WHERE run_id=%lld AND "
             "end_reason='%s'", (long long)id, reason);
    return (int)vdc_test_query(db, sql);
}

static int64_t run_kernels(const char *model, const char *k0, const char *k1)
{
    char json[2048];
    snprintf(json, sizeof json,
             "{\"name\": \"t\", \"duration_s\": 60,"
             " \"hosts\": [{\"name\": \"h-0\" %s}, {\"name\": \"h-1\" %s}],"
             " \"vms\": [{\"name\": \"c\", \"host\": \"h-0\"}],"
             " \"models\": {\"migration\": {\"name\": \"%s\"}},"
             " \"actions\": [{\"at_s\": 1, \"migrate\": {\"vm\": \"c\", \"to\": \"h-1\"}}]}",
             k0, k1, model);
    int64_t id = vdc_test_run(json, NULL, 0, db);
    CU_ASSERT(id > 0);
    return id;
}

static void t_kernel(void)
{
    const char *k61 = ", \"kernel\": \"6.1\"", *k515 = ", \"kernel\": \"5.15\"";
    CU_ASSERT_EQUAL(ended(run_kernels("criu_stopcopy", k61, k61), "complete"), 1);
    CU_ASSERT_EQUAL(ended(run_kernels("criu_stopcopy", k61, ""), "complete"), 1);
    CU_ASSERT_EQUAL(ended(run_kernels("criu_lazy", k61, k515), "rejected"), 1);
    CU_ASSERT_EQUAL(ended(run_kernels("criu_precopy", k61, k515), "rejected"), 1);
    /* a VM brings its own kernel: the same move is taken */
    CU_ASSERT_EQUAL(ended(run_kernels("stopcopy", k61, k515), "complete"), 1);
}

static void setup_db(void) { vdc_test_tmpdb(db, sizeof db, "migration_criu"); }

static const vdc_test tests[] = {
    { "setup", setup_db },
    { "criu stop-and-copy = dump + transfer + restore", t_stopcopy },
    { "criu pre-dump rounds leave only the state in the downtime", t_precopy },
    { "criu lazy pages: downtime of the state, pages once", t_lazy },
    { "containers need the same kernel; VMs do not", t_kernel },
    { 0 }
};
VDC_TEST_MAIN("migration_criu", tests)
