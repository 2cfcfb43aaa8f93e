/* mmu_cost.c -- page walks, per-event costs and per-phase overhead.
 *
 * Walks (Bhargava et al., ASPLOS 2008): a native walk of n levels makes n
 * references; a two-dimensional walk of an n-level guest table on an m-level
 * nested table makes (n+1)(m+1)-1: each of the n guest entries and the final
 * guest-physical address needs an m-reference nested walk.  Caches cut the
 * latency: an upper-level reference hits the page-walk cache with
 * probability h (cost c), else costs R; the leaf always costs R; a nested
 * translation hits a nested TLB with probability t.  With h = t = 0 and
 * c = 0 the latency is R times the reference count (the tests check this).
 * Walk contention: a core has one page walker (two on recent cores); a TLB
 * miss that finds it busy waits, as in an M/D/c queue (Poisson misses, a
 * fixed walk time).  An out-of-order core issues later loads while a walk
 * runs, so misses do arrive during walks; a core that stalled at every miss
 * would never queue: the Poisson arrivals are an upper bound [assumption].
 *
 * Events: the extra cycles of one event over native, by memory mode and CPU
 * virtualization mode, composed from the profile's primitives (exit round
 * trip, VMM software, BT callouts, PV transitions).  Not modelled: TLB
 * flushes on exits without VPID/ASID, cache pollution by the VMM (SplitX's
 * indirect cost), shadow re-sync policies (out-of-sync shadows), SMP
 * shootdowns.
 */
#include "mmu_cost.h"
#include "units.h"

#include <math.h>

const char *vdc_mmu_mode_name(vdc_mmu_mode m)
{
    switch (m) {
    case VDC_MMU_NATIVE: return "native";
    case VDC_MMU_SPT: return "spt";
    case VDC_MMU_SLAT: return "slat";
    case VDC_MMU_AUTO: return "auto";
    }
    return "?";
}

const char *vdc_cpuv_name(vdc_cpuv v)
{
    switch (v) {
    case VDC_CPUV_HW: return "hw";
    case VDC_CPUV_BT: return "bt";
    case VDC_CPUV_PV: return "pv";
    }
    return "?";
}

/* ---- walks --------------------------------------------------------------- */

int vdc_mmu_levels(int levels, vdc_page page)
{
    int n = levels - (int)page;          /* 2 MiB ends one level up, 1 GiB two */
    return n < 1 ? 1 : n;
}

int vdc_mmu_native_refs(int levels, vdc_page page) { return vdc_mmu_levels(levels, page); }

int vdc_mmu_2d_refs(int glevels, vdc_page gpage, int hlevels, vdc_page hpage)
{
    int n = vdc_mmu_levels(glevels, gpage), m = vdc_mmu_levels(hlevels, hpage);
    return (n + 1) * (m + 1) - 1;
}

/* Cost of an upper-level reference with walk-cache hit rate h. */
static double upper(const vdc_hwprofile *hw, double h)
{
    return h * hw->pwc_cycles + (1 - h) * hw->ref_cycles;
}

double vdc_mmu_native_walk(const vdc_hwprofile *hw, int n)
{
    return (n - 1) * upper(hw, hw->pwc_hit) + hw->ref_cycles;
}

/* One gPA -> hPA translation: nested TLB, else an m-level nested walk. */
static double nested(const vdc_hwprofile *hw, int m)
{
    double walk = (m - 1) * upper(hw, hw->pwc_hit_nested) + hw->ref_cycles;
    return hw->ntlb_hit * hw->ntlb_cycles + (1 - hw->ntlb_hit) * walk;
}

double vdc_mmu_2d_walk(const vdc_hwprofile *hw, int n, int m)
{
    double N = nested(hw, m), R = hw->ref_cycles, h = hw->pwc_hit_2d;
    /* Upper guest levels: a walk-cache hit skips the guest reference and its
     * nested walk; the leaf guest entry and the final gPA always walk. */
    return (n - 1) * (h * hw->pwc_cycles + (1 - h) * (N + R)) + (N + R) + N;
}

double vdc_mmu_native_mem_refs(const vdc_hwprofile *hw, int n)
{
    return (n - 1) * (1 - hw->pwc_hit) + 1;
}

double vdc_mmu_2d_mem_refs(const vdc_hwprofile *hw, int n, int m)
{
    double Nr = (1 - hw->ntlb_hit) * ((m - 1) * (1 - hw->pwc_hit_nested) + 1);
    return (n - 1) * (1 - hw->pwc_hit_2d) * (Nr + 1) + (Nr + 1) + Nr;
}

