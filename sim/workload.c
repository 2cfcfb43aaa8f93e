/* workload.c -- demand of a workload over time (workload.h).
 *
 * ONOFF phases and trace samples are placed in integer nanoseconds, so a
 * boundary is an exact engine time and a model scheduling "the next change"
 * can never land a hair before it and loop.  A trace's next change is the
 * next sample boundary whose value differs from the demand now (runs of
 * equal samples cost no event), found by a scan of at most n samples.
 * Linear traces: consumers hold the value they read until the next change
 * or their own next event -- CloudSim's semantics too (it reads
 * UtilizationModelPlanetLab at each event and holds it).
 */
#include <math.h>
#include <stdlib.h>

#include "rng.h"
#include "trace.h"
#include "world.h"

/* ---- traces ---------------------------------------------------------------- */

static inline vdc_time tr_interval(const vdc_workload *wl)
{
    if (wl->interval_ns > 0)
        return wl->interval_ns;
    vdc_time iv = (vdc_time)llround(wl->interval_s * 1e9);
    return iv > 0 ? iv : 1;
}

/* Length of one pass through the trace, ns. */
static vdc_time tr_length(const vdc_workload *wl)
{
    const vdc_trace *t = wl->trace;
    return t->end_ns ? t->end_ns[t->n - 1] : (vdc_time)t->n * tr_interval(wl);
}

/* Start of sample k (0 <= k <= n) within one pass. */
static vdc_time tr_start(const vdc_workload *wl, int64_t k)
{
    const vdc_trace *t = wl->trace;
    if (!t->end_ns)
        return k * tr_interval(wl);
    return k ? t->end_ns[k - 1] : 0;
}

/* Sample k of the sequence the end rule makes (k >= 0, any size). */
static inline double tr_sample(const vdc_workload *wl, int64_t k)
{
    const vdc_trace *t = wl->trace;
    if (k < t->n)
        return t->v[k];
    switch (wl->end) {
    case VDC_TR_HOLD:
        return t->v[t->n - 1];
    case VDC_TR_LOOP:
        return t->v[k % t->n];
    default:
        return 0;
    }
}

/* Where simulated time t falls: sample k (n = past the end, not looping),
 * the engine time at which pass `base` starts, y = offset into the pass. */
static int64_t tr_locate(const vdc_workload *wl, vdc_time t, vdc_time *base, vdc_time *y)
{
    const vdc_trace *tr = wl->trace;
    vdc_time off = wl->interval_ns > 0 ? wl->offset_ns : (vdc_time)llround(wl->offset_s * 1e9);
    vdc_time x = t + off, len = tr_length(wl);
    *base = -off;
    if (x >= len) {
        if (wl->end != VDC_TR_LOOP) {
            *y = x;
            return tr->n;
        }
        *base += x / len * len;
        x %= len;
    }
    *y = x;
    if (!tr->end_ns)
        return x / tr_interval(wl);
    int64_t lo = 0, hi = tr->n - 1;      /* first k with end_ns[k] > x */
    while (lo < hi) {
        int64_t mid = (lo + hi) / 2;
        if (tr->end_ns[mid] > x)
            hi = mid;
        else
            lo = mid + 1;
    }
    return lo;
}

double vdc_workload_trace_value(const vdc_workload *wl, vdc_time t)
{
    const vdc_trace *tr = wl->trace;
    if (!tr || tr->n == 0)
        return 0;
    /* Fast path, the common case (fixed interval, inside the first pass):
     * the arithmetic of the general path below, without its calls -- the
     * demand of every VM of a host is read at each of its events. */
    vdc_time iv = wl->interval_ns, x = t + wl->offset_ns;
    if (iv > 0 && !tr->end_ns && x >= 0 && x / iv < (vdc_time)tr->n - 1) {
        int64_t k = x / iv;
        double a = tr->v[k];
        if (wl->interp != VDC_TR_LINEAR)
            return a;
        vdc_time s0 = k * iv, s1 = (k + 1) * iv;
        double b = tr->v[k + 1];
        return a + (b - a) * (double)(x - s0) / (double)(s1 - s0);
    }
    vdc_time base, y;
    int64_t k = tr_locate(wl, t, &base, &y);
    double a = tr_sample(wl, k);
    if (wl->interp != VDC_TR_LINEAR || k >= wl->trace->n)
        return a;
    vdc_time s0 = tr_start(wl, k), s1 = tr_start(wl, k + 1);
    double b = tr_sample(wl, k + 1);
    return s1 > s0 ? a + (b - a) * (double)(y - s0) / (double)(s1 - s0) : a;
}

