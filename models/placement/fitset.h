/* fitset.h -- hosts ordered by a key (free capacity, load headroom), for
 * best-fit and worst-fit searches in O(log hosts).
 *
 * A treap (Seidel & Aragon, "Randomized search trees", Algorithmica 1996)
 * over host indices: each host is at most once in the set, ordered by
 * (key, host index) so that ties go to the lower index and every order is
 * deterministic; node priorities are a fixed hash of the host index (no
 * random stream), so the tree's shape, and every answer, depend only on
 * the inserted (key, host) pairs.  Expected depth O(log n).
 * Limits: keys are doubles compared exactly; NaN keys are not allowed.
 */
#ifndef VDC_FITSET_H
#define VDC_FITSET_H

#include <stdbool.h>
#include <stdint.h>

typedef struct vdc_fitset {
    double *key;          /* per host; valid while in the set */
    int *left, *right;    /* children, -1 none */
    uint32_t *prio;       /* heap priority (hash of the index) */
    bool *in;             /* host is in the set */
    int root, n, size;    /* size = members */
} vdc_fitset;

/* ---- building ------------------------------------------------------ */
int vdc_fitset_init(vdc_fitset *s, int nhost);     /* 0 or VDC_ENOMEM; empty */
void vdc_fitset_free(vdc_fitset *s);

/* ---- changing ------------------------------------------------------ */
void vdc_fitset_put(vdc_fitset *s, int host, double key);  /* insert or re-key */
void vdc_fitset_del(vdc_fitset *s, int host);              /* no-op if absent */

/* ---- searching (each O(log n) expected; -1 when there is none) ----- */
int vdc_fitset_ceil(const vdc_fitset *s, double key);  /* least (k,h) with k >= key */
int vdc_fitset_max(const vdc_fitset *s);               /* greatest (k,h)             */
int vdc_fitset_next(const vdc_fitset *s, int host);    /* successor of a member      */
int vdc_fitset_prev(const vdc_fitset *s, int host);    /* predecessor of a member    */

#endif
