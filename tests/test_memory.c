/* test_memory.c -- the memory / CPU virtualization cost model.
 *
 * 1. Walk reference counts against an independent step-by-step walker, for
 *    every combination of levels (4, 5) and guest/host page size, and the
 *    latency formulas against the counts when caches are off.
 * 2. Published figures: tests/validation/memory.csv, run with every other
 *    table by tests/test_validation.c (values: tests/validation/memory.c).
 * 3. Qualitative claims: the SPT/SLAT crossover (Wang et al. VEE 2011,
 *    Gandhi et al. ISCA 2016), large pages shrinking SLAT's penalty, AUTO
 *    taking the minimum, parts summing to the overhead.
 * 4. End to end through vdc_sim_run: the VM's work under the fluid scheduler
 *    is duration / (1 + overhead), phases change it, metrics and rows exist,
 *    same seed gives the same rows, bad input is refused with a JSON path.
 */
#include <math.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "models/memory/mmu_cost.h"
#include "scenario.h"
#include "sim.h"
#include "test_util.h"

/* ---- 1. walks ---------------------------------------------------------- */

/* Count references by walking: each of n guest levels reads one entry whose
 * guest-physical address needs an m-level nested walk, then the final gPA
 * needs one more nested walk.  No formula involved. */
static int count_2d(int n, int m)
{
    int refs = 0;
    for (int g = 0; g < n; g++) {
        for (int h = 0; h < m; h++)
            refs++;             /* nested walk of the guest table's gPA */
        refs++;                 /* the guest entry itself */
    }
    for (int h = 0; h < m; h++)
        refs++;                 /* nested walk of the data page's gPA */
    return refs;
}

static void test_walk_counts(void)
{
    vdc_hwprofile flat = *vdc_hwprofile_find("modern");
    flat.pwc_hit = flat.pwc_hit_2d = flat.pwc_hit_nested = flat.ntlb_hit = 0;
    flat.ref_cycles = 1;
    for (int L = 4; L <= 5; L++)
        for (int gp = 0; gp < 3; gp++) {
            int n = L - gp;
            CU_ASSERT_EQUAL(vdc_mmu_native_refs(L, (vdc_page)gp), n);
            CU_ASSERT_DOUBLE_EQUAL(vdc_mmu_native_walk(&flat, n), n, 1e-12);
            CU_ASSERT_DOUBLE_EQUAL(vdc_mmu_native_mem_refs(&flat, n), n, 1e-12);
            for (int H = 4; H <= 5; H++)
                for (int hp = 0; hp < 3; hp++) {
                    int m = H - hp, r = vdc_mmu_2d_refs(L, (vdc_page)gp, H, (vdc_page)hp);
                    CU_ASSERT_EQUAL(r, count_2d(n, m));
                    CU_ASSERT_EQUAL(r, (n + 1) * (m + 1) - 1);
                    /* caches off: latency = references x R */
                    CU_ASSERT_DOUBLE_EQUAL(vdc_mmu_2d_walk(&flat, n, m), r, 1e-9);
                    CU_ASSERT_DOUBLE_EQUAL(vdc_mmu_2d_mem_refs(&flat, n, m), r, 1e-9);
                }
        }
    /* Caches only ever shorten a walk. */
    for (const vdc_hwprofile *const *p = vdc_hwprofile_list(); *p; p++) {
        CU_ASSERT(vdc_mmu_native_walk(*p, 4) <= 4 * (*p)->ref_cycles + 1e-9);
        CU_ASSERT(vdc_mmu_2d_walk(*p, 4, 4) <= 24 * (*p)->ref_cycles + 1e-9);
        CU_ASSERT(vdc_mmu_2d_walk(*p, 4, 4) > vdc_mmu_native_walk(*p, 4));
    }
}

/* ---- 2. helpers ------------------------------------------------------------ */

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

/* ---- 3. qualitative claims ------------------------------------------------ */

