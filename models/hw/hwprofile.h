/* hwprofile.h -- hardware presets for the virtualization cost models:
 * walk-cache behaviour, memory latency, VM exit cost, VMM software path
 * lengths, binary-translation and paravirtual costs, all in cycles.  Two
 * kinds read them: memory (every field) and io (exit_cycles, clock_ghz,
 * intr_exits), so the table sits apart from both, in models/hw/.
 *
 * Every field is listed once in VDC_HW_FIELDS (name, unit, help): the struct,
 * the scenario's override parameters and the docs are generated from it.
 * Each preset's figures and what they rest on are in hwprofile.c; the
 * software path costs measured by Adams & Agesen (ASPLOS 2006) on a 3.8 GHz
 * Pentium 4 are carried to the other profiles by `sw_scale`, an assumption.
 */
#ifndef VDC_HWPROFILE_H
#define VDC_HWPROFILE_H

#include <stdio.h>

/* X(name, unit, help) -- cycles unless the unit says otherwise. */
#define VDC_HW_FIELDS(X) \
    X(clock_ghz, "GHz", "core clock") \
    X(speed_vs_p4, "x", "native single-thread speed relative to a 3.8 GHz Pentium 4 (scales preset event rates)") \
    X(tlb_scale, "x", "TLB misses relative to a 512-entry second-level TLB (Barcelona/Nehalem class)") \
    X(ref_cycles, "cycles", "latency of a page-walk reference that misses the walk caches") \
    X(pwc_cycles, "cycles", "latency of a page-walk-cache hit") \
    X(pwc_hit, "fraction", "native walks: upper-level references served by the walk cache") \
    X(pwc_hit_2d, "fraction", "2D walks: guest upper-level references served by the walk cache") \
    X(pwc_hit_nested, "fraction", "2D walks: nested upper-level references served by the walk cache") \
    X(ntlb_hit, "fraction", "2D walks: gPA->hPA translations served by a nested TLB") \
    X(ntlb_cycles, "cycles", "latency of a nested-TLB hit") \
    X(walk_exposed, "fraction", "share of walk latency not hidden by out-of-order execution") \
    X(walkers, "walkers", "page-table walkers per core: TLB misses beyond them wait (0: no waiting modelled)") \
    X(exit_cycles, "cycles", "VM exit + VM entry round trip (hardware only)") \
    X(intr_exits, "exits", "VM exits per virtual interrupt delivered (interrupt + EOI; fewer with APICv)") \
    X(vmm_pte_cycles, "cycles", "hw VMM: emulate a trapped guest PTE write and update the shadow") \
    X(vmm_pf_cycles, "cycles", "hw VMM: classify a #PF exit and inject a true guest fault") \
    X(vmm_hidden_cycles, "cycles", "hw VMM: fill a shadow entry on a hidden (shadow-miss) fault") \
    X(vmm_cr3_cycles, "cycles", "VMM: switch shadow roots on a guest CR3 load") \
    X(vmm_io_cycles, "cycles", "hw VMM: emulate one I/O instruction (device model)") \
    X(vmm_intr_cycles, "cycles", "hw VMM: inject one virtual interrupt") \
    X(bt_pte_cycles, "cycles", "BT: extra per guest PTE write (adaptive translation, no fault)") \
    X(bt_pf_cycles, "cycles", "BT: extra per true guest page fault") \
    X(bt_hidden_cycles, "cycles", "BT: per hidden (shadow-miss) fault") \
    X(bt_cr3_cycles, "cycles", "BT: callout from translated code for a CR3 load") \
    X(bt_syscall_cycles, "cycles", "BT: extra per system call round trip") \
    X(bt_io_cycles, "cycles", "BT: one emulated I/O instruction (total, not extra)") \
    X(bt_intr_cycles, "cycles", "BT: extra per virtual interrupt delivered") \
    X(bt_call_cycles, "cycles", "BT: extra per kernel call/ret pair in translated code") \
    X(bt_xlate_cycles, "cycles", "BT: translating one guest instruction (first execution)") \
    X(hcall_cycles, "cycles", "PV: one guest/hypervisor transition (hypercall or bounced trap)") \
    X(pv_pte_cycles, "cycles", "PV: hypervisor validation of one PTE update") \
    X(pv_pf_cycles, "cycles", "PV: hypervisor work to bounce a fault to the guest") \
    X(pv_cr3_cycles, "cycles", "PV: hypervisor work per page-table base switch (excl. transitions)") \
    X(pv_cr3_hcalls, "calls", "PV: transitions per context switch (base pointer, kernel stack)") \
    X(pv_io_cycles, "cycles", "PV: backend work per I/O request notification") \
    X(pv_intr_cycles, "cycles", "PV: event-channel upcall work per interrupt") \
    X(native_io_cycles, "cycles", "native: one port I/O instruction to a real device")

typedef struct vdc_hwprofile {
    const char *name;
    const char *basis;            /* one line: what the figures rest on */
#define VDC_HW_DECL_(n, u, h) double n;
    VDC_HW_FIELDS(VDC_HW_DECL_)
#undef VDC_HW_DECL_
} vdc_hwprofile;

/* Override values; a negative field means "keep the preset's". */
typedef struct vdc_hw_over {
#define VDC_HW_DECL_(n, u, h) double n;
    VDC_HW_FIELDS(VDC_HW_DECL_)
#undef VDC_HW_DECL_
} vdc_hw_over;

/* The preset named `name`, or NULL. */
const vdc_hwprofile *vdc_hwprofile_find(const char *name);
/* NULL-terminated list of presets. */
const vdc_hwprofile *const *vdc_hwprofile_list(void);
/* "p4,core2,..." into buf. */
void vdc_hwprofile_names(char *buf, size_t n);
/* *out = *base with every non-negative field of `over` applied. */
void vdc_hwprofile_apply(vdc_hwprofile *out, const vdc_hwprofile *base, const vdc_hw_over *over);
/* Mark every field of `over` unset (-1). */
void vdc_hwprofile_over_clear(vdc_hw_over *over);

#endif