double vdc_mmu_walk_wait(double walkers, double rho)
{
    int c = walkers > 64 ? 64 : (int)walkers;    /* the loader refuses more */
    if (c < 1 || rho <= 0)
        return 0;
    if (rho > 0.999)
        rho = 0.999;                     /* saturated: bounded, not infinite */
    /* Erlang C for c servers at offered load a = c rho. */
    double a = c * rho, term = 1, sum = 0;
    for (int k = 0; k < c; k++) {
        sum += term;                     /* a^k / k! */
        term *= a / (k + 1);
    }
    double tail = term / (1 - rho);      /* a^c / c! / (1 - rho) */
    double C = tail / (sum + tail);
    return C / (2.0 * c * (1 - rho));
}

/* f(share) = beta raw (1 + wait(rho(share))) - share: falls as the share
 * grows (a longer run makes the walker less busy). */
static double share_gap(const vdc_hwprofile *hw, double raw, double share)
{
    return hw->walk_exposed * raw * (1 + vdc_mmu_walk_wait(hw->walkers, raw / (1 + share))) -
           share;
}

double vdc_mmu_walk_share(const vdc_hwprofile *hw, double raw)
{
    double beta = hw->walk_exposed, lo = beta * raw;
    if (raw <= 0 || hw->walkers < 1)
        return lo;
    if ((int)hw->walkers == 1) {
        /* One walker: with y = share - beta raw, rho / (1 - rho) = raw /
         * (1 + share - raw) turns the balance into y^2 + b y - beta raw^2 / 2
         * = 0, b = 1 - raw (1 - beta); its positive root, unless rho would
         * pass the bound vdc_mmu_walk_wait applies. */
        double b = 1 - raw * (1 - beta);
        double y = 0.5 * (-b + sqrt(b * b + 2 * beta * raw * raw));
        if (raw / (1 + lo + y) <= 0.999)
            return lo + y;
    }
    /* Otherwise a root between the share without waiting and the share
     * with the wait at that share, by the Illinois method (regula falsi
     * that halves a stale end's weight): ~10 steps. */
    double hi = beta * raw * (1 + vdc_mmu_walk_wait(hw->walkers, raw / (1 + lo)));
    double flo = share_gap(hw, raw, lo), fhi = share_gap(hw, raw, hi);
    if (flo <= 0)
        return lo;
    if (fhi >= 0)
        return hi;
    int side = 0;
    for (int i = 0; i < 100 && hi - lo > 1e-12 * hi; i++) {
        double x = (lo * fhi - hi * flo) / (fhi - flo), fx = share_gap(hw, raw, x);
        if (fx > 0) {
            lo = x, flo = fx;
            if (side == 1) fhi *= 0.5;
            side = 1;
        } else {
            hi = x, fhi = fx;
            if (side == -1) flo *= 0.5;
            side = -1;
        }
        if (fabs(fx) <= 1e-13 * x)       /* balanced to rounding */
            return x;
    }
    return 0.5 * (lo + hi);
}

double vdc_mmu_walk_raw(const vdc_hwprofile *hw, double share)
{
    if (share <= 0)
        return 0;
    double lo = 0, hi = hw->walk_exposed > 0 ? share / hw->walk_exposed : share;
    while (vdc_mmu_walk_share(hw, hi) < share && hi < 1e6)
        hi *= 2;
    for (int i = 0; i < 100; i++) {      /* the share grows with raw */
        double mid = 0.5 * (lo + hi);
        if (vdc_mmu_walk_share(hw, mid) < share)
            lo = mid;
        else
            hi = mid;
    }
    return 0.5 * (lo + hi);
}

/* ---- events -------------------------------------------------------------- */

static double spt_event(const vdc_hwprofile *hw, vdc_cpuv v, vdc_mmu_event e, double batch)
{
    double X = hw->exit_cycles;
    switch (e) {
    case VDC_EV_PTE:                     /* write-protected guest table */
        return v == VDC_CPUV_HW ? X + hw->vmm_pte_cycles
             : v == VDC_CPUV_BT ? hw->bt_pte_cycles
             : hw->hcall_cycles / batch + hw->pv_pte_cycles;   /* mmu_update */
    case VDC_EV_CR3:                     /* shadow root switch */
        return v == VDC_CPUV_HW ? X + hw->vmm_cr3_cycles
             : v == VDC_CPUV_BT ? hw->bt_cr3_cycles + hw->vmm_cr3_cycles
             : hw->pv_cr3_hcalls * hw->hcall_cycles + hw->pv_cr3_cycles;
    case VDC_EV_PF:                      /* #PF exits, VMM reflects it */
        return v == VDC_CPUV_HW ? X + hw->vmm_pf_cycles
             : v == VDC_CPUV_BT ? hw->bt_pf_cycles
             : hw->hcall_cycles + hw->pv_pf_cycles;            /* bounce */
    case VDC_EV_HIDDEN:                  /* no shadow in PV direct paging */
        return v == VDC_CPUV_HW ? X + hw->vmm_hidden_cycles
             : v == VDC_CPUV_BT ? hw->bt_hidden_cycles : 0;
    default:
        return 0;
    }
}