static vdc_mmu_parts custom(const char *hwn, vdc_mmu_mode m, const vdc_wl *wl, vdc_page g,
                            vdc_page h)
{
    vdc_mmu_config c = { m, VDC_CPUV_HW, 4, g, h, 0 };
    vdc_mmu_parts p;
    vdc_mmu_overhead(vdc_hwprofile_find(hwn), &c, wl, 4, &p);
    return p;
}

static void test_crossover(void)
{
    const char *profiles[] = { "nehalem", "modern", "barcelona" };
    for (int i = 0; i < 3; i++) {
        const vdc_hwprofile *hw = vdc_hwprofile_find(profiles[i]);
        vdc_wl wl;
        vdc_wl_for_profile(&wl, vdc_wlpreset_find("miscserver"), hw);
        /* Many TLB misses, almost no page-table updates or switches: SPT. */
        vdc_wl a = wl;
        a.tlb_mpki = 5;
        a.pte_writes_per_s = a.page_faults_per_s = a.hidden_faults_per_s = 100;
        a.cr3_loads_per_s = 100;
        CU_ASSERT(custom(profiles[i], VDC_MMU_SPT, &a, 0, 0).overhead <
                  custom(profiles[i], VDC_MMU_SLAT, &a, 0, 0).overhead);
        /* Frequent page-table updates and context switches: SLAT. */
        vdc_wl b = wl;
        b.pte_writes_per_s = 2e5;
        b.cr3_loads_per_s = 5e4;
        CU_ASSERT(custom(profiles[i], VDC_MMU_SLAT, &b, 0, 0).overhead <
                  custom(profiles[i], VDC_MMU_SPT, &b, 0, 0).overhead);
        /* One crossing as the update rate grows; AUTO follows the minimum. */
        int changes = 0, last = -1;
        for (double u = 0; u <= 2e6; u += 5e4) {
            vdc_wl c = a;
            c.pte_writes_per_s = u;
            double s = custom(profiles[i], VDC_MMU_SPT, &c, 0, 0).overhead;
            double t = custom(profiles[i], VDC_MMU_SLAT, &c, 0, 0).overhead;
            vdc_mmu_parts au = custom(profiles[i], VDC_MMU_AUTO, &c, 0, 0);
            CU_ASSERT_DOUBLE_EQUAL(au.overhead, fmin(s, t), 1e-12);
            CU_ASSERT(au.used == (t <= s ? VDC_MMU_SLAT : VDC_MMU_SPT));
            int w = s < t;
            changes += last >= 0 && w != last;
            last = w;
        }
        CU_ASSERT_EQUAL(changes, 1);
    }
}

static void test_large_pages(void)
{
    const char *wls[] = { "specint", "miscserver", "webserver", "kernel_compile" };
    for (int i = 0; i < 4; i++) {
        double w44 = run("nehalem", wls[i], VDC_MMU_SLAT, VDC_CPUV_HW, 0, 0, 4).walk;
        double w42 = run("nehalem", wls[i], VDC_MMU_SLAT, VDC_CPUV_HW, 0, 1, 4).walk;
        double w22 = run("nehalem", wls[i], VDC_MMU_SLAT, VDC_CPUV_HW, 1, 1, 4).walk;
        double w11 = run("nehalem", wls[i], VDC_MMU_SLAT, VDC_CPUV_HW, 2, 2, 4).walk;
        CU_ASSERT(w44 > w42 && w42 > w22 && w22 > w11 && w11 >= 0);
        /* Guest large pages on 4 KiB host pages splinter: no TLB gain, and a
         * longer 2D walk than host large pages would give. */
        double w24 = run("nehalem", wls[i], VDC_MMU_SLAT, VDC_CPUV_HW, 1, 0, 4).walk;
        CU_ASSERT(w24 > w22);
        /* SPT walks cost as native when page sizes match. */
        CU_ASSERT_DOUBLE_EQUAL(run("nehalem", wls[i], VDC_MMU_SPT, VDC_CPUV_HW, 1, 1, 4).walk,
                               0, 1e-12);
    }
}

