/* export.c -- `vdcsim export`: a table, a view or the wide per-run table of
 * a results database as CSV.
 *
 * CSV as RFC 4180 has it: a header row, comma-separated fields, a field
 * quoted (quotes doubled) only when it contains a comma, a quote or a line
 * break; NULL is an empty field; numbers are written by SQLite's own
 * conversion (REALs with 15 significant digits), so pandas, R and
 * spreadsheets read them back as numbers.
 *
 * Parquet is not offered: Debian 12 packages no Parquet writer for C (Apache
 * Arrow's C++ and GLib libraries are not in Debian), and the format is not
 * small enough to write by hand responsibly.  `--format parquet` says so
 * and shows the one-line conversion from CSV with pandas.
 */
#include "export.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#define WIDE_MAX_COLS 1900              /* SQLite's default limit is 2000 columns */

static const char *usage_export =
    "usage: vdcsim export DB [TABLE | --wide [--view]] [-o FILE.csv] [--format csv]\n"
    "\n"
    "Write a table or view of a results database as CSV (header row, RFC 4180).\n"
    "Without TABLE, list the tables and views with their row counts.\n"
    "\n"
    "  TABLE          runs, params, metrics, samples, placements, a model's table\n"
    "                 (migrations, boots, ...) or a view\n"
    "  --wide         one row per run: run_id, scenario_name, seed, then one column\n"
    "                 per parameter whose value differs between runs (the swept ones)\n"
    "  --view         with --wide: also (re)create that table as the view runs_wide\n"
    "                 in DB, for SQL (the only option that writes to DB)\n"
    "  -o FILE        write to FILE (default: standard output)\n"
    "  --format csv   the only format; parquet is refused with the reason\n";

void vdc_export_csv_field(FILE *f, const char *s)
{
    if (!s)
        return;
    if (!strpbrk(s, ",\"\r\n")) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

/* Every row of a prepared statement, header first. */
static int write_csv(FILE *f, sqlite3_stmt *st)
{
    int n = sqlite3_column_count(st);
    for (int c = 0; c < n; c++) {
        if (c)
            fputc(',', f);
        vdc_export_csv_field(f, sqlite3_column_name(st, c));
    }
    fputs("\r\n", f);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        for (int c = 0; c < n; c++) {
            if (c)
                fputc(',', f);
            vdc_export_csv_field(f, (const char *)sqlite3_column_text(st, c));
        }
        fputs("\r\n", f);
    }
    return rc == SQLITE_DONE ? 0 : -1;
}

char *vdc_export_wide_sql(sqlite3 *db)
{
    sqlite3_stmt *st = NULL;
    /* swept: a path whose values differ, or which some runs lack */
    if (sqlite3_prepare_v2(db,
                           "SELECT path FROM params GROUP BY path"
                           " HAVING count(DISTINCT quote(value)) > 1"
                           "  OR count(DISTINCT run_id) < (SELECT count(*) FROM runs)"
                           " ORDER BY min(rowid)",
                           -1, &st, NULL) != SQLITE_OK)
        return NULL;
    sqlite3_str *sql = sqlite3_str_new(db);
    sqlite3_str_appendall(sql, "SELECT r.run_id AS run_id, r.scenario_name AS scenario_name,"
                               " r.seed AS seed");
    int ncol = 0;
    while (sqlite3_step(st) == SQLITE_ROW && ncol < WIDE_MAX_COLS) {
        const char *p = (const char *)sqlite3_column_text(st, 0);
        if (!p || strcmp(p, "seed") == 0 || strcmp(p, "name") == 0)
            continue;                   /* already columns of runs */
        sqlite3_str_appendf(sql, ", max(CASE WHEN p.path = %Q THEN p.value END) AS \"%w\"", p, p);
        ncol++;
    }
    sqlite3_finalize(st);
    sqlite3_str_appendall(sql, " FROM runs r LEFT JOIN params p ON p.run_id = r.run_id"
                               " GROUP BY r.run_id ORDER BY r.run_id");
    return sqlite3_str_finish(sql);
}

static int list_tables(sqlite3 *db, FILE *f)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, "SELECT name, type FROM sqlite_master WHERE type IN"
                               " ('table', 'view') AND name NOT LIKE 'sqlite_%' ORDER BY type, name",
                           -1, &st, NULL) != SQLITE_OK)
        return -1;
    fprintf(f, "%-24s %-6s %s\n", "name", "type", "rows");
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *name = (const char *)sqlite3_column_text(st, 0);
        char *q = sqlite3_mprintf("SELECT count(*) FROM \"%w\"", name);
        sqlite3_stmt *c = NULL;
        long long n = -1;
        if (q && sqlite3_prepare_v2(db, q, -1, &c, NULL) == SQLITE_OK &&
            sqlite3_step(c) == SQLITE_ROW)
            n = sqlite3_column_int64(c, 0);
        sqlite3_finalize(c);
        sqlite3_free(q);
        fprintf(f, "%-24s %-6s %lld\n", name, sqlite3_column_text(st, 1), n);
    }
    sqlite3_finalize(st);
    fprintf(f, "\n`vdcsim export DB TABLE -o TABLE.csv` writes one; `--wide` one row per run.\n");
    return 0;
}

