/* credit_hist.h -- fixed-size log-linear histograms of durations (ns), for
 * wake-up and request latencies: O(1) record, no allocation per sample.
 *
 * Layout (HdrHistogram's idea, own code): values below 2^SUB_BITS ns are
 * counted exactly; above, each power of two is cut into 2^SUB_BITS equal
 * buckets, so a quantile is known within 1/2^SUB_BITS = 3.1 % of its value
 * (we report the bucket's midpoint: within 1.6 %).  Values above
 * VDC_CHIST_MAX_NS (~18 min) are clamped.  The maximum, count and sum are
 * exact.  One histogram is 4.9 KB: allocate it only for entities that wake.
 *
 * vdc_chist_c is the same histogram kept compact, for one per vCPU (issue 15:
 * at 1,000 hosts 64,000 dense ones took 157 MB, and a run without them used
 * ~20 % less CPU): a 72-byte header and a 128-byte page of 32 counters per
 * octave actually used (~15 for wake latencies: ~2 KB).  Its counts, sum
 * and maximum are the dense one's, exactly: vdc_chist_c_merge() adds them
 * into a dense histogram for quantiles and reports.
 */
#ifndef VDC_CREDIT_HIST_H
#define VDC_CREDIT_HIST_H

#include <stdint.h>

#define VDC_CHIST_SUB_BITS 5                      /* 32 buckets per octave */
#define VDC_CHIST_MAX_EXP 40                      /* 2^40 ns = 1100 s      */
#define VDC_CHIST_NBUCKETS \
    ((1 << VDC_CHIST_SUB_BITS) * (VDC_CHIST_MAX_EXP - VDC_CHIST_SUB_BITS + 2))
#define VDC_CHIST_MAX_NS ((int64_t)1 << VDC_CHIST_MAX_EXP)

#define VDC_CHIST_OCTAVES (VDC_CHIST_NBUCKETS >> VDC_CHIST_SUB_BITS)   /* 37 */

typedef struct vdc_chist {
    uint64_t count;
    int64_t max_ns;
    double sum_ns;
    uint32_t bucket[VDC_CHIST_NBUCKETS];
} vdc_chist;

typedef struct vdc_chist_c {
    uint64_t count;
    int64_t max_ns;
    double sum_ns;
    uint32_t (*page)[1 << VDC_CHIST_SUB_BITS];  /* pages in order of first use */
    uint8_t slot[VDC_CHIST_OCTAVES];    /* octave -> 1 + its page; 0 = none */
    uint8_t npage, cap;
} vdc_chist_c;

/* Count one value into a compact histogram (zeroed to start); -1 if a page
 * cannot be allocated (nothing counted). */
int vdc_chist_c_add(vdc_chist_c *h, int64_t ns);
/* Add every count of `src` into the dense `dst`. */
void vdc_chist_c_merge(vdc_chist *dst, const vdc_chist_c *src);
/* Free its pages (it is then empty). */
void vdc_chist_c_free(vdc_chist_c *h);

/* Count one value (negative values count as 0). */
void vdc_chist_add(vdc_chist *h, int64_t ns);
/* Value at quantile q in [0, 1] (nearest rank), in ns; 0 if empty.
 * q = 1 returns the exact maximum. */
double vdc_chist_quantile(const vdc_chist *h, double q);
double vdc_chist_mean(const vdc_chist *h);
/* Midpoint of bucket i (0 <= i < VDC_CHIST_NBUCKETS), in ns. */
double vdc_chist_bucket_ns(int i);
/* Add every count of `src` into `dst`. */
void vdc_chist_merge(vdc_chist *dst, const vdc_chist *src);

#endif
