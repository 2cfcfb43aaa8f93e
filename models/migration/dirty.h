/* dirty.h -- the dirty-page tracker: one bit per guest page, whole-word ops.
 *
 * A VM's writes during a pre-copy round are a Poisson process over a
 * page-popularity law (law.h).  At the round's end the tracker draws them in
 * one batch: by Poisson splitting, segment j receives Poisson(N mass_j)
 * writes independently, each a uniform page of the segment, set in `bits`.
 * A segment expecting >= VDC_DIRTY_FILL_WRITES writes per page is filled
 * whole instead (P(some page untouched) <= len e^-40, < 1e-9 for 2^28 pages).
 * The bulk draws use xoshiro256+ (Blackman & Vigna, ACM TOMS 2021), seeded
 * from the VM's GSL stream; the Poisson counts come from GSL itself.
 *
 * A bitmap "sync" (KVM's dirty-log fetch) counts the set bits, ORs them into
 * `ever` and clears them: one pass of sim/bitmap.h's vdc_bitmap_sync.
 */
#ifndef VDC_DIRTY_H
#define VDC_DIRTY_H

#include <stddef.h>
#include <stdint.h>

#include <gsl/gsl_rng.h>

#include "bitmap.h"
#include "law.h"

#define VDC_DIRTY_FILL_WRITES 40.0    /* writes/page above which a segment is full */

typedef struct vdc_dirty {
    uint64_t *bits;            /* pages written since the last sync       */
    uint64_t *ever;            /* union of every synced set               */
    uint64_t npages;
    size_t nwords;
    uint64_t s[4];             /* xoshiro256+ state of the bulk draws     */
} vdc_dirty;

/* ---- tracker ---------------------------------------------------------- */
int vdc_dirty_init(vdc_dirty *d, uint64_t npages, uint64_t seed);
void vdc_dirty_free(vdc_dirty *d);
/* Seed the bulk generator from a GSL stream (two 32-bit draws). */
void vdc_dirty_seed(vdc_dirty *d, gsl_rng *r);
uint64_t vdc_dirty_next(vdc_dirty *d);               /* one 64-bit draw */

/* `count` writes, uniform over pages [lo, lo+len), into bits. */
void vdc_dirty_write_range(vdc_dirty *d, uint64_t lo, uint64_t len, uint64_t count);
/* Poisson(mean) writes over `law` (counts from r); returns the number of
 * random page draws made (writes to filled segments are not drawn). */
double vdc_dirty_write(vdc_dirty *d, const vdc_law *law, gsl_rng *r, double mean);
/* Count set bits, OR them into ever, clear them; returns the count. */
uint64_t vdc_dirty_sync(vdc_dirty *d);

#endif
