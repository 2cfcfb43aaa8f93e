/* merge.c -- `vdcsim merge OUT.db IN.db...`: join results databases.
 *
 * Every run of each input is appended to OUT with a new run_id, together
 * with its rows in every table that has a run_id column (params, metrics,
 * samples, sweep_points and model tables, created in OUT if missing).  A run
 * whose (scenario_json, seed, version) is already in OUT before this input
 * is a duplicate (a shard merged twice) and is skipped and counted.  Each
 * input is merged in one transaction: all of it or nothing.
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
    "run ids, and their rows in every table keyed by run_id.  Runs already in\n"
    "OUT.db (same scenario, seed and version) are skipped as duplicates.\n";

static int exec(sqlite3 *db, const char *sql, const char *in)
{
    char *msg = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        fprintf(stderr, "vdcsim: merge %s: %s\n", in, msg ? msg : "error");
        sqlite3_free(msg);
        return -1;
    }
    return 0;
}

/* Columns of src.T other than run_id, joined by ", " (NULL if no run_id). */
static char *columns(sqlite3 *db, const char *table, bool *has_run_id)
{
    char sql[512];
    sqlite3_stmt *st;
    snprintf(sql, sizeof sql, "PRAGMA src.table_info(\"%s\")", table);
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
        return NULL;
    size_t cap = 256, n = 0;
    char *out = calloc(1, cap);
    *has_run_id = false;
    while (out && sqlite3_step(st) == SQLITE_ROW) {
        const char *c = (const char *)sqlite3_column_text(st, 1);
        if (strcmp(c, "run_id") == 0) {
            *has_run_id = true;
            continue;
        }
        size_t l = strlen(c) + 5;
        if (n + l >= cap) {
            char *o = realloc(out, cap = 2 * (n + l));
            if (!o) {
                free(out);
                out = NULL;
                break;
            }
            out = o;
        }
        n += (size_t)sprintf(out + n, "%s\"%s\"", n ? ", " : "", c);
    }
    sqlite3_finalize(st);
    return out;
}

