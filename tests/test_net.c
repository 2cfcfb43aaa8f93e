/* test_net.c -- sim/net: max-min fair flows on host links and a core.
 *
 * Known answers derived by hand (one flow = bytes / capacity; two flows on
 * one uplink halve it; a capped flow leaves the rest to the others), and a
 * randomized comparison against a brute-force progressive-filling solver
 * written here independently (O(F·L) per step), with and without a core.
 */
#include <string.h>

#include "test_util.h"
#include "net.h"
#include "units.h"

#define GB 1e9                       /* 8 Gbit/s = 1e9 bytes/s */

static vdc_host hosts8[8];
static void mk_hosts(int n, double gbps, double lat_us)
{
    for (int i = 0; i < n; i++)
        hosts8[i] = (vdc_host){ .name = "h", .pcpus = 1, .memory_gib = 1,
                                .bandwidth_gbps = gbps, .latency_us = lat_us };
}

typedef struct { vdc_time t[16]; int n; vdc_engine *eng; } done_log;
static void log_done(void *ctx, vdc_flow_id id, uint64_t arg)
{
    (void)id;
    done_log *d = ctx;
    if (arg < 16)
        d->t[arg] = vdc_engine_now(d->eng);
    d->n++;
}

static void t_single_exact(void)
{
    mk_hosts(2, 8, 50);
    vdc_engine *e = vdc_engine_new();
    vdc_net *n = vdc_net_new(e, hosts8, 2, NULL, NULL);
    done_log d = { .eng = e };
    vdc_net_start(n, 0, 1, VDC_GIB, 0, log_done, &d, 0);
    vdc_engine_run(e, VDC_TIME_MAX);
    CU_ASSERT_EQUAL(d.n, 1);
    /* 2^30 / 1e9 s = 1.073741824 s exactly */
    CU_ASSERT_EQUAL(d.t[0], 1073741824LL);
    VDC_ASSERT_NEAR(vdc_net_latency_s(n, 0, 1), 50e-6, 1e-15);
    vdc_net_free(n);
    vdc_engine_free(e);
}

static void t_two_share_then_speed_up(void)
{
    mk_hosts(3, 8, 0);
    vdc_engine *e = vdc_engine_new();
    vdc_net *n = vdc_net_new(e, hosts8, 3, NULL, NULL);
    done_log d = { .eng = e };
    vdc_flow_id a = vdc_net_start(n, 0, 1, 1 * GB, 0, log_done, &d, 0);
    vdc_flow_id b = vdc_net_start(n, 0, 2, 2 * GB, 0, log_done, &d, 1);
    vdc_net_flush(n);
    VDC_ASSERT_NEAR(vdc_net_rate(n, a), 0.5 * GB, 1e-3);
    VDC_ASSERT_NEAR(vdc_net_rate(n, b), 0.5 * GB, 1e-3);
    vdc_engine_run(e, VDC_TIME_MAX);
    /* a: 1 GB at 0.5 GB/s = 2 s; b: 1 GB left at 1 GB/s -> 3 s */
    CU_ASSERT_EQUAL(d.t[0], 2 * VDC_NS_PER_S);
    CU_ASSERT(llabs(d.t[1] - 3 * VDC_NS_PER_S) <= 1);
    CU_ASSERT_FALSE(vdc_net_active(n, a));
    vdc_net_free(n);
    vdc_engine_free(e);
}

