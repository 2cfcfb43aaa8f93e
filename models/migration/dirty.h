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
 * `ever` and clears them: one pass of popcount/OR/store over the words.  The
 * pass has a portable C version and AVX2 / AVX-512 VPOPCNTDQ versions chosen
 * at run time (__builtin_cpu_supports); all give bit-identical results, so a
 * run's output does not depend on the machine.
 */
#ifndef VDC_DIRTY_H
#define VDC_DIRTY_H

#include <stddef.h>
#include <stdint.h>

#include <gsl/gsl_rng.h>

#include "law.h"

#define VDC_DIRTY_FILL_WRITES 40.0    /* writes/page above which a segment is full */

typedef enum vdc_isa {
    VDC_ISA_AUTO = -1,
    VDC_ISA_PORTABLE = 0,      /* plain C, SWAR popcount         */
    VDC_ISA_POPCNT,            /* scalar POPCNT instruction       */
    VDC_ISA_AVX2,              /* 256-bit, nibble-table popcount  */
    VDC_ISA_AVX512,            /* 512-bit, VPOPCNTQ               */
    VDC_ISA_COUNT
} vdc_isa;

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

/* ---- whole-word kernels (any bitmap of n words) ----------------------- */
/* A zeroed bitmap of nbits bits, 64-byte aligned, in whole 64-byte lines
 * (what the kernels expect); free() it.  NULL if out of memory. */
uint64_t *vdc_bitmap_alloc(uint64_t nbits);
uint64_t vdc_bitmap_sync(uint64_t *restrict bits, uint64_t *restrict acc, size_t n);
uint64_t vdc_bitmap_count(const uint64_t *bits, size_t n);
/* popcount(a & ~b) and popcount(a & b) over n words. */
uint64_t vdc_bitmap_andnot_count(const uint64_t *a, const uint64_t *b, size_t n);
uint64_t vdc_bitmap_and_count(const uint64_t *a, const uint64_t *b, size_t n);
void vdc_bitmap_fill(uint64_t *bits, uint64_t lo, uint64_t len);
/* Clear up to `want` set bits of bits[0 .. nbits) in index order from
 * *cursor, wrapping at the end; advances *cursor past the last one cleared.
 * Returns the number cleared. */
uint64_t vdc_bitmap_take(uint64_t *bits, uint64_t nbits, uint64_t *cursor, uint64_t want);
static inline int vdc_bitmap_test(const uint64_t *b, uint64_t i)
{
    return (int)((b[i >> 6] >> (i & 63)) & 1);
}
static inline void vdc_bitmap_clear(uint64_t *b, uint64_t i)
{
    b[i >> 6] &= ~(1ULL << (i & 63));
}

/* ---- instruction-set selection ---------------------------------------- */
vdc_isa vdc_dirty_isa(void);                 /* the one in use            */
vdc_isa vdc_dirty_isa_best(void);            /* best this CPU supports    */
/* Force a level (tests, benchmarks); VDC_ISA_AUTO restores the default.
 * A level above vdc_dirty_isa_best() is lowered to it. */
void vdc_dirty_force_isa(vdc_isa isa);
const char *vdc_dirty_isa_name(vdc_isa isa);

#endif
