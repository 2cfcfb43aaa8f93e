/* test_migration_cf.c -- stop policies and the closed-form pre-copy.
 *
 * Known answers, derived by hand from docs/references.md §3.4 (V_i = M rho^i,
 * stop at the first V_n <= V_th = B x limit; data = M (1 - rho^(n+1)) /
 * (1 - rho); downtime = V_n / B):
 *   M = 1024 MiB, B = 128 MiB/s, limit 300 ms (V_th = 38.4 MiB):
 *   rho = 1/2: V = 1024, 512, ..., 32 -> 5 live rounds, data 2016 MiB,
 *              total 15.75 s, downtime 0.25 s;
 *   rho = 1/4: V = 1024, 256, 64, 16 -> 3 live rounds, data 1360 MiB,
 *              total 10.625 s, downtime 0.125 s;
 *   rho = 3/4: n = ceil(ln(0.0375) / ln(0.75)) = 12, data 4096 (1 - 0.75^13).
 */
#include "test_util.h"
#include "units.h"
#include "models/migration/closedform.h"
#include "models/migration/policy.h"

#define MIB VDC_MIB

static vdc_cf_in base(double rho, int preset)
{
    vdc_cf_in in = { .mem_bytes = 1024 * MIB, .bw_Bps = 128 * MIB, .page_bytes = 4096,
                     .model = 1 /* linear */, .time_cap_s = 3600 };
    in.dirty_Bps = rho * in.bw_Bps;
    in.pol = vdc_migpolicy_make(preset, -1, -1, -1, -1, -1);
    return in;
}

