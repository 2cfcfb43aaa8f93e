/* detect.c -- overload detectors of Beloglazov & Buyya, CCPE 2012 (detect.h).
 *
 * Equations (section 6.1 of the paper; numbers are the paper's):
 *  MAD = median_i |u_i - median_j u_j|,   T_u = 1 - s MAD         (eq. 14-15)
 *  IQR = Q3 - Q1,                         T_u = 1 - s IQR         (eq. 16)
 *    quartiles at position p (n + 1) of the sorted sample, linear between
 *    neighbours (Hyndman & Fan type 6; what CloudSim's Apache Commons
 *    Percentile does); the paper does not say which estimator.
 *  LR: the last k samples at x_i = i, tricube weights from the right end
 *    w_i = (1 - ((x_k - x_i) / (x_k - x_1))^3)^3                 (eq. 17-19)
 *    (so the oldest point weighs 0), (a, b) minimise sum w_i (y_i - a - b x_i)^2
 *    in closed form; overloaded when s (a + b (x_k + h)) >= 1    (eq. 20-21).
 *  LRR: residuals e_i = y_i - a - b x_i, m = median |e_i|, robustness
 *    weights r_i = B(e_i / 6m) with the bisquare B(v) = (1 - v^2)^2 for
 *    |v| < 1, else 0; refit with r_i w_i (Cleveland 1979, as the paper
 *    states it); robust_iter times (the author's OpenStack Neat code does 1).
 * Differences from CloudSim 3.0.3 (MathUtil.createWeigthedLinearRegression):
 * it applies weights only when >= 40% of them are zero, which tricube
 * weights never are, so its LR and LRR are both ordinary least squares of
 * the window; it also puts x_1's weight on the oldest two points.  Here the
 * weights are the paper's.  Medians and quartiles read their order
 * statistics by selection (O(n) expected), not by sorting.
 */
#include "detect.h"

#include <math.h>
#include <string.h>

#define DETECT_MAX_N 1024     /* histories are short; see history_len's range */

/* The k-th smallest of a[0..n-1] (0-based), a reordered in place so that
 * a[0..k-1] <= a[k] <= a[k+1..n-1] (Hoare's selection, median-of-three
 * pivot): O(n) expected.  The detectors need two or four order statistics
 * of a few tens of samples per call, millions of times a day: a full sort
 * (insertion sort, and qsort before it) was 32% of a MAD-MMT day. */
static double select_k(double *a, int n, int k)
{
    int lo = 0, hi = n - 1;
    while (hi > lo) {
        int mid = lo + (hi - lo) / 2;
        double x = a[lo], y = a[mid], z = a[hi];
        double piv = x < y ? (y < z ? y : (x < z ? z : x)) : (x < z ? x : (y < z ? z : y));
        int i = lo, j = hi;
        while (i <= j) {
            while (a[i] < piv)
                i++;
            while (a[j] > piv)
                j--;
            if (i <= j) {
                double t = a[i];
                a[i++] = a[j];
                a[j--] = t;
            }
        }
        if (k <= j)
            hi = j;
        else if (k >= i)
            lo = i;
        else
            break;                  /* j < k < i: a[k] equals the pivot */
    }
    return a[k];
}

/* Largest of a[0..n-1]. */
static double max_of(const double *a, int n)
{
    double m = a[0];
    for (int i = 1; i < n; i++)
        if (a[i] > m)
            m = a[i];
    return m;
}

/* Median of a (reordered); even n: the mean of the two middle values. */
static double median_inplace(double *a, int n)
{
    double hi = select_k(a, n, n / 2);
    return n % 2 ? hi : 0.5 * (max_of(a, n / 2) + hi);
}

double vdc_detect_median(const double *x, int n)
{
    double s[DETECT_MAX_N];
    if (n <= 0)
        return 0;
    if (n > DETECT_MAX_N)
        n = DETECT_MAX_N;
    memcpy(s, x, (size_t)n * sizeof *s);
    return median_inplace(s, n);
}

