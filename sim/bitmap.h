/* bitmap.h -- the one bitmap module (bitmap.c): bits in arrays of uint64_t.
 *
 * Two users: migration's dirty-page tracker (whole-word passes over millions
 * of pages) and the Credit scheduler's per-host pCPU masks (Xen's cpumask_t:
 * next set bit, cycle).  The whole-word passes have a portable C version and
 * POPCNT / AVX2 / AVX-512 VPOPCNTDQ versions chosen at run time
 * (__builtin_cpu_supports); all give bit-identical results, so a run's output
 * does not depend on the machine.  Bit i is word i / 64, bit i % 64.
 */
#ifndef VDC_BITMAP_H
#define VDC_BITMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum vdc_isa {
    VDC_ISA_AUTO = -1,
    VDC_ISA_PORTABLE = 0,      /* plain C, SWAR popcount         */
    VDC_ISA_POPCNT,            /* scalar POPCNT instruction       */
    VDC_ISA_AVX2,              /* 256-bit, nibble-table popcount  */
    VDC_ISA_AVX512,            /* 512-bit, VPOPCNTQ               */
    VDC_ISA_COUNT
} vdc_isa;

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
static inline void vdc_bitmap_set(uint64_t *b, uint64_t i)
{
    b[i >> 6] |= 1ULL << (i & 63);
}
static inline void vdc_bitmap_clear(uint64_t *b, uint64_t i)
{
    b[i >> 6] &= ~(1ULL << (i & 63));
}

/* ---- instruction-set selection ---------------------------------------- */
vdc_isa vdc_bitmap_isa(void);                 /* the one in use            */
vdc_isa vdc_bitmap_isa_best(void);            /* best this CPU supports    */
/* Force a level (tests, benchmarks); VDC_ISA_AUTO restores the default.
 * A level above vdc_bitmap_isa_best() is lowered to it. */
void vdc_bitmap_force_isa(vdc_isa isa);
const char *vdc_bitmap_isa_name(vdc_isa isa);


/* ---- masks of n bits (Credit's pCPU sets) ------------------------------ */
/* First i in [from, n) set in a (and in b when b != NULL), or -1. */
int vdc_bitmap_next(const uint64_t *a, const uint64_t *b, int n, int from);
/* Xen's cpumask_cycle: first set after `from`, wrapping (may be from), or -1. */
int vdc_bitmap_cycle(const uint64_t *a, const uint64_t *b, int n, int from);

#endif
