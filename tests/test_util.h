/* test_util.h -- the few helpers every CUnit test file shares.
 *
 * Each tests/test_*.c is its own executable with one suite (so that model
 * tests can be added without touching a central list):
 *
 *     static const vdc_test tests[] = { {"name", fn}, {0} };
 *     VDC_TEST_MAIN("suite", tests)
 *
 * or VDC_TEST_MAIN_HOOKS("suite", tests, init, cleanup) for set-up and
 * clean-up (temporary files) that run as CUnit suite hooks, not as tests.
 *
 * Run from the project root (tests open scenarios/ and tests/ files).
 */
#ifndef VDC_TEST_UTIL_H
#define VDC_TEST_UTIL_H

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <CUnit/Basic.h>
#include <CUnit/CUnit.h>

typedef struct vdc_test {
    const char *name;
    void (*fn)(void);
} vdc_test;

#define VDC_ASSERT_NEAR(a, b, tol) do {                                      \
        double a_ = (a), b_ = (b);                                            \
        if (!(fabs(a_ - b_) <= (tol)))                                        \
            fprintf(stderr, "\n  %s:%d: %s = %.9g, expected %.9g +- %g\n",    \
                    __FILE__, __LINE__, #a, a_, b_, (double)(tol));           \
        CU_ASSERT(fabs(a_ - b_) <= (tol));                                    \
    } while (0)

/* Run one suite.  `init` runs before its tests and `cleanup` after them
 * (CUnit's suite hooks, so neither counts as a test); both may be NULL and
 * return 0, else the suite counts as failed. */
static inline int vdc_test_main_hooks(const char *suite, const vdc_test *tests,
                                      int (*init)(void), int (*cleanup)(void))
{
    if (CU_initialize_registry() != CUE_SUCCESS)
        return 1;
    CU_pSuite s = CU_add_suite(suite, init, cleanup);
    for (const vdc_test *t = tests; s && t->name; t++)
        CU_add_test(s, t->name, t->fn);
    CU_basic_set_mode(CU_BRM_NORMAL);
    CU_basic_run_tests();
    unsigned failed = CU_get_number_of_failures() + CU_get_number_of_tests_failed() +
                      CU_get_number_of_suites_failed();
    CU_cleanup_registry();
    return failed || !s ? 1 : 0;
}

static inline int vdc_test_main(const char *suite, const vdc_test *tests)
{
    return vdc_test_main_hooks(suite, tests, NULL, NULL);
}

/* ---- validation CSVs (files in tests/validation/) ----------------------- */

/* Split one CSV line in place into at most `max` fields (double quotes
 * protect commas; they are removed).  Returns the number of fields. */
static inline int vdc_test_csv_fields(char *line, char **f, int max)
{
    int n = 0;
    char *p = line;
    while (n < max) {
        int q = *p == '"';
        if (q)
            p++;
        f[n++] = p;
        char *w = p;
        while (*p && (q ? *p != '"' : (*p != ',' && *p != '\n' && *p != '\r')))
            *w++ = *p++;
        if (q && *p == '"')
            p++;
        int more = *p == ',';
        *w = 0;
        if (!more)
            break;
        p++;
    }
    return n;
}

/* Split a CSV line into `nf` fixed-width fields (out[i * width], cleared
 * first); returns the number of fields found. */
static inline int vdc_test_csv_copy(const char *line, char *out, int nf, size_t width)
{
    char buf[4096], *f[64];
    if (nf > 64)
        nf = 64;
    memset(out, 0, (size_t)nf * width);
    snprintf(buf, sizeof buf, "%s", line);
    int k = vdc_test_csv_fields(buf, f, nf);
    for (int i = 0; i < k; i++)
        snprintf(out + (size_t)i * width, width, "%s", f[i]);
    return k;
}

/* ---- running scenarios in-process ---------------------------------- */

#include <sqlite3.h>
#include <string.h>
#include <unistd.h>

#include "scenario.h"
#include "sim.h"

