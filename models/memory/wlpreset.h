/* wlpreset.h -- a workload's memory and privileged-operation behaviour, and
 * named presets for classic benchmarks.
 *
 * Rates are per second of native execution.  A preset states them for its
 * reference machine (`ref`, a hardware profile); used on another profile the
 * work-driven rates scale with speed_vs_p4 and the CPI with clock/speed
 * (vdc_wl_for_profile), TLB misses with tlb_scale.  Interrupts and I/O are time-driven and not scaled.
 * User overrides are taken as given, on the chosen profile.
 * Also here: lmbench-style operations as event counts, for the PV checks.
 */
#ifndef VDC_WLPRESET_H
#define VDC_WLPRESET_H

#include <stddef.h>

#include "../hw/hwprofile.h"

/* X(name, unit, min, max, help) */
#define VDC_WL_FIELDS(X) \
    X(cpi, "cycles/instr", 0.05, 100, "native cycles per instruction") \
    X(tlb_mpki, "1/kinstr", 0, 1000, "TLB misses per 1000 instructions with 4 KiB pages") \
    X(large_page_ratio, "fraction", 0, 1, "TLB misses with 2 MiB pages / with 4 KiB (1 GiB: squared)") \
    X(pte_writes_per_s, "1/s", 0, 1e10, "guest page-table entry writes") \
    X(pte_batch, "updates", 1, 2048, "PV: PTE updates per hypercall (Xen batches up to 2048)") \
    X(cr3_loads_per_s, "1/s", 0, 1e10, "address-space switches (CR3 loads)") \
    X(page_faults_per_s, "1/s", 0, 1e10, "true guest page faults") \
    X(hidden_faults_per_s, "1/s", 0, 1e10, "SPT: shadow-miss faults the guest never sees") \
    X(syscalls_per_s, "1/s", 0, 1e10, "system calls") \
    X(io_instr_per_s, "1/s", 0, 1e10, "I/O instructions (PV: request notifications)") \
    X(interrupts_per_s, "1/s", 0, 1e10, "device and timer interrupts") \
    X(kernel_calls_per_s, "1/s", 0, 1e11, "BT: call/ret pairs in guest kernel code") \
    X(xlate_instr_per_s, "1/s", 0, 1e10, "BT: guest kernel instructions translated (first run)") \
    X(shadow_copies, "x", 0, 1000, "SPT: shadow page-table sets kept, in guest-table sizes") \
    X(exceptions_per_s, "1/s", 0, 1e10, "guest exceptions other than page faults (divide error, breakpoint...)")

typedef struct vdc_wl {
#define VDC_WL_DECL_(n, u, lo, hi, h) double n;
    VDC_WL_FIELDS(VDC_WL_DECL_)
#undef VDC_WL_DECL_
} vdc_wl;

typedef struct vdc_wlpreset {
    const char *name;
    const char *ref;              /* hardware profile the figures hold on */
    const char *basis;            /* one line: sources */
    vdc_wl wl;
} vdc_wlpreset;

const vdc_wlpreset *vdc_wlpreset_find(const char *name);
const vdc_wlpreset *const *vdc_wlpreset_list(void);
void vdc_wlpreset_names(char *buf, size_t n);

/* The preset's behaviour moved from its reference machine to `hw`. */
void vdc_wl_for_profile(vdc_wl *out, const vdc_wlpreset *p, const vdc_hwprofile *hw);

/* ---- operations (lmbench-style), as counts of events per operation ---- */
typedef struct vdc_wlop {
    const char *name;
    const char *basis;
    double pte, pte_batch, cr3, pf, hidden, syscalls;
} vdc_wlop;

const vdc_wlop *vdc_wlop_find(const char *name);

#endif
