/* test_results.c -- the results database contract (sim/results.h): a run is
 * one transaction; a failed or interrupted run leaves the database exactly
 * as it was; two processes appending at once both succeed; the same scenario
 * and seed give identical metrics and samples; params hold the resolved
 * scenario; a stored run can be reproduced from its row. */
#include <sys/wait.h>

#include "test_util.h"

static const char *quick =
    "{\"duration_s\": 20, \"hosts\": [{\"name\": \"h\", \"count\": 2, \"pcpus\": 2}],"
    " \"vms\": [{\"name\": \"w\", \"count\": 5, \"workload\": {\"type\": \"onoff\", \"on_s\": 1.5,"
    " \"off_s\": 0.7}}, {\"name\": \"x\", \"weight\": 700, \"cap\": 60}]}";

/* A text dump of every table's rows, for "unchanged in content". */
static char *dump(const char *db)
{
    sqlite3 *h;
    size_t cap = 1 << 16, n = 0;
    char *out = calloc(1, cap);
    if (sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
        sqlite3_close(h);
        return out;
    }
    const char *tabs[] = { "runs", "params", "metrics", "samples" };
    for (int t = 0; t < 4; t++) {
        char sql[128];
        sqlite3_stmt *st;
        snprintf(sql, sizeof sql, "SELECT * FROM %s ORDER BY rowid", tabs[t]);
        if (sqlite3_prepare_v2(h, sql, -1, &st, NULL) != SQLITE_OK)
            continue;
        while (sqlite3_step(st) == SQLITE_ROW)
            for (int c = 0; c < sqlite3_column_count(st); c++) {
                const char *v = (const char *)sqlite3_column_text(st, c);
                size_t l = v ? strlen(v) : 4;
                if (n + l + 2 >= cap)
                    out = realloc(out, cap *= 2);
                n += (size_t)sprintf(out + n, "%s|", v ? v : "NULL");
            }
        sqlite3_finalize(st);
    }
    sqlite3_close(h);
    return out;
}

static void test_failed_run_leaves_db(void)
{
    char db[256];
    vdc_test_tmpdb(db, sizeof db, "fail");
    CU_ASSERT(vdc_test_run(quick, NULL, 0, db) > 0);
    char *before = dump(db);
    CU_ASSERT(strlen(before) > 100);
    /* a run that fails at init (nothing fits) and one at run time (clock
     * overflow from a model cannot be provoked from JSON, so interrupt) */
    const char *nofit = "{\"hosts\": [{\"pcpus\": 1, \"memory_gib\": 1}], \"vms\": [{\"memory_gib\": 4}]}";
    CU_ASSERT_EQUAL(vdc_test_run(nofit, NULL, 0, db), VDC_EINPUT);
    vdc_engine_interrupted = 1;
    CU_ASSERT_EQUAL(vdc_test_run(quick, NULL, 0, db), VDC_EINTR);
    vdc_engine_interrupted = 0;
    char *after = dump(db);
    CU_ASSERT_STRING_EQUAL(before, after);
    free(before);
    free(after);
    unlink(db);
}

static void test_determinism(void)
{
    char db[256];
    vdc_test_tmpdb(db, sizeof db, "det");
    int64_t a = vdc_test_run(quick, NULL, 0, db);
    int64_t b = vdc_test_run(quick, NULL, 0, db);
    CU_ASSERT(a > 0 && b == a + 1);
    char sql[1024];
    VDC_ASSERT_NEAR(vdc_test_diff_runs(db, a, b), 0, 0);
    snprintf(sql, sizeof sql, "SELECT count(*) FROM samples WHERE run_id=%lld", (long long)a);
    CU_ASSERT(vdc_test_query(db, sql) > 100);
    /* a different input gives different rows (the comparison can fail) */
    const char *set[] = { "vms[1].weight=100" };
    int64_t c = vdc_test_run(quick, set, 1, db);
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM (SELECT entity,name,value FROM metrics WHERE run_id=%lld"
             " EXCEPT SELECT entity,name,value FROM metrics WHERE run_id=%lld)",
             (long long)a, (long long)c);
    CU_ASSERT(vdc_test_query(db, sql) > 0);
    unlink(db);
}

static void test_params_and_runs_row(void)
{
    char db[256];
    vdc_test_tmpdb(db, sizeof db, "params");
    const char *set[] = { "seed=9" };
    int64_t r = vdc_test_run(quick, set, 1, db);
    char sql[256];
    snprintf(sql, sizeof sql, "SELECT value FROM params WHERE run_id=%lld AND path='vms[1].cap'",
             (long long)r);
    VDC_ASSERT_NEAR(vdc_test_query(db, sql), 60, 0);
    snprintf(sql, sizeof sql, "SELECT value FROM params WHERE run_id=%lld AND path='hosts[0].power_idle_w'",
             (long long)r);
    VDC_ASSERT_NEAR(vdc_test_query(db, sql), 100, 0);        /* a default, resolved */
    snprintf(sql, sizeof sql, "SELECT seed FROM runs WHERE run_id=%lld AND status='ok'"
                              " AND version IS NOT NULL AND wall_s >= 0", (long long)r);
    VDC_ASSERT_NEAR(vdc_test_query(db, sql), 9, 0);
    unlink(db);
}

/* Two processes append to one database at the same time: both runs land. */
static void test_concurrent_writers(void)
{
    char db[256];
    vdc_test_tmpdb(db, sizeof db, "conc");
    pid_t kids[2];
    for (int k = 0; k < 2; k++) {
        kids[k] = fork();
        if (kids[k] == 0) {
            int ok = 1;
            for (int i = 0; i < 25; i++)
                ok &= vdc_test_run(quick, NULL, 0, db) > 0;
            _exit(ok ? 0 : 1);
        }
    }
    int okk = 0;
    for (int k = 0; k < 2; k++) {
        int st;
        waitpid(kids[k], &st, 0);
        okk += WIFEXITED(st) && WEXITSTATUS(st) == 0;
    }
    CU_ASSERT_EQUAL(okk, 2);
    VDC_ASSERT_NEAR(vdc_test_query(db, "SELECT count(*) FROM runs"), 50, 0);
    VDC_ASSERT_NEAR(vdc_test_query(db, "SELECT count(DISTINCT run_id) FROM metrics"), 50, 0);
    unlink(db);
}

static void test_not_a_database(void)
{
    char db[256];
    vdc_test_tmpdb(db, sizeof db, "notdb");
    FILE *f = fopen(db, "w");
    fputs("this is not a database, it is a text file with enough bytes to have a header....\n", f);
    fclose(f);
    CU_ASSERT_EQUAL(vdc_test_run(quick, NULL, 0, db), VDC_EIO);
    f = fopen(db, "r");
    char buf[128] = "";
    CU_ASSERT_PTR_NOT_NULL(fgets(buf, sizeof buf, f));
    fclose(f);
    CU_ASSERT_PTR_NOT_NULL(strstr(buf, "this is not a database"));
    unlink(db);
}

static const vdc_test tests[] = {
    { "failed or interrupted run leaves the database unchanged", test_failed_run_leaves_db },
    { "same scenario and seed: identical metrics and samples", test_determinism },
    { "params hold the resolved scenario; runs row", test_params_and_runs_row },
    { "two concurrent writers both succeed", test_concurrent_writers },
    { "a file that is not a database is left alone", test_not_a_database },
    { 0 }
};
VDC_TEST_MAIN("results", tests)