double vdc_detect_mad(const double *x, int n)
{
    double d[DETECT_MAX_N];
    if (n <= 0)
        return 0;
    if (n > DETECT_MAX_N)
        n = DETECT_MAX_N;
    double med = vdc_detect_median(x, n);
    for (int i = 0; i < n; i++)
        d[i] = fabs(x[i] - med);
    return median_inplace(d, n);
}

/* Quantile p of a sample of n (reordered), Hyndman & Fan type 6: ranks
 * as in the sorted sample, read by selection.  Only s[0..range-1] is
 * searched: the caller knows they hold the `range` smallest values and
 * that the ranks read are below range (range = n: the whole sample).  On
 * return, s[0..*m-1] hold the *m smallest values (the ranks below the one
 * selected). */
static double quantile6(double *s, int n, double p, int range, int *m)
{
    double pos = p * (n + 1);
    if (pos < 1) {
        *m = 0;
        return select_k(s, range, 0);
    }
    if (pos >= n) {
        *m = n - 1;
        return select_k(s, range, n - 1);
    }
    int i = (int)floor(pos);
    double hi = select_k(s, range, i);      /* s[i] of the sorted sample */
    double lo = max_of(s, i);               /* s[i - 1]: the largest below it */
    *m = i;
    return lo + (pos - i) * (hi - lo);
}

double vdc_detect_iqr(const double *x, int n)
{
    double s[DETECT_MAX_N];
    if (n <= 0)
        return 0;
    if (n > DETECT_MAX_N)
        n = DETECT_MAX_N;
    memcpy(s, x, (size_t)n * sizeof *s);
    int m, m1;
    double q3 = quantile6(s, n, 0.75, n, &m);
    /* the first quartile's ranks (at most floor(0.25 (n + 1))) lie below the
     * third's: search only the m smallest, which the first selection left
     * in front */
    double pos = 0.25 * (n + 1);
    int need = pos < 1 ? 0 : pos >= n ? n - 1 : (int)floor(pos);
    double q1 = quantile6(s, n, 0.25, need < m ? m : n, &m1);
    return q3 - q1;
}

/* Weighted least squares of y on x = 1..n; false when degenerate.  The
 * sums of the weights alone (W, Sx, Sxx) may come precomputed (pre, as
 * wls_pre makes them: the same products summed in the same order, so the
 * same doubles); wx[i] = w[i] * x then too. */
typedef struct wls_pre { int n; double w[64], wx[64], W, Sx, Sxx; } wls_pre;

static bool wls_fit(const double *y, const double *w, int n, const wls_pre *pre, double *a,
                    double *b)
{
    double W = 0, Sx = 0, Sy = 0, Sxx = 0, Sxy = 0;
    if (pre) {
        W = pre->W;
        Sx = pre->Sx;
        Sxx = pre->Sxx;
        for (int i = 0; i < n; i++) {
            Sy += w[i] * y[i];
            Sxy += pre->wx[i] * y[i];
        }
    } else {
        for (int i = 0; i < n; i++) {
            double x = i + 1;
            W += w[i];
            Sx += w[i] * x;
            Sy += w[i] * y[i];
            Sxx += w[i] * x * x;
            Sxy += w[i] * x * y[i];
        }
    }
    double den = W * Sxx - Sx * Sx;
    if (W <= 0 || !(fabs(den) > 1e-12 * (W * Sxx + 1e-300)))
        return false;
    *b = (W * Sxy - Sx * Sy) / den;
    *a = (Sy - *b * Sx) / W;
    return true;
}

/* Tricube weights of a window of n, (1 - ((x_k - x_i)/(x_k - x_1))^3)^3. */
static void tricube(double *w, int n)
{
    for (int i = 0; i < n; i++) {
        double v = (double)(n - 1 - i) / (double)(n - 1);   /* (x_k - x_i)/(x_k - x_1) */
        double t = 1 - v * v * v;
        w[i] = t * t * t;
    }
}

