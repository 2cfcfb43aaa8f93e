/* evq.h -- the engine's pending-event queue (internal to sim/event.c).
 *
 * A calendar queue (Brown, CACM 1988) whose current bucket is a 4-ary heap:
 * time is cut into windows of W = 2^wshift ns; the window being run is a
 * heap ordered by (time, key), later windows are unsorted buckets in a ring
 * of nb buckets (one "year"), events beyond the year wait in an overflow
 * heap ordered by (time, key).  Scheduling into a later window is an O(1)
 * append; a window is heapified when it becomes current; every half year
 * the overflow's entries that now fall within the year are popped into
 * their buckets (O(k log n) for k moved, not a rescan of all n).  W and nb adapt to the event density
 * (a rebuild, amortised over as many events as are pending).
 *
 * Order is exactly (t, key): key packs the insertion sequence number above
 * the pool slot, so ties run in insertion order.  The root may be "vacant"
 * while its event is handled: an insert then takes its place (replace-top).
 */
#ifndef VDC_EVQ_H
#define VDC_EVQ_H

#include <stdbool.h>
#include <stdint.h>

typedef struct vdc_evq_ent {
    int64_t t;
    uint64_t key;
} vdc_evq_ent;

typedef struct vdc_evq_bucket {
    vdc_evq_ent *a;
    uint32_t n, cap;
} vdc_evq_bucket;

typedef struct vdc_evq {
    vdc_evq_ent *heap;          /* current window; heap - pad is the allocation */
    uint32_t n, cap;
    bool root_vacant;
    vdc_evq_bucket *b;          /* ring of nb buckets (nb a power of two) */
    uint32_t nb, cur;
    int wshift;
    int64_t cs;                 /* start of the current window */
    uint64_t nfar;              /* entries in buckets */
    vdc_evq_ent *over;          /* beyond the year: a heap by (t, key) */
    uint32_t nover, capover;
    int64_t next_redist;        /* when to move `over` entries into the year */
    uint64_t pops_since_rebuild;
    bool oom;                   /* a rebuild ran out of memory: fail the run */
} vdc_evq;

int vdc_evq_init(vdc_evq *q);
void vdc_evq_free(vdc_evq *q);
/* 0, or -1 when out of memory (the queue is unchanged). */
int vdc_evq_insert(vdc_evq *q, vdc_evq_ent x);
/* The earliest entry (loading the next window if the heap is empty);
 * false when the queue is empty.  Not while the root is vacant. */
bool vdc_evq_top(vdc_evq *q, vdc_evq_ent *out);
void vdc_evq_pop(vdc_evq *q);
/* The root's event is being handled: the next insert may take its place. */
static inline void vdc_evq_hold_root(vdc_evq *q) { q->root_vacant = true; }
void vdc_evq_release_root(vdc_evq *q);
uint64_t vdc_evq_size(const vdc_evq *q);
/* Renumber every key's sequence part 0..n-1 in order (keeping the low
 * `slot_bits`); returns the next free sequence number. */
uint64_t vdc_evq_renumber(vdc_evq *q, int slot_bits);

#endif
