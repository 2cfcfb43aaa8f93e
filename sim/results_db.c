/* results_db.c -- the output database of results: its schema, the checks
 * made before a run, opening it for appending.
 *
 * One schema for every writer (run, sweep, merge): core tables runs,
 * params, metrics, samples (README.md "Results"), upgraded in place when a
 * database written by an older version lacks a column.  WAL mode and a
 * busy timeout let several processes append to one file; a foreign
 * database (tables, but not vdcsim's runs) is never written to.
 */
#include "results_int.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *core_schema =
    "CREATE TABLE IF NOT EXISTS %sruns(run_id INTEGER PRIMARY KEY AUTOINCREMENT,"
    " scenario_name TEXT, scenario_json TEXT, seed INTEGER, version TEXT,"
    " started_at TEXT, wall_s REAL, status TEXT);"
    /* params.value has no declared type: numbers stay numbers (ORDER BY
     * value sorts 2.5 before 10), names stay text (SQLite's dynamic typing) */
    "CREATE TABLE IF NOT EXISTS %sparams(run_id INTEGER, path TEXT, value);"
    "CREATE TABLE IF NOT EXISTS %smetrics(run_id INTEGER, entity TEXT, name TEXT,"
    " value REAL, unit TEXT, kind TEXT);"
    "CREATE TABLE IF NOT EXISTS %ssamples(run_id INTEGER, entity TEXT, name TEXT,"
    " t_s REAL, value REAL, unit TEXT, kind TEXT);"
    "CREATE INDEX IF NOT EXISTS %sparams_run ON params(run_id);"
    "CREATE INDEX IF NOT EXISTS %smetrics_run ON metrics(run_id);"
    "CREATE INDEX IF NOT EXISTS %ssamples_run ON samples(run_id);";

int vdc_results_exec(sqlite3 *db, const char *sql, vdc_error *err)
{
    char *msg = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        vdc_error_set(err, VDC_EIO, "results database: %s", msg ? msg : "error");
        sqlite3_free(msg);
        return VDC_EIO;
    }
    return 0;
}

/* Columns added since the first schema: a database written by an older
 * version gets them (NULL in its old rows), so old and new databases can
 * be appended to, merged and rerun alike. */
static const struct { const char *table, *column, *type; } added_cols[] = {
    { "metrics", "kind", "TEXT" }, { "samples", "unit", "TEXT" }, { "samples", "kind", "TEXT" },
};

static int has_column(sqlite3 *db, const char *schema, const char *table, const char *col)
{
    sqlite3_stmt *st = NULL;
    int found = 0;
    if (sqlite3_prepare_v2(db, "SELECT count(*) FROM pragma_table_info(?1, ?2) WHERE name = ?3",
                           -1, &st, NULL) == SQLITE_OK) {
        sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, schema, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 3, col, -1, SQLITE_STATIC);
        if (sqlite3_step(st) == SQLITE_ROW)
            found = sqlite3_column_int(st, 0) > 0;
    }
    sqlite3_finalize(st);
    return found;
}

int vdc_results_schema_in(sqlite3 *db, const char *prefix, vdc_error *err)
{
    char sql[2048], schema[64];
    snprintf(sql, sizeof sql, core_schema, prefix, prefix, prefix, prefix, prefix, prefix, prefix);
    int rc = vdc_results_exec(db, sql, err);
    snprintf(schema, sizeof schema, "%.*s", *prefix ? (int)strlen(prefix) - 1 : 4,
             *prefix ? prefix : "main");
    for (size_t i = 0; !rc && i < sizeof added_cols / sizeof *added_cols; i++)
        if (!has_column(db, schema, added_cols[i].table, added_cols[i].column)) {
            snprintf(sql, sizeof sql, "ALTER TABLE %s%s ADD COLUMN %s %s", prefix,
                     added_cols[i].table, added_cols[i].column, added_cols[i].type);
            rc = vdc_results_exec(db, sql, err);
        }
    return rc;
}

int vdc_results_schema(void *db, vdc_error *err)
{
    return vdc_results_schema_in(db, "", err);
}

/* ---- output databases ------------------------------------------------------ */

/* 0 if schema `sch` of db is empty or has a runs table with the core
 * columns; VDC_EINPUT if it belongs to something else (never touch it);
 * VDC_EIO if it cannot be read (corrupt, not a database). */
int vdc_results_check_foreign(sqlite3 *db, const char *sch, const char *path, vdc_error *err)
{
    sqlite3_stmt *st = NULL;
    char *sql = sqlite3_mprintf(
        "SELECT (SELECT count(*) FROM \"%w\".sqlite_master),"
        " (SELECT count(*) FROM pragma_table_info('runs', %Q)"
        "  WHERE name IN ('run_id', 'scenario_json', 'seed', 'version'))", sch, sch);
    int rc = sql ? sqlite3_prepare_v2(db, sql, -1, &st, NULL) : SQLITE_NOMEM;
    sqlite3_free(sql);
    if (rc == SQLITE_OK)
        rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        int code = rc == SQLITE_NOTADB || rc == SQLITE_CORRUPT ? VDC_EINPUT : VDC_EIO;
        rc = vdc_error_set(err, code, "%s: cannot read: %s", path, sqlite3_errmsg(db));
        sqlite3_finalize(st);
        return rc;
    }
    int objects = sqlite3_column_int(st, 0), core = sqlite3_column_int(st, 1);
    sqlite3_finalize(st);
    if (objects > 0 && core < 4)
        return vdc_error_set(err, VDC_EINPUT,
                             "%s: not a vdcsim results database (no runs table with run_id, "
                             "scenario_json, seed, version); refusing to write to it", path);
    return 0;
}