/* The weights of window n and their sums, made once per thread and kept
 * for the next call with the same n (an LR detector asks ~400,000 times a
 * PlanetLab day, always with its window). */
static const wls_pre *loess_pre(int n)
{
    static _Thread_local wls_pre pre;
    if (n > 64)
        return NULL;
    if (pre.n != n) {
        tricube(pre.w, n);
        pre.W = pre.Sx = pre.Sxx = 0;
        for (int i = 0; i < n; i++) {
            double x = i + 1;
            pre.W += pre.w[i];
            pre.Sx += pre.w[i] * x;
            pre.Sxx += pre.w[i] * x * x;
            pre.wx[i] = pre.w[i] * x;
        }
        pre.n = n;
    }
    return &pre;
}

void vdc_detect_loess(const double *y, int n, int robust_iter, double *a, double *b)
{
    double wbuf[DETECT_MAX_N], rw[DETECT_MAX_N], e[DETECT_MAX_N];
    if (n > DETECT_MAX_N) {
        y += n - DETECT_MAX_N;
        n = DETECT_MAX_N;
    }
    *a = n > 0 ? y[n - 1] : 0;
    *b = 0;
    if (n < 3)
        return;
    const wls_pre *pre = loess_pre(n);
    const double *w = pre ? pre->w : wbuf;
    if (!pre)
        tricube(wbuf, n);
    if (!wls_fit(y, w, n, pre, a, b))
        return;
    for (int it = 0; it < robust_iter; it++) {
        for (int i = 0; i < n; i++)
            e[i] = fabs(y[i] - (*a + *b * (i + 1)));
        double m6 = 6 * vdc_detect_median(e, n);
        for (int i = 0; i < n; i++) {
            double r;
            if (m6 > 0) {
                double v = e[i] / m6;
                r = v < 1 ? (1 - v * v) * (1 - v * v) : 0;
            } else {
                r = e[i] == 0;          /* most points fit exactly: the rest are outliers */
            }
            rw[i] = r * w[i];
        }
        double a2, b2;
        if (!wls_fit(y, rw, n, NULL, &a2, &b2))
            return;                     /* keep the last fit (CloudSim does the same on NaN) */
        *a = a2;
        *b = b2;
    }
}

double vdc_detect_safety_default(int method)
{
    switch (method) {
    case VDC_OVL_IQR: return VDC_DETECT_S_IQR;
    case VDC_OVL_MAD: return VDC_DETECT_S_MAD;
    case VDC_OVL_LR:
    case VDC_OVL_LRR: return VDC_DETECT_S_LR;
    default: return 1;
    }
}

bool vdc_detect_overloaded(const vdc_detect *d, const double *u, int n, double h)
{
    if (n <= 0)
        return false;
    double now = u[n - 1];
    switch (d->method) {
    case VDC_OVL_NEVER:
        return false;
    case VDC_OVL_THR:
        return now > d->thr;
    case VDC_OVL_IQR:
    case VDC_OVL_MAD: {
        if (n < d->min_n)
            return now > d->fallback;
        double spread = d->method == VDC_OVL_MAD ? vdc_detect_mad(u, n) : vdc_detect_iqr(u, n);
        return now > 1 - d->s * spread;
    }
    case VDC_OVL_LR:
    case VDC_OVL_LRR: {
        if (n < d->window)
            return now > d->fallback;
        double a, b;
        int k = d->window;
        vdc_detect_loess(u + (n - k), k, d->method == VDC_OVL_LRR ? d->robust_iter : 0, &a, &b);
        return d->s * (a + b * (k + h)) >= 1;
    }
    case VDC_OVL_MHOD:
        return vdc_detect_mhod(d, u, n, h, 0, 0);
    default:
        return false;
    }
}
