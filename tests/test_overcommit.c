/* test_overcommit.c -- ballooning, guest and host swapping, page sharing
 * (models/overcommit) against answers derived by hand.
 *
 *  - Laws: guest miss with 512 of a 768 MiB working set = 1/3; host miss
 *    with 256 of 1024 MiB evicted = 1/4; speed at 1000 touches/s, miss
 *    1/4, 1 ms per fault = 1 / (1 + 0.25) = 0.8; merged pages of a pair
 *    after half a pass = 2 (1/2) - (1 - 1/4) = 1/4, after a full pass 1.
 *  - Inflation time: 2048 -> 1024 MiB at 256 MiB/s = 4 s, whatever step_s.
 *  - Guest swap slowdown: 1024 MiB VM, working set 768, balloon target 512
 *    (at once: 1e6 MiB/s), 1000 touches/s, 1 ms per fault: miss 1/3, speed
 *    3/4, slowdown 4/3; alone on a pCPU for 30 s it faults r m s = 250 /s,
 *    7500 swap-ins.
 *  - Host swapping vs ballooning (Waldspurger 2002's comparison): two 1 GiB
 *    VMs (working set 512) on a 1.5 GiB host.  host_swap: each loses 256
 *    MiB blindly, miss 1/4, slowdown 1.25, 30 s x 1000 x 0.25 x 0.8 = 6000
 *    host swap-ins.  balloon: the balloons give 256 MiB each in 1 s, the
 *    guests keep their working sets: slowdown 1 at the end, host swap-ins
 *    only in that first second (<= 1000 x 0.25 x 0.8 = 200: rates are held
 *    over an update step).
 *  - Page sharing: two 1 GiB VMs of one image, half their pages common, a
 *    scanner of 5000 pages/s over 524288 pages: after a fraction x of the
 *    pass, 131072 pairs x x^2 merged = 512 x^2 MiB; at 50 s x = 250000/524288;
 *    after a full pass (two scan periods of 104.9 s: 240 s) 512 MiB.
 */
#include "models/overcommit/overcommit.h"
#include "test_util.h"

static char db[256];

static void test_laws(void)
{
    VDC_ASSERT_NEAR(vdc_oc_guest_miss(768, 512), 1.0 / 3, 1e-12);
    VDC_ASSERT_NEAR(vdc_oc_guest_miss(768, 1024), 0, 0);
    VDC_ASSERT_NEAR(vdc_oc_host_miss(256, 1024), 0.25, 1e-12);
    VDC_ASSERT_NEAR(vdc_oc_speed(1000, 0.25, 1e-3), 0.8, 1e-12);
    VDC_ASSERT_NEAR(vdc_oc_merged(2, 0.5), 0.25, 1e-12);
    VDC_ASSERT_NEAR(vdc_oc_merged(5, 1), 4, 0);
    VDC_ASSERT_NEAR(vdc_oc_merged(1, 0.7), 0, 0);
}

static int64_t run(const char *json)
{
    return vdc_test_run(json, NULL, 0, db);
}

static void test_inflation_time(void)
{
    static const char *const steps[] = { "1", "0.3", "7" };
    for (int i = 0; i < 3; i++) {
        char json[1024];
        snprintf(json, sizeof json,
                 "{\"duration_s\": 20, \"hosts\": [{\"name\": \"h\", \"pcpus\": 1, \"memory_gib\": 8}],"
                 " \"models\": {\"overcommit\": {\"name\": \"balloon\", \"step_s\": %s}},"
                 " \"vms\": [{\"name\": \"a\", \"memory_gib\": 2}],"
                 " \"actions\": [{\"at_s\": 5, \"resize\": {\"vm\": \"a\", \"memory_mib\": 1024}}]}",
                 steps[i]);
        int64_t r = run(json);
        CU_ASSERT_FATAL(r > 0);
        VDC_ASSERT_NEAR(vdc_test_metric(db, r, "a", "inflate_s"), 4.0, 1e-9);
        VDC_ASSERT_NEAR(vdc_test_metric(db, r, "a", "balloon_mib"), 1024, 1e-9);
        /* working set 1024 (half of 2 GiB) fits: no swapping */
        VDC_ASSERT_NEAR(vdc_test_metric(db, r, "a", "guest_swap_ins"), 0, 0);
    }
}