static void t_exact_numbers(void)
{
    vdc_cf_out o;
    vdc_cf_in in = base(0.5, VDC_POLICY_QEMU);
    vdc_cf_precopy(&in, &o);
    CU_ASSERT_EQUAL(o.rounds, 5);
    CU_ASSERT_EQUAL(o.end, VDC_END_CONVERGED);
    CU_ASSERT_DOUBLE_EQUAL(o.bytes, 2016 * MIB, 1e-3);
    CU_ASSERT_DOUBLE_EQUAL(o.total_s, 15.75, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(o.downtime_s, 0.25, 1e-12);
    in = base(0.25, VDC_POLICY_QEMU);
    vdc_cf_precopy(&in, &o);
    CU_ASSERT_EQUAL(o.rounds, 3);
    CU_ASSERT_DOUBLE_EQUAL(o.bytes, 1360 * MIB, 1e-3);
    CU_ASSERT_DOUBLE_EQUAL(o.total_s, 10.625, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(o.downtime_s, 0.125, 1e-12);
}

/* The general formula for several rho < 1, with latency, state, resume. */
static void t_formula_several_rho(void)
{
    const double rhos[] = { 0.1, 0.3, 0.5, 0.75, 0.9, 0.95 };
    for (int k = 0; k < 6; k++) {
        double r = rhos[k];
        vdc_cf_in in = base(r, VDC_POLICY_QEMU);
        in.latency_s = 50e-6;
        in.state_bytes = 0.25 * MIB;
        in.resume_s = 0.01;
        vdc_cf_out o;
        vdc_cf_precopy(&in, &o);
        double M = in.mem_bytes, B = in.bw_Bps, vth = B * 0.3;
        int n = (int)ceil(log(vth / M) / log(r));
        double data = M * (1 - pow(r, n + 1)) / (1 - r);
        double down = (M * pow(r, n) + in.state_bytes) / B + in.latency_s + in.resume_s;
        CU_ASSERT_EQUAL(o.rounds, n);
        VDC_ASSERT_NEAR(o.bytes, data + in.state_bytes, 1e-9 * data);
        VDC_ASSERT_NEAR(o.downtime_s, down, 1e-9);
        VDC_ASSERT_NEAR(o.total_s, (data + in.state_bytes) / B + in.latency_s + in.resume_s, 1e-9);
    }
}

static void t_xen_round_cap(void)
{
    vdc_cf_in in = base(0.9, VDC_POLICY_XEN);
    vdc_cf_out o;
    vdc_cf_precopy(&in, &o);
    CU_ASSERT_EQUAL(o.rounds, 5);
    CU_ASSERT_EQUAL(o.end, VDC_END_ROUND_LIMIT);
    VDC_ASSERT_NEAR(o.downtime_s, 1024 * pow(0.9, 5) / 128, 1e-9);   /* 4.72 s */
    CU_ASSERT(o.downtime_s > 4);
}

/* rho > 1: V grows to the WWS and stays; never below the threshold. */
static void t_nonconvergence_time_cap(void)
{
    vdc_cf_in in = base(1.5, VDC_POLICY_QEMU);
    vdc_cf_out o;
    vdc_cf_precopy(&in, &o);
    CU_ASSERT_EQUAL(o.end, VDC_END_TIME_LIMIT);
    CU_ASSERT_DOUBLE_EQUAL(o.total_s, 3600, 1e-9);
    CU_ASSERT_EQUAL(o.downtime_s, 0);
    VDC_ASSERT_NEAR(o.bytes, 3600 * in.bw_Bps, 1e-6 * o.bytes);
    /* the skipped steady state counts rounds as a plain loop would:
     * rounds of 8 s (V = W = M); the one ending at exactly 3600 s counts */
    CU_ASSERT_EQUAL(o.rounds, 450);
    /* with a WWS of 1/4: rounds of 2 s after the first */
    in.wws_bytes = 256 * MIB;
    vdc_cf_precopy(&in, &o);
    CU_ASSERT_EQUAL(o.rounds, 1 + (int64_t)floor((3600 - 8) / 2.0));
    CU_ASSERT_EQUAL(o.end, VDC_END_TIME_LIMIT);
}

static void t_expected_model(void)
{
    /* expected distinct bytes W (1 - exp(-D T / W)) < D T: fewer rounds */
    vdc_cf_in lin = base(0.75, VDC_POLICY_QEMU), ex = lin;
    ex.model = 0;
    vdc_cf_out a, b;
    vdc_cf_precopy(&lin, &a);
    vdc_cf_precopy(&ex, &b);
    CU_ASSERT(b.bytes < a.bytes);
    CU_ASSERT(b.rounds <= a.rounds);
    CU_ASSERT_EQUAL(b.end, VDC_END_CONVERGED);
}

static void t_policy_table(void)
{
    vdc_migpolicy q = vdc_migpolicy_make(VDC_POLICY_QEMU, -1, -1, -1, -1, -1);
    vdc_migpolicy_view v = { .rounds_done = 1, .dirty_pages = 1000, .dirty_bytes = 1000 * 4096.0,
                             .prev_round_pages = -1, .mem_pages = 1e6, .bw_Bps = 0 };
    CU_ASSERT_EQUAL(vdc_migpolicy_decide(&q, &v), VDC_END_NONE);      /* no bandwidth yet */
    v.bw_Bps = 1000 * 4096.0 / 0.3;                                   /* exactly at V_th */
    CU_ASSERT_EQUAL(vdc_migpolicy_decide(&q, &v), VDC_END_CONVERGED);
    v.bw_Bps *= 0.99;
    CU_ASSERT_EQUAL(vdc_migpolicy_decide(&q, &v), VDC_END_NONE);
    vdc_migpolicy x = vdc_migpolicy_make(VDC_POLICY_XEN, -1, -1, -1, -1, -1);
    v.rounds_done = 4;
    CU_ASSERT_EQUAL(vdc_migpolicy_decide(&x, &v), VDC_END_NONE);
    v.rounds_done = 5;
    CU_ASSERT_EQUAL(vdc_migpolicy_decide(&x, &v), VDC_END_ROUND_LIMIT);
    v.dirty_pages = 49;
    CU_ASSERT_EQUAL(vdc_migpolicy_decide(&x, &v), VDC_END_CONVERGED);
    vdc_migpolicy l = vdc_migpolicy_make(VDC_POLICY_XEN_LEGACY, -1, -1, -1, -1, -1);
    CU_ASSERT(l.skip_redirtied);
    vdc_migpolicy_view w = { .rounds_done = 3, .dirty_pages = 5000, .last_round_pages = 4000,
                             .prev_round_pages = 3000, .sent_pages = 3e6 + 1, .mem_pages = 1e6 };
    CU_ASSERT_EQUAL(vdc_migpolicy_decide(&l, &w), VDC_END_DATA_LIMIT);
    w.sent_pages = 2e6;
    CU_ASSERT_EQUAL(vdc_migpolicy_decide(&l, &w), VDC_END_NONE);
    w.rate_at_max = true;
    CU_ASSERT_EQUAL(vdc_migpolicy_decide(&l, &w), VDC_END_NO_PROGRESS);
    w.rounds_done = 29;
    CU_ASSERT_EQUAL(vdc_migpolicy_decide(&l, &w), VDC_END_ROUND_LIMIT);
    w.last_round_pages = 30;
    w.last_round_skipped = 19;                 /* sent + skipped < 50 */
    CU_ASSERT_EQUAL(vdc_migpolicy_decide(&l, &w), VDC_END_CONVERGED);
    /* overrides: 0 disables the round cap, a limit replaces the preset's */
    vdc_migpolicy o = vdc_migpolicy_make(VDC_POLICY_XEN, 100, 0, 0, -1, -1);
    v.dirty_pages = 1000;
    v.rounds_done = 50;
    v.bw_Bps = 0;
    CU_ASSERT_EQUAL(vdc_migpolicy_decide(&o, &v), VDC_END_NONE);
    CU_ASSERT_STRING_EQUAL(vdc_mig_end_name(VDC_END_TIME_LIMIT), "time_limit");
    CU_ASSERT_STRING_EQUAL(vdc_migpolicy_name(VDC_POLICY_XEN_LEGACY), "xen-legacy");
}

static const vdc_test tests[] = {
    { "closed form: exact numbers for rho 1/2 and 1/4", t_exact_numbers },
    { "closed form: general formula for six rho < 1", t_formula_several_rho },
    { "closed form: xen stops after 5 rounds", t_xen_round_cap },
    { "closed form: rho > 1 ends at the time cap", t_nonconvergence_time_cap },
    { "closed form: expected distinct pages model", t_expected_model },
    { "stop policies: presets and overrides", t_policy_table },
    { 0 }
};
VDC_TEST_MAIN("migration_cf", tests)
