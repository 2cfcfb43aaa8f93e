/* select.c -- which VM an overloaded host sheds next (Beloglazov & Buyya,
 * CCPE 2012, section 6.2), among the movable VMs still on it:
 *  mmt  minimum migration time: least memory / bandwidth; every candidate
 *       leaves the same host, so least memory (eq. 22);
 *  mu   minimum utilisation: least estimated CPU demand;
 *  rs   random selection: uniform, stream "placement/selection" (eq. 23);
 *  mc   maximum correlation: the VM whose demand history the others'
 *       histories explain best, by the multiple correlation coefficient
 *       R^2 = 1 - SS_res / SS_tot of the least-squares regression of its
 *       history on the other VMs' histories with an intercept (eq. 24-26,
 *       after Verma et al. 2009).  It needs more samples than regressors + 1
 *       and a regular system; otherwise mmt decides, as CloudSim 3.0.3's
 *       fallback policy does.
 * Ties go to the lower VM index.  Known answers: tests/test_policy.c.
 * Cost: mc is O(n m^2 + m (m^3 + n m)) for m VMs and n samples (one Gram
 * matrix per host and step, one small solve per candidate).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "cons.h"

static int mmt(const vdc_cons *c, const int *list, int n)
{
    const vdc_vm *v = c->sim->world.vm;
    int best = list[0];
    for (int i = 1; i < n; i++) {
        int x = list[i];
        if (v[x].memory_gib < v[best].memory_gib ||
            (v[x].memory_gib == v[best].memory_gib && x < best))
            best = x;
    }
    return best;
}

static int mu(const vdc_cons *c, const int *list, int n)
{
    int best = list[0];
    for (int i = 1; i < n; i++) {
        int x = list[i];
        if (c->est[x] < c->est[best] || (c->est[x] == c->est[best] && x < best))
            best = x;
    }
    return best;
}

/* y[j] -= f * x[j], j < n: the elimination's row update, two doubles at a
 * time where SSE2 is there (every x86-64).  Each element gets the same two
 * roundings (product, difference) as the scalar loop, so the results are
 * the same doubles; it is most of an MC selection's time (O(m^4) for m
 * VMs). */
static void row_update(double *restrict y, const double *restrict x, double f, int n)
{
    int j = 0;
#ifdef __SSE2__
    __m128d vf = _mm_set1_pd(f);
    for (; j + 2 <= n; j += 2)
        _mm_storeu_pd(y + j, _mm_sub_pd(_mm_loadu_pd(y + j), _mm_mul_pd(vf, _mm_loadu_pd(x + j))));
#endif
    for (; j < n; j++)
        y[j] -= f * x[j];
}

/* Solve A x = b (q x q, row-major, destroyed) by Gaussian elimination with
 * partial pivoting; false when singular.  Column k below the diagonal is
 * left as it is after step k (only the upper triangle is read again). */
static bool solve(double *A, double *b, int q)
{
    for (int k = 0; k < q; k++) {
        int piv = k;
        for (int i = k + 1; i < q; i++)
            if (fabs(A[i * q + k]) > fabs(A[piv * q + k]))
                piv = i;
        if (!(fabs(A[piv * q + k]) > 1e-12))
            return false;
        if (piv != k) {
            for (int j = 0; j < q; j++) {
                double t = A[k * q + j];
                A[k * q + j] = A[piv * q + j];
                A[piv * q + j] = t;
            }
            double t = b[k];
            b[k] = b[piv];
            b[piv] = t;
        }
        for (int i = k + 1; i < q; i++) {
            double f = A[i * q + k] / A[k * q + k];
            row_update(A + i * q + k + 1, A + k * q + k + 1, f, q - k - 1);
            b[i] -= f * b[k];
        }
    }
    for (int k = q - 1; k >= 0; k--) {
        double s = b[k];
        for (int j = k + 1; j < q; j++)
            s -= A[k * q + j] * b[j];
        b[k] = s / A[k * q + k];
    }
    return true;
}

/* Gram matrix of the rows (1, Y[t][0..m-1]), t < ns: G[r][s] = sum_t
 * x_r x_s with x_0 = 1, summed over t in order -- the sums every
 * candidate's normal equations take their entries from, so they are
 * computed once per selection instead of once per candidate.  Symmetric:
 * x_r x_s and x_s x_r are the same double, so the lower half is copied. */
static void gram(const double *Y, int ns, int m, double *G)
{
    int g = m + 1;
    memset(G, 0, (size_t)g * (size_t)g * sizeof *G);
    double x[65];
    for (int t = 0; t < ns; t++) {
        const double *row = Y + (size_t)t * (size_t)m;
        x[0] = 1;
        for (int i = 0; i < m; i++)
            x[i + 1] = row[i];
        for (int r = 0; r < g; r++)
            for (int c = r; c < g; c++)
                G[r * g + c] += x[r] * x[c];
    }
    for (int r = 1; r < g; r++)
        for (int c = 0; c < r; c++)
            G[r * g + c] = G[c * g + r];
}

/* R^2 of y = Y[t][j] on the other columns, t < ns; NAN when undefined.
 * The normal equations of (intercept, the other columns) are G without
 * row and column j + 1, the right side G's column j + 1 without row j + 1:
 * the same sums, in the same order, as accumulating them per candidate. */