/* Run a JSON scenario into `db` (NULL: no results); returns the run id, or
 * a negative VDC_E* code (and prints the error). */
static inline int64_t vdc_test_run(const char *json, const char *const *sets, size_t nsets,
                                   const char *db)
{
    vdc_scenario *sc = NULL;
    vdc_error err = { 0 };
    int rc = vdc_scenario_parse(json, strlen(json), "test.json", sets, nsets, &sc, &err);
    if (rc) {
        fprintf(stderr, "\n  scenario: %s\n", err.msg);
        return rc;
    }
    vdc_run_opts o = { .db_path = db };
    vdc_run_summary sum = { 0 };
    rc = vdc_sim_run(sc, &o, &sum, &err);
    vdc_scenario_free(sc);
    if (rc) {
        fprintf(stderr, "\n  run: %s\n", err.msg);
        return rc;
    }
    return sum.run_id;
}

/* A scalar from a query with one row and one column; NAN if none. */
static inline double vdc_test_query(const char *db, const char *sql)
{
    sqlite3 *h;
    sqlite3_stmt *st = NULL;
    double v = NAN;
    if (sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
        sqlite3_prepare_v2(h, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW &&
        sqlite3_column_type(st, 0) != SQLITE_NULL)
        v = sqlite3_column_double(st, 0);
    else
        fprintf(stderr, "\n  query failed: %s: %s\n", sql, sqlite3_errmsg(h));
    sqlite3_finalize(st);
    sqlite3_close(h);
    return v;
}

/* metrics.value of (run, entity, name); NAN if absent. */
static inline double vdc_test_metric(const char *db, int64_t run, const char *entity,
                                     const char *name)
{
    char sql[512];
    snprintf(sql, sizeof sql,
             "SELECT value FROM metrics WHERE run_id=%lld AND entity='%s' AND name='%s'",
             (long long)run, entity, name);
    return vdc_test_query(db, sql);
}

/* Rows of metrics and samples that are in one run and not the other (both
 * ways): 0 when two runs are identical. */
static inline double vdc_test_diff_runs(const char *db, int64_t a, int64_t b)
{
    char sql[2048];
    long long x = a, y = b;
    snprintf(sql, sizeof sql,
             "SELECT (SELECT count(*) FROM (SELECT entity,name,value,unit FROM metrics WHERE run_id=%lld"
             " EXCEPT SELECT entity,name,value,unit FROM metrics WHERE run_id=%lld))"
             " + (SELECT count(*) FROM (SELECT entity,name,value,unit FROM metrics WHERE run_id=%lld"
             " EXCEPT SELECT entity,name,value,unit FROM metrics WHERE run_id=%lld))"
             " + (SELECT count(*) FROM (SELECT entity,name,t_s,value FROM samples WHERE run_id=%lld"
             " EXCEPT SELECT entity,name,t_s,value FROM samples WHERE run_id=%lld))"
             " + (SELECT count(*) FROM (SELECT entity,name,t_s,value FROM samples WHERE run_id=%lld"
             " EXCEPT SELECT entity,name,t_s,value FROM samples WHERE run_id=%lld))",
             x, y, y, x, x, y, y, x);
    return vdc_test_query(db, sql);
}

/* A fresh temporary database path (the file does not exist yet). */
static inline const char *vdc_test_tmpdb(char *buf, size_t n, const char *tag)
{
    snprintf(buf, n, "/tmp/vdc-test-%s-%ld.db", tag, (long)getpid());
    unlink(buf);
    char side[600];
    snprintf(side, sizeof side, "%s-wal", buf);
    unlink(side);
    snprintf(side, sizeof side, "%s-shm", buf);
    unlink(side);
    return buf;
}

#define VDC_TEST_MAIN(suite, tests) \
    int main(void) { return vdc_test_main((suite), (tests)); }
#define VDC_TEST_MAIN_HOOKS(suite, tests, init, cleanup) \
    int main(void) { return vdc_test_main_hooks((suite), (tests), (init), (cleanup)); }

#endif