/* Guest and nested tables may differ in depth (a 5-level guest on a 4-level
 * host): SLAT walks n guest levels through m nested ones, SPT the guest's
 * format; leaving host_levels 0 is the old single setting. */
static void test_levels_apart(void)
{
    const vdc_hwprofile *hw = vdc_hwprofile_find("modern");
    vdc_wl wl;
    vdc_wl_for_profile(&wl, vdc_wlpreset_find("miscserver"), hw);
    vdc_mmu_parts p44, p55, p54, p45, p4d, spt54, spt55;
    vdc_mmu_config c = { VDC_MMU_SLAT, VDC_CPUV_HW, 4, VDC_PAGE_4K, VDC_PAGE_4K, 0 };
    vdc_mmu_overhead(hw, &c, &wl, 4, &p4d);
    c.host_levels = 4; vdc_mmu_overhead(hw, &c, &wl, 4, &p44);
    c.host_levels = 5; vdc_mmu_overhead(hw, &c, &wl, 4, &p45);
    c.levels = 5; vdc_mmu_overhead(hw, &c, &wl, 4, &p55);
    c.host_levels = 4; vdc_mmu_overhead(hw, &c, &wl, 4, &p54);
    c.mode = VDC_MMU_SPT; vdc_mmu_overhead(hw, &c, &wl, 4, &spt54);
    c.host_levels = 5; vdc_mmu_overhead(hw, &c, &wl, 4, &spt55);
    CU_ASSERT_EQUAL(p4d.overhead, p44.overhead);           /* default unchanged */
    CU_ASSERT_DOUBLE_EQUAL(p54.walk_cycles, vdc_mmu_2d_walk(hw, 5, 4), 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(p45.walk_cycles, vdc_mmu_2d_walk(hw, 4, 5), 1e-9);
    CU_ASSERT(p44.walk_cycles < p54.walk_cycles && p54.walk_cycles < p55.walk_cycles);
    CU_ASSERT(p44.walk_cycles < p45.walk_cycles && p45.walk_cycles < p55.walk_cycles);
    /* SPT's shadow follows the guest: the host's depth does not matter. */
    CU_ASSERT_EQUAL(spt54.overhead, spt55.overhead);
}

/* Walk contention, against answers worked by hand:
 *  - one walker busy half the time: M/D/1 wait = rho / (2 (1 - rho)) = 0.5;
 *  - two walkers at rho = 0.5 (a = 1): Erlang C = (1/2 / (1/2)) / (1 + 1 +
 *    1) = 1/3, wait = (1/3) / (2 * 2 * 0.5) = 1/6;
 *  - the share for raw = 0.5, beta = 1, one walker: s = 0.5 + 0.5 rho /
 *    (2 (1 - rho)) with rho = 0.5 / (1 + s); rho / (1 - rho) = 0.5 / (0.5 +
 *    s), so (s - 0.5)(0.5 + s) = 0.125, s^2 = 0.375, s = sqrt(3/8);
 *  - no walker count (0): no waiting, the share is beta raw. */
static void test_walk_contention(void)
{
    vdc_hwprofile hw = *vdc_hwprofile_find("barcelona");
    CU_ASSERT_DOUBLE_EQUAL(vdc_mmu_walk_wait(1, 0.5), 0.5, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(vdc_mmu_walk_wait(2, 0.5), 1.0 / 6.0, 1e-12);
    CU_ASSERT_EQUAL(vdc_mmu_walk_wait(0, 0.5), 0);
    CU_ASSERT(isfinite(vdc_mmu_walk_wait(1, 1.0)));        /* saturated: bounded */
    hw.walk_exposed = 1;
    hw.walkers = 1;
    CU_ASSERT_DOUBLE_EQUAL(vdc_mmu_walk_share(&hw, 0.5), sqrt(0.375), 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(vdc_mmu_walk_raw(&hw, sqrt(0.375)), 0.5, 1e-9);
    /* More walkers, less waiting; none at all with 0. */
    hw.walkers = 2;
    double two = vdc_mmu_walk_share(&hw, 0.5);
    CU_ASSERT(two > 0.5 && two < sqrt(0.375));
    /* Whatever the solver (closed form for one walker, root finding for
     * more), the share balances its own equation. */
    for (int c = 1; c <= 3; c++)
        for (double beta = 0.25; beta <= 1; beta += 0.75)
            for (double raw = 0.05; raw < 3; raw *= 2) {
                hw.walkers = c;
                hw.walk_exposed = beta;
                double sh = vdc_mmu_walk_share(&hw, raw);
                CU_ASSERT_DOUBLE_EQUAL(sh, beta * raw * (1 + vdc_mmu_walk_wait(c, raw / (1 + sh))),
                                       1e-9);
                CU_ASSERT_DOUBLE_EQUAL(vdc_mmu_walk_raw(&hw, sh), raw, 1e-7);
            }
    hw.walkers = 0;
    hw.walk_exposed = 0.5;
    CU_ASSERT_DOUBLE_EQUAL(vdc_mmu_walk_share(&hw, 0.5), 0.25, 1e-15);
    /* SPT with matching pages walks as native: contention cancels too. */
    vdc_wl wl;
    vdc_wl_for_profile(&wl, vdc_wlpreset_find("miscserver"), &hw);
    vdc_mmu_config c = { VDC_MMU_SPT, VDC_CPUV_HW, 4, VDC_PAGE_4K, VDC_PAGE_4K, 0 };
    vdc_mmu_parts p;
    hw.walkers = 1;
    vdc_mmu_overhead(&hw, &c, &wl, 4, &p);
    CU_ASSERT_DOUBLE_EQUAL(p.walk, 0, 1e-15);
}

/* A guest exception other than #PF: VT-x lets the guest take it, BT
 * delivers it as an interrupt (two callouts), PV bounces it as a fault;
 * it lands in the `sensitive` part. */
static void test_exceptions(void)
{
    const vdc_hwprofile *hw = vdc_hwprofile_find("p4");
    for (int m = VDC_MMU_SPT; m <= VDC_MMU_SLAT; m++) {
        CU_ASSERT_EQUAL(vdc_mmu_event_cycles(hw, (vdc_mmu_mode)m, VDC_CPUV_HW, VDC_EV_EXC, 1), 0);
        CU_ASSERT_EQUAL(vdc_mmu_event_cycles(hw, (vdc_mmu_mode)m, VDC_CPUV_BT, VDC_EV_EXC, 1),
                        hw->bt_intr_cycles);
        CU_ASSERT_EQUAL(vdc_mmu_event_cycles(hw, (vdc_mmu_mode)m, VDC_CPUV_PV, VDC_EV_EXC, 1),
                        hw->hcall_cycles + hw->pv_pf_cycles);
    }
    vdc_wl wl;
    vdc_wl_for_profile(&wl, vdc_wlpreset_find("specint"), hw);
    CU_ASSERT_EQUAL(wl.exceptions_per_s, 0);               /* presets unchanged */
    vdc_mmu_parts a, b;
    vdc_mmu_config c = { VDC_MMU_SPT, VDC_CPUV_BT, 4, VDC_PAGE_4K, VDC_PAGE_4K, 0 };
    vdc_mmu_overhead(hw, &c, &wl, 4, &a);
    wl.exceptions_per_s = 1e5;
    vdc_mmu_overhead(hw, &c, &wl, 4, &b);
    VDC_ASSERT_NEAR(b.sensitive - a.sensitive, 1e5 * hw->bt_intr_cycles / (hw->clock_ghz * 1e9), 1e-12);
}

static void test_parts_and_presets(void)
{
    for (const vdc_hwprofile *const *h = vdc_hwprofile_list(); *h; h++)
        for (const vdc_wlpreset *const *w = vdc_wlpreset_list(); *w; w++) {
            CU_ASSERT_PTR_NOT_NULL(vdc_hwprofile_find((*w)->ref));
            for (int m = VDC_MMU_NATIVE; m <= VDC_MMU_AUTO; m++)
                for (int v = VDC_CPUV_HW; v <= VDC_CPUV_PV; v++) {
                    vdc_mmu_parts p = run((*h)->name, (*w)->name, (vdc_mmu_mode)m,
                                          (vdc_cpuv)v, 0, 0, 4);
                    double sum = p.walk + p.pt_trap + p.cr3_exit + p.page_fault + p.sensitive +
                                 p.translation;
                    CU_ASSERT(isfinite(p.overhead));
                    CU_ASSERT_DOUBLE_EQUAL(p.overhead, sum, 1e-12);
                    if (m == VDC_MMU_NATIVE)
                        CU_ASSERT_EQUAL(p.overhead, 0);
                    if (m == VDC_MMU_SLAT && v == VDC_CPUV_HW)
                        CU_ASSERT(p.pt_trap == 0 && p.cr3_exit == 0 && p.page_fault == 0);
                    if (m == VDC_MMU_SPT && v != VDC_CPUV_PV)
                        CU_ASSERT(p.shadow_mib > 0);
                }
        }
    /* On its reference machine a preset is used as written. */
    const vdc_wlpreset *p = vdc_wlpreset_find("kernel_compile");
    vdc_wl wl;
    vdc_wl_for_profile(&wl, p, vdc_hwprofile_find(p->ref));
    CU_ASSERT_DOUBLE_EQUAL(wl.cpi, p->wl.cpi, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(wl.pte_writes_per_s, p->wl.pte_writes_per_s, 1e-9);
    /* Overrides apply field by field. */
    vdc_hw_over o;
    vdc_hwprofile_over_clear(&o);
    o.exit_cycles = 999;
    vdc_hwprofile x;
    vdc_hwprofile_apply(&x, vdc_hwprofile_find("p4"), &o);
    CU_ASSERT_EQUAL(x.exit_cycles, 999);
    CU_ASSERT_EQUAL(x.vmm_pte_cycles, vdc_hwprofile_find("p4")->vmm_pte_cycles);
}

/* ---- 4. end to end ----------------------------------------------------------- */

static int run_scenario(const char *json, const char *db, vdc_error *err)
{
    vdc_scenario *sc = NULL;
    int rc = vdc_scenario_parse(json, strlen(json), "t.json", NULL, 0, &sc, err);
    if (rc)
        return rc;
    vdc_run_opts o = { .db_path = db };
    vdc_run_summary s;
    rc = vdc_sim_run(sc, &o, &s, err);
    vdc_scenario_free(sc);
    return rc;
}

static double query(const char *db, const char *sql)
{
    sqlite3 *h;
    sqlite3_stmt *st;
    double v = NAN;
    if (sqlite3_open(db, &h) != SQLITE_OK)
        return NAN;
    if (sqlite3_prepare_v2(h, sql, -1, &st, NULL) == SQLITE_OK) {
        if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
            v = sqlite3_column_double(st, 0);
        sqlite3_finalize(st);
    }
    sqlite3_close(h);
    return v;
}

#define E2E_HEAD \
    "{\"name\":\"mem\",\"seed\":3,\"duration_s\":20," \
    "\"hosts\":[{\"name\":\"h\",\"count\":1,\"pcpus\":4,\"memory_gib\":64}],"

/* The same checks under each scheduler model: both must run the VM's work
 * at 1 / (1 + overhead), phase by phase. */
static void end_to_end(const char *sched)
{
    char db[] = "/tmp/vdc_test_memory_XXXXXX";
    int fd = mkstemp(db);
    CU_ASSERT_FATAL(fd >= 0);
    close(fd);
    unlink(db);
    char json[2048];
    snprintf(json, sizeof json, E2E_HEAD
        "\"vms\":[{\"name\":\"a\",\"count\":2,\"vcpus\":1,\"memory_gib\":4,\"host\":\"h-0\","
        "  \"memory\":{\"preset\":\"kernel_compile\"}},"
        " {\"name\":\"b\",\"vcpus\":1,\"memory_gib\":4,\"host\":\"h-0\","
        "  \"memory\":{\"preset\":\"specint\",\"phases\":[{\"at_s\":10,\"preset\":\"forkwait\"}]}},"
        " {\"name\":\"c\",\"vcpus\":1,\"memory_gib\":4,\"host\":\"h-0\"}],"
        "\"models\":{\"sched\":{\"name\":\"%s\"},\"memory\":{\"name\":\"spt\",\"hw\":\"nehalem\"}}}",
        sched);
    vdc_error err = { 0 };
    int rc = run_scenario(json, db, &err);
    if (rc)
        fprintf(stderr, "\n  %s: %s\n", sched, err.msg);
    CU_ASSERT_EQUAL_FATAL(rc, 0);
    /* a-0: one phase, work = 20 s / (1 + overhead). */
    double o = run("nehalem", "kernel_compile", VDC_MMU_SPT, VDC_CPUV_HW, 0, 0, 4).overhead;
    VDC_ASSERT_NEAR(query(db, "SELECT value FROM metrics WHERE entity='a-0' AND name='overhead'"),
                    o, 1e-9);
    VDC_ASSERT_NEAR(query(db, "SELECT value FROM metrics WHERE entity='a-1' AND name='work_s'"),
                    20 / (1 + o), 1e-6);
    /* b: specint for 10 s, then forkwait for 10 s. */
    double o1 = run("nehalem", "specint", VDC_MMU_SPT, VDC_CPUV_HW, 0, 0, 4).overhead;
    double o2 = run("nehalem", "forkwait", VDC_MMU_SPT, VDC_CPUV_HW, 0, 0, 4).overhead;
    double wb = query(db, "SELECT value FROM metrics WHERE entity='b' AND name='work_s'");
    if (fabs(wb - (10 / (1 + o1) + 10 / (1 + o2))) > 1e-6)
        fprintf(stderr, "\n  sched %s: VM b's work across a speed change is wrong", sched);
    VDC_ASSERT_NEAR(wb, 10 / (1 + o1) + 10 / (1 + o2), 1e-6);
    VDC_ASSERT_NEAR(query(db, "SELECT value FROM metrics WHERE entity='b' AND name='overhead'"),
                    (o1 + o2) / 2, 1e-9);
    VDC_ASSERT_NEAR(query(db, "SELECT COUNT(*) FROM mem_overhead WHERE vm='b'"), 2, 0);
    VDC_ASSERT_NEAR(query(db, "SELECT at_s FROM mem_overhead WHERE vm='b' AND phase=1"), 10, 0);
    /* c: no block, the default preset (specint). */
    VDC_ASSERT_NEAR(query(db, "SELECT value FROM metrics WHERE entity='c' AND name='overhead'"),
                    o1, 1e-9);
    /* parts in metrics add up */
    VDC_ASSERT_NEAR(query(db, "SELECT SUM(value) FROM metrics WHERE entity='a-0' AND name IN "
                              "('walk','pt_trap','cr3_exit','page_fault','sensitive_ops',"
                              "'translation')"), o, 1e-9);
    /* Same seed, same rows: run again into the same db and compare. */
    CU_ASSERT_EQUAL(run_scenario(json, db, &err), 0);
    VDC_ASSERT_NEAR(query(db, "SELECT COUNT(*) FROM (SELECT vm, phase, overhead FROM mem_overhead"
                              " WHERE run_id=1 EXCEPT SELECT vm, phase, overhead FROM"
                              " mem_overhead WHERE run_id=2)"), 0, 0);
    VDC_ASSERT_NEAR(query(db, "SELECT COUNT(*) FROM (SELECT entity, name, value FROM metrics"
                              " WHERE run_id=1 EXCEPT SELECT entity, name, value FROM"
                              " metrics WHERE run_id=2)"), 0, 0);
    unlink(db);
}

static void test_end_to_end_fluid(void) { end_to_end("fluid"); }
static void test_end_to_end_credit(void) { end_to_end("credit"); }

static void test_bad_input(void)
{
    static const struct { const char *memblock, *model, *want; } cases[] = {
        { "{\"preset\":\"nope\"}", "{\"name\":\"slat\"}", "vms[0].memory.preset" },
        { "{\"tlb_mpki\":-5}", "{\"name\":\"slat\"}", "vms[0].memory.tlb_mpki" },
        { "{\"cpi\":0.01}", "{\"name\":\"slat\"}", "vms[0].memory.cpi" },
        { "{\"phases\":[{\"preset\":\"specint\"}]}", "{\"name\":\"slat\"}", "phases[0].at_s" },
        { "{\"phases\":[{\"at_s\":5},{\"at_s\":2}]}", "{\"name\":\"slat\"}", "phases[1].at_s" },
        { "{\"phases\":[{\"at_s\":5,\"tlb_mkpi\":3}]}", "{\"name\":\"slat\"}", "tlb_mkpi" },
        { "{\"phases\":{\"at_s\":5}}", "{\"name\":\"slat\"}", "phases" },
        { "{}", "{\"name\":\"slat\",\"hw\":\"pentium\"}", "models.memory.hw" },
        { "{}", "{\"name\":\"slat\",\"cpu_virt\":\"vt\"}", "cpu_virt" },
        { "{}", "{\"name\":\"slat\",\"paging_levels\":3}", "paging_levels" },
        { "{}", "{\"name\":\"slat\",\"host_paging_levels\":3}", "host_paging_levels" },
        { "{\"guest_paging_levels\":6}", "{\"name\":\"slat\"}", "vms[0].memory.guest_paging_levels" },
        { "{}", "{\"name\":\"slat\",\"pwc_hit\":1.5}", "models.memory.pwc_hit" },
        { "{}", "{\"name\":\"slat\",\"walkers\":1.5}", "models.memory.walkers" },
        { "{}", "{\"name\":\"slat\",\"walkers\":1e6}", "models.memory.walkers" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char json[1024];
        snprintf(json, sizeof json,
                 E2E_HEAD "\"vms\":[{\"name\":\"v\",\"vcpus\":1,\"memory_gib\":1,\"memory\":%s}],"
                          "\"models\":{\"memory\":%s}}",
                 cases[i].memblock, cases[i].model);
        vdc_error err = { 0 };
        int rc = run_scenario(json, NULL, &err);
        CU_ASSERT_EQUAL(rc, VDC_EINPUT);
        if (!strstr(err.msg, cases[i].want))
            fprintf(stderr, "\n  case %zu: \"%s\" lacks \"%s\"\n", i, err.msg, cases[i].want);
        CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, cases[i].want));
    }
}

static const vdc_test tests[] = {
    { "walk reference counts, all levels and page sizes", test_walk_counts },
    { "SPT/SLAT crossover and auto", test_crossover },
    { "large pages shrink SLAT's penalty", test_large_pages },
    { "guest and host paging levels apart", test_levels_apart },
    { "guest exceptions other than page faults", test_exceptions },
    { "walk contention: M/D/c waits worked by hand", test_walk_contention },
    { "parts sum, presets, overrides", test_parts_and_presets },
    { "end to end (fluid): speed, phases, metrics, determinism", test_end_to_end_fluid },
    { "end to end (credit): speed, phases, metrics, determinism", test_end_to_end_credit },
    { "bad input names its JSON path", test_bad_input },
    { 0 }
};

VDC_TEST_MAIN("memory", tests)