static int merge_one(sqlite3 *db, const char *in, bool quiet)
{
    struct stat st;
    if (stat(in, &st) != 0 || !S_ISREG(st.st_mode)) {
        fprintf(stderr, "vdcsim: merge: %s: no such database file\n", in);
        return 2;
    }
    sqlite3_stmt *q = NULL;
    if (sqlite3_prepare_v2(db, "ATTACH DATABASE ?1 AS src", -1, &q, NULL) != SQLITE_OK)
        return 1;
    sqlite3_bind_text(q, 1, in, -1, SQLITE_STATIC);
    int rc = sqlite3_step(q);
    sqlite3_finalize(q);
    if (rc != SQLITE_DONE) {
        fprintf(stderr, "vdcsim: merge: %s: %s\n", in, sqlite3_errmsg(db));
        return 2;
    }
    int status = 1;
    long runs = 0, dups = 0;
    if (sqlite3_prepare_v2(db, "SELECT count(*) FROM src.runs", -1, &q, NULL) != SQLITE_OK) {
        fprintf(stderr, "vdcsim: merge: %s: not a vdcsim results database\n", in);
        sqlite3_finalize(q);
        status = 2;
        goto detach;
    }
    sqlite3_finalize(q);
    if (exec(db, "BEGIN IMMEDIATE", in))
        goto detach;
    if (vdc_results_schema(db, NULL) ||
        exec(db, "CREATE TEMP TABLE IF NOT EXISTS map(old INTEGER PRIMARY KEY, new INTEGER);"
                 "DELETE FROM temp.map;"
                 "CREATE TEMP TABLE IF NOT EXISTS seen(k TEXT PRIMARY KEY);"
                 "DELETE FROM temp.seen;"
                 "INSERT OR IGNORE INTO temp.seen SELECT scenario_json || '|' || seed || '|' ||"
                 " version FROM main.runs;", in))
        goto rollback;
    /* runs, one by one, in order: new ids keep the inputs' order */
    sqlite3_stmt *sel = NULL, *ins = NULL, *map = NULL;
    if (sqlite3_prepare_v2(db, "SELECT run_id, scenario_json || '|' || seed || '|' || version"
                               " IN (SELECT k FROM temp.seen) FROM src.runs ORDER BY run_id",
                           -1, &sel, NULL) ||
        sqlite3_prepare_v2(db, "INSERT INTO main.runs(scenario_name, scenario_json, seed,"
                               " version, started_at, wall_s, status) SELECT scenario_name,"
                               " scenario_json, seed, version, started_at, wall_s, status"
                               " FROM src.runs WHERE run_id = ?1", -1, &ins, NULL) ||
        sqlite3_prepare_v2(db, "INSERT INTO temp.map VALUES(?1, ?2)", -1, &map, NULL)) {
        fprintf(stderr, "vdcsim: merge %s: %s\n", in, sqlite3_errmsg(db));
        sqlite3_finalize(sel);
        sqlite3_finalize(ins);
        sqlite3_finalize(map);
        goto rollback;
    }
    bool bad = false;
    while (!bad && sqlite3_step(sel) == SQLITE_ROW) {
        int64_t old = sqlite3_column_int64(sel, 0);
        if (sqlite3_column_int(sel, 1)) {
            dups++;
            continue;
        }
        sqlite3_bind_int64(ins, 1, old);
        bad = sqlite3_step(ins) != SQLITE_DONE;
        sqlite3_reset(ins);
        sqlite3_bind_int64(map, 1, old);
        sqlite3_bind_int64(map, 2, sqlite3_last_insert_rowid(db));
        bad |= sqlite3_step(map) != SQLITE_DONE;
        sqlite3_reset(map);
        runs++;
    }
    sqlite3_finalize(sel);
    sqlite3_finalize(ins);
    sqlite3_finalize(map);
    if (bad) {
        fprintf(stderr, "vdcsim: merge %s: %s\n", in, sqlite3_errmsg(db));
        goto rollback;
    }
    /* every other table keyed by run_id */
    sqlite3_stmt *tabs;
    if (sqlite3_prepare_v2(db, "SELECT name, sql FROM src.sqlite_master WHERE type = 'table'"
                               " AND name NOT IN ('runs', 'sqlite_sequence') ORDER BY name",
                           -1, &tabs, NULL) != SQLITE_OK)
        goto rollback;
    while (!bad && sqlite3_step(tabs) == SQLITE_ROW) {
        const char *t = (const char *)sqlite3_column_text(tabs, 0);
        const char *create = (const char *)sqlite3_column_text(tabs, 1);
        bool has;
        char *cols = columns(db, t, &has);
        if (!cols || !has) {
            free(cols);
            continue;                           /* not a per-run table */
        }
        char chk[512];
        snprintf(chk, sizeof chk, "SELECT 1 FROM main.sqlite_master WHERE type='table' AND name='%s'", t);
        sqlite3_stmt *e;
        bool exists = sqlite3_prepare_v2(db, chk, -1, &e, NULL) == SQLITE_OK &&
                      sqlite3_step(e) == SQLITE_ROW;
        sqlite3_finalize(e);
        if (!exists && exec(db, create, in))    /* the input's own definition */
            bad = true;
        size_t n = 2 * strlen(cols) + 2 * strlen(t) + 256;
        char *sql = malloc(n);
        snprintf(sql, n, "INSERT INTO main.\"%s\"(run_id, %s) SELECT m.new, %s FROM src.\"%s\" s"
                         " JOIN temp.map m ON s.run_id = m.old", t, cols, cols, t);
        if (!bad && exec(db, sql, in))
            bad = true;
        free(sql);
        free(cols);
    }
    sqlite3_finalize(tabs);
    if (bad || exec(db, "COMMIT", in))
        goto rollback;
    if (!quiet)
        printf("merged %s: %ld runs added, %ld duplicates skipped\n", in, runs, dups);
    status = 0;
    goto detach;
rollback:
    exec(db, "ROLLBACK", in);
detach:
    exec(db, "DETACH DATABASE src", in);
    return status;
}

int vdc_merge_main(int argc, char **argv)
{
    const char *out = NULL;
    const char *ins[4096];
    int nin = 0;
    bool quiet = false;
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            fputs(usage_merge, stdout);
            return 0;
        } else if (strcmp(argv[i], "-q") == 0 || strcmp(argv[i], "--quiet") == 0) {
            quiet = true;
        } else if (argv[i][0] == '-') {
            fprintf(stderr, "vdcsim: unknown option %s\n%s", argv[i], usage_merge);
            return 2;
        } else if (!out) {
            out = argv[i];
        } else if (nin < 4096) {
            ins[nin++] = argv[i];
        }
    }
    if (!out || nin == 0) {
        fprintf(stderr, "vdcsim: merge needs OUT.db and at least one IN.db\n%s", usage_merge);
        return 2;
    }
    for (int i = 0; i < nin; i++) {
        struct stat a, b;
        if (stat(ins[i], &a) == 0 && stat(out, &b) == 0 && a.st_ino == b.st_ino && a.st_dev == b.st_dev) {
            fprintf(stderr, "vdcsim: merge: %s is the output database\n", ins[i]);
            return 2;
        }
    }
    sqlite3 *db;
    if (sqlite3_open(out, &db) != SQLITE_OK) {
        fprintf(stderr, "vdcsim: merge: %s: %s\n", out, sqlite3_errmsg(db));
        sqlite3_close(db);
        return 2;
    }
    sqlite3_busy_timeout(db, 120000);
    if (exec(db, "PRAGMA journal_mode=WAL", out)) {
        sqlite3_close(db);
        return 2;
    }
    int status = 0;
    for (int i = 0; i < nin && status == 0; i++)
        status = merge_one(db, ins[i], quiet);
    sqlite3_close(db);
    return status;
}
