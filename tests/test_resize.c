/* test_resize.c -- the resize action: vCPU hot-plug, weight and cap at run
 * time, under both schedulers, against shares derived by hand.
 *
 * Derivations (CPU-bound vCPUs, equal weights: every vCPU gets pcpus / n
 * when n > pcpus; Xen credit gives each active vCPU its VM's weight):
 *  - host of 4 pCPUs, a: 2 vCPUs (max 4), b: 4 vCPUs.  Before: 6 vCPUs,
 *    2/3 each, a 4/3.  a hot-plugs to 4 at 10 s, online after hotplug_s
 *    = 2 s: 8 vCPUs, 1/2 each, a 2.  Over 30 s:
 *    a = (12 x 4/3 + 18 x 2) / 30 = 52/30, b = (12 x 8/3 + 18 x 2) / 30 = 68/30.
 *  - a 4 -> 2 vCPUs at 10 s (hotplug_s 0), b 4: a = (10 x 2 + 20 x 4/3) / 30
 *    = 140/90, b = (10 x 2 + 20 x 8/3) / 30 = 220/90.
 *  - one pCPU, a and b: a's weight 256 -> 768 at 10 s: a = (5 + 20 x 3/4)
 *    / 30 = 2/3.
 *  - one pCPU, a and b: cap 25 on a at 10 s: a = (5 + 20 x 1/4) / 30 = 1/3.
 *  - reboot: 2 pCPUs, a (1 vCPU, max 2) and b (1 vCPU); a reboots at 10 s
 *    for 5 s with 2 vCPUs, its last checkpoint at 4 s: work lost = the
 *    6 s of CPU a had between 4 and 10 s; a = (10 + 0 + 15 x 2 x 2/3) / 30
 *    = 1, b = (15 + 15 x 2/3) / 30 = 25/30.
 * Credit follows within 0.03 (its shares converge over accounting periods:
 * tests/test_credit.c); fluid exactly.
 */
#include "test_util.h"

static char db[256];

static int64_t run(const char *sched, int pcpus, const char *vms, const char *actions)
{
    char json[4096];
    snprintf(json, sizeof json,
             "{\"duration_s\": 30, \"hosts\": [{\"name\": \"h\", \"pcpus\": %d}],"
             " \"models\": {\"sched\": {\"name\": \"%s\"}},"
             " \"vms\": [%s], \"actions\": [%s]}", pcpus, sched, vms, actions);
    return vdc_test_run(json, NULL, 0, db);
}

static const char *const scheds[] = { "fluid", "credit" };

static double tol_of(int s) { return s == 0 ? 1e-9 : 0.03; }

static void test_hotplug_add(void)
{
    for (int s = 0; s < 2; s++) {
        int64_t r = run(scheds[s], 4,
                        "{\"name\": \"a\", \"vcpus\": 2, \"max_vcpus\": 4}, {\"name\": \"b\", \"vcpus\": 4}",
                        "{\"at_s\": 10, \"resize\": {\"vm\": \"a\", \"vcpus\": 4, \"hotplug_s\": 2}}");
        CU_ASSERT_FATAL(r > 0);
        VDC_ASSERT_NEAR(vdc_test_metric(db, r, "a", "share"), 52.0 / 30, 2 * tol_of(s));
        VDC_ASSERT_NEAR(vdc_test_metric(db, r, "b", "share"), 68.0 / 30, 2 * tol_of(s));
    }
}

static void test_hotplug_remove(void)
{
    for (int s = 0; s < 2; s++) {
        int64_t r = run(scheds[s], 4, "{\"name\": \"a\", \"vcpus\": 4}, {\"name\": \"b\", \"vcpus\": 4}",
                        "{\"at_s\": 10, \"resize\": {\"vm\": \"a\", \"vcpus\": 2, \"hotplug_s\": 0}}");
        CU_ASSERT_FATAL(r > 0);
        /* the removed vCPUs' 10 s of CPU stay in a's total */
        VDC_ASSERT_NEAR(vdc_test_metric(db, r, "a", "share"), 140.0 / 90, 2 * tol_of(s));
        VDC_ASSERT_NEAR(vdc_test_metric(db, r, "b", "share"), 220.0 / 90, 2 * tol_of(s));
    }
}

static void test_weight_and_cap(void)
{
    for (int s = 0; s < 2; s++) {
        int64_t r = run(scheds[s], 1, "{\"name\": \"a\"}, {\"name\": \"b\"}",
                        "{\"at_s\": 10, \"resize\": {\"vm\": \"a\", \"weight\": 768}}");
        CU_ASSERT_FATAL(r > 0);
        VDC_ASSERT_NEAR(vdc_test_metric(db, r, "a", "share"), 2.0 / 3, tol_of(s));
        VDC_ASSERT_NEAR(vdc_test_metric(db, r, "b", "share"), 1.0 / 3, tol_of(s));
        r = run(scheds[s], 1, "{\"name\": \"a\"}, {\"name\": \"b\"}",
                "{\"at_s\": 10, \"resize\": {\"vm\": \"a\", \"cap\": 25}}");
        CU_ASSERT_FATAL(r > 0);
        VDC_ASSERT_NEAR(vdc_test_metric(db, r, "a", "share"), 1.0 / 3, tol_of(s));
        VDC_ASSERT_NEAR(vdc_test_metric(db, r, "b", "share"), 2.0 / 3, tol_of(s));
        /* and the cap removed again at 20 s: a = (5 + 2.5 + 5) / 30 */
        r = run(scheds[s], 1, "{\"name\": \"a\"}, {\"name\": \"b\"}",
                "{\"at_s\": 10, \"resize\": {\"vm\": \"a\", \"cap\": 25}},"
                "{\"at_s\": 20, \"resize\": {\"vm\": \"a\", \"cap\": 0}}");
        CU_ASSERT_FATAL(r > 0);
        VDC_ASSERT_NEAR(vdc_test_metric(db, r, "a", "share"), 12.5 / 30, tol_of(s));
    }
}

