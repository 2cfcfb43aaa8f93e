/* results.h -- what a run reports, staged in memory, committed at the end.
 *
 * During a run, metrics, samples and model tables go to an in-memory SQLite
 * staging database (prepared statements).  vdc_results_commit() then opens
 * the output database (WAL mode, busy timeout), and in ONE transaction
 * inserts the run row, its params and every staged row with the new run_id.
 * So a run that fails or is interrupted never touches the output file, and
 * several processes can append to one database (writers serialise only for
 * the short commit).  Schema: README.md "Results".
 */
#ifndef VDC_RESULTS_H
#define VDC_RESULTS_H

#include <stdbool.h>
#include <stdint.h>

#include "error.h"

typedef struct vdc_results vdc_results;

/* A per-model table: columns after the implicit `run_id INTEGER`. */
typedef struct vdc_column {
    const char *name;
    const char *type;          /* "TEXT", "REAL" or "INTEGER" */
} vdc_column;

typedef struct vdc_table {
    const char *name;          /* e.g. "sched_vcpu" */
    const vdc_column *cols;    /* ends with {0} */
} vdc_table;

typedef enum { VDC_V_NULL, VDC_V_INT, VDC_V_REAL, VDC_V_TEXT } vdc_vtype;
typedef struct vdc_value {
    vdc_vtype type;
    int64_t i;
    double d;
    const char *s;
} vdc_value;
#define VDC_INT(x)  ((vdc_value){ .type = VDC_V_INT, .i = (x) })
#define VDC_REAL(x) ((vdc_value){ .type = VDC_V_REAL, .d = (x) })
#define VDC_TEXT(x) ((vdc_value){ .type = VDC_V_TEXT, .s = (x) })

/* What the runs row says about the run. */
typedef struct vdc_run_info {
    const char *scenario_name;
    const char *scenario_json;  /* the scenario as given, with --set applied */
    uint64_t seed;
    const char *started_at;     /* ISO 8601 UTC */
    double wall_s;
    const char *status;         /* "ok" */
    bool sync_normal;           /* WAL synchronous=NORMAL for this commit: no
                                   fsync; a power cut (not a crash of the
                                   process) may undo it.  Sweeps use it: a
                                   lost point is run again on resume, and the
                                   sweep's final checkpoint syncs them all. */
} vdc_run_info;

vdc_results *vdc_results_new(vdc_error *err);
void vdc_results_free(vdc_results *r);

/* ---- staging (during the run) ---------------------------------------- */
int vdc_results_metric(vdc_results *r, const char *entity, const char *name,
                       double value, const char *unit);
int vdc_results_sample(vdc_results *r, const char *entity, const char *name,
                       double t_s, double value);
/* One row of a model table; `vals` has one value per column. */
int vdc_results_row(vdc_results *r, const vdc_table *t, const vdc_value *vals);
/* Write no rows of `table` in this run (its rows staged so far are
 * dropped; the table is still created): a run's option, e.g. a sweep that
 * reads only metrics (models.placement.placement_rows). */
int vdc_results_omit(vdc_results *r, const char *table);
/* A resolved parameter: num non-NULL for a JSON number (stored as an
 * integer or a real), else the text. */
int vdc_results_param(vdc_results *r, const char *path, const char *value, const double *num);
/* What an entity is ("vm", "host"): metrics and samples of entities never
 * declared get "model" ("run" for the run's own), at commit. */
int vdc_results_entity_kind(vdc_results *r, const char *entity, const char *kind);

/* ---- commit -------------------------------------------------------- */
/* Append everything staged to `db_path` as one run; *run_id gets its id. */
int vdc_results_commit(vdc_results *r, const char *db_path, const vdc_run_info *info,
                       int64_t *run_id, vdc_error *err);

/* Create the core schema in an open database handle (sqlite3 *). */
int vdc_results_schema(void *db, vdc_error *err);

/* ---- output databases ------------------------------------------------ */
/* Before any work: can results be appended to `db_path`?  Missing file:
 * its directory must be writable.  Existing file: a database, writable,
 * empty or with vdcsim's runs table.  Changes nothing; VDC_EINPUT with
 * "path: reason" if not. */
int vdc_results_check(const char *db_path, vdc_error *err);
/* Check, then open for writing (sqlite3 **): busy timeout, WAL, schema
 * (created in a write transaction, safe against concurrent creators). */
int vdc_results_open(const char *db_path, void **db, vdc_error *err);

#endif
