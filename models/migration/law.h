/* law.h -- page-popularity laws of guest writes, as weighted uniform segments.
 *
 * Which page a guest write lands on is a modelling choice: no published
 * study fixes it (docs/references.md §3.6).  Three laws are offered over a
 * writable working set (WWS) of W = wws_fraction x pages, pages [0, W):
 *   uniform  every WWS page equally likely;
 *   hotcold  the first hot_fraction x W pages take hot_share of the writes;
 *   zipf     the page of rank k (page k-1) has weight k^-s.
 * Every law is stored as segments [lo, lo+len) with a probability `mass`,
 * uniform inside: uniform is 1 segment, hotcold 2, and Zipf is split where
 * the weight ratio inside a segment would exceed `zipf_ratio` (1.01 by
 * default: a page's probability is within 1% of its exact Zipf weight; the
 * first ranks are segments of one page).  Segment masses are exact sums for
 * short segments and the midpoint-rule integral of t^-s for long ones
 * (relative error ~ s(s+1)/(24 lo^2) < 1e-4).
 * The same segments give the fluid model its expected count of distinct
 * pages after N Poisson writes: sum_j len_j (1 - exp(-N mass_j / len_j)).
 */
#ifndef VDC_LAW_H
#define VDC_LAW_H

#include <stdint.h>

#include "error.h"

typedef enum vdc_law_kind { VDC_LAW_UNIFORM, VDC_LAW_HOTCOLD, VDC_LAW_ZIPF } vdc_law_kind;
#define VDC_LAW_CHOICES "uniform|hotcold|zipf"
#define VDC_LAW_ZIPF_RATIO 1.01        /* max weight ratio inside a Zipf segment */

typedef struct vdc_law_spec {
    int kind;                  /* vdc_law_kind */
    double wws_fraction;       /* of the VM's pages, 0..1 */
    double hot_fraction;       /* hotcold: of the WWS, 0..1 */
    double hot_share;          /* hotcold: of the writes, 0..1 */
    double zipf_s;             /* zipf exponent, > 0 */
} vdc_law_spec;

typedef struct vdc_law {
    uint64_t npages, wws_pages;
    int nseg;
    uint64_t *lo, *len;        /* segment j covers pages [lo[j], lo[j]+len[j]) */
    double *mass;              /* probability of segment j; sums to 1        */
    uint64_t *thr;             /* alias table (Vose): keep j if r < thr[j]... */
    int32_t *alias;            /* ... else take alias[j]                      */
} vdc_law;

/* Build the segments of `spec` over `npages` pages; zipf_ratio <= 1 means
 * VDC_LAW_ZIPF_RATIO.  Returns 0 or VDC_EINPUT / VDC_ENOMEM with err. */
int vdc_law_build(vdc_law *law, const vdc_law_spec *spec, uint64_t npages,
                  double zipf_ratio, vdc_error *err);
void vdc_law_free(vdc_law *law);

/* Expected number of distinct pages hit by `writes` Poisson writes. */
double vdc_law_expected_unique(const vdc_law *law, double writes);

/* One page drawn from three independent uniform 64-bit words. */
uint64_t vdc_law_draw(const vdc_law *law, uint64_t r1, uint64_t r2, uint64_t r3);

/* floor(r * n / 2^64): a uniform index in [0, n) from a 64-bit word. */
static inline uint64_t vdc_law_scale(uint64_t r, uint64_t n)
{
    return (uint64_t)(((unsigned __int128)r * n) >> 64);
}

#endif
