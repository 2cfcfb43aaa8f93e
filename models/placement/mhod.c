/* mhod.c -- MHOD, Markov host overload detection (Beloglazov & Buyya,
 * "Managing overloaded hosts for dynamic consolidation of virtual machines
 * in cloud data centers under quality of service constraints", IEEE TPDS
 * 24(7), 2013), as a detector of detect.h.
 *
 * The host's utilisation history u[0..n-1] becomes a state sequence: state
 * 1 ("overloaded") when u >= mhod_util (TPDS: 100%; OpenStack Neat's
 * neat.conf: 0.8), else 0.  The transition matrix P is estimated by
 * multisize sliding windows (TPDS section 5): for each state i, the states
 * that followed its visits form its request window; after each visit the
 * estimate p_ij(w) = (count of j among the last w followers) / w is
 * recorded for every window size w; the size chosen for (i, j) is the
 * largest w, scanning upwards from the smallest, whose last w estimates
 * have a sample variance within the binomial one, p (1 - p) / w (with
 * fewer than w estimates the variance counts as 1, so a window is used
 * only once it is full); the estimate is the last one of that size.  The
 * sequence starts with a transition from state 0, as Neat's code does.
 * Control: with m_i the probability of migrating in state i, the expected
 * steps spent in each state before a migration, from the current state pi,
 * are L = pi (I - Q)^-1 with Q_ij = (1 - m_i) P_ij (an absorbing chain;
 * the closed form for 2 states below matches Neat's l_2_states.py).  MHOD
 * maximises L_0 + L_1 subject to the OTF constraint
 *     (T_m + t_o + L_1) / (T_m + t_a + L_0 + L_1) <= otf
 * (T_m the migration time, t_a the steps the host has been active and t_o
 * those of them in state 1, all in steps), by brute force over m_i on a grid
 * of mhod_step in [0, 1] (Neat: 0.2).  The host is overloaded when no m
 * with L_0 + L_1 > 0 meets the constraint.  Until the history holds
 * mhod_learning samples, or while the estimate of P_{s,1} from the current
 * state s is 0, the host is not overloaded (Neat's learning_steps).
 * Defaults as neat.conf (OpenStack Neat, github beloglazov/openstack-neat):
 * OTF 0.1, windows 30..100 by 10, step 0.2, 30 learning steps.
 * Limits: two states only (Neat implements only those too); the estimate
 * is rebuilt from the history at each call (Neat does the same), O(n + 4
 * windows x w_max); the grid is (1/step + 1)^2 points.  Known answer:
 * tests/test_policy.c (a 5-sample history worked out by hand).
 */
#include "detect.h"

#include <assert.h>
#include <math.h>

#define MHOD_MAX_N 1024        /* as detect.c's DETECT_MAX_N: histories are short */

/* 2-state L function: expected steps in state 0 and 1 before migrating,
 * from state `cur`, under policy m; false when I - Q is singular. */
bool vdc_mhod_l(const double p[2][2], const double m[2], int cur, double l[2])
{
    double a00 = (1 - m[0]) * p[0][0], a01 = (1 - m[0]) * p[0][1];
    double a10 = (1 - m[1]) * p[1][0], a11 = (1 - m[1]) * p[1][1];
    double det = (1 - a00) * (1 - a11) - a01 * a10;
    if (det == 0)
        return false;
    double pi0 = cur == 0, pi1 = cur == 1;
    l[0] = (pi0 * (1 - a11) + pi1 * a10) / det;
    l[1] = (pi0 * a01 + pi1 * (1 - a00)) / det;
    return true;
}

int vdc_mhod_states(const vdc_detect *d, const double *u, int n, unsigned char *s)
{
    if (n > MHOD_MAX_N) {
        u += n - MHOD_MAX_N;
        n = MHOD_MAX_N;
    }
    for (int k = 0; k < n; k++)
        s[k] = u[k] >= d->mhod_util;
    return n;
}

/* p_ij for one (i, j) from the prefix counts c[0..K] of "the k-th follower
 * of i is j": the estimate after visit k with window w is
 * e_k(w) = (c[k] - c[max(0, k - w)]) / w. */
static double estimate(const vdc_detect *d, const int *c, int K)
{
    if (K == 0)
        return 0;                   /* state i never left: no estimate (Neat: 0.0) */
    int wstep = d->mhod_wstep > 0 ? d->mhod_wstep : 1, sel = d->mhod_wmin;
    for (int w = d->mhod_wmin; w <= d->mhod_wmax; w += wstep) {
        double last = (double)(c[K] - c[K - w > 0 ? K - w : 0]) / w;
        double var = 1;             /* fewer than w estimates: not trusted */
        if (K >= w) {
            double sum = 0, ss = 0;
            for (int k = K - w + 1; k <= K; k++)
                sum += (double)(c[k] - c[k - w > 0 ? k - w : 0]) / w;
            double mean = sum / w;
            for (int k = K - w + 1; k <= K; k++) {
                double e = (double)(c[k] - c[k - w > 0 ? k - w : 0]) / w - mean;
                ss += e * e;
            }
            var = ss / (w - 1);
        }
        if (var > last * (1 - last) / w)
            break;
        sel = w;
    }
    return (double)(c[K] - c[K - sel > 0 ? K - sel : 0]) / sel;
}

void vdc_mhod_estimate(const vdc_detect *d, const unsigned char *s, int n, double p[2][2])
{
    static_assert(MHOD_MAX_N <= 1024, "prefix counts live on the stack");
    int c[2][2][MHOD_MAX_N + 1];        /* [i][j][k]: followers of i among the first k that are j */
    int K[2] = { 0, 0 };
    int prev = 0;                       /* a first transition from state 0 (Neat) */
    c[0][0][0] = c[0][1][0] = c[1][0][0] = c[1][1][0] = 0;
    for (int k = 0; k < n && k < MHOD_MAX_N; k++) {
        for (int j = 0; j < 2; j++)
            c[prev][j][K[prev] + 1] = c[prev][j][K[prev]] + (s[k] == j);
        K[prev]++;
        prev = s[k];
    }
    for (int i = 0; i < 2; i++)
        for (int j = 0; j < 2; j++)
            p[i][j] = estimate(d, c[i][j], K[i]);
}

bool vdc_detect_mhod(const vdc_detect *d, const double *u, int n, double t_mig, double t_active,
                     double t_over)
{
    unsigned char s[MHOD_MAX_N];
    if (n <= 0 || n < d->mhod_learning)
        return false;
    n = vdc_mhod_states(d, u, n, s);
    double p[2][2];
    vdc_mhod_estimate(d, s, n, p);
    int cur = s[n - 1];
    if (!(p[cur][1] > 0))
        return false;
    int kmax = (int)floor(1 / d->mhod_step + 1e-9);
    double best = 0;
    bool found = false;
    for (int a = 0; a <= kmax; a++)
        for (int b = 0; b <= kmax; b++) {
            double m[2] = { a * d->mhod_step, b * d->mhod_step }, l[2];
            if (!vdc_mhod_l(p, m, cur, l))
                continue;
            double obj = l[0] + l[1], den = t_mig + t_active + obj;
            if (!(obj > best) || den == 0)
                continue;
            if ((t_mig + t_over + l[1]) / den <= d->otf) {
                best = obj;
                found = true;
            }
        }
    return !found;
}
