/* results.c -- staging of a run's results and the one-transaction commit.
 *
 * Why stage in an in-memory database instead of writing as we go: a run may
 * last minutes, and holding a write transaction that long would block every
 * other process appending to the same file; writing outside a transaction
 * would leave half a run behind on failure.  Staging costs one extra copy of
 * the rows, done by SQLite itself (INSERT ... SELECT) at commit.
 */
#include "results.h"

#include <math.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <sys/stat.h>
#include <unistd.h>

#include "version.h"

#define MAX_TABLES 32

struct vdc_results {
    sqlite3 *db;                /* ":memory:" staging */
    sqlite3_stmt *metric, *sample, *param, *kind;
    struct { const vdc_table *t; sqlite3_stmt *ins; int ncol; } tab[MAX_TABLES];
    int ntab;
    int failed;                 /* a staging write failed: refuse to commit */
    char errmsg[256];
};

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

static int exec(sqlite3 *db, const char *sql, vdc_error *err)
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

static int schema_in(sqlite3 *db, const char *prefix, vdc_error *err)
{
    char sql[2048], schema[64];
    snprintf(sql, sizeof sql, core_schema, prefix, prefix, prefix, prefix, prefix, prefix, prefix);
    int rc = exec(db, sql, err);
    snprintf(schema, sizeof schema, "%.*s", *prefix ? (int)strlen(prefix) - 1 : 4,
             *prefix ? prefix : "main");
    for (size_t i = 0; !rc && i < sizeof added_cols / sizeof *added_cols; i++)
        if (!has_column(db, schema, added_cols[i].table, added_cols[i].column)) {
            snprintf(sql, sizeof sql, "ALTER TABLE %s%s ADD COLUMN %s %s", prefix,
                     added_cols[i].table, added_cols[i].column, added_cols[i].type);
            rc = exec(db, sql, err);
        }
    return rc;
}

int vdc_results_schema(void *db, vdc_error *err)
{
    return schema_in(db, "", err);
}

/* ---- output databases ------------------------------------------------------ */

/* 0 if schema `sch` of db is empty or has a runs table with the core
 * columns; VDC_EINPUT if it belongs to something else (never touch it);
 * VDC_EIO if it cannot be read (corrupt, not a database). */