/* The file's directory, for the messages and checks of a file to create. */
static int dir_writable(const char *path, vdc_error *err)
{
    char dir[4096];
    const char *slash = strrchr(path, '/');
    if (!slash)
        snprintf(dir, sizeof dir, ".");
    else
        snprintf(dir, sizeof dir, "%.*s", slash == path ? 1 : (int)(slash - path), path);
    if (access(dir, W_OK | X_OK) != 0)
        return vdc_error_set(err, VDC_EINPUT, "%s: cannot create: %s: %s", path, dir,
                             strerror(errno));
    return 0;
}

int vdc_results_check(const char *path, vdc_error *err)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        if (errno != ENOENT)
            return vdc_error_set(err, VDC_EINPUT, "%s: %s", path, strerror(errno));
        return dir_writable(path, err);
    }
    if (!S_ISREG(st.st_mode))
        return vdc_error_set(err, VDC_EINPUT, "%s: not a regular file", path);
    sqlite3 *db = NULL;
    int rc = 0;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
        rc = vdc_error_set(err, VDC_EINPUT, "%s: cannot open: %s", path,
                           db ? sqlite3_errmsg(db) : "out of memory");
        goto out;
    }
    sqlite3_busy_timeout(db, 5000);
    if (sqlite3_db_readonly(db, "main") == 1) {
        rc = vdc_error_set(err, VDC_EINPUT, "%s: read-only, cannot append results", path);
        goto out;
    }
    if ((rc = vdc_results_check_foreign(db, "main", path, err)))
        goto out;
    /* A write made and rolled back proves the file (and its journal's
     * directory) writable without changing anything: a lock alone would
     * not see a read-only file format.  Busy: someone else is writing,
     * which proves it as well. */
    int x = sqlite3_exec(db, "BEGIN IMMEDIATE; CREATE TABLE main.vdcsim_write_probe(x)", NULL,
                         NULL, NULL);
    if (x != SQLITE_OK && x != SQLITE_BUSY && x != SQLITE_LOCKED)
        rc = vdc_error_set(err, VDC_EINPUT, "%s: cannot write: %s", path, sqlite3_errmsg(db));
    if (!sqlite3_get_autocommit(db))
        sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
out:
    sqlite3_close(db);
    return rc;
}

/* Switching a new file to WAL takes an exclusive lock and does not wait on
 * the busy handler: retry while another writer holds the file (2 min). */
int vdc_results_wal(sqlite3 *db, const char *sch, const char *path, vdc_error *err)
{
    char *sql = sqlite3_mprintf("PRAGMA \"%w\".journal_mode=WAL", sch);
    if (!sql)
        return vdc_error_set(err, VDC_ENOMEM, "out of memory");
    int rc = 0;
    for (int tries = 0;; tries++) {
        int x = sqlite3_exec(db, sql, NULL, NULL, NULL);
        if (x == SQLITE_OK)
            break;
        if ((x != SQLITE_BUSY && x != SQLITE_LOCKED) || tries >= 12000) {
            rc = vdc_error_set(err, VDC_EIO, "%s: %s", path, sqlite3_errmsg(db));
            break;
        }
        sqlite3_sleep(10);
    }
    sqlite3_free(sql);
    return rc;
}

int vdc_results_open(const char *path, void **out, vdc_error *err)
{
    sqlite3 *db = NULL;
    *out = NULL;
    int rc = vdc_results_check(path, err);
    if (rc)
        return rc;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
        rc = vdc_error_set(err, VDC_EINPUT, "%s: cannot open: %s", path,
                           db ? sqlite3_errmsg(db) : "out of memory");
        sqlite3_close(db);
        return rc;
    }
    sqlite3_busy_timeout(db, 120000);   /* other writers commit quickly */
    if ((rc = vdc_results_wal(db, "main", path, err)))
        goto fail;
    /* The schema in one write transaction: concurrent creators serialise
     * on the busy handler instead of failing with "database is locked". */
    if ((rc = vdc_results_exec(db, "BEGIN IMMEDIATE", err)))
        goto fail;
    if ((rc = vdc_results_schema_in(db, "", err)) || (rc = vdc_results_exec(db, "COMMIT", err))) {
        if (!sqlite3_get_autocommit(db))
            sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
        goto fail;
    }
    *out = db;
    return 0;
fail:
    sqlite3_close(db);
    return rc;
}

