/* rerun.c -- load a stored run, compare two runs (rerun.h).
 *
 * The database is opened read-only for the load: a rerun never changes the
 * stored runs, and a corrupt or foreign file is reported, not repaired.
 */
#include "rerun.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Read the scenario text and version of run id; text may hold any bytes. */
static int fetch_run(sqlite3 *h, const char *db, int64_t id, char **json, size_t *len,
                     char **version, vdc_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(h, "SELECT scenario_json, version FROM runs WHERE run_id=?1", -1,
                                &st, NULL);
    if (rc != SQLITE_OK) {
        rc = vdc_error_set(err, rc == SQLITE_NOMEM ? VDC_ENOMEM : VDC_EINPUT,
                           "%s: not a vdcsim results database (%s)", db, sqlite3_errmsg(h));
        goto out;
    }
    sqlite3_bind_int64(st, 1, id);
    int x = sqlite3_step(st);
    if (x != SQLITE_ROW) {
        rc = x == SQLITE_DONE ? vdc_error_set(err, VDC_EINPUT, "%s: no run %lld", db, (long long)id)
                              : vdc_error_set(err, x == SQLITE_NOMEM ? VDC_ENOMEM : VDC_EINPUT,
                                              "%s: cannot read run %lld: %s", db, (long long)id,
                                              sqlite3_errmsg(h));
        goto out;
    }
    if (sqlite3_column_type(st, 0) == SQLITE_NULL) {
        rc = vdc_error_set(err, VDC_EINPUT, "%s: run %lld: runs.scenario_json is NULL, nothing to rerun",
                           db, (long long)id);
        goto out;
    }
    const unsigned char *t = sqlite3_column_text(st, 0);
    int n = sqlite3_column_bytes(st, 0);
    const unsigned char *v = sqlite3_column_text(st, 1);
    if (!t || n < 0 || !(*json = malloc((size_t)n + 1))) {
        rc = vdc_error_set(err, VDC_ENOMEM, "out of memory");
        goto out;
    }
    memcpy(*json, t, (size_t)n);
    (*json)[n] = 0;
    *len = (size_t)n;
    if (!(*version = strdup(v ? (const char *)v : "?"))) {
        free(*json);
        *json = NULL;
        rc = vdc_error_set(err, VDC_ENOMEM, "out of memory");
    }
out:
    sqlite3_finalize(st);
    return rc;
}

int vdc_rerun_load(const char *db, int64_t id, vdc_scenario **sc, char **version,
                   vdc_error *err)
{
    *sc = NULL;
    *version = NULL;
    if (access(db, R_OK) != 0)
        return vdc_error_set(err, VDC_EINPUT, "%s: no such database", db);
    sqlite3 *h = NULL;
    char *json = NULL;
    size_t len = 0;
    int rc;
    if (sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
        rc = vdc_error_set(err, h ? VDC_EINPUT : VDC_ENOMEM, "%s: cannot open: %s", db,
                           h ? sqlite3_errmsg(h) : "out of memory");
    else
        rc = fetch_run(h, db, id, &json, &len, version, err);
    sqlite3_close(h);
    if (rc)
        return rc;
    char label[512];
    snprintf(label, sizeof label, "%s#run%lld", db, (long long)id);
    rc = vdc_scenario_parse(json, len, label, NULL, 0, sc, err);
    free(json);
    if (rc) {
        free(*version);
        *version = NULL;
    }
    return rc;
}

int vdc_rerun_compare(const char *a_db, int64_t a, const char *b_db, int64_t b, long *diffs,
                      vdc_error *err)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    char *sql = NULL;
    int rc = sqlite3_open_v2(a_db, &db, SQLITE_OPEN_READONLY, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_busy_timeout(db, 60000);
        rc = sqlite3_prepare_v2(db, "ATTACH DATABASE ?1 AS other", -1, &st, NULL);
    }
    if (rc == SQLITE_OK) {
        sqlite3_bind_text(st, 1, b_db, -1, SQLITE_STATIC);
        rc = sqlite3_step(st) == SQLITE_DONE ? SQLITE_OK : SQLITE_ERROR;
    }
    sqlite3_finalize(st);
    st = NULL;
    /* rows of one run missing from the other, both ways, metrics and samples */
    if (rc == SQLITE_OK &&
        !(sql = sqlite3_mprintf(
              "SELECT (SELECT count(*) FROM (SELECT entity,name,value,unit FROM main.metrics WHERE run_id=%lld"
              " EXCEPT SELECT entity,name,value,unit FROM other.metrics WHERE run_id=%lld))"
              " + (SELECT count(*) FROM (SELECT entity,name,value,unit FROM other.metrics WHERE run_id=%lld"
              " EXCEPT SELECT entity,name,value,unit FROM main.metrics WHERE run_id=%lld))"
              " + (SELECT count(*) FROM (SELECT entity,name,t_s,value FROM main.samples WHERE run_id=%lld"
              " EXCEPT SELECT entity,name,t_s,value FROM other.samples WHERE run_id=%lld))"
              " + (SELECT count(*) FROM (SELECT entity,name,t_s,value FROM other.samples WHERE run_id=%lld"
              " EXCEPT SELECT entity,name,t_s,value FROM main.samples WHERE run_id=%lld))",
              (long long)a, (long long)b, (long long)b, (long long)a, (long long)a, (long long)b,
              (long long)b, (long long)a)))
        rc = SQLITE_NOMEM;
    if (rc == SQLITE_OK)
        rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
    if (rc == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
        *diffs = (long)sqlite3_column_int64(st, 0);
    else
        rc = vdc_error_set(err, rc == SQLITE_NOMEM ? VDC_ENOMEM : VDC_EIO,
                           "cannot compare the runs: %s", db ? sqlite3_errmsg(db) : "out of memory");
    sqlite3_free(sql);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return rc == SQLITE_OK ? 0 : rc;
}
