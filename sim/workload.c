/* workload.c -- demand of a workload over time (workload.h).
 *
 * ONOFF phases are computed in integer nanoseconds, so a phase boundary is
 * an exact engine time and a model scheduling "the next change" can never
 * land a hair before it and loop.
 */
#include <math.h>

#include "world.h"

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
    const vdc_workload *wl = &vm->wl;
    if (vm->paused)
        return 0;
    switch (wl->type) {
    case VDC_WL_CPU:
        return wl->demand;
    case VDC_WL_ONOFF: {
        if (llround(wl->on_s * 1e9) <= 0 || llround(wl->off_s * 1e9) <= 0)
            return llround(wl->on_s * 1e9) > 0 ? wl->demand : 0;
        vdc_time period, on;
        return onoff_pos(wl, t, &period, &on) < on ? wl->demand : 0;
    }
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
    const vdc_workload *wl = &vm->wl;
    if (wl->type != VDC_WL_ONOFF || llround(wl->on_s * 1e9) <= 0 ||
        llround(wl->off_s * 1e9) <= 0)
        return VDC_TIME_MAX;
    vdc_time period, on;
    vdc_time x = onoff_pos(wl, t, &period, &on);
    vdc_time step = x < on ? on - x : period - x;
    return t > VDC_TIME_MAX - step ? VDC_TIME_MAX : t + step;
}