static int check_foreign(sqlite3 *db, const char *sch, const char *path, vdc_error *err)
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
    if ((rc = check_foreign(db, "main", path, err)))
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
static int wal_retry(sqlite3 *db, const char *sch, const char *path, vdc_error *err)
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
    if ((rc = wal_retry(db, "main", path, err)))
        goto fail;
    /* The schema in one write transaction: concurrent creators serialise
     * on the busy handler instead of failing with "database is locked". */
    if ((rc = exec(db, "BEGIN IMMEDIATE", err)))
        goto fail;
    if ((rc = schema_in(db, "", err)) || (rc = exec(db, "COMMIT", err))) {
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

vdc_results *vdc_results_new(vdc_error *err)
{
    vdc_results *r = calloc(1, sizeof *r);
    if (!r) {
        vdc_error_set(err, VDC_ENOMEM, "out of memory");
        return NULL;
    }
    if (sqlite3_open(":memory:", &r->db) != SQLITE_OK ||
        exec(r->db, "CREATE TABLE metrics(entity TEXT, name TEXT, value REAL, unit TEXT,"
                    " kind TEXT);"
                    "CREATE TABLE samples(entity TEXT, name TEXT, t_s REAL, value REAL,"
                    " unit TEXT, kind TEXT);"
                    "CREATE TABLE params(path TEXT, value);"
                    "CREATE TABLE entity_kind(entity TEXT PRIMARY KEY, kind TEXT);", err) ||
        sqlite3_prepare_v2(r->db, "INSERT INTO metrics VALUES(?,?,?,?,NULL)", -1, &r->metric,
                           NULL) ||
        sqlite3_prepare_v2(r->db, "INSERT INTO samples VALUES(?,?,?,?,NULL,NULL)", -1, &r->sample,
                           NULL) ||
        sqlite3_prepare_v2(r->db, "INSERT INTO params VALUES(?,?)", -1, &r->param, NULL)) {
        vdc_error_set(err, VDC_EIO, "results staging: %s", sqlite3_errmsg(r->db));
        vdc_results_free(r);
        return NULL;
    }
    /* The staging database is private and disposable: no journal, no sync. */
    exec(r->db, "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; BEGIN;", NULL);
    return r;
}

void vdc_results_free(vdc_results *r)
{
    if (!r)
        return;
    sqlite3_finalize(r->metric);
    sqlite3_finalize(r->sample);
    sqlite3_finalize(r->param);
    sqlite3_finalize(r->kind);
    for (int i = 0; i < r->ntab; i++)
        sqlite3_finalize(r->tab[i].ins);
    sqlite3_close(r->db);
    free(r);
}

static int step(vdc_results *r, sqlite3_stmt *st)
{
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    if (rc != SQLITE_DONE) {
        if (!r->failed)
            snprintf(r->errmsg, sizeof r->errmsg, "%s", sqlite3_errmsg(r->db));
        r->failed = 1;
        return VDC_EIO;
    }
    return 0;
}

int vdc_results_metric(vdc_results *r, const char *entity, const char *name, double value,
                       const char *unit)
{
    if (!r)
        return 0;
    sqlite3_bind_text(r->metric, 1, entity, -1, SQLITE_STATIC);
    sqlite3_bind_text(r->metric, 2, name, -1, SQLITE_STATIC);
    sqlite3_bind_double(r->metric, 3, value);
    sqlite3_bind_text(r->metric, 4, unit, -1, SQLITE_STATIC);
    return step(r, r->metric);
}

int vdc_results_sample(vdc_results *r, const char *entity, const char *name, double t_s,
                       double value)
{
    if (!r)
        return 0;
    sqlite3_bind_text(r->sample, 1, entity, -1, SQLITE_STATIC);
    sqlite3_bind_text(r->sample, 2, name, -1, SQLITE_STATIC);
    sqlite3_bind_double(r->sample, 3, t_s);
    sqlite3_bind_double(r->sample, 4, value);
    return step(r, r->sample);
}

int vdc_results_param(vdc_results *r, const char *path, const char *value, const double *num)
{
    if (!r)
        return 0;
    sqlite3_bind_text(r->param, 1, path, -1, SQLITE_STATIC);
    if (num && *num == (double)(sqlite3_int64)*num && fabs(*num) < 9007199254740992.0)
        sqlite3_bind_int64(r->param, 2, (sqlite3_int64)*num);
    else if (num)
        sqlite3_bind_double(r->param, 2, *num);
    else
        sqlite3_bind_text(r->param, 2, value, -1, SQLITE_STATIC);
    return step(r, r->param);
}

int vdc_results_entity_kind(vdc_results *r, const char *entity, const char *kind)
{
    if (!r)
        return 0;
    if (!r->kind && sqlite3_prepare_v2(r->db, "INSERT OR IGNORE INTO entity_kind VALUES(?,?)", -1,
                                       &r->kind, NULL) != SQLITE_OK) {
        r->failed = 1;
        snprintf(r->errmsg, sizeof r->errmsg, "%s", sqlite3_errmsg(r->db));
        return VDC_EIO;
    }
    sqlite3_bind_text(r->kind, 1, entity, -1, SQLITE_STATIC);
    sqlite3_bind_text(r->kind, 2, kind, -1, SQLITE_STATIC);
    return step(r, r->kind);
}

/* Units by name, for the rows a model left without one: the name's unit
 * suffix (README: units are in key names), else the few names below.
 * Dimensionless ratios are "fraction", counts "count". */
static const struct { const char *suffix, *unit; } unit_suffix[] = {
    { "_pages_s", "pages/s" }, { "_per_s", "1/s" }, { "_mibps", "MiB/s" },
    { "_s", "s" }, { "_ms", "ms" }, { "_us", "us" }, { "_ns", "ns" }, { "_w", "W" },
    { "_j", "J" }, { "_kwh", "kWh" }, { "_mib", "MiB" }, { "_gib", "GiB" }, { "_kib", "KiB" },
    { "_gbps", "Gbit/s" }, { "_mbps", "Mbit/s" }, { "_pcpu", "pCPUs" }, { "_pct", "%" },
    { "_fraction", "fraction" }, { "_ratio", "ratio" }, { "_bytes", "bytes" },
    { "_pages", "pages" }, { "_cycles", "cycles" },
};
static const struct { const char *name, *unit; } unit_name[] = {
    { "util", "fraction" }, { "share", "pCPUs" }, { "events", "count" },
    { "active_hosts", "hosts" }, { "active_hosts_mean", "hosts" }, { "vms", "VMs" },
    { "queued", "VMs" }, { "migrations", "count" }, { "power_w", "W" },
    { "hosts_on_end", "hosts" }, { "slatah", "fraction" }, { "sla_violation", "fraction" },
    { "pdm", "fraction" }, { "pdm_total", "fraction" }, { "slav", "fraction" },
    { "aitf", "fraction" }, { "aotf", "fraction" },
};

static void unit_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    const char *n = (const char *)sqlite3_value_text(argv[0]);
    const char *u = "count";            /* a name with no unit counts things */
    size_t ln = n ? strlen(n) : 0;
    for (size_t i = 0; n && i < sizeof unit_name / sizeof *unit_name; i++)
        if (strcmp(n, unit_name[i].name) == 0) {
            sqlite3_result_text(ctx, unit_name[i].unit, -1, SQLITE_STATIC);
            return;
        }
    for (size_t i = 0; n && i < sizeof unit_suffix / sizeof *unit_suffix; i++) {
        size_t ls = strlen(unit_suffix[i].suffix);
        if (ln > ls && strcmp(n + ln - ls, unit_suffix[i].suffix) == 0) {
            u = unit_suffix[i].unit;
            break;
        }
    }
    sqlite3_result_text(ctx, u, -1, SQLITE_STATIC);
}

