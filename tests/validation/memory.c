/* memory.c -- model values of tests/validation/memory.csv (memory and CPU
 * virtualization cost model, models/memory/).  The row id names the quantity
 * and its configuration ("walk_2d_refs:4:4k:4:4k", "macro:p4:forkwait:hw",
 * ...); `mmu` parses it and calls the model's functions directly (no
 * scenario run).  Native baselines the model adds its costs to are the
 * table's own input rows (vdc_val_published), never constants here.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/memory/mmu_cost.h"
#include "test_util.h"
#include "validation.h"

static vdc_page page_of(const char *s)
{
    return strcmp(s, "2m") == 0 ? VDC_PAGE_2M : strcmp(s, "1g") == 0 ? VDC_PAGE_1G : VDC_PAGE_4K;
}

static vdc_mmu_mode mode_of(const char *s)
{
    return strcmp(s, "spt") == 0 ? VDC_MMU_SPT : strcmp(s, "slat") == 0 ? VDC_MMU_SLAT
                                                                        : VDC_MMU_NATIVE;
}

static vdc_cpuv cpuv_of(const char *s)
{
    return strcmp(s, "bt") == 0 ? VDC_CPUV_BT : strcmp(s, "pv") == 0 ? VDC_CPUV_PV : VDC_CPUV_HW;
}

static vdc_mmu_event event_of(const char *s)
{
    static const char *const n[] = { "pte", "cr3", "pf", "hidden", "syscall", "io", "intr",
                                     "kcall", "xlate", "de" };
    for (int i = 0; i < VDC_EV_COUNT; i++)
        if (strcmp(s, n[i]) == 0)
            return (vdc_mmu_event)i;
    return VDC_EV_COUNT;
}

/* Overhead of a preset on a profile. */
static vdc_mmu_parts run(const char *hwn, const char *wln, vdc_mmu_mode m, vdc_cpuv v,
                         vdc_page g, vdc_page h, double gib)
{
    const vdc_hwprofile *hw = vdc_hwprofile_find(hwn);
    const vdc_wlpreset *pr = vdc_wlpreset_find(wln);
    vdc_mmu_parts p = { 0 };
    if (!hw || !pr) {
        CU_FAIL("unknown profile or preset");
        return p;
    }
    vdc_wl wl;
    vdc_wl_for_profile(&wl, pr, hw);
    vdc_mmu_config c = { m, v, 4, g, h, 0 };
    vdc_mmu_overhead(hw, &c, &wl, gib, &p);
    return p;
}