static void test_reboot(void)
{
    for (int s = 0; s < 2; s++) {
        int64_t r = run(scheds[s], 2, "{\"name\": \"a\", \"max_vcpus\": 2}, {\"name\": \"b\"}",
                        "{\"at_s\": 10, \"reboot\": {\"vm\": \"a\", \"vcpus\": 2, \"down_s\": 5,"
                        " \"lost_since_s\": 4}}");
        CU_ASSERT_FATAL(r > 0);
        VDC_ASSERT_NEAR(vdc_test_metric(db, r, "a", "share"), 1.0, 2 * tol_of(s));
        VDC_ASSERT_NEAR(vdc_test_metric(db, r, "b", "share"), 25.0 / 30, 2 * tol_of(s));
        char sql[256];
        snprintf(sql, sizeof sql, "SELECT work_lost_cpu_s FROM reboots WHERE run_id = %lld"
                 " AND vm = 'a' AND status = 'ok' AND vcpus_after = 2 AND at_s = 10",
                 (long long)r);
        VDC_ASSERT_NEAR(vdc_test_query(db, sql), 6.0, 2 * tol_of(s));
    }
}

/* One bad action: a one-line error naming the file, the JSON path and the value. */
static void expect_bad(const char *verb, const char *action, const char *says)
{
    char json[1024];
    snprintf(json, sizeof json,
             "{\"duration_s\": 10, \"hosts\": [{\"name\": \"h\", \"pcpus\": 4}],"
             " \"vms\": [{\"name\": \"a\", \"vcpus\": 2, \"max_vcpus\": 4, \"memory_gib\": 2}],"
             " \"actions\": [{\"at_s\": 1, \"%s\": %s}]}", verb, action);
    vdc_scenario *sc = NULL;
    vdc_error err = { 0 };
    int rc = vdc_scenario_parse(json, strlen(json), "r.json", NULL, 0, &sc, &err);
    CU_ASSERT(rc == VDC_EINPUT);
    if (!strstr(err.msg, says) || !strstr(err.msg, "r.json"))
        fprintf(stderr, "\n  got \"%s\", want \"%s\"\n", err.msg, says);
    CU_ASSERT(strstr(err.msg, says) != NULL && strstr(err.msg, "r.json") != NULL);
    vdc_scenario_free(sc);
}

/* Bad resizes and reboots: one line naming the action's JSON path and the value. */
static void test_errors(void)
{
    static const struct { const char *verb, *action, *says; } bad[] = {
        { "resize", "{\"vm\": \"a\", \"vcpus\": 8}", "actions[0].resize.vcpus: must be <= max_vcpus = 4" },
        { "resize", "{\"vm\": \"a\", \"memory_mib\": 4096}", "actions[0].resize.memory_mib: must be <= " },
        { "resize", "{\"vm\": \"a\"}", "actions[0].resize: nothing to resize" },
        { "resize", "{\"vm\": \"zz\", \"vcpus\": 2}", "actions[0].resize.vm" },
        { "resize", "{\"vm\": \"a\", \"weight\": 70000}", "actions[0].resize.weight" },
        { "resize", "{\"vm\": \"a\", \"cap\": 500}", "actions[0].resize.cap: must be <= 100 x max_vcpus" },
        { "resize", "{\"vm\": \"a\", \"vcpus\": -1}", "actions[0].resize.vcpus" },
        { "reboot", "{\"vm\": \"a\", \"vcpus\": 8}", "actions[0].reboot.vcpus: must be <= max_vcpus = 4" },
        { "reboot", "{\"vm\": \"a\", \"lost_since_s\": 2}",
          "actions[0].reboot.lost_since_s: must be <= the action's at_s = 1" },
        { "reboot", "{\"vm\": \"a\", \"down_s\": -1}", "actions[0].reboot.down_s" },
        { "reboot", "{\"vm\": \"a\", \"memory_mib\": 4096}", "actions[0].reboot.memory_mib: must be <= " },
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        expect_bad(bad[i].verb, bad[i].action, bad[i].says);
    /* max_vcpus below vcpus */
    const char *j = "{\"duration_s\": 10, \"hosts\": [{\"name\": \"h\", \"pcpus\": 4}],"
                    " \"vms\": [{\"name\": \"a\", \"vcpus\": 2, \"max_vcpus\": 1}]}";
    vdc_scenario *sc = NULL;
    vdc_error err = { 0 };
    CU_ASSERT(vdc_scenario_parse(j, strlen(j), "r.json", NULL, 0, &sc, &err) == VDC_EINPUT);
    CU_ASSERT(strstr(err.msg, "vms[0].max_vcpus: must be >= vcpus") != NULL);
    vdc_scenario_free(sc);
}

static const vdc_test tests[] = {
    { "hot-plugged vCPUs' shares (fluid, credit)", test_hotplug_add },
    { "hot-unplugged vCPUs' shares, CPU time kept", test_hotplug_remove },
    { "weight and cap changed at run time", test_weight_and_cap },
    { "reboot: down time, new size, work lost since the checkpoint", test_reboot },
    { "bad resize and reboot arguments: path and value", test_errors },
    { 0 }
};

int main(void)
{
    vdc_test_tmpdb(db, sizeof db, "resize");
    int rc = vdc_test_main("resize", tests);
    unlink(db);
    return rc;
}
