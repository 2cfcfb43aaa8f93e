/* fuzz_db.c -- libFuzzer target on results databases given to `merge` and
 * `rerun` (`make fuzz`).
 *
 * Input: the bytes of a database file.  It is written to a private file,
 * merged into a new output database (vdc_merge_main, as `vdcsim merge`),
 * whose PRAGMA integrity_check must then pass, and its runs 1 and 2 are
 * loaded as `vdcsim rerun` does (a small valid one is run).
 * Mutations: libFuzzer's byte-level ones, and row-level ones of our own
 * (LLVMFuzzerCustomMutator): the database is opened in memory and edited
 * with SQL -- NULL or cut scenarios, deleted and duplicated rows, dropped
 * or extra tables and columns, odd types, a rewritten schema -- so that
 * inputs stay databases and reach the code past SQLite's header checks.
 * The seeds are real results databases (`make fuzz` makes them). */
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <unistd.h>

#include "fuzz_common.h"
#include "rerun.h"
#include "sweep.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
size_t LLVMFuzzerMutate(uint8_t *data, size_t size, size_t max);
size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max, unsigned int seed);

static void rm_db(const char *p)
{
    char x[300];
    unlink(p);
    snprintf(x, sizeof x, "%s-wal", p);
    unlink(x);
    snprintf(x, sizeof x, "%s-shm", p);
    unlink(x);
    snprintf(x, sizeof x, "%s-journal", p);
    unlink(x);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char in[256], out[256];
    snprintf(in, sizeof in, "/tmp/vdc-fuzzdb-%d-in.db", (int)getpid());
    snprintf(out, sizeof out, "/tmp/vdc-fuzzdb-%d-out.db", (int)getpid());
    rm_db(in);
    rm_db(out);
    FILE *f = fopen(in, "wb");
    if (!f)
        return 0;
    fwrite(data, 1, size, f);
    fclose(f);
    char *argv[] = { "-q", out, in, NULL };
    vdc_merge_main(3, argv);
    sqlite3 *db = NULL;
    if (access(out, F_OK) == 0 && sqlite3_open_v2(out, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK) {
        sqlite3_stmt *st = NULL;
        if (sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &st, NULL) != SQLITE_OK ||
            sqlite3_step(st) != SQLITE_ROW ||
            strcmp((const char *)sqlite3_column_text(st, 0), "ok") != 0)
            abort();                    /* merge must never damage its output */
        sqlite3_finalize(st);
    }
    sqlite3_close(db);
    for (int64_t id = 1; id <= 2; id++) {
        vdc_scenario *sc = NULL;
        char *ver = NULL;
        vdc_error err = { 0 };
        int rc = vdc_rerun_load(in, id, &sc, &ver, &err);
        fuzz_check_error(rc, &err);
        if (!rc)
            fuzz_run_small(sc);
        vdc_scenario_free(sc);
        free(ver);
    }
    rm_db(in);
    rm_db(out);
    return 0;
}

/* ---- row-level mutations ----------------------------------------------- */

static const char *const edits[] = {
    "UPDATE runs SET scenario_json = NULL WHERE run_id = %d",
    "UPDATE runs SET scenario_json = substr(scenario_json, 1, %d)",
    "UPDATE runs SET scenario_json = replace(scenario_json, '1', '%d')",
    "UPDATE runs SET scenario_json = zeroblob(%d)",
    "UPDATE runs SET scenario_json = CAST(scenario_json AS BLOB) || x'00%02x'",
    "UPDATE runs SET seed = %d, version = NULL",
    "UPDATE runs SET seed = 'x%d', scenario_name = NULL",
    "UPDATE runs SET run_id = run_id + %d",
    "DELETE FROM runs WHERE run_id = %d",
    "INSERT INTO runs(scenario_name, scenario_json, seed, version) SELECT scenario_name,"
    " scenario_json, seed + %d, version FROM runs",
    "DELETE FROM metrics WHERE rowid %% %d = 0",
    "UPDATE metrics SET value = 'x%d', run_id = NULL WHERE rowid %% 3 = 0",
    "UPDATE params SET run_id = run_id + %d",
    "DROP TABLE IF EXISTS metrics; SELECT %d",
    "DROP TABLE IF EXISTS params; SELECT %d",
    "DROP TABLE IF EXISTS runs; SELECT %d",
    "ALTER TABLE runs ADD COLUMN extra%d TEXT",
    "ALTER TABLE metrics RENAME COLUMN value TO v%d",
    "CREATE TABLE \"t%d\"\"q\"(run_id INTEGER, \"a\"\"b\" TEXT, c BLOB); INSERT INTO \"t%d\"\"q\" VALUES(1, 'x', x'00')",
    "CREATE TABLE sweep_points(run_id, sweep, point); INSERT INTO sweep_points VALUES(%d, 's', NULL)",
    "PRAGMA writable_schema = ON; UPDATE sqlite_master SET sql = replace(sql, 'REAL', 'REAL, x%d')"
    " WHERE name = 'metrics'",
    "PRAGMA journal_mode = WAL; SELECT %d",
    "VACUUM; SELECT %d",
};

size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max, unsigned int seed)
{
    unsigned r = seed * 2654435761u;
    if (r % 3 == 0 || size < 512)
        return LLVMFuzzerMutate(data, size, max);
    sqlite3 *db = NULL;
    unsigned char *copy = sqlite3_malloc64(size);
    if (!copy || sqlite3_open(":memory:", &db) != SQLITE_OK) {
        sqlite3_free(copy);
        sqlite3_close(db);
        return LLVMFuzzerMutate(data, size, max);
    }
    memcpy(copy, data, size);
    if (sqlite3_deserialize(db, "main", copy, (sqlite3_int64)size, (sqlite3_int64)size,
                            SQLITE_DESERIALIZE_FREEONCLOSE | SQLITE_DESERIALIZE_RESIZEABLE) !=
        SQLITE_OK) {
        sqlite3_close(db);
        return LLVMFuzzerMutate(data, size, max);
    }
    int k = (int)((r >> 8) % (sizeof edits / sizeof *edits)), v = (int)((r >> 16) % 200);
    char *sql = sqlite3_mprintf(edits[k], v, v);
    if (sql)
        sqlite3_exec(db, sql, NULL, NULL, NULL);
    sqlite3_free(sql);
    sqlite3_int64 n = 0;
    unsigned char *res = sqlite3_serialize(db, "main", &n, 0);
    if (res && n > 0 && (size_t)n <= max) {
        memcpy(data, res, (size_t)n);
        size = (size_t)n;
    }
    sqlite3_free(res);
    sqlite3_close(db);
    return size;
}
