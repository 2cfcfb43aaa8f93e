/* merge.c -- `vdcsim merge OUT.db IN.db...`: join results databases.
 *
 * Every run of each input is appended to OUT with a new run_id, together
 * with its rows in every table that has a run_id column (params, metrics,
 * samples, sweep_points and model tables, created in OUT if missing).  A run
 * is a duplicate when its (scenario_json, seed, version) is already in OUT,
 * whether from before (a shard merged twice) or from an earlier run of the
 * same input (a `rerun` appended to the database it came from): the same
 * scenario, seed and version give the same rows, so the copy adds nothing.
 * Duplicates are skipped and counted.  Each
 * input is merged in one transaction: all of it or nothing.
 *
 * Inputs are untrusted files: an input is checked (SQLite's quick_check,
 * vdcsim's runs table) before anything is copied, its table and column
 * names are quoted as identifiers, and OUT's missing tables are created from
 * the column names (never by running the SQL text stored in the input).
 * Errors are one line naming the file at fault and SQLite's reason; a bad
 * input exits 2, a failure writing OUT (disk full) exits 1.
 */
#include <sqlite3.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "results.h"
#include "sweep.h"

static const char *usage_merge =
    "usage: vdcsim merge OUT.db IN.db... [-q]\n"
    "\n"
    "Append every run of each IN.db to OUT.db (created if missing), with new\n"
    "run ids, and their rows in every table keyed by run_id.  A run is a\n"
    "duplicate, skipped and counted, when a run with the same scenario, seed\n"
    "and version is already in OUT.db or earlier in the same IN.db (a rerun\n"
    "appended to its own database): it would give the same rows.\n";

/* One merge of one input into the open output. */
typedef struct merge {
    sqlite3 *db;                /* OUT, with the input attached as "src" */
    const char *out, *in;
    long runs, dups;
    int status;                 /* exit status of the first error, 0 if none */
    char msg[600];              /* the first error, one line */
} merge;

/* Record the first error (the later ones are its consequences). */
static int failed(merge *m, int status, const char *file, const char *what)
{
    if (!m->status) {
        m->status = status;
        snprintf(m->msg, sizeof m->msg, "%s: %s", file, what);
        for (char *c = m->msg; *c; c++)         /* one line, whatever SQLite says */
            if ((unsigned char)*c < 0x20)
                *c = ' ';
    }
    return -1;
}

/* A failed SQLite call: its message now, before another call resets it.
 * Corrupt or non-database files are bad input; the rest are write
 * failures of OUT (disk full, I/O), named with the input being merged. */
static int sql_failed(merge *m, int rc)
{
    char what[512];
    int prim = rc & 0xff, sys = sqlite3_system_errno(m->db);
    if (prim == SQLITE_CORRUPT || prim == SQLITE_NOTADB)
        return failed(m, 2, m->in, sqlite3_errmsg(m->db));
    snprintf(what, sizeof what, "%s%s%s%s (while merging %s)",
             prim == SQLITE_OK ? "error" : sqlite3_errmsg(m->db), sys ? " (" : "",
             sys ? strerror(sys) : "", sys ? ")" : "", m->in);
    return failed(m, 1, m->out, what);
}

static int exec(merge *m, const char *sql)
{
    int rc = sqlite3_exec(m->db, sql, NULL, NULL, NULL);
    return rc == SQLITE_OK ? 0 : sql_failed(m, rc);
}

/* ---- steps -------------------------------------------------------------- */

static int attach_input(merge *m)
{
    struct stat st;
    if (stat(m->in, &st) != 0 || !S_ISREG(st.st_mode))
        return failed(m, 2, m->in, "no such database file");
    sqlite3_stmt *q = NULL;
    int rc = sqlite3_prepare_v2(m->db, "ATTACH DATABASE ?1 AS src", -1, &q, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_bind_text(q, 1, m->in, -1, SQLITE_STATIC);
        rc = sqlite3_step(q);
        rc = rc == SQLITE_DONE ? SQLITE_OK : rc;
    }
    if (rc != SQLITE_OK)
        failed(m, rc == SQLITE_NOMEM ? 1 : 2, m->in, sqlite3_errmsg(m->db));
    sqlite3_finalize(q);
    return rc == SQLITE_OK ? 0 : -1;
}

