/* law.c -- page-popularity laws as weighted uniform segments (see law.h).
 *
 * Source of the alias method: Vose, "A linear algorithm for generating random
 * numbers with a given distribution", IEEE TSE 17(9) 1991.  Zipf segments:
 * our own construction (geometric ranks, ratio <= zipf_ratio inside).
 * Known answers (tests/test_migration_dirty.c): masses sum to 1; a hotcold
 * law's hot segment has hot_share; uniform's expected distinct pages after N
 * writes is W (1 - exp(-N/W)); Zipf segment masses match the exact sums.
 * Limits: hot pages and popular Zipf ranks sit at the lowest page numbers
 * (contiguous), which favours post-copy's spatial pre-paging.
 */
#include "law.h"

#include <math.h>
#include <stdlib.h>

#include "array.h"

#define ZIPF_EXACT_LEN 64         /* segments up to this long: exact sums */

static int add_seg(vdc_law *L, int *cap, uint64_t lo, uint64_t len, double mass)
{
    if (len == 0 || !(mass > 0))
        return 0;
    if (L->nseg == *cap) {
        /* three parallel arrays: each grows from the same capacity to the
         * same one; *cap moves only when all three have */
        int c_lo = *cap, c_len = *cap, c_mass = *cap;
        if (vdc_array_grow((void **)&L->lo, &c_lo, L->nseg + 1, sizeof *L->lo) ||
            vdc_array_grow((void **)&L->len, &c_len, L->nseg + 1, sizeof *L->len) ||
            vdc_array_grow((void **)&L->mass, &c_mass, L->nseg + 1, sizeof *L->mass))
            return VDC_ENOMEM;
        *cap = c_lo;
    }
    L->lo[L->nseg] = lo;
    L->len[L->nseg] = len;
    L->mass[L->nseg] = mass;
    L->nseg++;
    return 0;
}

/* Sum of k^-s for k in [a, b) (ranks from 1). */
static double zipf_sum(uint64_t a, uint64_t b, double s)
{
    if (b - a <= ZIPF_EXACT_LEN) {
        double t = 0;
        for (uint64_t k = b; k-- > a;)          /* small terms first */
            t += pow((double)k, -s);
        return t;
    }
    double x0 = (double)a - 0.5, x1 = (double)b - 0.5;
    if (fabs(s - 1) < 1e-12)
        return log(x1 / x0);
    return (pow(x1, 1 - s) - pow(x0, 1 - s)) / (1 - s);
}

static int build_zipf(vdc_law *L, int *cap, uint64_t W, double s, double ratio)
{
    double step = pow(ratio, 1.0 / s);          /* rank growth inside a segment */
    for (uint64_t x = 1; x <= W;) {
        double yd = floor((double)x * step) + 1;
        uint64_t y = yd > (double)W + 1 ? W + 1 : (uint64_t)yd;
        if (y <= x)
            y = x + 1;
        int rc = add_seg(L, cap, x - 1, y - x, zipf_sum(x, y, s));
        if (rc)
            return rc;
        x = y;
    }
    return 0;
}

static int build_alias(vdc_law *L)
{
    int n = L->nseg;
    L->thr = malloc((size_t)n * sizeof *L->thr);
    L->alias = malloc((size_t)n * sizeof *L->alias);
    double *p = malloc((size_t)n * sizeof *p);
    int *small = malloc((size_t)n * sizeof *small), *large = malloc((size_t)n * sizeof *large);
    int rc = 0;
    if (!L->thr || !L->alias || !p || !small || !large) {
        rc = VDC_ENOMEM;
        goto out;
    }
    int ns = 0, nl = 0;
    for (int j = 0; j < n; j++) {
        p[j] = L->mass[j] * n;
        L->alias[j] = j;
        if (p[j] < 1) small[ns++] = j; else large[nl++] = j;
    }
    while (ns > 0 && nl > 0) {
        int s = small[--ns], l = large[nl - 1];
        double t = ldexp(p[s], 64);
        L->thr[s] = t >= 0x1p64 ? UINT64_MAX : t <= 0 ? 0 : (uint64_t)t;
        L->alias[s] = l;
        p[l] -= 1 - p[s];
        if (p[l] < 1) {
            nl--;
            small[ns++] = l;
        }
    }
    while (nl > 0) L->thr[large[--nl]] = UINT64_MAX;   /* rounding leftovers */
    while (ns > 0) L->thr[small[--ns]] = UINT64_MAX;
out:
    free(p);
    free(small);
    free(large);
    return rc;
}

