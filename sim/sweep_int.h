/* sweep_int.h -- a sweep file, parsed into points (sweep_file.c), shared by
 * the sweep command (sweep.c) and its fuzz target; not a public API.
 *
 * The number of points is computed from the file before any point is
 * built (grid: the product of the axes' lengths; list; random samples; all
 * times the seeds) and refused past VDC_SWEEP_MAX_POINTS, so a 100-byte
 * file cannot ask for 10^9 points.
 */
#ifndef VDC_SWEEP_INT_H
#define VDC_SWEEP_INT_H

#include <stddef.h>

#include "error.h"

/* 100,000 points: a day of 1-second runs on 1 core; larger studies are
 * several sweep files (or shards).  Each point costs ~1 KB here. */
#define VDC_SWEEP_MAX_POINTS 100000

typedef struct vdc_sweep_point {
    char **set;                 /* "path=value" overrides, owned */
    int n;
    char *key;                  /* the sets joined by spaces: identity in the db */
} vdc_sweep_point;

typedef struct vdc_sweep {
    char *file;                 /* the sweep file, for messages */
    char *name;                 /* "name", else the file's base name */
    char *base;                 /* path of the base scenario */
    char **fixed; int nfixed;   /* "set": overrides of every point */
    vdc_sweep_point *pts; int npts, cap;
} vdc_sweep;

/* Parse a sweep file's text (`file` names it and anchors a relative base). */
int vdc_sweep_parse(const char *text, size_t len, const char *file, vdc_sweep *sw,
                    vdc_error *err);
int vdc_sweep_load(const char *file, vdc_sweep *sw, vdc_error *err);
void vdc_sweep_free(vdc_sweep *sw);

/* Every override of point i (fixed ones first), borrowed; NULL if no memory. */
const char **vdc_sweep_point_sets(const vdc_sweep *sw, int i, size_t *n);

/* ---- claims (sweep_claim.c) --------------------------------------------
 * A process about to run a point claims it in the database (sweep_claims:
 * sweep, point, host, pid, pid start time, time), in the same write
 * transaction that checks the point is not already done.  A claim is live
 * while its process is (same host: the pid exists with the same start
 * time, not a zombie), or for VDC_SWEEP_LEASE_S after it was made when it
 * comes from another host.  So a resumed or concurrent sweep never runs a
 * point another live process is running, and a dead worker's point is
 * free again at once. */
#define VDC_SWEEP_LEASE_S 3600.0

enum { VDC_CLAIM_OK, VDC_CLAIM_DONE, VDC_CLAIM_HELD };

typedef struct vdc_claims vdc_claims;

/* Create the sweep tables and index in an open results database. */
int vdc_claims_setup(void *db, vdc_error *err);
vdc_claims *vdc_claims_open(const char *db_path, const char *sweep, vdc_error *err);
/* VDC_CLAIM_* or a negative VDC_E* code. */
int vdc_claims_take(vdc_claims *c, const char *point, vdc_error *err);
void vdc_claims_release(vdc_claims *c, const char *point);
void vdc_claims_close(vdc_claims *c);

#endif