static void test_guest_swap_slowdown(void)
{
    const char *json =
        "{\"duration_s\": 30, \"hosts\": [{\"name\": \"h\", \"pcpus\": 1, \"memory_gib\": 8}],"
        " \"models\": {\"overcommit\": {\"name\": \"balloon\", \"inflate_mib_s\": 1e6,"
        "   \"swap_in_ms\": 1}},"
        " \"vms\": [{\"name\": \"a\", \"memory_gib\": 1,"
        "   \"overcommit\": {\"working_set_mib\": 768, \"touch_pages_s\": 1000}}],"
        " \"actions\": [{\"at_s\": 0, \"resize\": {\"vm\": \"a\", \"memory_mib\": 512}}]}";
    int64_t r = run(json);
    CU_ASSERT_FATAL(r > 0);
    VDC_ASSERT_NEAR(vdc_test_metric(db, r, "a", "slowdown"), 4.0 / 3, 1e-9);
    VDC_ASSERT_NEAR(vdc_test_metric(db, r, "a", "guest_swap_ins"), 7500, 1);
    VDC_ASSERT_NEAR(vdc_test_metric(db, r, "a", "host_swap_ins"), 0, 0);
    /* the scheduler sees the slower vCPU: 30 s of CPU, 22.5 s of work */
    VDC_ASSERT_NEAR(vdc_test_metric(db, r, "a", "work_s"), 22.5, 0.01);
}

static int64_t run_pair(const char *reclaim)
{
    char json[1024];
    snprintf(json, sizeof json,
             "{\"duration_s\": 30, \"hosts\": [{\"name\": \"h\", \"pcpus\": 2, \"memory_gib\": 1.5}],"
             " \"models\": {\"overcommit\": {\"name\": \"balloon\", \"reclaim\": \"%s\","
             "   \"swap_in_ms\": 1}},"
             " \"vms\": [{\"name\": \"v\", \"count\": 2, \"host\": \"h\", \"memory_gib\": 1,"
             "   \"overcommit\": {\"touch_pages_s\": 1000}}]}", reclaim);
    return run(json);
}

static void test_host_swap_vs_balloon(void)
{
    int64_t r = run_pair("host_swap");
    CU_ASSERT_FATAL(r > 0);
    VDC_ASSERT_NEAR(vdc_test_metric(db, r, "v-0", "slowdown"), 1.25, 1e-9);
    VDC_ASSERT_NEAR(vdc_test_metric(db, r, "v-1", "host_swap_ins"), 6000, 1);
    VDC_ASSERT_NEAR(vdc_test_metric(db, r, "h", "host_swapped_mib"), 512, 1e-9);
    r = run_pair("balloon");
    CU_ASSERT_FATAL(r > 0);
    VDC_ASSERT_NEAR(vdc_test_metric(db, r, "v-0", "slowdown"), 1, 1e-12);
    VDC_ASSERT_NEAR(vdc_test_metric(db, r, "v-0", "balloon_mib"), 256, 1e-9);
    VDC_ASSERT_NEAR(vdc_test_metric(db, r, "h", "host_swapped_mib"), 0, 1e-9);
    double hin = vdc_test_metric(db, r, "v-0", "host_swap_ins");
    CU_ASSERT(hin > 0 && hin <= 200 + 1e-9);
}