static int is_table(sqlite3 *db, const char *name)
{
    sqlite3_stmt *st = NULL;
    int found = 0;
    if (sqlite3_prepare_v2(db, "SELECT 1 FROM sqlite_master WHERE type IN ('table', 'view')"
                               " AND name = ?1", -1, &st, NULL) == SQLITE_OK) {
        sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
        found = sqlite3_step(st) == SQLITE_ROW;
    }
    sqlite3_finalize(st);
    return found;
}

int vdc_export_main(int argc, char **argv)
{
    const char *dbp = NULL, *table = NULL, *out = NULL, *format = "csv";
    bool wide = false, view = false;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            fputs(usage_export, stdout);
            return 0;
        } else if ((strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0) && i + 1 < argc) {
            out = argv[++i];
        } else if (strcmp(a, "--format") == 0 && i + 1 < argc) {
            format = argv[++i];
        } else if (strcmp(a, "--wide") == 0) {
            wide = true;
        } else if (strcmp(a, "--view") == 0) {
            view = true;
        } else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "vdcsim: export: unknown option or missing value: %s"
                            " (`vdcsim export --help` for usage)\n", a);
            return 2;
        } else if (!dbp) {
            dbp = a;
        } else if (!table) {
            table = a;
        } else {
            fprintf(stderr, "vdcsim: export: unexpected argument %s\n", a);
            return 2;
        }
    }
    if (strcmp(format, "parquet") == 0) {
        fprintf(stderr,
                "vdcsim: export: Parquet is not built in: Debian packages no Parquet library for C"
                " (Apache Arrow is not in Debian 12). Export CSV and convert it, e.g.\n"
                "  python3 -c \"import pandas as pd; pd.read_csv('m.csv').to_parquet('m.parquet')\""
                "  (needs pyarrow)\n");
        return 2;
    }
    if (strcmp(format, "csv") != 0) {
        fprintf(stderr, "vdcsim: export: --format: must be csv, got %s\n", format);
        return 2;
    }
    if (!dbp) {
        fprintf(stderr, "vdcsim: export: missing the database (`vdcsim export --help`)\n");
        return 2;
    }
    if (view && !wide) {
        fprintf(stderr, "vdcsim: export: --view goes with --wide\n");
        return 2;
    }
    if (wide && table) {
        fprintf(stderr, "vdcsim: export: give a TABLE or --wide, not both\n");
        return 2;
    }
    sqlite3 *db = NULL;
    int flags = view ? SQLITE_OPEN_READWRITE : SQLITE_OPEN_READONLY;
    if (sqlite3_open_v2(dbp, &db, flags, NULL) != SQLITE_OK || !is_table(db, "runs")) {
        fprintf(stderr, "vdcsim: %s: not a vdcsim results database (%s)\n", dbp,
                db ? sqlite3_errmsg(db) : "out of memory");
        sqlite3_close(db);
        return 2;
    }
    sqlite3_busy_timeout(db, 60000);
    int status = 0;
    FILE *f = stdout;
    char *sql = NULL;
    if (!table && !wide) {
        status = list_tables(db, stdout) ? 1 : 0;
        goto done;
    }
    if (table && !is_table(db, table)) {
        fprintf(stderr, "vdcsim: %s: no table or view named \"%s\" (`vdcsim export %s` lists"
                        " them)\n", dbp, table, dbp);
        status = 2;
        goto done;
    }
    sql = wide ? vdc_export_wide_sql(db) : sqlite3_mprintf("SELECT * FROM \"%w\"", table);
    if (!sql) {
        fprintf(stderr, "vdcsim: %s: %s\n", dbp, sqlite3_errmsg(db));
        status = 1;
        goto done;
    }
    if (view) {
        char *v = sqlite3_mprintf("DROP VIEW IF EXISTS runs_wide; CREATE VIEW runs_wide AS %s",
                                  sql);
        char *msg = NULL;
        if (!v || sqlite3_exec(db, v, NULL, NULL, &msg) != SQLITE_OK) {
            fprintf(stderr, "vdcsim: %s: cannot create the view runs_wide: %s\n", dbp,
                    msg ? msg : "out of memory");
            status = 1;
        }
        sqlite3_free(msg);
        sqlite3_free(v);
        if (status)
            goto done;
    }
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
        fprintf(stderr, "vdcsim: %s: %s\n", dbp, sqlite3_errmsg(db));
        status = 1;
        goto done;
    }
    if (out && !(f = fopen(out, "w"))) {
        perror(out);
        sqlite3_finalize(st);
        status = 2;
        f = stdout;
        goto done;
    }
    if (write_csv(f, st)) {
        fprintf(stderr, "vdcsim: %s: %s\n", dbp, sqlite3_errmsg(db));
        status = 1;
    }
    sqlite3_finalize(st);
    if (f != stdout && fclose(f) != 0) {
        perror(out);
        status = 1;
    }
done:
    sqlite3_free(sql);
    sqlite3_close(db);
    return status;
}
