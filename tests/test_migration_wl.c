/* test_migration_wl.c -- migration workload presets (models/migration/mig_wl.c).
 *
 * Known answers: a preset fills the fields left at -1 / "workload" (hotloop:
 * 29,130 pages/s, uniform, 16 MiB of a 1 GiB VM = 1/64 of its pages); a
 * field given in the block wins; without a preset the old defaults hold
 * (0 pages/s, uniform, the whole memory).  Through a run: pre-copy of the
 * same 1 GiB VM sends more and takes more rounds with "stress" than "idle".
 */
#include <string.h>

#include "test_util.h"
#include "models/migration/law.h"
#include "models/migration/mig_core.h"
#include "models/migration/mig_wl.h"

static char db[256];

static int preset_index(const char *name)
{
    for (int i = 1; vdc_migwl_get(i); i++)
        if (strcmp(vdc_migwl_get(i)->name, name) == 0)
            return i;
    return -1;
}

static vdc_mig_vm unset(int workload)
{
    vdc_mig_vm v = { 0 };
    v.dirty_rate_pages_s = -1;
    v.wws_fraction = -1;
    v.law = VDC_MIGWL_LAW_FROM_WORKLOAD;
    v.workload = workload;
    return v;
}

static void t_apply(void)
{
    int hot = preset_index("hotloop");
    CU_ASSERT_FATAL(hot > 0);
    vdc_mig_vm v = unset(hot);
    vdc_migwl_apply(&v, 1.0);
    CU_ASSERT_EQUAL(v.dirty_rate_pages_s, 29130);
    CU_ASSERT_EQUAL(v.law, VDC_LAW_UNIFORM);
    VDC_ASSERT_NEAR(v.wws_fraction, 16.0 / 1024, 1e-15);
    /* given fields win */
    v = unset(hot);
    v.dirty_rate_pages_s = 100;
    v.law = VDC_LAW_ZIPF;
    v.wws_fraction = 0.5;
    vdc_migwl_apply(&v, 1.0);
    CU_ASSERT_EQUAL(v.dirty_rate_pages_s, 100);
    CU_ASSERT_EQUAL(v.law, VDC_LAW_ZIPF);
    CU_ASSERT_EQUAL(v.wws_fraction, 0.5);
    /* no preset: the defaults before presets existed */
    v = unset(0);
    vdc_migwl_apply(&v, 1.0);
    CU_ASSERT_EQUAL(v.dirty_rate_pages_s, 0);
    CU_ASSERT_EQUAL(v.law, VDC_LAW_UNIFORM);
    CU_ASSERT_EQUAL(v.wws_fraction, 1);
    /* a working set larger than the VM is the whole VM */
    v = unset(preset_index("memcached"));
    vdc_migwl_apply(&v, 1.0);
    CU_ASSERT_EQUAL(v.wws_fraction, 1);
    /* every preset has a name, a source and a rate >= 0 */
    for (int i = 1; vdc_migwl_get(i); i++) {
        const vdc_migwl *w = vdc_migwl_get(i);
        CU_ASSERT(w->name && w->source && strlen(w->source) > 10);
        CU_ASSERT(w->dirty_rate_pages_s >= 0 && w->wws_mib >= 0);
    }
}

static double run_rounds(const char *workload, const char *what)
{
    char json[2048];
    snprintf(json, sizeof json,
             "{\"name\": \"t\", \"seed\": 1, \"duration_s\": 600,"
             " \"hosts\": [{\"name\": \"h\", \"count\": 2, \"bandwidth_gbps\": 1}],"
             " \"vms\": [{\"name\": \"v\", \"memory_gib\": 1, \"host\": \"h-0\","
             "   \"migration\": {\"workload\": \"%s\"}}],"
             " \"models\": {\"migration\": {\"name\": \"precopy\", \"round_samples\": false}},"
             " \"actions\": [{\"at_s\": 1, \"migrate\": {\"vm\": \"v\", \"to\": \"h-1\"}}]}",
             workload);
    int64_t id = vdc_test_run(json, NULL, 0, db);
    CU_ASSERT(id > 0);
    char sql[256];
    snprintf(sql, sizeof sql, "SELECT %s FROM migrations WHERE run_id=%lld", what, (long long)id);
    return vdc_test_query(db, sql);
}

static void t_run(void)
{
    double idle = run_rounds("idle", "bytes_sent"), stress = run_rounds("stress", "bytes_sent");
    CU_ASSERT(stress > 1.5 * idle);
    /* idle: 10 pages/s for ~9 s at 1 Gbit/s is a few hundred pages at most */
    CU_ASSERT(idle < 1073741824.0 * 1.01);
    CU_ASSERT(run_rounds("stress", "rounds") > run_rounds("idle", "rounds"));
}

static void setup_db(void) { vdc_test_tmpdb(db, sizeof db, "migration_wl"); }

static const vdc_test tests[] = {
    { "setup", setup_db },
    { "a preset fills the fields left at -1; given fields win", t_apply },
    { "stress sends more and iterates more than idle", t_run },
    { 0 }
};
VDC_TEST_MAIN("migration_wl", tests)