static void test_page_sharing(void)
{
    const char *json =
        "{\"duration_s\": 240, \"hosts\": [{\"name\": \"h\", \"pcpus\": 2, \"memory_gib\": 8}],"
        " \"models\": {\"overcommit\": {\"name\": \"balloon\", \"scan_pages_s\": 5000}},"
        " \"vms\": [{\"name\": \"v\", \"count\": 2, \"memory_gib\": 1,"
        "   \"overcommit\": {\"image\": \"debian\", \"shareable_fraction\": 0.5}}]}";
    int64_t r = run(json);
    CU_ASSERT_FATAL(r > 0);
    double x = 250000.0 / 524288;
    char sql[256];
    snprintf(sql, sizeof sql, "SELECT value FROM samples WHERE run_id=%lld AND entity='h'"
             " AND name='shared_mib' AND t_s=50", (long long)r);
    VDC_ASSERT_NEAR(vdc_test_query(db, sql), 512 * x * x, 1e-6);
    VDC_ASSERT_NEAR(vdc_test_metric(db, r, "h", "shared_mib"), 512, 1e-9);
    VDC_ASSERT_NEAR(vdc_test_metric(db, r, "h", "scan_cpu_share"), 5000 * 1e-6, 1e-12);
}

/* Auto-scaler: a CPU-bound 1-vCPU VM (max 4) alone on 4 pCPUs: utilisation 1
 * > 0.8 for 3 periods of 10 s -> a vCPU at 30 s, online at 31; cool-down 60
 * s -> 90 (online 91), 150 (151).  Share over 200 s = (31 x 1 + 60 x 2 +
 * 60 x 3 + 49 x 4) / 200 = 527/200.  An idle 4-vCPU VM shrinks at the same
 * times down to 1. */
static void test_autoscaler(void)
{
    static const char *const sched[] = { "fluid", "credit" };
    for (int s = 0; s < 2; s++) {
        char json[1024];
        snprintf(json, sizeof json,
                 "{\"duration_s\": 200, \"hosts\": [{\"name\": \"h\", \"pcpus\": 4, \"memory_gib\": 8},"
                 "  {\"name\": \"g\", \"pcpus\": 4, \"memory_gib\": 8}],"
                 " \"models\": {\"sched\": {\"name\": \"%s\"},"
                 "  \"overcommit\": {\"name\": \"balloon\", \"autoscale\": true}},"
                 " \"vms\": [{\"name\": \"a\", \"vcpus\": 1, \"max_vcpus\": 4, \"host\": \"h\"},"
                 "  {\"name\": \"b\", \"vcpus\": 4, \"host\": \"g\", \"workload\": {\"type\": \"idle\"}}]}",
                 sched[s]);
        int64_t r = run(json);
        CU_ASSERT_FATAL(r > 0);
        VDC_ASSERT_NEAR(vdc_test_metric(db, r, "a", "autoscale_vcpu_grows"), 3, 0);
        VDC_ASSERT_NEAR(vdc_test_metric(db, r, "a", "vcpus_final"), 4, 0);
        VDC_ASSERT_NEAR(vdc_test_metric(db, r, "a", "autoscale_first_s"), 30, 1e-9);
        VDC_ASSERT_NEAR(vdc_test_metric(db, r, "a", "share"), 527.0 / 200, s ? 0.02 : 1e-9);
        VDC_ASSERT_NEAR(vdc_test_metric(db, r, "b", "autoscale_vcpu_shrinks"), 3, 0);
        VDC_ASSERT_NEAR(vdc_test_metric(db, r, "b", "vcpus_final"), 1, 0);
    }
}

static const vdc_test tests[] = {
    { "laws: miss ratios, speed, merged pages", test_laws },
    { "balloon inflation time, any step", test_inflation_time },
    { "guest swapping below the working set: slowdown and swap-ins", test_guest_swap_slowdown },
    { "host swapping vs ballooning on an overcommitted host", test_host_swap_vs_balloon },
    { "page sharing after part of a pass and after full passes", test_page_sharing },
    { "vertical auto-scaler: grow, shrink, cool-down", test_autoscaler },
    { 0 }
};

int main(void)
{
    vdc_test_tmpdb(db, sizeof db, "overcommit");
    int rc = vdc_test_main("overcommit", tests);
    unlink(db);
    return rc;
}
