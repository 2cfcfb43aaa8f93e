/* export.h -- `vdcsim export` and `vdcsim report`: results out of SQLite.
 *
 * export writes any table or view of a results database as CSV (RFC 4180),
 * or the wide per-run table of the swept parameters (one row per run, one
 * column per parameter whose value differs between runs); report writes one
 * self-contained HTML page per lab database (report.c).  Both only read the
 * database, except `export --wide --view`, which (re)creates the view
 * runs_wide in it.
 */
#ifndef VDC_EXPORT_H
#define VDC_EXPORT_H

#include <stdio.h>

#include <sqlite3.h>

int vdc_export_main(int argc, char **argv);
int vdc_report_main(int argc, char **argv);

/* The SELECT of the wide per-run table (sqlite3_malloc'd; NULL on error):
 * run_id, scenario_name, seed, then one column per swept parameter path. */
char *vdc_export_wide_sql(sqlite3 *db);

/* One CSV field: quoted when it holds a comma, a quote or a line break. */
void vdc_export_csv_field(FILE *f, const char *s);

#endif