/* The model's value for a CSV id; NAN if the id is not understood. */
static double mmu(const vdc_val_row *row, const char *arg)
{
    (void)arg;
    const char *id = row->id;
    char buf[400], *t[8] = { 0 };
    int n = 0;
    snprintf(buf, sizeof buf, "%s", id);
    for (char *s = strtok(buf, ":"); s && n < 8; s = strtok(NULL, ":"))
        t[n++] = s;
    const char *k = t[0];
    const vdc_hwprofile *hw = n > 1 ? vdc_hwprofile_find(t[1]) : NULL;
    if (strcmp(k, "walk_native_refs") == 0 && n == 3)
        return vdc_mmu_native_refs(atoi(t[1]), page_of(t[2]));
    if (strcmp(k, "walk_2d_refs") == 0 && n == 5)
        return vdc_mmu_2d_refs(atoi(t[1]), page_of(t[2]), atoi(t[3]), page_of(t[4]));
    if (strcmp(k, "walk_2d_ratio") == 0 && hw)
        return vdc_mmu_2d_walk(hw, 4, 4) / vdc_mmu_native_walk(hw, 4);
    if ((strcmp(k, "tlb_gain_native") == 0 || strcmp(k, "tlb_gain_2d") == 0) && hw && n == 3) {
        vdc_wl wl;
        vdc_wl_for_profile(&wl, vdc_wlpreset_find(t[2]), hw);
        double W = strcmp(k, "tlb_gain_native") == 0 ? vdc_mmu_native_walk(hw, 4)
                                                     : vdc_mmu_2d_walk(hw, 4, 4);
        return vdc_mmu_walk_share(hw, wl.tlb_mpki * W / (1000.0 * wl.cpi));
    }
    /* Suites without a preset (Bhargava's JavaServer, FpCpu): their native
     * perfect-TLB gain (an input row) is the walk time over the run time;
     * less the wait for the walker, it gives the walkers' busy share, which
     * the 2D walk scales by the 2D/native walk latency, and 2 MiB nested
     * pages shorten the nested part of each walk (m = 3); the waits are
     * then those of the longer walks. */
    if ((strcmp(k, "tlb_gain_2d_scaled") == 0 || strcmp(k, "nested_2m_gain_scaled") == 0) &&
        hw && n == 3) {
        char nid[96];
        snprintf(nid, sizeof nid, "bhargava_native_gain:%s", t[2]);
        double g = vdc_val_published("memory", nid), wn = vdc_mmu_native_walk(hw, 4);
        double raw = vdc_mmu_walk_raw(hw, g);
        double g4 = vdc_mmu_walk_share(hw, raw * vdc_mmu_2d_walk(hw, 4, 4) / wn);
        if (strcmp(k, "tlb_gain_2d_scaled") == 0)
            return g4;
        return (1 + g4) / (1 + vdc_mmu_walk_share(hw, raw * vdc_mmu_2d_walk(hw, 4, 3) / wn)) - 1;
    }
    if (strcmp(k, "walk_mem_refs_native") == 0 && hw)
        return vdc_mmu_native_mem_refs(hw, 4);
    if (strcmp(k, "walk_mem_refs_2d") == 0 && hw)
        return vdc_mmu_2d_mem_refs(hw, 4, 4);
    if (strcmp(k, "op") == 0 && hw && n == 5) {
        vdc_mmu_event e = event_of(t[4]);
        double x = vdc_mmu_event_cycles(hw, mode_of(t[2]), cpuv_of(t[3]), e, 1);
        if (e == VDC_EV_PTE) return vdc_val_published("memory", "opnative:pte") + x;
        if (e == VDC_EV_PF) return vdc_val_published("memory", "opnative:pf") + x;
        if (e == VDC_EV_IO) return vdc_val_published("memory", "opnative:io") + x;
        if (e == VDC_EV_EXC) return vdc_val_published("memory", "opnative:de") + x;
        return x;
    }
    if (strcmp(k, "exit") == 0 && hw)
        return hw->exit_cycles;
    /* "pv:OP" or "pv:OP:VARIANT" (lmbench's size variants of one operation:
     * same events per operation, the native time of that variant). */
    if (strcmp(k, "pv") == 0 && (n == 2 || n == 3)) {
        const vdc_wlop *o = vdc_wlop_find(t[1]);
        const vdc_hwprofile *x = vdc_hwprofile_find("xeon2003");
        char nid[96];
        snprintf(nid, sizeof nid, n == 3 ? "pvnative:%s:%s" : "pvnative:%s", t[1], t[2]);
        if (!o || !x)
            return NAN;
        double cyc = o->pte * vdc_mmu_event_cycles(x, VDC_MMU_SPT, VDC_CPUV_PV, VDC_EV_PTE, o->pte_batch) +
                     o->cr3 * vdc_mmu_event_cycles(x, VDC_MMU_SPT, VDC_CPUV_PV, VDC_EV_CR3, 1) +
                     o->pf * vdc_mmu_event_cycles(x, VDC_MMU_SPT, VDC_CPUV_PV, VDC_EV_PF, 1) +
                     o->hidden * vdc_mmu_event_cycles(x, VDC_MMU_SPT, VDC_CPUV_PV, VDC_EV_HIDDEN, 1) +
                     o->syscalls * vdc_mmu_event_cycles(x, VDC_MMU_SPT, VDC_CPUV_PV, VDC_EV_SYSCALL, 1);
        return vdc_val_published("memory", nid) + cyc / (x->clock_ghz * 1e3);
    }
    if (strcmp(k, "pvmacro") == 0 && hw && n == 3)
        return run(t[1], t[2], VDC_MMU_SPT, VDC_CPUV_PV, VDC_PAGE_4K, VDC_PAGE_4K, 4).overhead;
    if (strcmp(k, "macro") == 0 && hw && n == 4) {
        char nid[96];
        snprintf(nid, sizeof nid, "macro:%s:%s:native", t[1], t[2]);
        return vdc_val_published("memory", nid) *
               (1 + run(t[1], t[2], VDC_MMU_SPT, cpuv_of(t[3]), 0, 0, 4).overhead);
    }
    if (strcmp(k, "slowdown") == 0 && hw && n == 4)
        return run(t[1], t[2], VDC_MMU_SPT, cpuv_of(t[3]), 0, 0, 4).overhead;
    if (strcmp(k, "slat_gain") == 0 && hw && n == 3)
        return (1 + run(t[1], t[2], VDC_MMU_SPT, VDC_CPUV_HW, 0, 0, 4).overhead) /
                   (1 + run(t[1], t[2], VDC_MMU_SLAT, VDC_CPUV_HW, 0, 0, 4).overhead) - 1;
    /* Wang et al.'s applications: SLAT time / SPT time - 1 per preset (the
     * micro-benchmark forkwait left out); spt_wins is 1 if SPT is faster for
     * any, spt_gain_max the largest such gain (0 if none). */
    if ((strcmp(k, "spt_wins") == 0 || strcmp(k, "spt_gain_max") == 0) && hw && n == 2) {
        static const char *const apps[] = { "specint", "miscserver", "webserver",
                                            "kernel_compile" };
        double best = 0;
        for (size_t i = 0; i < sizeof apps / sizeof *apps; i++) {
            double g = (1 + run(t[1], apps[i], VDC_MMU_SLAT, VDC_CPUV_HW, 0, 0, 4).overhead) /
                           (1 + run(t[1], apps[i], VDC_MMU_SPT, VDC_CPUV_HW, 0, 0, 4).overhead) - 1;
            if (g > best)
                best = g;
        }
        return strcmp(k, "spt_wins") == 0 ? (best > 0 ? 1 : 0) : best;
    }
    if (strcmp(k, "nested_2m_gain") == 0 && hw && n == 3)
        return (1 + run(t[1], t[2], VDC_MMU_SLAT, VDC_CPUV_HW, 0, VDC_PAGE_4K, 4).overhead) /
                   (1 + run(t[1], t[2], VDC_MMU_SLAT, VDC_CPUV_HW, 0, VDC_PAGE_2M, 4).overhead) - 1;
    if (strcmp(k, "table_mib") == 0 && n == 3)
        return run("modern", "specint", VDC_MMU_SLAT, VDC_CPUV_HW, 0, page_of(t[2]),
                   atof(t[1])).table_mib;
    return NAN;
}

const vdc_val_source vdc_val_memory[] = {
    { "mmu", mmu },
    { NULL, NULL },
};
