/* results_int.h -- shared by results.c (staging, commit) and results_db.c
 * (the output database); not part of the model API. */
#ifndef VDC_RESULTS_INT_H
#define VDC_RESULTS_INT_H

#include <sqlite3.h>

#include "results.h"

/* sqlite3_exec; on failure VDC_EIO with "results database: <message>". */
int vdc_results_exec(sqlite3 *db, const char *sql, vdc_error *err);
/* Core schema in schema `prefix` ("" or "out."), old databases upgraded. */
int vdc_results_schema_in(sqlite3 *db, const char *prefix, vdc_error *err);
/* 0 if schema `sch` is empty or vdcsim's; VDC_EINPUT if foreign. */
int vdc_results_check_foreign(sqlite3 *db, const char *sch, const char *path, vdc_error *err);
/* Switch schema `sch` to WAL, retrying while another writer holds it. */
int vdc_results_wal(sqlite3 *db, const char *sch, const char *path, vdc_error *err);

#endif
