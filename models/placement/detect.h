/* detect.h -- host overload detection of Beloglazov & Buyya (CCPE 2012),
 * as pure functions of a host's utilisation history (internal to the folder).
 *
 * u[0..n-1] is the host's CPU utilisation (demand / capacity, may exceed 1),
 * oldest first, u[n-1] the current value; the history is that of the VMs
 * now on the host (the sum of their own histories), as in the paper.
 *   thr   u[n-1] > T                               (static threshold, s. 6.1)
 *   iqr   u[n-1] > 1 - s IQR(u)                    (interquartile range)
 *   mad   u[n-1] > 1 - s MAD(u)                    (median absolute deviation)
 *   lr    s (a + b (k + h)) >= 1                   (local regression, loess of
 *   lrr   the same with bisquare robustness weights  degree 1, Cleveland 1979)
 *   never                                          (no overload, e.g. THR-only
 *                                                   consolidation studies)
 *   mhod  no OTF-feasible migration policy of the      (Markov host overload
 *         2-state Markov chain estimated from u         detection, TPDS 2013:
 *                                                       mhod.c)
 * where k is the last point of the regression window and h the migration
 * horizon in steps (the paper: x_{k+1} - x_k = t_m, the longest migration
 * time of the host's VMs).  With fewer samples than the method needs, the
 * fallback threshold decides (CloudSim 3.0.3's fallback policy: THR 0.7).
 * Sources and the hand-derived answers: README.md, tests/test_policy.c.
 */
#ifndef VDC_DETECT_H
#define VDC_DETECT_H

#include <stdbool.h>

typedef enum { VDC_OVL_THR, VDC_OVL_IQR, VDC_OVL_MAD, VDC_OVL_LR, VDC_OVL_LRR,
               VDC_OVL_NEVER, VDC_OVL_MHOD } vdc_ovl;
#define VDC_OVL_CHOICES "thr|iqr|mad|lr|lrr|never|mhod"

/* The paper's safety parameters of its Table V (CCPE 2012): IQR 1.5,
 * MAD 2.5, LR and LRR 1.2. */
#define VDC_DETECT_S_IQR 1.5
#define VDC_DETECT_S_MAD 2.5
#define VDC_DETECT_S_LR 1.2

typedef struct vdc_detect {
    int method;          /* vdc_ovl */
    double thr;          /* THR threshold */
    double s;            /* safety parameter (IQR, MAD, LR, LRR) */
    int min_n;           /* IQR/MAD: fewest samples, else the fallback */
    int window;          /* LR/LRR: the last `window` samples (the paper's k) */
    int robust_iter;     /* LRR: robustness iterations */
    double fallback;     /* threshold when the history is too short */
    double mhod_util;    /* MHOD: utilisation from which a sample is in state 1 */
    double otf;          /* MHOD: bound on the overload time fraction */
    double mhod_step;    /* MHOD: grid step of the policy search */
    int mhod_learning;   /* MHOD: fewer samples -> not overloaded */
    int mhod_wmin, mhod_wmax, mhod_wstep;  /* MHOD: window sizes, samples */
} vdc_detect;

/* Is the host overloaded?  h = migration horizon in steps (LR/LRR; MHOD's
 * migration time, with no time active or overloaded so far). */
bool vdc_detect_overloaded(const vdc_detect *d, const double *u, int n, double h);
/* MHOD with the host's counters: t_mig, t_active, t_over in steps. */
bool vdc_detect_mhod(const vdc_detect *d, const double *u, int n, double t_mig, double t_active,
                     double t_over);

/* ---- the statistics (exposed for tests) ---------------------------- */
double vdc_detect_median(const double *x, int n);
double vdc_detect_mad(const double *x, int n);
double vdc_detect_iqr(const double *x, int n);
/* Loess of degree 1 at the right boundary: y[i] at x = i + 1, tricube
 * weights, then `robust_iter` bisquare reweightings; a + b x. */
void vdc_detect_loess(const double *y, int n, int robust_iter, double *a, double *b);
double vdc_detect_safety_default(int method);
/* MHOD's parts: states of u (s[k] = u[k] >= mhod_util; returns n, at most
 * 1024), the windowed estimate of P, and the L function (false: singular). */
int vdc_mhod_states(const vdc_detect *d, const double *u, int n, unsigned char *s);
void vdc_mhod_estimate(const vdc_detect *d, const unsigned char *s, int n, double p[2][2]);
bool vdc_mhod_l(const double p[2][2], const double m[2], int cur, double l[2]);

#endif