static void t_cap_and_asymmetric(void)
{
    /* up0 = 1 GB/s shared by A (cap 0.25) and B: A 0.25, B 0.75. */
    mk_hosts(4, 8, 0);
    hosts8[2].bandwidth_gbps = 16;      /* down2 = 2 GB/s */
    vdc_engine *e = vdc_engine_new();
    vdc_net *n = vdc_net_new(e, hosts8, 4, NULL, NULL);
    vdc_flow_id a = vdc_net_start(n, 0, 1, GB, 0.25 * GB, NULL, NULL, 0);
    vdc_flow_id b = vdc_net_start(n, 0, 2, GB, 0, NULL, NULL, 0);
    vdc_net_flush(n);
    VDC_ASSERT_NEAR(vdc_net_rate(n, a), 0.25 * GB, 1);
    VDC_ASSERT_NEAR(vdc_net_rate(n, b), 0.75 * GB, 1);
    /* C: 3 -> 2 shares down2 (2 GB/s) with B (0.75): C gets min(up3=1, 1.25) = 1 */
    vdc_flow_id c = vdc_net_start(n, 3, 2, GB, 0, NULL, NULL, 0);
    vdc_net_flush(n);
    VDC_ASSERT_NEAR(vdc_net_rate(n, c), 1.0 * GB, 1);
    /* lifting A's cap: up0 split 0.5/0.5 */
    vdc_net_set_cap(n, a, 0);
    vdc_net_flush(n);
    VDC_ASSERT_NEAR(vdc_net_rate(n, a), 0.5 * GB, 1);
    VDC_ASSERT_NEAR(vdc_net_rate(n, b), 0.5 * GB, 1);
    CU_ASSERT(vdc_net_cancel(n, a));
    CU_ASSERT_FALSE(vdc_net_cancel(n, a));
    vdc_net_flush(n);
    VDC_ASSERT_NEAR(vdc_net_rate(n, b), 1.0 * GB, 1);
    vdc_net_free(n);
    vdc_engine_free(e);
}

static void t_core_oversubscribed(void)
{
    mk_hosts(4, 8, 0);
    vdc_engine *e = vdc_engine_new();
    vdc_net_opts o = { .oversubscription = 2 };     /* core = 4 GB/s / 2 = 2 GB/s */
    vdc_net *n = vdc_net_new(e, hosts8, 4, &o, NULL);
    VDC_ASSERT_NEAR(vdc_net_core_Bps(n), 2 * GB, 1);
    vdc_flow_id f[3];
    f[0] = vdc_net_start(n, 0, 1, 10 * GB, 0, NULL, NULL, 0);
    f[1] = vdc_net_start(n, 2, 3, 10 * GB, 0, NULL, NULL, 0);
    vdc_net_flush(n);
    VDC_ASSERT_NEAR(vdc_net_rate(n, f[0]), GB, 1);       /* 2 GB/s fits exactly */
    f[2] = vdc_net_start(n, 1, 2, 10 * GB, 0, NULL, NULL, 0);
    vdc_net_flush(n);
    for (int i = 0; i < 3; i++)
        VDC_ASSERT_NEAR(vdc_net_rate(n, f[i]), 2.0 / 3 * GB, 1);
    vdc_net_cancel(n, f[2]);
    vdc_net_flush(n);
    VDC_ASSERT_NEAR(vdc_net_rate(n, f[1]), GB, 1);
    vdc_net_free(n);
    vdc_engine_free(e);
}

static void t_incremental_cost(void)
{
    /* 64 disjoint host pairs; a change on one pair recomputes that pair only */
    enum { NH = 128 };
    static vdc_host h[NH];
    for (int i = 0; i < NH; i++)
        h[i] = (vdc_host){ .name = "h", .bandwidth_gbps = 8 };
    vdc_engine *e = vdc_engine_new();
    vdc_net *n = vdc_net_new(e, h, NH, NULL, NULL);
    for (int p = 0; p < NH / 2; p++)
        vdc_net_start(n, 2 * p, 2 * p + 1, GB, 0, NULL, NULL, 0);
    vdc_net_flush(n);
    vdc_net_stats s0 = vdc_net_get_stats(n);
    vdc_flow_id x = vdc_net_start(n, 0, 1, GB, 0, NULL, NULL, 0);
    vdc_net_flush(n);
    vdc_net_stats s1 = vdc_net_get_stats(n);
    CU_ASSERT_EQUAL(s1.flows_visited - s0.flows_visited, 2);
    VDC_ASSERT_NEAR(vdc_net_rate(n, x), 0.5 * GB, 1);
    CU_ASSERT_EQUAL(s1.global_passes, 0);
    vdc_net_free(n);
    vdc_engine_free(e);
}

/* ---- brute-force reference ------------------------------------------- */
typedef struct { int src, dst; double cap; bool on; vdc_flow_id id; } rflow;

