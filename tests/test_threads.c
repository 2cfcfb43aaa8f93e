/* test_threads.c -- the library is reentrant: two simulations run at once in
 * two threads of one process (what an embedding API, e.g. Python, needs) and
 * each gives the rows it gives when run alone.  What makes this hold: no
 * model or engine keeps run state in globals (sorts take a context,
 * sim/sort.h), every run has its own engine, world, random streams and
 * SQLite connections.  Known limit, outside vdcsim: cJSON records the
 * position of its last parse error in a global, so the scenarios are parsed
 * before the threads start; running is what this test exercises. */
#include <pthread.h>

#include "test_util.h"

static char db_alone[256], db_thr[2][256];

/* Two runs that touch every kind: credit with a migration and a start-up,
 * and fluid with consolidation (VM arrivals, power-down) and memory. */
static const char *scen[2] = {
    "{\"duration_s\": 20, \"hosts\": [{\"name\": \"h\", \"count\": 2, \"pcpus\": 2}],"
    " \"vms\": [{\"name\": \"a\", \"vcpus\": 2, \"host\": \"h-0\"},"
    "           {\"name\": \"p\", \"host\": \"h-1\", \"workload\": {\"type\": \"ping\", \"peer\": \"a\"}}],"
    " \"models\": {\"sched\": {\"name\": \"credit\"}, \"migration\": {\"name\": \"precopy\"},"
    "             \"memory\": {\"name\": \"spt\"}, \"startup\": {\"name\": \"phases\"}},"
    " \"actions\": [{\"at_s\": 1, \"start\": {\"instance\": \"fc\", \"preset\": \"firecracker\","
    "               \"host\": \"h-0\", \"count\": 2, \"demand\": 1}},"
    "             {\"at_s\": 5, \"migrate\": {\"vm\": \"a\", \"to\": \"h-1\"}}]}",
    "{\"duration_s\": 60, \"hosts\": [{\"name\": \"h\", \"count\": 4, \"pcpus\": 4}],"
    " \"vms\": [{\"name\": \"v\", \"count\": 6, \"workload\": {\"type\": \"onoff\"}}],"
    " \"models\": {\"sched\": {\"name\": \"fluid\"}, \"memory\": {\"name\": \"slat\"},"
    "             \"placement\": {\"name\": \"consolidate\", \"period_s\": 5}}}",
};

typedef struct job {
    vdc_scenario *sc;
    const char *db;
    int rc;
    int64_t run;
} job;

static void *run_job(void *arg)
{
    job *j = arg;
    vdc_run_opts o = { .db_path = j->db };
    vdc_run_summary sum = { 0 };
    vdc_error err = { 0 };
    j->rc = vdc_sim_run(j->sc, &o, &sum, &err);
    if (j->rc)
        fprintf(stderr, "\n  thread run: %s\n", err.msg);
    j->run = sum.run_id;
    return NULL;
}

static vdc_scenario *parse(const char *json)
{
    vdc_scenario *sc = NULL;
    vdc_error err = { 0 };
    if (vdc_scenario_parse(json, strlen(json), "test.json", NULL, 0, &sc, &err))
        fprintf(stderr, "\n  scenario: %s\n", err.msg);
    return sc;
}

/* Rows of run `a` in `db` and run `b` in `other` that differ (both ways). */
static double diff_across(const char *db, int64_t a, const char *other, int64_t b)
{
    sqlite3 *h = NULL;
    sqlite3_stmt *st = NULL;
    double v = NAN;
    char sql[2048];
    snprintf(sql, sizeof sql,
             "SELECT (SELECT count(*) FROM (SELECT entity,name,value FROM main.metrics WHERE run_id=%lld"
             " EXCEPT SELECT entity,name,value FROM o.metrics WHERE run_id=%lld))"
             " + (SELECT count(*) FROM (SELECT entity,name,value FROM o.metrics WHERE run_id=%lld"
             " EXCEPT SELECT entity,name,value FROM main.metrics WHERE run_id=%lld))"
             " + (SELECT count(*) FROM (SELECT entity,name,t_s,value FROM main.samples WHERE run_id=%lld"
             " EXCEPT SELECT entity,name,t_s,value FROM o.samples WHERE run_id=%lld))"
             " + (SELECT count(*) FROM (SELECT entity,name,t_s,value FROM o.samples WHERE run_id=%lld"
             " EXCEPT SELECT entity,name,t_s,value FROM main.samples WHERE run_id=%lld))",
             (long long)a, (long long)b, (long long)b, (long long)a, (long long)a, (long long)b,
             (long long)b, (long long)a);
    char att[512];
    snprintf(att, sizeof att, "ATTACH '%s' AS o", other);
    if (sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
        sqlite3_exec(h, att, NULL, NULL, NULL) == SQLITE_OK &&
        sqlite3_prepare_v2(h, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_double(st, 0);
    else
        fprintf(stderr, "\n  compare failed: %s\n", sqlite3_errmsg(h));
    sqlite3_finalize(st);
    sqlite3_close(h);
    return v;
}

static void test_two_threads(void)
{
    job alone[2], thr[2];
    for (int i = 0; i < 2; i++) {
        alone[i] = (job){ .sc = parse(scen[i]), .db = db_alone };
        thr[i] = (job){ .sc = parse(scen[i]), .db = db_thr[i] };
        CU_ASSERT_FATAL(alone[i].sc && thr[i].sc);
        run_job(&alone[i]);
        CU_ASSERT_EQUAL(alone[i].rc, 0);
    }
    pthread_t t[2];
    for (int i = 0; i < 2; i++)
        CU_ASSERT_EQUAL_FATAL(pthread_create(&t[i], NULL, run_job, &thr[i]), 0);
    for (int i = 0; i < 2; i++)
        pthread_join(t[i], NULL);
    for (int i = 0; i < 2; i++) {
        CU_ASSERT_EQUAL(thr[i].rc, 0);
        char sql[128];
        snprintf(sql, sizeof sql, "SELECT count(*) FROM metrics WHERE run_id=%lld",
                 (long long)thr[i].run);
        CU_ASSERT(vdc_test_query(db_thr[i], sql) > 10);
        double d = diff_across(db_alone, alone[i].run, db_thr[i], thr[i].run);
        if (d != 0)
            fprintf(stderr, "\n  scenario %d: %g rows differ between alone and threaded\n", i, d);
        CU_ASSERT_EQUAL(d, 0);
        vdc_scenario_free(alone[i].sc);
        vdc_scenario_free(thr[i].sc);
    }
    /* the first run really migrated and started VMs, the second consolidated */
    CU_ASSERT(vdc_test_query(db_thr[0], "SELECT count(*) FROM migrations") >= 1);
    CU_ASSERT(vdc_test_query(db_thr[0], "SELECT count(*) FROM metrics WHERE entity='fc-1'") > 0);
}

static const vdc_test tests[] = {
    { "two simulations in two threads give the rows they give alone", test_two_threads },
    { 0 }
};

int main(void)
{
    vdc_test_tmpdb(db_alone, sizeof db_alone, "thr-alone");
    vdc_test_tmpdb(db_thr[0], sizeof db_thr[0], "thr-0");
    vdc_test_tmpdb(db_thr[1], sizeof db_thr[1], "thr-1");
    int rc = vdc_test_main("threads", tests);
    unlink(db_alone);
    unlink(db_thr[0]);
    unlink(db_thr[1]);
    return rc;
}