/* The input must be an intact SQLite file with vdcsim's runs table. */
static int check_input(merge *m)
{
    sqlite3_stmt *q = NULL;
    int rc = sqlite3_prepare_v2(m->db, "PRAGMA src.quick_check(1)", -1, &q, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_step(q);
    if (rc != SQLITE_ROW) {
        failed(m, rc == SQLITE_NOMEM ? 1 : 2, m->in, sqlite3_errmsg(m->db));
        sqlite3_finalize(q);
        return -1;
    }
    if (strcmp((const char *)sqlite3_column_text(q, 0), "ok") != 0) {
        char what[300];
        snprintf(what, sizeof what, "corrupt database (%.200s)", sqlite3_column_text(q, 0));
        sqlite3_finalize(q);
        return failed(m, 2, m->in, what);
    }
    sqlite3_finalize(q);
    rc = sqlite3_prepare_v2(m->db, "SELECT count(*) FROM pragma_table_info('runs', 'src') WHERE name"
                                   " IN ('run_id', 'scenario_name', 'scenario_json', 'seed', 'version',"
                                   " 'started_at', 'wall_s', 'status')", -1, &q, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_step(q);
    int n = rc == SQLITE_ROW ? sqlite3_column_int(q, 0) : -1;
    sqlite3_finalize(q);
    if (n < 0)
        return sql_failed(m, rc);
    if (n != 8)
        return failed(m, 2, m->in, "not a vdcsim results database (no runs table with vdcsim's columns)");
    return 0;
}

/* Runs, one by one in order (new ids keep the input's order); temp.map
 * gets old -> new ids, duplicates of OUT's runs are skipped. */
static int copy_runs(merge *m)
{
    if (exec(m, "CREATE TEMP TABLE IF NOT EXISTS map(old INTEGER PRIMARY KEY, new INTEGER);"
                "DELETE FROM temp.map;"
                "CREATE TEMP TABLE IF NOT EXISTS seen(k TEXT PRIMARY KEY);"
                "DELETE FROM temp.seen;"
                "INSERT OR IGNORE INTO temp.seen SELECT scenario_json || '|' || seed || '|' ||"
                " version FROM main.runs;"))
        return -1;
    sqlite3_stmt *sel = NULL, *ins = NULL, *map = NULL, *seen = NULL;
    int rc;
    if ((rc = sqlite3_prepare_v2(m->db, "SELECT run_id, scenario_json || '|' || seed || '|' ||"
                                 " version IN (SELECT k FROM temp.seen) FROM src.runs"
                                 " ORDER BY run_id", -1, &sel, NULL)) ||
        (rc = sqlite3_prepare_v2(m->db, "INSERT INTO main.runs(scenario_name, scenario_json, seed,"
                                 " version, started_at, wall_s, status) SELECT scenario_name,"
                                 " scenario_json, seed, version, started_at, wall_s, status"
                                 " FROM src.runs WHERE run_id = ?1", -1, &ins, NULL)) ||
        (rc = sqlite3_prepare_v2(m->db, "INSERT INTO temp.map VALUES(?1, ?2)", -1, &map, NULL)) ||
        (rc = sqlite3_prepare_v2(m->db, "INSERT OR IGNORE INTO temp.seen SELECT scenario_json"
                                 " || '|' || seed || '|' || version FROM src.runs"
                                 " WHERE run_id = ?1", -1, &seen, NULL)))
        goto out;
    while ((rc = sqlite3_step(sel)) == SQLITE_ROW) {
        int64_t old = sqlite3_column_int64(sel, 0);
        if (sqlite3_column_int(sel, 1)) {
            m->dups++;
            continue;
        }
        sqlite3_bind_int64(ins, 1, old);
        if ((rc = sqlite3_step(ins)) != SQLITE_DONE)
            goto out;
        sqlite3_reset(ins);
        sqlite3_bind_int64(map, 1, old);
        sqlite3_bind_int64(map, 2, sqlite3_last_insert_rowid(m->db));
        if ((rc = sqlite3_step(map)) != SQLITE_DONE)
            goto out;
        sqlite3_reset(map);
        sqlite3_bind_int64(seen, 1, old);       /* a later copy in this input is one too */
        if ((rc = sqlite3_step(seen)) != SQLITE_DONE)
            goto out;
        sqlite3_reset(seen);
        m->runs++;
    }
out:
    if (rc != SQLITE_DONE)
        sql_failed(m, rc);
    sqlite3_finalize(sel);
    sqlite3_finalize(ins);
    sqlite3_finalize(map);
    sqlite3_finalize(seen);
    return rc == SQLITE_DONE ? 0 : -1;
}

/* Copy one table's rows of the mapped runs; create it in OUT from its
 * column names if missing.  Tables without run_id are not per-run: skipped. */
static int copy_table(merge *m, const char *t)
{
    sqlite3_stmt *q = NULL;
    sqlite3_str *cols = sqlite3_str_new(m->db), *decl = sqlite3_str_new(m->db);
    bool has_run_id = false;
    int rc = sqlite3_prepare_v2(m->db, "SELECT name, type FROM pragma_table_info(?1, 'src')", -1, &q, NULL);
    if (rc == SQLITE_OK)
        sqlite3_bind_text(q, 1, t, -1, SQLITE_STATIC);
    while (rc == SQLITE_OK && (rc = sqlite3_step(q)) == SQLITE_ROW) {
        const char *c = (const char *)sqlite3_column_text(q, 0);
        rc = SQLITE_OK;
        if (!c)
            continue;
        if (strcmp(c, "run_id") == 0) {
            has_run_id = true;
            continue;
        }
        sqlite3_str_appendf(cols, "%s\"%w\"", sqlite3_str_length(cols) ? ", " : "", c);
        /* a declared type is kept if it is a plain word (REAL, TEXT...) */
        const char *ty = (const char *)sqlite3_column_text(q, 1);
        bool plain = ty && *ty && strspn(ty, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz") == strlen(ty);
        sqlite3_str_appendf(decl, ", \"%w\"%s%s", c, plain ? " " : "", plain ? ty : "");
    }
    sqlite3_finalize(q);
    char *c = sqlite3_str_finish(cols), *d = sqlite3_str_finish(decl);
    int status = 0;
    if (rc != SQLITE_DONE)
        status = sql_failed(m, rc);
    else if (!c || !d)
        status = sql_failed(m, SQLITE_NOMEM);
    else if (has_run_id && *c) {
        char *sql = sqlite3_mprintf("CREATE TABLE IF NOT EXISTS main.\"%w\"(run_id INTEGER%s);"
                                    "INSERT INTO main.\"%w\"(run_id, %s) SELECT m.new, %s"
                                    " FROM src.\"%w\" s JOIN temp.map m ON s.run_id = m.old",
                                    t, d, t, c, c, t);
        status = sql ? exec(m, sql) : sql_failed(m, SQLITE_NOMEM);
        sqlite3_free(sql);
    }
    sqlite3_free(c);
    sqlite3_free(d);
    return status;
}

/* Every table of the input keyed by run_id, other than runs. */
static int copy_tables(merge *m)
{
    sqlite3_stmt *tabs = NULL;
    int rc = sqlite3_prepare_v2(m->db, "SELECT name FROM src.sqlite_master WHERE type = 'table'"
                                " AND name NOT IN ('runs', 'sqlite_sequence')"
                                " AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name",
                                -1, &tabs, NULL);
    int status = 0;
    while (rc == SQLITE_OK && !status && (rc = sqlite3_step(tabs)) == SQLITE_ROW) {
        rc = SQLITE_OK;
        const char *t = (const char *)sqlite3_column_text(tabs, 0);
        if (t)
            status = copy_table(m, t);
    }
    if (!status && rc != SQLITE_DONE)
        status = sql_failed(m, rc);
    sqlite3_finalize(tabs);
    return status;
}

/* One input in one transaction; on failure OUT is as it was. */
static int merge_one(merge *m, bool quiet)
{
    if (attach_input(m))
        return m->status;
    if (!check_input(m) && !exec(m, "BEGIN IMMEDIATE")) {
        if (!copy_runs(m) && !copy_tables(m))
            exec(m, "COMMIT");
        /* after a failed COMMIT SQLite may already have rolled back */
        if (!sqlite3_get_autocommit(m->db))
            sqlite3_exec(m->db, "ROLLBACK", NULL, NULL, NULL);
    }
    sqlite3_exec(m->db, "DETACH DATABASE src", NULL, NULL, NULL);
    if (!m->status && !quiet)
        printf("merged %s: %ld runs added, %ld duplicates skipped\n", m->in, m->runs, m->dups);
    return m->status;
}

/* ---- command -------------------------------------------------------------- */

static int usage_error(const char *what, const char *arg)
{
    fprintf(stderr, "vdcsim: merge: %s%s (`vdcsim merge --help` for usage)\n", what, arg);
    return 2;
}

int vdc_merge_main(int argc, char **argv)
{
    const char *out = NULL;
    bool quiet = false;
    /* inputs: at most argc of them, so no limit to check */
    const char **ins = calloc((size_t)argc + 1, sizeof *ins);
    int nin = 0, status = 0;
    if (!ins) {
        fprintf(stderr, "vdcsim: merge: out of memory\n");
        return 1;
    }
    for (int i = 0; i < argc && !status; i++) {
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            fputs(usage_merge, stdout);
            free(ins);
            return 0;
        } else if (strcmp(argv[i], "-q") == 0 || strcmp(argv[i], "--quiet") == 0) {
            quiet = true;
        } else if (argv[i][0] == '-') {
            status = usage_error("unknown option ", argv[i]);
        } else if (!out) {
            out = argv[i];
        } else {
            ins[nin++] = argv[i];
        }
    }
    if (!status && (!out || nin == 0))
        status = usage_error("needs OUT.db and at least one IN.db", "");
    /* every input is checked before OUT.db is opened, so a typo in an input
     * name leaves no empty output database behind */
    for (int i = 0; i < nin && !status; i++) {
        struct stat a, b;
        if (stat(ins[i], &a) != 0 || !S_ISREG(a.st_mode)) {
            fprintf(stderr, "vdcsim: merge: %s: no such database file\n", ins[i]);
            status = 2;
        } else if (stat(out, &b) == 0 && a.st_ino == b.st_ino && a.st_dev == b.st_dev) {
            fprintf(stderr, "vdcsim: merge: %s is the output database\n", ins[i]);
            status = 2;
        }
    }
    sqlite3 *db = NULL;
    vdc_error err = { 0 };
    int rc;
    if (!status && (rc = vdc_results_open(out, (void **)&db, &err))) {
        fprintf(stderr, "vdcsim: merge: %s\n", err.msg);
        status = vdc_error_exit_status(rc);
    }
    for (int i = 0; i < nin && !status; i++) {
        merge m = { .db = db, .out = out, .in = ins[i] };
        if ((status = merge_one(&m, quiet)))
            fprintf(stderr, "vdcsim: merge: %s\n", m.msg);
    }
    sqlite3_close(db);
    free(ins);
    return status;
}