static void reference(const rflow *f, int nf, const vdc_host *h, int nh,
                      double core, double *rate)
{
    int nl = 2 * nh + 1;
    double used[2 * 8 + 1];
    bool frozen[64];
    for (int i = 0; i < nf; i++) { rate[i] = 0; frozen[i] = !f[i].on; }
    for (;;) {
        /* the largest uniform increment every unfrozen flow can take */
        double best = INFINITY;
        memset(used, 0, sizeof used);
        int cnt[2 * 8 + 1] = { 0 };
        for (int i = 0; i < nf; i++) {
            if (!f[i].on) continue;
            int ls[3] = { 2 * f[i].src, 2 * f[i].dst + 1, 2 * nh };
            for (int k = 0; k < (core > 0 ? 3 : 2); k++) {
                used[ls[k]] += rate[i];
                if (!frozen[i]) cnt[ls[k]]++;
            }
        }
        for (int l = 0; l < nl; l++) {
            double cap = l == 2 * nh ? core : h[l / 2].bandwidth_gbps * 1e9 / 8;
            if (cnt[l] > 0 && (cap - used[l]) / cnt[l] < best)
                best = (cap - used[l]) / cnt[l];
        }
        for (int i = 0; i < nf; i++)
            if (!frozen[i] && f[i].cap > 0 && f[i].cap - rate[i] < best)
                best = f[i].cap - rate[i];
        if (isinf(best))
            break;
        for (int i = 0; i < nf; i++)
            if (!frozen[i]) rate[i] += best;
        /* freeze flows on saturated links or at their cap */
        memset(used, 0, sizeof used);
        for (int i = 0; i < nf; i++) {
            if (!f[i].on) continue;
            int ls[3] = { 2 * f[i].src, 2 * f[i].dst + 1, 2 * nh };
            for (int k = 0; k < (core > 0 ? 3 : 2); k++) used[ls[k]] += rate[i];
        }
        for (int i = 0; i < nf; i++) {
            if (frozen[i]) continue;
            int ls[3] = { 2 * f[i].src, 2 * f[i].dst + 1, 2 * nh };
            for (int k = 0; k < (core > 0 ? 3 : 2); k++) {
                double cap = ls[k] == 2 * nh ? core : h[ls[k] / 2].bandwidth_gbps * 1e9 / 8;
                if (used[ls[k]] >= cap * (1 - 1e-12)) frozen[i] = true;
            }
            if (f[i].cap > 0 && rate[i] >= f[i].cap * (1 - 1e-12)) frozen[i] = true;
        }
    }
}

static void random_run(double core_gbps)
{
    enum { NH = 6, NF = 40 };
    static vdc_host h[NH];
    uint64_t s = 12345;
    for (int i = 0; i < NH; i++)
        h[i] = (vdc_host){ .name = "h", .bandwidth_gbps = 1 + (double)(i % 3) * 4 };
    vdc_engine *e = vdc_engine_new();
    vdc_net_opts o = { .core_gbps = core_gbps };
    vdc_net *n = vdc_net_new(e, h, NH, &o, NULL);
    rflow f[NF] = { 0 };
    double ref[NF];
    int bad = 0;
    for (int step = 0; step < 400; step++) {
        s = s * 6364136223846793005ULL + 1442695040888963407ULL;
        int i = (int)((s >> 33) % NF);
        if (f[i].on && (s >> 20) % 3 == 0) {
            f[i].cap = (s >> 10) % 2 ? 0 : 1e8 * (double)((s >> 40) % 7 + 1);
            vdc_net_set_cap(n, f[i].id, f[i].cap);
        } else if (f[i].on) {
            vdc_net_cancel(n, f[i].id);
            f[i].on = false;
        } else {
            f[i].src = (int)((s >> 40) % NH);
            f[i].dst = (int)((s >> 50) % NH);
            if (f[i].dst == f[i].src) f[i].dst = (f[i].dst + 1) % NH;
            f[i].cap = (s >> 12) % 4 == 0 ? 2e8 : 0;
            f[i].id = vdc_net_start(n, f[i].src, f[i].dst, 1e15, f[i].cap, NULL, NULL, 0);
            f[i].on = true;
        }
        vdc_net_flush(n);
        reference(f, NF, h, NH, core_gbps * 1e9 / 8, ref);
        for (int j = 0; j < NF; j++)
            if (f[j].on && fabs(vdc_net_rate(n, f[j].id) - ref[j]) > 1e-6 * (ref[j] + 1)) {
                if (bad++ < 5)
                    fprintf(stderr, "\n  step %d flow %d: net %.6g ref %.6g\n", step, j,
                            vdc_net_rate(n, f[j].id), ref[j]);
            }
    }
    CU_ASSERT_EQUAL(bad, 0);
    vdc_net_free(n);
    vdc_engine_free(e);
}