static double slat_event(const vdc_hwprofile *hw, vdc_cpuv v, vdc_mmu_event e)
{
    /* Guest owns its tables: no PTE traps; VT-x/AMD-V with SLAT neither
     * exits on CR3 loads nor on guest faults; a PV guest on SLAT (PVH) runs
     * them natively.  BT still runs the kernel deprivileged: a CR3 load is
     * a callout and faults pass through the VMM. */
    if (v != VDC_CPUV_BT)
        return 0;
    switch (e) {
    case VDC_EV_CR3: return hw->bt_cr3_cycles;
    case VDC_EV_PF: return hw->bt_pf_cycles;
    default: return 0;
    }
}

double vdc_mmu_event_cycles(const vdc_hwprofile *hw, vdc_mmu_mode mode, vdc_cpuv v,
                            vdc_mmu_event e, double pte_batch)
{
    if (mode == VDC_MMU_NATIVE || mode == VDC_MMU_AUTO)
        return 0;
    if (pte_batch < 1)
        pte_batch = 1;
    double X = hw->exit_cycles;
    switch (e) {
    case VDC_EV_PTE: case VDC_EV_CR3: case VDC_EV_PF: case VDC_EV_HIDDEN:
        return mode == VDC_MMU_SPT ? spt_event(hw, v, e, pte_batch) : slat_event(hw, v, e);
    case VDC_EV_SYSCALL:                 /* VT-x and PV: straight to the guest */
        return v == VDC_CPUV_BT ? hw->bt_syscall_cycles : 0;
    case VDC_EV_IO:                      /* emulated device vs a real one */
        return (v == VDC_CPUV_HW ? X + hw->vmm_io_cycles
              : v == VDC_CPUV_BT ? hw->bt_io_cycles
              : hw->hcall_cycles + hw->pv_io_cycles) - hw->native_io_cycles;
    case VDC_EV_INTR:
        return v == VDC_CPUV_HW ? hw->intr_exits * X + hw->vmm_intr_cycles
             : v == VDC_CPUV_BT ? hw->bt_intr_cycles
             : hw->hcall_cycles + hw->pv_intr_cycles;           /* upcall */
    case VDC_EV_KCALL:
        return v == VDC_CPUV_BT ? hw->bt_call_cycles : 0;
    case VDC_EV_XLATE:
        return v == VDC_CPUV_BT ? hw->bt_xlate_cycles : 0;
    case VDC_EV_EXC:
        /* A guest exception other than #PF (divide error, breakpoint...).
         * VT-x/AMD-V: not in the exception bitmap, the guest's own IDT takes
         * it (KVM's update_exception_bitmap intercepts #PF only for shadow
         * paging, plus #UD/#MC/#DB/#AC); BT: the VMM takes it and delivers
         * it through the virtual IDT, then the guest's iret -- the two
         * callouts of an interrupt; PV: Xen's trap table bounces it, as a
         * page fault is bounced. */
        return v == VDC_CPUV_BT ? hw->bt_intr_cycles
             : v == VDC_CPUV_PV ? hw->hcall_cycles + hw->pv_pf_cycles : 0;
    case VDC_EV_COUNT:
        break;
    }
    return 0;
}

/* ---- a phase ------------------------------------------------------------- */

static double page_bytes(vdc_page p)
{
    return p == VDC_PAGE_4K ? 4096.0 : p == VDC_PAGE_2M ? 2 * VDC_MIB : VDC_GIB;
}

/* TLB misses per 1000 instructions with pages of size p. */
static double mpki_at(const vdc_wl *wl, vdc_page p)
{
    return wl->tlb_mpki * pow(wl->large_page_ratio, (double)p);
}