int vdc_law_build(vdc_law *L, const vdc_law_spec *sp, uint64_t npages, double zipf_ratio,
                  vdc_error *err)
{
    *L = (vdc_law){ .npages = npages };
    if (!(sp->wws_fraction >= 0 && sp->wws_fraction <= 1) ||
        !(sp->hot_fraction >= 0 && sp->hot_fraction <= 1) ||
        !(sp->hot_share >= 0 && sp->hot_share <= 1) ||
        (sp->kind == VDC_LAW_ZIPF && !(sp->zipf_s > 0)))
        return vdc_error_set(err, VDC_EINPUT, "law: fractions must be in [0, 1] and"
                             " zipf_s > 0, got wws %g hot %g share %g s %g",
                             sp->wws_fraction, sp->hot_fraction, sp->hot_share, sp->zipf_s);
    if (!(zipf_ratio > 1))
        zipf_ratio = VDC_LAW_ZIPF_RATIO;
    uint64_t W = (uint64_t)llround(sp->wws_fraction * (double)npages);
    if (W == 0 && sp->wws_fraction > 0 && npages > 0)
        W = 1;
    L->wws_pages = W;
    int cap = 0, rc = 0;
    if (W > 0) {
        switch (sp->kind) {
        case VDC_LAW_HOTCOLD: {
            uint64_t h = (uint64_t)llround(sp->hot_fraction * (double)W);
            if (h == 0 && sp->hot_fraction > 0) h = 1;
            if (h > W) h = W;
            double hs = h == W ? 1 : h == 0 ? 0 : sp->hot_share;
            rc = add_seg(L, &cap, 0, h, hs);
            if (!rc)
                rc = add_seg(L, &cap, h, W - h, 1 - hs);
            break;
        }
        case VDC_LAW_ZIPF:
            rc = build_zipf(L, &cap, W, sp->zipf_s, zipf_ratio);
            break;
        default:
            rc = add_seg(L, &cap, 0, W, 1);
        }
    }
    if (!rc && L->nseg > 0) {
        double tot = 0;
        for (int j = 0; j < L->nseg; j++)
            tot += L->mass[j];
        for (int j = 0; j < L->nseg; j++)
            L->mass[j] /= tot;
        rc = build_alias(L);
    }
    if (rc) {
        vdc_law_free(L);
        return vdc_error_set(err, rc, "law: out of memory for %llu pages",
                             (unsigned long long)npages);
    }
    return 0;
}

void vdc_law_free(vdc_law *L)
{
    free(L->lo);
    free(L->len);
    free(L->mass);
    free(L->thr);
    free(L->alias);
    *L = (vdc_law){ 0 };
}

double vdc_law_expected_unique(const vdc_law *L, double writes)
{
    if (!(writes > 0))
        return 0;
    double u = 0;
    for (int j = 0; j < L->nseg; j++) {
        double n = (double)L->len[j];
        u += n * -expm1(-writes * L->mass[j] / n);
    }
    return u;
}

uint64_t vdc_law_draw(const vdc_law *L, uint64_t r1, uint64_t r2, uint64_t r3)
{
    int j = (int)vdc_law_scale(r1, (uint64_t)L->nseg);
    if (r2 >= L->thr[j])
        j = L->alias[j];
    return L->lo[j] + vdc_law_scale(r3, L->len[j]);
}