static vdc_time tr_next_change(const vdc_workload *wl, vdc_time t)
{
    const vdc_trace *tr = wl->trace;
    if (!tr || tr->n == 0)
        return VDC_TIME_MAX;
    vdc_time base, y;
    int64_t k = tr_locate(wl, t, &base, &y);
    if (k >= tr->n)
        return VDC_TIME_MAX;                /* past the end: constant */
    double now = vdc_workload_trace_value(wl, t);
    for (int64_t j = k + 1, steps = 0; steps <= tr->n; j++, steps++) {
        if (j > tr->n || (j == tr->n && wl->end == VDC_TR_LOOP)) {
            base += tr_length(wl);          /* next pass */
            j = 0;
        }
        vdc_time at = base + tr_start(wl, j);
        if (at > t && tr_sample(wl, j) != now)
            return at;
        if (j == tr->n)
            return VDC_TIME_MAX;            /* stop/hold: constant from here */
    }
    return VDC_TIME_MAX;
}

bool vdc_workload_varies(const vdc_workload *wl)
{
    return wl->type == VDC_WL_ONOFF || wl->type == VDC_WL_TRACE;
}

void vdc_workload_rescale(vdc_vm *vm, const vdc_host *h)
{
    vdc_workload *wl = &vm->wl;
    double core = h ? h->core_mips : 0;
    double ratio = vm->vcpu_mips > 0 && core > 0 ? vm->vcpu_mips / core : 1;
    double s = ratio;
    if (wl->type == VDC_WL_TRACE) {
        double nv = (double)(vm->vcpus > 0 ? vm->vcpus : 1);
        switch (wl->unit) {
        case VDC_TR_PERCENT:
            s = ratio / 100;
            break;
        case VDC_TR_CORES:
            s = ratio / nv;
            break;
        case VDC_TR_MIPS: {
            double per = core > 0 ? core : vm->vcpu_mips;
            s = per > 0 ? 1 / (nv * per) : 0;
            break;
        }
        default:
            break;
        }
    }
    wl->scale = s;
    if (wl->type == VDC_WL_TRACE) {
        vdc_time iv = (vdc_time)llround(wl->interval_s * 1e9);
        wl->interval_ns = iv > 0 ? iv : 1;
        wl->offset_ns = (vdc_time)llround(wl->offset_s * 1e9);
    }
}

void vdc_workload_random_phase(vdc_workload *wl, uint64_t seed, const char *vm_name)
{
    if (wl->type != VDC_WL_ONOFF || !wl->phase_random || !vm_name)
        return;
    gsl_rng *r = vdc_rng_streamf(seed, "vm/%s/onoff-phase", vm_name);
    if (!r)
        return;                         /* out of memory: the given phase_s stays */
    wl->phase_s = gsl_rng_uniform(r) * (wl->on_s + wl->off_s);
    gsl_rng_free(r);
}

/* Position of t within the ONOFF period, in [0, period). */
static vdc_time onoff_pos(const vdc_workload *wl, vdc_time t, vdc_time *period, vdc_time *on)
{
    *on = (vdc_time)llround(wl->on_s * 1e9);
    *period = *on + (vdc_time)llround(wl->off_s * 1e9);
    vdc_time x = (t - (vdc_time)llround(wl->phase_s * 1e9)) % *period;
    return x < 0 ? x + *period : x;
}

double vdc_workload_demand(const vdc_vm *vm, vdc_time t)
{
    return vm->paused ? 0 : vdc_workload_demand_of(&vm->wl, t);
}

double vdc_workload_demand_of(const vdc_workload *wl, vdc_time t)
{
    double scale = wl->scale > 0 ? wl->scale : 1;
    switch (wl->type) {
    case VDC_WL_CPU:
        return wl->demand * scale;
    case VDC_WL_ONOFF: {
        if (llround(wl->on_s * 1e9) <= 0 || llround(wl->off_s * 1e9) <= 0)
            return llround(wl->on_s * 1e9) > 0 ? wl->demand * scale : 0;
        vdc_time period, on;
        return onoff_pos(wl, t, &period, &on) < on ? wl->demand * scale : 0;
    }
    case VDC_WL_TRACE:
        return vdc_workload_trace_value(wl, t) * scale;
    case VDC_WL_IO:
        return wl->burst_ms / (wl->burst_ms + wl->wait_ms);
    case VDC_WL_PING:
        return fmin(1.0, wl->demand +
                             (wl->interval_ms > 0 ? wl->service_ms / wl->interval_ms : 0));
    default:
        return 0;
    }
}

vdc_time vdc_workload_next_change(const vdc_vm *vm, vdc_time t)
{
    return vdc_workload_next_change_of(&vm->wl, t);
}

vdc_time vdc_workload_next_change_of(const vdc_workload *wl, vdc_time t)
{
    if (wl->type == VDC_WL_TRACE)
        return tr_next_change(wl, t);
    if (wl->type != VDC_WL_ONOFF || llround(wl->on_s * 1e9) <= 0 ||
        llround(wl->off_s * 1e9) <= 0)
        return VDC_TIME_MAX;
    vdc_time period, on;
    vdc_time x = onoff_pos(wl, t, &period, &on);
    vdc_time step = x < on ? on - x : period - x;
    return t > VDC_TIME_MAX - step ? VDC_TIME_MAX : t + step;
}
