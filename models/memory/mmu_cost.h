/* mmu_cost.h -- the memory and CPU virtualization cost model (pure
 * functions, no simulator state): page-walk reference counts and latencies,
 * the extra cycles of each event under each mode, and a workload phase's
 * overhead split by cause.  Equations: models/memory/README.md.
 *
 *   overhead = walk + pt_trap + cr3_exit + page_fault + sensitive + translation
 *   walk     = share(mpki_v W_v / (1000 cpi)) - share(mpki_n W_n / (1000 cpi))
 *   share(x) = beta x (1 + wait for a busy walker), M/D/c (see below)
 *   part_e   = sum over its events of rate_e * C_e(mode, cpu_virt) / (clock)
 *
 * with W the walk latency, beta the exposed share, C_e the extra cycles of
 * event e over native.  Speed of the VM's vCPUs = 1 / (1 + overhead).
 */
#ifndef VDC_MMU_COST_H
#define VDC_MMU_COST_H

#include "../hw/hwprofile.h"
#include "wlpreset.h"

typedef enum vdc_mmu_mode {
    VDC_MMU_NATIVE,             /* bare metal: the reference, overhead 0     */
    VDC_MMU_SPT,                /* shadow page tables (PV: direct paging)    */
    VDC_MMU_SLAT,               /* EPT / NPT two-dimensional walks           */
    VDC_MMU_AUTO                /* per phase, the cheaper of SPT and SLAT    */
} vdc_mmu_mode;

typedef enum vdc_cpuv {
    VDC_CPUV_HW,                /* trap-and-emulate with VT-x / AMD-V        */
    VDC_CPUV_BT,                /* binary translation of guest kernel code   */
    VDC_CPUV_PV                 /* paravirtualized guest, hypercalls         */
} vdc_cpuv;

typedef enum vdc_page { VDC_PAGE_4K, VDC_PAGE_2M, VDC_PAGE_1G } vdc_page;

typedef enum vdc_mmu_event {
    VDC_EV_PTE, VDC_EV_CR3, VDC_EV_PF, VDC_EV_HIDDEN, VDC_EV_SYSCALL,
    VDC_EV_IO, VDC_EV_INTR, VDC_EV_KCALL, VDC_EV_XLATE, VDC_EV_EXC, VDC_EV_COUNT
} vdc_mmu_event;

typedef struct vdc_mmu_config {
    vdc_mmu_mode mode;
    vdc_cpuv cpuv;
    int levels;                 /* paging levels of the guest's tables (4, 5) */
    vdc_page guest_page, host_page;
    int host_levels;            /* levels of the nested (EPT/NPT) table; 0:
                                   as `levels` (a 5-level guest on a 4-level
                                   host is real: KVM picks the TDP depth from
                                   the host, not the guest) */
} vdc_mmu_config;

/* A phase's overhead, as fractions of native run time. */
typedef struct vdc_mmu_parts {
    double overhead;            /* sum of the six parts below */
    double walk, pt_trap, cr3_exit, page_fault, sensitive, translation;
    double shadow_mib;          /* SPT: memory of the shadow tables */
    double table_mib;           /* SLAT: nested table; else the guest's own */
    double walk_cycles;         /* latency of one walk in this mode */
    vdc_mmu_mode used;          /* SPT or SLAT when AUTO chose */
} vdc_mmu_parts;

const char *vdc_mmu_mode_name(vdc_mmu_mode m);
const char *vdc_cpuv_name(vdc_cpuv v);

/* ---- walks --------------------------------------------------------------- */
/* Levels a walk crosses for a page size: levels - 1 per step above 4 KiB. */
int vdc_mmu_levels(int levels, vdc_page page);
/* Worst-case memory references: n native; (n+1)(m+1)-1 two-dimensional,
 * n and m after vdc_mmu_levels (Bhargava et al. 2008). */
int vdc_mmu_native_refs(int levels, vdc_page page);
int vdc_mmu_2d_refs(int glevels, vdc_page gpage, int hlevels, vdc_page hpage);
/* Expected latency (cycles) and expected memory references (walk-cache
 * misses) of one walk over n (and m) levels. */
double vdc_mmu_native_walk(const vdc_hwprofile *hw, int n);
double vdc_mmu_2d_walk(const vdc_hwprofile *hw, int n, int m);
double vdc_mmu_native_mem_refs(const vdc_hwprofile *hw, int n);
double vdc_mmu_2d_mem_refs(const vdc_hwprofile *hw, int n, int m);

/* Walk contention.  TLB misses that arrive while all `walkers` walkers are
 * busy wait for one.  vdc_mmu_walk_wait: mean wait over the walk time with
 * walkers c busy a share rho of the time, M/D/c (Poisson misses, walks of
 * one length): half the M/M/c wait, C(c, c rho) / (2 c (1 - rho)) with C
 * Erlang's C; c = 1 gives rho / (2 (1 - rho)); 0 walkers: no waiting.
 * vdc_mmu_walk_share: the time walks take, waiting included, over the time
 * of a run with a perfect TLB, for `raw` = MPKI x walk cycles / (1000 CPI)
 * (the walkers' busy time over that run): the exposed share `walk_exposed`
 * of walk and wait; rho = raw / (1 + share) (busy over total time): a
 * quadratic for one walker, regula falsi for more.  vdc_mmu_walk_raw inverts it (raw for a share). */
double vdc_mmu_walk_wait(double walkers, double rho);
double vdc_mmu_walk_share(const vdc_hwprofile *hw, double raw);
double vdc_mmu_walk_raw(const vdc_hwprofile *hw, double share);

/* ---- events -------------------------------------------------------------- */
/* Extra cycles of one event over native in a mode (not AUTO); `pte_batch`
 * is the PV batching of PTE updates. */
double vdc_mmu_event_cycles(const vdc_hwprofile *hw, vdc_mmu_mode mode, vdc_cpuv cpuv,
                            vdc_mmu_event e, double pte_batch);

/* ---- a phase ------------------------------------------------------------- */
/* The overhead of workload `wl` on `hw` under `cfg`, for a guest of
 * `memory_gib`.  AUTO evaluates SPT and SLAT and keeps the smaller. */
void vdc_mmu_overhead(const vdc_hwprofile *hw, const vdc_mmu_config *cfg, const vdc_wl *wl,
                      double memory_gib, vdc_mmu_parts *out);

#endif
