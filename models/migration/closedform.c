/* closedform.c -- the closed-form pre-copy: vdc_cf_precopy().
 *
 * The per-round recursion of closedform.h as a pure function, for
 * data-center scale (one migration in well under a microsecond; the
 * benchmark measures migrations per second).  The engine-level counterpart
 * is the model precopy_fluid (precopy_fluid.c), which equals it to the
 * nanosecond for uniform writes on an idle link (tests/test_migration.c).
 * Limits: pages are fractional (counts are expectations); no variance.
 */
#include "closedform.h"

#include <math.h>

#include "mig_core.h"      /* VDC_FLUID_* */

static double next_volume(const vdc_cf_in *in, double W, double T)
{
    double d = in->dirty_Bps * T;
    if (in->model == VDC_FLUID_LINEAR)
        return d < W ? d : W;
    return W > 0 ? W * -expm1(-d / W) : 0;
}

/* Rounds that can be skipped while V stays constant, before a cap acts. */
static double skippable(const vdc_cf_in *in, double r, double t, double sent, double V,
                        double T)
{
    double k = INFINITY;
    const vdc_migpolicy *p = &in->pol;
    if (p->max_rounds > 0)
        k = fmin(k, (double)p->max_rounds - 1 - r);
    if (p->max_data_factor > 0)
        k = fmin(k, floor((p->max_data_factor * in->mem_bytes - sent) / V) - 1);
    if (in->time_cap_s > 0)
        k = fmin(k, floor((in->time_cap_s - t) / T) - 1);
    return k > 0 && isfinite(k) ? k : 0;
}

void vdc_cf_precopy(const vdc_cf_in *in, vdc_cf_out *o)
{
    double M = in->mem_bytes, B = in->bw_Bps, P = in->page_bytes > 0 ? in->page_bytes : 4096;
    double W = in->wws_bytes > 0 && in->wws_bytes < M ? in->wws_bytes : M;
    double cap = in->time_cap_s > 0 ? in->time_cap_s : INFINITY;
    double V = M, t = 0, sent = 0, prev = -1;
    int64_t r = 0;
    vdc_mig_end end = VDC_END_NONE;
    for (;;) {
        double T = V / B;
        if (t + T > cap) {
            sent += B * (cap - t);
            t = cap;
            end = VDC_END_TIME_LIMIT;
            break;
        }
        t += T;
        sent += V;
        r++;
        double Vn = next_volume(in, W, T);
        vdc_migpolicy_view v = {
            .rounds_done = r, .dirty_pages = Vn / P, .dirty_bytes = Vn,
            .last_round_pages = V / P, .prev_round_pages = prev, .bw_Bps = B,
            .sent_pages = sent / P, .mem_pages = M / P, .rate_at_max = false,
        };
        end = vdc_migpolicy_decide(&in->pol, &v);
        prev = V / P;
        if (end != VDC_END_NONE) {
            V = Vn;
            break;
        }
        if (Vn == V) {
            double k = skippable(in, (double)r, t, sent, V, V / B);
            r += (int64_t)k;
            t += k * (V / B);
            sent += k * V;
        }
        V = Vn;
    }
    o->rounds = r;
    o->end = end;
    if (end == VDC_END_TIME_LIMIT) {
        o->total_s = t;
        o->downtime_s = 0;
        o->bytes = sent;
        return;
    }
    o->downtime_s = (V + in->state_bytes) / B + in->latency_s + in->resume_s;
    o->total_s = t + o->downtime_s;
    o->bytes = sent + V + in->state_bytes;
}
