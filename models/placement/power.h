/* power.h -- host power as a function of CPU utilisation: linear between
 * the host's idle and peak watts, or a piecewise-linear table (the shape
 * SPECpower_ssj2008 reports: watts at 0%, 10%, ..., 100% load).
 *
 * The linear curve is the one models/sched/fluid.c integrates into its
 * per-host energy_j: P(u) = idle + (peak - idle) u.  A table gives n >= 2
 * points evenly spaced over u in [0, 1], interpolated linearly between
 * them, in absolute watts (the same for every host).  Presets are published
 * SPECpower_ssj2008 results, as CloudSim packages them (Beloglazov & Buyya,
 * CCPE 2012, the power models of their consolidation experiments).
 */
#ifndef VDC_POWER_H
#define VDC_POWER_H

#include "error.h"
#include "world.h"

#define VDC_POWER_MAX_POINTS 101

typedef struct vdc_power_curve {
    int n;                          /* 0: linear from the host's idle/peak */
    double w[VDC_POWER_MAX_POINTS]; /* watts at u = i / (n - 1) */
} vdc_power_curve;

/* Parse a spec: NULL or "" (linear), a preset name, or a comma-separated
 * list of watts ("86,89.4,...,117").  VDC_EINPUT names `path` and the bad
 * entry. */
int vdc_power_parse(vdc_power_curve *c, const char *spec, const char *path, vdc_error *err);

/* Watts of host h at utilisation u (clamped to [0, 1]). */
double vdc_power_w(const vdc_power_curve *c, const vdc_host *h, double u);

/* The preset names, "a|b|c", for help texts. */
extern const char vdc_power_presets[];

#endif
