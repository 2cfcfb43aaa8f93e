/* policy.c -- pre-copy stop policies (see policy.h for the sources).
 *
 * Check order, for the end_reason reported: a met threshold is "converged"
 * even on the round that also hits a cap; then round cap, data cap, growth
 * at maximum rate.  Simplification: when fewer than 50 pages are dirty,
 * Xen's send_memory_live() still sends them once live before suspending;
 * the model suspends at once (a difference of < 50 pages).  Known answers (tests/test_migration_policy.c): xen stops
 * after its 5th live round unless fewer than 50 pages are dirty; qemu with
 * no bandwidth measured yet only stops when nothing is dirty.
 */
#include "policy.h"

#include <stddef.h>

/* Preset values.  Sources: QEMU migration/options.c (downtime-limit 300 ms,
 * no iteration cap); Xen xg_sr_save.c (SPP_MAX_ITERATIONS 5,
 * SPP_TARGET_DIRTY_COUNT 50); Xen xc_domain_save.c (max_iters 29,
 * max_factor 3, "sent_this_iter + skip_this_iter < 50", growth at
 * MAX_MBIT_RATE); VMware vMotion 500 ms switchover goal (docs/references.md §3.3). */
static const vdc_migpolicy presets[] = {
    [VDC_POLICY_QEMU] = { VDC_POLICY_QEMU, true, 0.300, 0, 0, 0, false, false, false },
    [VDC_POLICY_XEN] = { VDC_POLICY_XEN, false, 0, 5, 50, 0, false, false, false },
    [VDC_POLICY_XEN_LEGACY] = { VDC_POLICY_XEN_LEGACY, false, 0, 29, 50, 3.0, true, true, true },
    [VDC_POLICY_VMWARE] = { VDC_POLICY_VMWARE, true, 0.500, 0, 0, 0, false, false, false },
};

vdc_migpolicy vdc_migpolicy_make(int preset, double downtime_limit_ms, int64_t max_rounds,
                                 int64_t min_dirty_pages, double max_data_factor,
                                 int64_t skip_redirtied)
{
    if (preset < 0 || preset > VDC_POLICY_VMWARE)
        preset = VDC_POLICY_QEMU;
    vdc_migpolicy p = presets[preset];
    if (downtime_limit_ms >= 0) {
        p.downtime_limit_s = downtime_limit_ms * 1e-3;
        p.bw_threshold = downtime_limit_ms > 0;
    }
    if (max_rounds >= 0)
        p.max_rounds = max_rounds;
    if (min_dirty_pages >= 0)
        p.min_dirty_pages = min_dirty_pages;
    if (max_data_factor >= 0)
        p.max_data_factor = max_data_factor;
    if (skip_redirtied >= 0)
        p.skip_redirtied = skip_redirtied > 0;
    return p;
}

vdc_mig_end vdc_migpolicy_decide(const vdc_migpolicy *p, const vdc_migpolicy_view *v)
{
    if (v->dirty_pages <= 0)
        return VDC_END_CONVERGED;
    if (p->bw_threshold && v->dirty_bytes <= v->bw_Bps * p->downtime_limit_s)
        return VDC_END_CONVERGED;
    double small = p->min_on_last_round ? v->last_round_pages + v->last_round_skipped
                                        : v->dirty_pages;
    if (p->min_dirty_pages > 0 && small < (double)p->min_dirty_pages)
        return VDC_END_CONVERGED;
    if (p->max_rounds > 0 && v->rounds_done >= p->max_rounds)
        return VDC_END_ROUND_LIMIT;
    if (p->max_data_factor > 0 && v->sent_pages > p->max_data_factor * v->mem_pages)
        return VDC_END_DATA_LIMIT;
    if (p->stop_if_growing_at_max && v->rate_at_max && v->prev_round_pages >= 0 &&
        v->last_round_pages > v->prev_round_pages)
        return VDC_END_NO_PROGRESS;
    return VDC_END_NONE;
}

const char *vdc_migpolicy_name(int preset)
{
    static const char *const n[] = { "qemu", "xen", "xen-legacy", "vmware" };
    return preset >= 0 && preset <= VDC_POLICY_VMWARE ? n[preset] : "none";
}

const char *vdc_mig_end_name(vdc_mig_end e)
{
    static const char *const n[VDC_END_COUNT] = {
        "running", "converged", "round_limit", "data_limit", "no_progress", "time_limit",
        "forced", "complete", "postcopy", "rejected", "unfinished",
        "source_failed"
    };
    return e >= 0 && e < VDC_END_COUNT ? n[e] : "?";
}
