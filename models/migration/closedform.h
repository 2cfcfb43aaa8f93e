/* closedform.h -- pre-copy as per-round byte counts, no page bitmap.
 *
 * M memory, B bandwidth, D dirty rate, W writable working set (bytes).
 * Round 0 sends M in M/B; round i sends V_i, the bytes dirtied during round
 * i-1 of length T = V_{i-1}/B:
 *   linear    V_i = min(D T, W)            (Liu et al. HPDC 2011; Akoush et
 *                                            al. MASCOTS 2010; docs/references.md §3.4)
 *   expected  V_i = W (1 - exp(-D T / W))  (expected distinct pages of D T
 *                                            bytes of uniform Poisson writes)
 * With W = infinity (linear) this is V_i = M rho^i, rho = D/B, and the data
 * sent is M (1 - rho^(n+1)) / (1 - rho).  The stop policies are policy.h's.
 * Downtime = (V_n + state) / B + latency + resume; total = sum of live
 * rounds + downtime; a round that would end after the time cap ends the
 * migration at the cap (time_limit, cancelled, downtime 0).
 * A run of rounds with V_i == V_{i-1} (saturated WWS, or a fixed point) is
 * skipped arithmetically up to the next cap, so a non-converging migration
 * costs O(1), not O(rounds).
 */
#ifndef VDC_CLOSEDFORM_H
#define VDC_CLOSEDFORM_H

#include <stdint.h>

#include "policy.h"

typedef struct vdc_cf_in {
    double mem_bytes, bw_Bps, dirty_Bps;
    double wws_bytes;          /* 0 or >= mem: the whole memory */
    double page_bytes;         /* for the page-count tests of policies */
    int model;                 /* VDC_FLUID_EXPECTED or VDC_FLUID_LINEAR */
    double latency_s, state_bytes, resume_s;
    double time_cap_s;         /* 0 = none */
    vdc_migpolicy pol;
} vdc_cf_in;

typedef struct vdc_cf_out {
    double total_s, downtime_s, bytes;
    int64_t rounds;            /* live rounds */
    vdc_mig_end end;
} vdc_cf_out;

void vdc_cf_precopy(const vdc_cf_in *in, vdc_cf_out *out);

#endif