static void t_random_vs_reference(void) { random_run(0); }
static void t_random_vs_reference_core(void) { random_run(3); }

/* Many flows over one WAN link (net.c's one-bottleneck path): the link's
 * fair share exactly; a flow capped below it leaves the rest to the others
 * (the heap path); a host link as tight as the WAN share (a tie) too. */
static void t_one_wan_link(void)
{
    static vdc_host h[8];
    for (int i = 0; i < 8; i++)
        h[i] = (vdc_host){ .name = "h", .bandwidth_gbps = 8, .site = i < 4 ? "a" : "b" };
    vdc_wan_link w = { .a = "a", .b = "b", .bandwidth_gbps = 1, .latency_ms = 10 };
    vdc_net_opts o = { .wan = &w, .nwan = 1 };
    vdc_engine *e = vdc_engine_new();
    vdc_net *n = vdc_net_new(e, h, 8, &o, NULL);
    CU_ASSERT_FATAL(n != NULL);
    vdc_flow_id id[8];
    for (int i = 0; i < 8; i++)
        id[i] = vdc_net_start(n, i % 4, 4 + i % 4, 1e15, 0, NULL, NULL, 0);
    vdc_net_flush(n);
    for (int i = 0; i < 8; i++)
        CU_ASSERT_EQUAL(vdc_net_rate(n, id[i]), 1.25e8 / 8);
    vdc_net_set_cap(n, id[0], 1e6);
    vdc_net_flush(n);
    CU_ASSERT_EQUAL(vdc_net_rate(n, id[0]), 1e6);
    for (int i = 1; i < 8; i++)
        VDC_ASSERT_NEAR(vdc_net_rate(n, id[i]), (1.25e8 - 1e6) / 7, 1e-6);
    vdc_net_set_cap(n, id[0], 0);
    vdc_net_cancel(n, id[7]);
    vdc_net_flush(n);
    for (int i = 0; i < 7; i++)
        CU_ASSERT_EQUAL(vdc_net_rate(n, id[i]), 1.25e8 / 7);
    vdc_net_free(n);
    /* a tie: 4 flows from one host of 0.5 Gbit/s over a 2 Gbit/s WAN */
    h[0].bandwidth_gbps = 0.5;
    w.bandwidth_gbps = 2;
    n = vdc_net_new(e, h, 8, &o, NULL);
    for (int i = 0; i < 4; i++)
        id[i] = vdc_net_start(n, 0, 4 + i, 1e15, 0, NULL, NULL, 0);
    vdc_net_flush(n);
    for (int i = 0; i < 4; i++)
        VDC_ASSERT_NEAR(vdc_net_rate(n, id[i]), 0.5e9 / 8 / 4, 1e-6);
    vdc_net_free(n);
    vdc_engine_free(e);
}

static void t_bad_input(void)
{
    mk_hosts(2, 0, 0);
    vdc_error err = { 0 };
    vdc_engine *e = vdc_engine_new();
    CU_ASSERT_PTR_NULL(vdc_net_new(e, hosts8, 2, NULL, &err));
    CU_ASSERT_EQUAL(err.code, VDC_EINPUT);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "bandwidth_gbps"));
    vdc_engine_free(e);
}

static const vdc_test tests[] = {
    { "single flow completes at bytes/capacity exactly", t_single_exact },
    { "two flows share an uplink, survivor speeds up", t_two_share_then_speed_up },
    { "rate cap and asymmetric links (max-min)", t_cap_and_asymmetric },
    { "oversubscribed core binds and releases", t_core_oversubscribed },
    { "a change recomputes only its component", t_incremental_cost },
    { "random changes match brute-force max-min", t_random_vs_reference },
    { "random changes match brute-force max-min with core", t_random_vs_reference_core },
    { "many flows over one WAN link", t_one_wan_link },
    { "bad host bandwidth is an input error", t_bad_input },
    { 0 }
};
VDC_TEST_MAIN("net", tests)
