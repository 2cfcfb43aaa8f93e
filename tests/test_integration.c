/* test_integration.c -- models meeting through sim/: a VM created at run
 * time by the startup model is scheduled (fluid and credit), slowed by the
 * memory model, named by a later `migrate` action and moved by the migration
 * model; the scheduler follows it to its new host. */
#include "test_util.h"

static char db[256];

static const char *scen =
    "{\"duration_s\": 30, \"hosts\": [{\"name\": \"h\", \"count\": 2, \"pcpus\": 2}],"
    " \"vms\": [{\"name\": \"base\", \"vcpus\": 2, \"host\": \"h-0\"}],"
    " \"models\": {\"startup\": {\"name\": \"phases\"}, \"migration\": {\"name\": \"precopy\"},"
    "             \"memory\": {\"name\": \"slat\"}},"
    " \"actions\": [{\"at_s\": 1, \"start\": {\"instance\": \"fc\", \"preset\": \"firecracker\","
    "               \"host\": \"h-0\", \"count\": 2, \"demand\": 1}},"
    "             {\"at_s\": 10, \"migrate\": {\"vm\": \"fc-1\", \"to\": \"h-1\"}}]}";

static void check_run(const char *sched)
{
    char set[64];
    snprintf(set, sizeof set, "models.sched.name=%s", sched);
    const char *sets[] = { set };
    int64_t r = vdc_test_run(scen, sets, 1, db);
    CU_ASSERT_FATAL(r > 0);
    char sql[512];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM migrations WHERE run_id=%lld AND vm='fc-1'"
                              " AND src='h-0' AND dst='h-1' AND end_reason='converged'", (long long)r);
    VDC_ASSERT_NEAR(vdc_test_query(db, sql), 1, 0);
    /* before 10 s four vCPUs share h-0's two pCPUs (1/2 each); after, fc-1
     * has h-1 to itself (1) while fc-0 shares h-0 with base's two vCPUs (2/3):
     * about 20 s x 1/3 more for fc-1 */
    double c0 = vdc_test_metric(db, r, "fc-0", "cpu_s");
    double c1 = vdc_test_metric(db, r, "fc-1", "cpu_s");
    double cb = vdc_test_metric(db, r, "base", "cpu_s");
    fprintf(stderr, "\n  %s: cpu_s base %.2f fc-0 %.2f fc-1 %.2f", sched, cb, c0, c1);
    CU_ASSERT(c0 > 0.5 * 8 + 20 * 0.6 && c1 > c0 + 20 * 0.3);
    /* base's two vCPUs: 2 pCPUs for ~1 s, 1 while 4 share, 4/3 after */
    CU_ASSERT(cb > 2 * 1 + 9 * 0.95 + 20 * 1.3 && cb < 2 * 1.2 + 9 * 1.05 + 20 * 1.4);
    /* the memory model slowed every VM (slat overhead > 0): work < cpu */
    double w1 = vdc_test_metric(db, r, "fc-1", "work_s");
    CU_ASSERT(w1 > 0 && w1 < c1);
}

static void test_fluid(void) { check_run("fluid"); }
static void test_credit(void) { check_run("credit"); }

static void test_unknown_late_vm(void)
{
    /* a name that no model creates fails the run (exit 1), not the parse */
    const char *bad[] = { "actions[1].migrate.vm=fc-9" };
    CU_ASSERT_EQUAL(vdc_test_run(scen, bad, 1, NULL), VDC_ESIM);
}

static const vdc_test tests[] = {
    { "startup VM scheduled, slowed, migrated (fluid)", test_fluid },
    { "startup VM scheduled, slowed, migrated (credit)", test_credit },
    { "a migrate naming a VM nobody creates fails the run", test_unknown_late_vm },
    { 0 }
};

int main(void)
{
    vdc_test_tmpdb(db, sizeof db, "integration");
    int rc = vdc_test_main("integration", tests);
    unlink(db);
    return rc;
}
