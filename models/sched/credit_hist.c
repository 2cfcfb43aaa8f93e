/* credit_hist.c -- log-linear duration histograms (see credit_hist.h).
 *
 * Bucket of a value v >= 2^S (S = SUB_BITS): e = floor(log2 v), then the S
 * bits after the leading one select one of 2^S buckets of width 2^(e-S).
 * Index = 2^S * (e - S + 1) + those bits; values < 2^S are their own index.
 * Known answers (tests/test_credit.c): exact below 32 ns, 1000 us is reported
 * within 1.6 %, q=1 is the exact maximum.  The compact form keeps the
 * counts of octave o (indices 32o .. 32o+31) in one page; tests/test_credit.c
 * checks that it reports what the dense form does.
 */
#include "credit_hist.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define S VDC_CHIST_SUB_BITS

static int index_of(int64_t v)
{
    if (v < (1 << S))
        return (int)v;
    int e = 63 - __builtin_clzll((uint64_t)v);
    int sub = (int)((v >> (e - S)) & ((1 << S) - 1));
    return (1 << S) * (e - S + 1) + sub;
}

/* Midpoint of bucket i, in ns (exact for the linear part). */
double vdc_chist_bucket_ns(int i)
{
    if (i < (1 << S))
        return i;
    int e = i / (1 << S) + S - 1;
    int sub = i % (1 << S);
    double width = ldexp(1.0, e - S);
    return ldexp(1.0, e) + sub * width + width / 2;
}

static int64_t clamp(int64_t ns)
{
    return ns < 0 ? 0 : ns >= VDC_CHIST_MAX_NS ? VDC_CHIST_MAX_NS - 1 : ns;
}

int vdc_chist_c_add(vdc_chist_c *h, int64_t ns)
{
    ns = clamp(ns);
    int i = index_of(ns), o = i >> S;
    if (!h->slot[o]) {
        if (h->npage == h->cap) {           /* 4, 8, 16, 32, 37 pages */
            int cap = h->cap ? 2 * h->cap : 4;
            cap = cap > VDC_CHIST_OCTAVES ? VDC_CHIST_OCTAVES : cap;
            void *p = realloc(h->page, (size_t)cap * sizeof *h->page);
            if (!p)
                return -1;
            h->page = p;
            h->cap = (uint8_t)cap;
        }
        memset(h->page[h->npage], 0, sizeof *h->page);
        h->slot[o] = ++h->npage;
    }
    h->page[h->slot[o] - 1][i & ((1 << S) - 1)]++;
    h->count++;
    h->sum_ns += (double)ns;
    if (ns > h->max_ns)
        h->max_ns = ns;
    return 0;
}

void vdc_chist_c_merge(vdc_chist *dst, const vdc_chist_c *src)
{
    for (int o = 0; o < VDC_CHIST_OCTAVES; o++)
        if (src->slot[o])
            for (int b = 0; b < (1 << S); b++)
                dst->bucket[(o << S) + b] += src->page[src->slot[o] - 1][b];
    dst->count += src->count;
    dst->sum_ns += src->sum_ns;
    if (src->max_ns > dst->max_ns)
        dst->max_ns = src->max_ns;
}

void vdc_chist_c_free(vdc_chist_c *h)
{
    free(h->page);
    *h = (vdc_chist_c){ 0 };
}

void vdc_chist_add(vdc_chist *h, int64_t ns)
{
    ns = clamp(ns);
    h->bucket[index_of(ns)]++;
    h->count++;
    h->sum_ns += (double)ns;
    if (ns > h->max_ns)
        h->max_ns = ns;
}

double vdc_chist_quantile(const vdc_chist *h, double q)
{
    if (h->count == 0)
        return 0;
    if (q >= 1)
        return (double)h->max_ns;
    /* nearest rank: the smallest value with at least ceil(q*n) samples <= it */
    uint64_t rank = (uint64_t)ceil(q * (double)h->count);
    if (rank < 1)
        rank = 1;
    uint64_t seen = 0;
    for (int i = 0; i < VDC_CHIST_NBUCKETS; i++) {
        seen += h->bucket[i];
        if (seen >= rank) {
            double v = vdc_chist_bucket_ns(i);
            return v > (double)h->max_ns ? (double)h->max_ns : v;
        }
    }
    return (double)h->max_ns;
}

double vdc_chist_mean(const vdc_chist *h)
{
    return h->count ? h->sum_ns / (double)h->count : 0;
}

void vdc_chist_merge(vdc_chist *dst, const vdc_chist *src)
{
    for (int i = 0; i < VDC_CHIST_NBUCKETS; i++)
        dst->bucket[i] += src->bucket[i];
    dst->count += src->count;
    dst->sum_ns += src->sum_ns;
    if (src->max_ns > dst->max_ns)
        dst->max_ns = src->max_ns;
}