static void one_mode(const vdc_hwprofile *hw, const vdc_mmu_config *cfg, vdc_mmu_mode mode,
                     const vdc_wl *wl, double memory_gib, vdc_mmu_parts *o)
{
    *o = (vdc_mmu_parts){ .used = mode };
    int L = cfg->levels, H = cfg->host_levels > 0 ? cfg->host_levels : cfg->levels;
    vdc_page g = cfg->guest_page, eff = cfg->guest_page < cfg->host_page ? cfg->guest_page
                                                                         : cfg->host_page;
    double Wn = vdc_mmu_native_walk(hw, vdc_mmu_levels(L, g));
    double base = mpki_at(wl, g) * Wn;
    double cyc_per_s = hw->clock_ghz * 1e9;
    double mem_mib = memory_gib * 1024.0;
    o->walk_cycles = Wn;
    if (mode == VDC_MMU_NATIVE)
        return;
    /* A TLB entry maps the smaller of the guest and host page (splintering);
     * SPT walks the shadow, a table in the guest's format (its levels: the
     * shadow translates guest-virtual addresses) of that page size; SLAT
     * walks the guest's L levels, each step through the host's H. */
    double W = mode == VDC_MMU_SPT
                   ? vdc_mmu_native_walk(hw, vdc_mmu_levels(L, eff))
                   : vdc_mmu_2d_walk(hw, vdc_mmu_levels(L, g), vdc_mmu_levels(H, cfg->host_page));
    o->walk_cycles = W;
    /* Walk time over native, both with their waits for the walker. */
    o->walk = vdc_mmu_walk_share(hw, mpki_at(wl, eff) * W / (1000.0 * wl->cpi)) -
              vdc_mmu_walk_share(hw, base / (1000.0 * wl->cpi));

    double rate[VDC_EV_COUNT] = {
        [VDC_EV_PTE] = wl->pte_writes_per_s, [VDC_EV_CR3] = wl->cr3_loads_per_s,
        [VDC_EV_PF] = wl->page_faults_per_s, [VDC_EV_HIDDEN] = wl->hidden_faults_per_s,
        [VDC_EV_SYSCALL] = wl->syscalls_per_s, [VDC_EV_IO] = wl->io_instr_per_s,
        [VDC_EV_INTR] = wl->interrupts_per_s, [VDC_EV_KCALL] = wl->kernel_calls_per_s,
        [VDC_EV_EXC] = wl->exceptions_per_s,
        [VDC_EV_XLATE] = wl->xlate_instr_per_s,
    };
    double f[VDC_EV_COUNT];
    for (int e = 0; e < VDC_EV_COUNT; e++)
        f[e] = rate[e] * vdc_mmu_event_cycles(hw, mode, cfg->cpuv, (vdc_mmu_event)e,
                                              wl->pte_batch) / cyc_per_s;
    o->pt_trap = f[VDC_EV_PTE];
    o->cr3_exit = f[VDC_EV_CR3];
    o->page_fault = f[VDC_EV_PF] + f[VDC_EV_HIDDEN];
    o->sensitive = f[VDC_EV_SYSCALL] + f[VDC_EV_IO] + f[VDC_EV_INTR] + f[VDC_EV_EXC];
    o->translation = f[VDC_EV_KCALL] + f[VDC_EV_XLATE];
    o->overhead = o->walk + o->pt_trap + o->cr3_exit + o->page_fault + o->sensitive +
                  o->translation;
    /* Tables map memory at 8 bytes per entry: 1/512 of memory with 4 KiB
     * pages (docs/references.md §2.6); a shadow set per cached address space. */
    if (mode == VDC_MMU_SPT && cfg->cpuv != VDC_CPUV_PV)
        o->shadow_mib = mem_mib * 8.0 / page_bytes(eff) * wl->shadow_copies;
    if (mode == VDC_MMU_SLAT)
        o->table_mib = mem_mib * 8.0 / page_bytes(cfg->host_page);
}

void vdc_mmu_overhead(const vdc_hwprofile *hw, const vdc_mmu_config *cfg, const vdc_wl *wl,
                      double memory_gib, vdc_mmu_parts *out)
{
    if (cfg->mode != VDC_MMU_AUTO) {
        one_mode(hw, cfg, cfg->mode, wl, memory_gib, out);
        return;
    }
    vdc_mmu_parts s, t;
    one_mode(hw, cfg, VDC_MMU_SPT, wl, memory_gib, &s);
    one_mode(hw, cfg, VDC_MMU_SLAT, wl, memory_gib, &t);
    *out = t.overhead <= s.overhead ? t : s;     /* ties go to SLAT */
}