/* Before the copy: every metric and sample gets its entity's kind (vm,
 * host, else the model or "run" that reported it) and a unit (samples take
 * their metric's unit of the same name, else unit_fn). */
static int finish_staging(vdc_results *r, vdc_error *err)
{
    if (sqlite3_create_function(r->db, "vdc_unit", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL,
                                unit_fn, NULL, NULL) != SQLITE_OK)
        return vdc_error_set(err, VDC_EIO, "results staging: %s", sqlite3_errmsg(r->db));
    return exec(r->db,
                "UPDATE metrics SET kind = coalesce((SELECT kind FROM entity_kind k"
                " WHERE k.entity = metrics.entity), CASE WHEN entity = 'run' THEN 'run'"
                " ELSE 'model' END);"
                "UPDATE metrics SET unit = vdc_unit(name) WHERE unit IS NULL OR unit = '';"
                /* the unit lookup below is per sample row: an index keeps it
                 * O(log metrics) (without it a day of consolidation, 2,304
                 * samples x 7,441 metrics, spent 1.4 s here) */
                "CREATE INDEX metrics_name ON metrics(name, unit);"
                "UPDATE samples SET kind = coalesce((SELECT kind FROM entity_kind k"
                " WHERE k.entity = samples.entity), 'model');"
                "UPDATE samples SET unit = coalesce((SELECT unit FROM metrics m"
                " WHERE m.name = samples.name AND m.unit <> '' LIMIT 1), vdc_unit(name));",
                err);
}

/* "CREATE TABLE <prefix>name(<run_id INTEGER, >c1 T1, ...)" */
static void table_sql(char *buf, size_t n, const vdc_table *t, const char *prefix, bool run_id)
{
    size_t u = (size_t)snprintf(buf, n, "CREATE TABLE IF NOT EXISTS %s%s(%s", prefix, t->name,
                                run_id ? "run_id INTEGER" : "");
    for (const vdc_column *c = t->cols; c->name && u < n; c++)
        u += (size_t)snprintf(buf + u, n - u, "%s%s %s", (c == t->cols && !run_id) ? "" : ", ",
                              c->name, c->type);
    if (u < n)
        snprintf(buf + u, n - u, ")");
}

int vdc_results_row(vdc_results *r, const vdc_table *t, const vdc_value *vals)
{
    if (!r)
        return 0;
    int i;
    for (i = 0; i < r->ntab && r->tab[i].t != t; i++)
        ;
    if (i == r->ntab) {                 /* first row: create and prepare */
        char sql[4096];
        if (r->ntab == MAX_TABLES) {
            r->failed = 1;
            snprintf(r->errmsg, sizeof r->errmsg, "too many result tables");
            return VDC_EIO;
        }
        table_sql(sql, sizeof sql, t, "", false);
        if (sqlite3_exec(r->db, sql, NULL, NULL, NULL) != SQLITE_OK) {
            r->failed = 1;
            snprintf(r->errmsg, sizeof r->errmsg, "table %s: %s", t->name, sqlite3_errmsg(r->db));
            return VDC_EIO;
        }
        int ncol = 0;
        size_t u = (size_t)snprintf(sql, sizeof sql, "INSERT INTO %s VALUES(", t->name);
        for (const vdc_column *c = t->cols; c->name; c++, ncol++)
            u += (size_t)snprintf(sql + u, sizeof sql - u, "%s?", ncol ? "," : "");
        snprintf(sql + u, sizeof sql - u, ")");
        r->tab[i].t = t;
        r->tab[i].ncol = ncol;
        if (sqlite3_prepare_v2(r->db, sql, -1, &r->tab[i].ins, NULL) != SQLITE_OK) {
            r->failed = 1;
            snprintf(r->errmsg, sizeof r->errmsg, "table %s: %s", t->name, sqlite3_errmsg(r->db));
            return VDC_EIO;
        }
        r->ntab++;
    }
    sqlite3_stmt *st = r->tab[i].ins;
    for (int c = 0; c < r->tab[i].ncol; c++) {
        const vdc_value *v = &vals[c];
        switch (v->type) {
        case VDC_V_INT: sqlite3_bind_int64(st, c + 1, v->i); break;
        case VDC_V_REAL: sqlite3_bind_double(st, c + 1, v->d); break;
        case VDC_V_TEXT: sqlite3_bind_text(st, c + 1, v->s, -1, SQLITE_TRANSIENT); break;
        default: sqlite3_bind_null(st, c + 1); break;
        }
    }
    return step(r, st);
}