static double r2_of(const double *Y, int ns, int m, int j, const double *G, double *A, double *b)
{
    int q = m, g = m + 1;          /* intercept + (m - 1) regressors */
    size_t lo = (size_t)j + 1, hi = (size_t)(g - j - 2);    /* columns before / after j + 1 */
    for (int r = 0, rr = 0; r < g; r++) {
        if (r == j + 1)
            continue;
        memcpy(A + rr * q, G + r * g, lo * sizeof *A);
        memcpy(A + rr * q + j + 1, G + r * g + j + 2, hi * sizeof *A);
        b[rr++] = G[r * g + j + 1];
    }
    if (!solve(A, b, q))
        return NAN;
    double mean = 0, ss_tot = 0, ss_res = 0;
    for (int t = 0; t < ns; t++)
        mean += Y[(size_t)t * (size_t)m + (size_t)j];
    mean /= ns;
    for (int t = 0; t < ns; t++) {
        const double *row = Y + (size_t)t * (size_t)m;
        double fit = b[0];
        for (int i = 0, k = 1; i < m; i++)
            if (i != j)
                fit += b[k++] * row[i];
        ss_res += (row[j] - fit) * (row[j] - fit);
        ss_tot += (row[j] - mean) * (row[j] - mean);
    }
    return ss_tot > 0 ? 1 - ss_res / ss_tot : NAN;
}

/* G (g x g) of vms[0..m-1] over the last ns samples.  A host that sheds
 * several VMs in one step asks again with fewer VMs: when the step and ns
 * are the same, each entry is a sum already made (it depends only on its
 * two VMs' histories, which change only between steps), so G is gathered
 * from the kept matrix; else it is computed from Y and kept. */
static void host_gram(vdc_cons *c, int h, const int *vms, int m, int ns, const double *Y,
                      double *G)
{
    int g = m + 1, at[65];
    bool hit = c->mc_G && c->mc_h == h && c->mc_step == c->nstep && c->mc_ns == ns;
    at[0] = 0;
    for (int i = 0; hit && i < m; i++) {
        int k = 0;
        while (k < c->mc_m && c->mc_vm[k] != vms[i])
            k++;
        hit = k < c->mc_m;
        at[i + 1] = k + 1;
    }
    if (hit) {
        int cg = c->mc_m + 1;
        for (int r = 0; r < g; r++)
            for (int s = 0; s < g; s++)
                G[r * g + s] = c->mc_G[at[r] * cg + at[s]];
        return;
    }
    gram(Y, ns, m, G);
    double *keep = realloc(c->mc_G, (size_t)g * (size_t)g * sizeof *keep);
    if (!keep) {
        c->mc_h = -1;
        return;
    }
    c->mc_G = keep;
    memcpy(keep, G, (size_t)g * (size_t)g * sizeof *keep);
    memcpy(c->mc_vm, vms, (size_t)m * sizeof *vms);
    c->mc_m = m;
    c->mc_ns = ns;
    c->mc_h = h;
    c->mc_step = c->nstep;
}

/* Maximum correlation over the VMs planned on h; candidates in list. */
static int mc(vdc_cons *c, int h, const int *list, int n)
{
    const vdc_mon_host *mh = &c->mon.h[h];
    int m = 0, ns = c->hlen;
    int vms[64];
    for (int i = 0; i < mh->n && m < 64; i++)
        if (c->sel_step[mh->vm[i]] != c->nstep) {
            vms[m++] = mh->vm[i];
            if (c->hist_n[mh->vm[i]] < ns)
                ns = c->hist_n[mh->vm[i]];
        }
    if (m < 2 || m > 63 || ns <= m)            /* too few samples for m coefficients */
        return mmt(c, list, n);
    size_t g = (size_t)m + 1;
    double *Y = malloc(((size_t)ns * (size_t)m + (size_t)m * (size_t)m + (size_t)m + g * g) *
                       sizeof *Y);
    if (!Y)
        return mmt(c, list, n);
    double *A = Y + (size_t)ns * (size_t)m, *b = A + (size_t)m * (size_t)m, *G = b + m;
    for (int t = 0; t < ns; t++) {
        int k = ((c->hpos - ns + t) % c->hlen + c->hlen) % c->hlen;
        for (int i = 0; i < m; i++)
            Y[(size_t)t * (size_t)m + (size_t)i] = c->hist[(size_t)vms[i] * (size_t)c->hlen + (size_t)k];
    }
    host_gram(c, h, vms, m, ns, Y, G);
    int best = -1;
    double best_r2 = -INFINITY;
    for (int li = 0; li < n; li++) {
        int j = -1;
        for (int i = 0; i < m; i++)
            if (vms[i] == list[li])
                j = i;
        if (j < 0)
            continue;
        double r2 = r2_of(Y, ns, m, j, G, A, b);
        if (isnan(r2)) {
            free(Y);
            return mmt(c, list, n);
        }
        if (r2 > best_r2 || (r2 == best_r2 && list[li] < best)) {
            best_r2 = r2;
            best = list[li];
        }
    }
    free(Y);
    return best >= 0 ? best : mmt(c, list, n);
}

int vdc_cons_select(vdc_cons *c, int h, const int *list, int n)
{
    switch (c->p->selection) {
    case CONS_SEL_MU:
        return mu(c, list, n);
    case CONS_SEL_RS:
        return list[gsl_rng_uniform_int(c->sel_rng, (unsigned long)n)];
    case CONS_SEL_MC:
        return mc(c, h, list, n);
    default:
        return mmt(c, list, n);
    }
}