/* ---- commit ------------------------------------------------------------- */

static int copy_table(sqlite3 *db, const char *name, const char *cols, int64_t run_id,
                      vdc_error *err)
{
    char sql[8192];
    snprintf(sql, sizeof sql, "INSERT INTO out.%s(run_id, %s) SELECT %lld, %s FROM main.%s",
             name, cols, (long long)run_id, cols, name);
    return exec(db, sql, err);
}

int vdc_results_commit(vdc_results *r, const char *db_path, const vdc_run_info *info,
                       int64_t *run_id, vdc_error *err)
{
    sqlite3 *db = r->db;
    sqlite3_stmt *st = NULL;
    int rc;
    if (r->failed)
        return vdc_error_set(err, VDC_EIO, "results staging failed: %s", r->errmsg);
    if ((rc = finish_staging(r, err)) || (rc = exec(db, "COMMIT", err)))
        return rc;
    sqlite3_busy_timeout(db, 120000);   /* other writers commit quickly */
    if (sqlite3_prepare_v2(db, "ATTACH DATABASE ?1 AS out", -1, &st, NULL) != SQLITE_OK)
        return vdc_error_set(err, VDC_EIO, "%s: %s", db_path, sqlite3_errmsg(db));
    sqlite3_bind_text(st, 1, db_path, -1, SQLITE_STATIC);
    rc = sqlite3_step(st);
    sqlite3_finalize(st);
    st = NULL;
    if (rc != SQLITE_DONE)
        return vdc_error_set(err, VDC_EIO, "%s: cannot open: %s", db_path, sqlite3_errmsg(db));
    /* A foreign database is refused before anything changes in it (even
     * its journal mode). */
    if ((rc = check_foreign(db, "out", db_path, err)) || (rc = wal_retry(db, "out", db_path, err)))
        goto detach;
    if (info->sync_normal && (rc = exec(db, "PRAGMA out.synchronous=NORMAL", err)))
        goto detach;
    if ((rc = exec(db, "BEGIN IMMEDIATE", err)))
        goto detach;
    if ((rc = schema_in(db, "out.", err)))
        goto rollback;
    for (int i = 0; i < r->ntab; i++) {
        char sql[4096];
        table_sql(sql, sizeof sql, r->tab[i].t, "out.", true);
        if ((rc = exec(db, sql, err)))
            goto rollback;
    }
    if (sqlite3_prepare_v2(db,
                           "INSERT INTO out.runs(scenario_name, scenario_json, seed, version,"
                           " started_at, wall_s, status) VALUES(?,?,?,?,?,?,?)",
                           -1, &st, NULL) != SQLITE_OK) {
        rc = vdc_error_set(err, VDC_EIO, "%s: %s", db_path, sqlite3_errmsg(db));
        goto rollback;
    }
    sqlite3_bind_text(st, 1, info->scenario_name, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, info->scenario_json, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 3, (sqlite3_int64)info->seed);
    sqlite3_bind_text(st, 4, VDC_VERSION, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, info->started_at, -1, SQLITE_STATIC);
    sqlite3_bind_double(st, 6, info->wall_s);
    sqlite3_bind_text(st, 7, info->status ? info->status : "ok", -1, SQLITE_STATIC);
    if (sqlite3_step(st) != SQLITE_DONE) {
        rc = vdc_error_set(err, VDC_EIO, "%s: %s", db_path, sqlite3_errmsg(db));
        goto rollback;
    }
    int64_t id = sqlite3_last_insert_rowid(db);
    if ((rc = copy_table(db, "params", "path, value", id, err)) ||
        (rc = copy_table(db, "metrics", "entity, name, value, unit, kind", id, err)) ||
        (rc = copy_table(db, "samples", "entity, name, t_s, value, unit, kind", id, err)))
        goto rollback;
    for (int i = 0; i < r->ntab; i++) {
        char cols[2048];
        size_t u = 0;
        for (const vdc_column *c = r->tab[i].t->cols; c->name && u < sizeof cols; c++)
            u += (size_t)snprintf(cols + u, sizeof cols - u, "%s%s", u ? ", " : "", c->name);
        if ((rc = copy_table(db, r->tab[i].t->name, cols, id, err)))
            goto rollback;
    }
    if ((rc = exec(db, "COMMIT", err)))
        goto rollback;
    sqlite3_finalize(st);
    exec(db, "DETACH DATABASE out", NULL);
    if (run_id)
        *run_id = id;
    return 0;
rollback:
    sqlite3_finalize(st);
    exec(db, "ROLLBACK", NULL);
detach:
    exec(db, "DETACH DATABASE out", NULL);
    return rc;
}
