/* test_policy.c -- the consolidation policy suite of Beloglazov & Buyya
 * (CCPE 2012) and its metrics (issue 12, items 3 and 4).
 *
 * Known answers, each derived by hand in the comment above its test (the
 * least-squares numbers of LR/LRR and MC were worked out with the paper's
 * formulas in a separate plain-Python calculation, not with this code):
 *  - the statistics: median, MAD, IQR (type 6 quartiles), loess weights
 *    (the oldest point weighs 0), the bisquare reweighting of LRR;
 *  - one data center of 3 hosts and 5 VMs (below), run under THR, IQR,
 *    MAD, LR, LRR and "never" detection, MMT, MU, MC and RS selection,
 *    PABFD placement (including a candidate rejected because the detector
 *    would flag it with the VM added), underload evacuation;
 *  - NPA's energy (every host at peak for 24 h) and DVFS's;
 *  - the paper's migration cost: T = memory / bandwidth, PDM, SLATAH,
 *    SLAV, ESV, AITF, AOTF, mean times before a migration / a sleep;
 *  - MHOD (TPDS 2013): its L function, the multisize-window estimate of P
 *    and the OTF decision on a 5-sample history worked out by hand;
 *  - bad parameter combinations: one-line errors naming the key.
 */
#include <math.h>
#include <stdbool.h>
#include <string.h>

#include "test_util.h"

#include "models/placement/detect.h"

static char db[256];

/* ---- the statistics ---------------------------------------------------------------- */

static void t_statistics(void)
{
    /* MAD of {0.2, 0.4, 0.6, 0.8, 1.0}: median 0.6, deviations 0.4, 0.2, 0,
     * 0.2, 0.4 -> median 0.2.  MAD threshold 1 - 2.5 x 0.2 = 0.5 < 1.0. */
    const double m[] = { 0.2, 0.4, 0.6, 0.8, 1.0 };
    VDC_ASSERT_NEAR(vdc_detect_median(m, 5), 0.6, 1e-15);
    VDC_ASSERT_NEAR(vdc_detect_mad(m, 5), 0.2, 1e-15);
    vdc_detect d = { .method = VDC_OVL_MAD, .s = 2.5, .min_n = 5, .window = 10, .fallback = 10 };
    CU_ASSERT(vdc_detect_overloaded(&d, m, 5, 0));
    d.s = 0.1;                                  /* 1 - 0.02 = 0.98 < 1.0 still */
    CU_ASSERT(vdc_detect_overloaded(&d, m, 5, 0));
    const double m2[] = { 0.2, 0.4, 0.6, 0.8, 0.9 };   /* MAD 0.2: 0.9 > 0.98? no */
    CU_ASSERT(!vdc_detect_overloaded(&d, m2, 5, 0));
    d.min_n = 6;                                /* too short: fallback 10 decides */
    CU_ASSERT(!vdc_detect_overloaded(&d, m, 5, 0));
    /* IQR, type 6: n = 7 of 0.1..0.7: Q1 at 0.25 x 8 = 2 -> 0.2, Q3 at 6 ->
     * 0.6, IQR 0.4; n = 8 of 0.1..0.8: Q1 at 2.25 -> 0.225, Q3 at 6.75 ->
     * 0.675, IQR 0.45. */
    const double q[] = { 0.7, 0.1, 0.5, 0.3, 0.2, 0.6, 0.4, 0.8 };
    VDC_ASSERT_NEAR(vdc_detect_iqr(q, 7), 0.4, 1e-12);
    VDC_ASSERT_NEAR(vdc_detect_iqr(q, 8), 0.45, 1e-12);
    /* loess on 3 points: weights (0, 0.875^3, 1), so the line goes through
     * the last two: y = (5, 0.2, 0.4) -> b = 0.2, a = 0.2 - 2 x 0.2 = -0.2
     * (ordinary least squares, CloudSim's, would give b = -2.3). */
    const double y3[] = { 5, 0.2, 0.4 };
    double a, b;
    vdc_detect_loess(y3, 3, 0, &a, &b);
    VDC_ASSERT_NEAR(b, 0.2, 1e-12);
    VDC_ASSERT_NEAR(a, -0.2, 1e-12);
    /* a straight line is its own fit, robust or not: y = 0.1 x */
    const double yl[] = { 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0 };
    vdc_detect_loess(yl, 10, 2, &a, &b);
    VDC_ASSERT_NEAR(a, 0, 1e-12);
    VDC_ASSERT_NEAR(b, 0.1, 1e-12);
    /* LR with s = 1.2, horizon 0.5 step: 1.2 x (0.1 x 10.5) = 1.26 >= 1 */
    vdc_detect l = { .method = VDC_OVL_LR, .s = 1.2, .window = 10, .fallback = 10 };
    CU_ASSERT(vdc_detect_overloaded(&l, yl, 10, 0.5));
    l.s = 0.9;                                  /* 0.945 < 1 */
    CU_ASSERT(!vdc_detect_overloaded(&l, yl, 10, 0.5));
    /* y = (0.2, 0.4, 0.3, 0.5, 0.9), tricube weights (0, (37/64)^3,
     * (7/8)^3, (63/64)^3, 1): LR a = -0.353865355, b = 0.236542989;
     * residuals |e| = 0.317322, 0.280411, 0.056955, 0.009586, 0.071155,
     * median m = 0.071155; bisquare r_i = (1 - (e_i / 6m)^2)^2 and a refit
     * with r_i w_i: LRR a = -0.453202928, b = 0.259167701 (separate
     * calculation).  The robust fit leans on the last point's trend more. */
    const double yr[] = { 0.2, 0.4, 0.3, 0.5, 0.9 };
    vdc_detect_loess(yr, 5, 0, &a, &b);
    VDC_ASSERT_NEAR(a, -0.3538653553335499, 1e-12);
    VDC_ASSERT_NEAR(b, 0.2365429889875114, 1e-12);
    vdc_detect_loess(yr, 5, 1, &a, &b);
    VDC_ASSERT_NEAR(a, -0.45320292798367096, 1e-12);
    VDC_ASSERT_NEAR(b, 0.25916770081159823, 1e-12);
    /* never and THR */
    vdc_detect nv = { .method = VDC_OVL_NEVER };
    CU_ASSERT(!vdc_detect_overloaded(&nv, m, 5, 0));
    vdc_detect t = { .method = VDC_OVL_THR, .thr = 0.8 };
    CU_ASSERT(vdc_detect_overloaded(&t, m, 5, 0));
    CU_ASSERT(!vdc_detect_overloaded(&t, m, 4, 0));   /* 0.8 is not > 0.8 */
}

/* The order statistics are read by selection: against a full sort (qsort,
 * type-6 quartiles from the sorted array as the paper's formula reads
 * them), on 2,000 random samples of 1..40 values with many ties (values
 * on a grid of 8) -- the selection must give the same doubles exactly. */
static int cmp_dbl(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}
static double q6_sorted(const double *s, int n, double p)
{
    double pos = p * (n + 1);
    if (pos < 1)
        return s[0];
    if (pos >= n)
        return s[n - 1];
    int i = (int)floor(pos);
    return s[i - 1] + (pos - i) * (s[i] - s[i - 1]);
}
static void t_selection_vs_sort(void)
{
    unsigned long r = 12345;
    for (int it = 0; it < 2000; it++) {
        int n = 1 + it % 40;
        double x[40], s[40], dev[40];
        for (int i = 0; i < n; i++) {
            r = r * 6364136223846793005UL + 1442695040888963407UL;
            x[i] = (double)((r >> 33) % 8) / 8;
        }
        memcpy(s, x, sizeof x);
        qsort(s, (size_t)n, sizeof *s, cmp_dbl);
        double med = n % 2 ? s[n / 2] : 0.5 * (s[n / 2 - 1] + s[n / 2]);
        CU_ASSERT_EQUAL(vdc_detect_median(x, n), med);
        for (int i = 0; i < n; i++)
            dev[i] = fabs(x[i] - med);
        qsort(dev, (size_t)n, sizeof *dev, cmp_dbl);
        CU_ASSERT_EQUAL(vdc_detect_mad(x, n), n % 2 ? dev[n / 2] : 0.5 * (dev[n / 2 - 1] + dev[n / 2]));
        CU_ASSERT_EQUAL(vdc_detect_iqr(x, n), q6_sorted(s, n, 0.75) - q6_sorted(s, n, 0.25));
    }
}

/* ---- MHOD ------------------------------------------------------------------------- */

/* L function: P = [[.5, .5], [.5, .5]], m = (0, .5), from state 1:
 * a00 = a01 = .5, a10 = a11 = .25, det = .5 x .75 - .5 x .25 = .25,
 * L0 = a10 / det = 1, L1 = (1 - a00) / det = 2 (3 steps expected in all).
 * Estimate: u = (0.5, 1.2, 1.2, 0.5, 1.2), threshold 1.0 -> states
 * 0 1 1 0 1; with the initial transition from 0 the followers are
 * state 0: 0, 1, 1 and state 1: 1, 0.  Windows 2 and 3:
 *  i = 0: estimates of p01 after each visit, w = 2: 0, .5, 1 (last two
 *    .5, 1: variance .125 > 1 (1 - 1) / 2 = 0, so w = 2 stays), p01 = 1,
 *    and likewise p00 = 0;
 *  i = 1: w = 2 estimates of p10: 0, .5 -> variance .125, allowed
 *    .5 x .5 / 2 = .125 (not above: accepted); w = 3 has 2 < 3 estimates
 *    (variance 1): stays 2.  p10 = .5, p11 = .5.
 * Decision from state 1 (p11 > 0), T_m = 0, t_a = 5, t_o = 3, grid step
 * .5: with P above, det = 1 - .5 (1 - m1)(2 - m0); the feasible (m0, m1)
 * and (L0, L1): (.5, 0) -> (2, 4), ratio (3 + 4) / (5 + 6) = .636;
 * (1, 0) -> (1, 2), 5 / 8 = .625; (0, .5) -> (.5, 2), .667;
 * (.5, .5) -> (.4, 1.6), .657; (1, .5) -> (1/3, 4/3), .65; m1 = 1 ->
 * (0, 1), .667; (0, 0) singular.  So OTF .62: nothing feasible ->
 * overloaded; .63: (1, 0) feasible -> not; .64: (.5, 0) too.  Fewer
 * samples than mhod_learning, or p[s][1] = 0: not overloaded. */
static void t_mhod(void)
{
    double p[2][2] = { { .5, .5 }, { .5, .5 } }, m[2] = { 0, .5 }, l[2];
    CU_ASSERT(vdc_mhod_l((const double (*)[2])p, m, 1, l));
    VDC_ASSERT_NEAR(l[0], 1, 1e-12);
    VDC_ASSERT_NEAR(l[1], 2, 1e-12);
    double m0[2] = { 0, 0 };
    CU_ASSERT(!vdc_mhod_l((const double (*)[2])p, m0, 1, l));   /* stochastic P, no exit */
    vdc_detect d = { .method = VDC_OVL_MHOD, .mhod_util = 1.0, .otf = 0.62, .mhod_step = 0.5,
                     .mhod_learning = 5, .mhod_wmin = 2, .mhod_wmax = 3, .mhod_wstep = 1 };
    const double u[] = { 0.5, 1.2, 1.2, 0.5, 1.2 };
    unsigned char s[5];
    CU_ASSERT_EQUAL(vdc_mhod_states(&d, u, 5, s), 5);
    CU_ASSERT(s[0] == 0 && s[1] == 1 && s[2] == 1 && s[3] == 0 && s[4] == 1);
    double e[2][2];
    vdc_mhod_estimate(&d, s, 5, e);
    VDC_ASSERT_NEAR(e[0][0], 0, 1e-12);
    VDC_ASSERT_NEAR(e[0][1], 1, 1e-12);
    VDC_ASSERT_NEAR(e[1][0], 0.5, 1e-12);
    VDC_ASSERT_NEAR(e[1][1], 0.5, 1e-12);
    CU_ASSERT(vdc_detect_mhod(&d, u, 5, 0, 5, 3));
    d.otf = 0.63;
    CU_ASSERT(!vdc_detect_mhod(&d, u, 5, 0, 5, 3));
    d.otf = 0.64;
    CU_ASSERT(!vdc_detect_mhod(&d, u, 5, 0, 5, 3));
    d.otf = 0.62;
    d.mhod_learning = 6;                        /* still learning */
    CU_ASSERT(!vdc_detect_mhod(&d, u, 5, 0, 5, 3));
    d.mhod_learning = 5;
    const double low[] = { 0.5, 0.6, 0.5, 0.7, 0.5 };   /* never in state 1 */
    CU_ASSERT(!vdc_detect_mhod(&d, low, 5, 0, 5, 3));
    /* a longer migration makes it harder: T_m = 1 at OTF .63 gives
     * (1, 0): (1 + 3 + 2) / (1 + 5 + 3) = .667 and every other point is
     * above .63 too -> overloaded */
    d.otf = 0.63;
    CU_ASSERT(vdc_detect_mhod(&d, u, 5, 1, 5, 3));
}

/* ---- the 3-host, 5-VM data center ------------------------------------------------ */

/* Hosts of 4 pCPUs, 16 GiB, 1 Gbit/s, linear power from 100 W idle to
 *   h-0 200 W (25 W per pCPU of load), h-1 300 W (50 W), h-2 160 W (15 W),
 * so PABFD prefers h-2, then h-0, then h-1 for the same VM.
 * VMs (demand in pCPUs = vCPUs x demand):
 *   h-0: a 2 x 0.95 = 1.9 (3 GiB), b 0.9 (1 GiB), c (2 GiB, workload %s)
 *   h-1: d 0.5 (1 GiB)
 *   h-2: e 2 x 0.5 = 1.0 (2 GiB)
 * Steps every 100 s, no boot/shutdown delay, no underload handling unless
 * a test says so, and a fallback threshold of 10 (never) while histories
 * are short, so each detector acts on its own rule. */
static const char *dc_fmt =
    "{\"duration_s\": %d, \"sample_window_s\": 100, \"seed\": %d,"
    " \"hosts\": ["
    "  {\"name\": \"h-0\", \"pcpus\": 4, \"memory_gib\": 16, \"bandwidth_gbps\": 1,"
    "   \"power_idle_w\": 100, \"power_peak_w\": 200},"
    "  {\"name\": \"h-1\", \"pcpus\": 4, \"memory_gib\": 16, \"bandwidth_gbps\": 1,"
    "   \"power_idle_w\": 100, \"power_peak_w\": 300},"
    "  {\"name\": \"h-2\", \"pcpus\": 4, \"memory_gib\": 16, \"bandwidth_gbps\": 1,"
    "   \"power_idle_w\": 100, \"power_peak_w\": 160}],"
    " \"vms\": ["
    "  {\"name\": \"a\", \"vcpus\": 2, \"memory_gib\": 3, \"host\": \"h-0\","
    "   \"workload\": {%s}},"
    "  {\"name\": \"b\", \"memory_gib\": 1, \"host\": \"h-0\", \"workload\": {%s}},"
    "  {\"name\": \"c\", \"memory_gib\": 2, \"host\": \"h-0\", \"workload\": {%s}},"
    "  {\"name\": \"d\", \"memory_gib\": 1, \"host\": \"h-1\", \"workload\": {\"demand\": 0.5}},"
    "  {\"name\": \"e\", \"vcpus\": 2, \"memory_gib\": 2, \"host\": \"h-2\","
    "   \"workload\": {\"demand\": 0.5}}],"
    " \"models\": {\"placement\": {\"name\": \"consolidate\", \"allocation\": \"pabfd\","
    "   \"period_s\": 100, \"underload\": \"none\", \"boot_s\": 0, \"shutdown_s\": 0,"
    "   \"cpu_overcommit\": 8, \"fallback_util\": 10, \"history_min\": 3, \"lr_window\": 3},"
    "  \"sched\": {\"name\": \"fluid\", \"samples\": false}}}";

#define CONST_A "\"demand\": 0.95"
#define CONST_B "\"demand\": 0.9"
#define CONST_C "\"demand\": 0.6"
/* c on for [0, 100), off for [100, 200), ...: its step means 1, 0, 1, 0, ... */
#define ONOFF_C "\"type\": \"onoff\", \"demand\": 1, \"on_s\": 100, \"off_s\": 100"

static int64_t run_dc(int dur, int seed, const char *wa, const char *wb, const char *wc,
                      const char *const *sets, size_t nsets)
{
    char json[4096];
    snprintf(json, sizeof json, dc_fmt, dur, seed, wa, wb, wc);
    return vdc_test_run(json, sets, nsets, db);
}

/* The migrations of a run, "t:vm>dst ..." in order. */
static void moves(int64_t run, char *out, size_t n)
{
    char sql[512];
    snprintf(sql, sizeof sql, "SELECT group_concat(m, ' ') FROM (SELECT CAST(t_s AS INTEGER) || ':'"
             " || vm || '>' || dst AS m FROM consolidation WHERE run_id=%lld AND event='migrate'"
             " ORDER BY rowid)", (long long)run);
    sqlite3 *h;
    sqlite3_stmt *st;
    out[0] = 0;
    if (sqlite3_open(db, &h) != SQLITE_OK)
        return;
    if (sqlite3_prepare_v2(h, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW &&
        sqlite3_column_text(st, 0))
        snprintf(out, n, "%s", (const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    sqlite3_close(h);
}

static void expect_moves(int dur, const char *wc, const char *const *sets, size_t nsets,
                         const char *want)
{
    int64_t run = run_dc(dur, 1, CONST_A, CONST_B, wc, sets, nsets);
    CU_ASSERT_FATAL(run > 0);
    char got[512];
    moves(run, got, sizeof got);
    if (strcmp(got, want))
        fprintf(stderr, "\n  moves: got \"%s\", want \"%s\"\n", got, want);
    CU_ASSERT_STRING_EQUAL(got, want);
}

/* THR-MMT: h-0 carries 1.9 + 0.9 + 0.6 = 3.4 pCPUs, u = 0.85 > 0.8 at the
 * first step (t = 100).  MMT takes the least memory, b (1 GiB): 2.5 / 4 =
 * 0.625, no longer overloaded.  PABFD for b (0.9 pCPU): h-1 would rise
 * 50 x 0.9 = 45 W, h-2 15 x 0.9 = 13.5 W -> h-2 (1.9 / 4 = 0.475 <= 0.8).
 * Nothing else ever exceeds 0.8.
 * THR-MU: the least demand is c (0.6): 2.8 / 4 = 0.7 -> c to h-2.
 * never: no move at all (and no underload handling here). */
static void t_thr_mmt_mu_never(void)
{
    expect_moves(1000, CONST_C, NULL, 0, "100:b>h-2");
    const char *mu[] = { "models.placement.selection=mu" };
    expect_moves(1000, CONST_C, mu, 1, "100:c>h-2");
    const char *nv[] = { "models.placement.overload=never" };
    expect_moves(1000, CONST_C, nv, 1, "");
    /* constant loads: MAD and IQR see no spread, threshold 1 - s x 0 = 1,
     * and 0.85 < 1: no move either */
    const char *mad[] = { "models.placement.overload=mad" };
    expect_moves(1000, CONST_C, mad, 1, "");
    const char *iqr[] = { "models.placement.overload=iqr" };
    expect_moves(1000, CONST_C, iqr, 1, "");
}

/* With c on/off every 100 s, h-0's utilisation history is 0.95, 0.7,
 * 0.95, 0.7, ... (2.8 + c over 4 pCPUs).
 * MAD (s = 2.5, at least 3 samples): step 3 (t = 300), [0.95, 0.7, 0.95]:
 *   median 0.95, deviations 0, 0.25, 0 -> MAD 0, threshold 1: no.
 *   Step 4 (t = 400), [0.95, 0.7, 0.95, 0.7]: median 0.825, every
 *   deviation 0.125 -> MAD 0.125, threshold 1 - 0.3125 = 0.6875 < 0.7:
 *   overloaded.  MMT sheds b: the rest is [0.725, 0.475, 0.725, 0.475],
 *   MAD 0.125, 0.475 < 0.6875: done.  b to h-2 (13.5 W < 45 W); h-2 with
 *   b is 0.475 constant, MAD 0: accepted.  -> "400:b>h-2".
 * IQR (s = 1.5): step 3, sorted [0.7, 0.95, 0.95]: Q1 at 0.25 x 4 = 1 ->
 *   0.7, Q3 at 3 = n -> 0.95, IQR 0.25, threshold 0.625 < 0.95:
 *   overloaded.  Shedding b leaves [0.725, 0.475, 0.725]: IQR 0.25, still
 *   0.725 > 0.625; then c (2 GiB < a's 3): [0.475] x 3, IQR 0: done.
 *   PABFD by decreasing demand: c (1.0 in the last step) to h-2 (15 W):
 *   h-2 becomes [0.5, 0.25, 0.5], IQR 0.25, 0.5 < 0.625: accepted.  b
 *   (0.9): h-2 is cheapest (13.5 W) but would be [0.725, 0.475, 0.725],
 *   0.725 > 0.625: rejected; next h-1 (45 W): 0.35 constant: accepted.
 *   -> "300:c>h-2 300:b>h-1".
 * LR (window 3, s = 1.2): weights (0, 0.875^3, 1) put the line through
 *   the last two points.  Step 3: b = 0.25, a = 0.7 - 0.5 = 0.2; horizon
 *   = a's migration, 3 GiB x 8.59 Gbit / 0.5 Gbit/s = 51.54 s = 0.5154
 *   step: 1.2 (0.2 + 0.25 x 3.5154) = 1.29 >= 1.  Without b: a = -0.025,
 *   1.2 (-0.025 + 0.25 x 3.5154) = 1.025 >= 1, still; without c: 0.475
 *   flat, 0.57: done.  c to h-2: [0.5, 0.25, 0.5], a = -0.25, horizon
 *   2 GiB = 0.3436: 1.2 (-0.25 + 0.25 x 3.3436) = 0.703: accepted.  b to
 *   h-2: [0.725, 0.475, 0.725]: 1.2 (-0.025 + 0.25 x 3.3436) = 0.973 < 1:
 *   accepted (where IQR refused).  -> "300:c>h-2 300:b>h-2". */
static void t_mad_iqr_lr(void)
{
    const char *mad[] = { "models.placement.overload=mad" };
    expect_moves(450, ONOFF_C, mad, 1, "400:b>h-2");
    const char *iqr[] = { "models.placement.overload=iqr" };
    expect_moves(350, ONOFF_C, iqr, 1, "300:c>h-2 300:b>h-1");
    const char *lr[] = { "models.placement.overload=lr" };
    expect_moves(350, ONOFF_C, lr, 1, "300:c>h-2 300:b>h-2");
}

/* LR against LRR, window 5, step 5 (t = 500), h-0 = [0.95, 0.7, 0.95,
 * 0.7, 0.95], tricube weights (0, 0.19323, 0.66992, 0.95385, 1):
 *   LR  a = 0.700074693, b = 0.037217603 -> at 5 + 0.51540: 0.905340
 *   LRR a = 0.694818218, b = 0.038851042 -> 0.909105
 * (separate calculation).  With s = 1.102: LR 0.99769 < 1, no move;
 * LRR 1.00183 >= 1: sheds b (MMT); the rest [0.725, 0.475, ...] gives
 * LRR 0.469818 + 0.038851 x 5.5154 = 0.68409, x 1.102 = 0.754: done; b to
 * h-2 (0.475 flat: 0.52).  -> LR "", LRR "500:b>h-2".
 * (CloudSim 3.0.3 fits both by ordinary least squares: it cannot tell
 * them apart.) */
static void t_lr_vs_lrr(void)
{
    const char *lr[] = { "models.placement.overload=lr", "models.placement.lr_window=5",
                         "models.placement.safety=1.102" };
    expect_moves(550, ONOFF_C, lr, 3, "");
    const char *lrr[] = { "models.placement.overload=lrr", "models.placement.lr_window=5",
                          "models.placement.safety=1.102" };
    expect_moves(550, ONOFF_C, lrr, 3, "500:b>h-2");
}

/* MC: a, b, c on/off so that their step means are (pCPUs)
 *   a 1.9 x (1, 1, 0, 0, 1, 1)  on_s 200, off_s 200
 *   b 0.9 x (0, 0, 1, 0, 0, 1)  on_s 100, off_s 200, phase_s 200
 *   c 0.6 x (1, 1, 0, 1, 1, 1)  on_s 300, off_s 100, phase_s 300
 * h-0's load 2.5, 2.5, 0.9, 0.6, 2.5, 3.4: THR fires first at step 6
 * (0.85).  Regressing each VM's 6 samples on the other two with an
 * intercept (separate calculation): R^2 a = 0.4375, b = 0.4375,
 * c = 0.64.  MC sheds c (MMT would shed b): 2.8 / 4 = 0.7, done; c to h-2.
 * With constant histories every regression is singular and MC falls back
 * on MMT: b, as in THR-MMT. */
static void t_mc(void)
{
    const char *sets[] = { "models.placement.selection=mc" };
    int64_t run = run_dc(650, 1, "\"type\": \"onoff\", \"demand\": 0.95, \"on_s\": 200, \"off_s\": 200",
                         "\"type\": \"onoff\", \"demand\": 0.9, \"on_s\": 100, \"off_s\": 200,"
                         " \"phase_s\": 200",
                         "\"type\": \"onoff\", \"demand\": 0.6, \"on_s\": 300, \"off_s\": 100,"
                         " \"phase_s\": 300", sets, 1);
    CU_ASSERT_FATAL(run > 0);
    char got[512];
    moves(run, got, sizeof got);
    CU_ASSERT_STRING_EQUAL(got, "600:c>h-2");
    expect_moves(1000, CONST_C, sets, 1, "100:b>h-2");
}

/* RS: a uniform draw from the stream placement/selection.  Any single VM
 * leaving h-0 brings it under 0.8 (a: 1.5, b: 2.5, c: 2.8 pCPUs), so each
 * run has exactly one move, of a, b or c, to h-2 at t = 100; the same
 * seed gives the same VM, and over seeds 1..10 each VM is drawn (for a
 * uniform draw, one of three missing from 10 draws has probability
 * 3 (2/3)^10 = 5%; the seeds are fixed, so the outcome is too). */
static void t_rs(void)
{
    const char *sets[] = { "models.placement.selection=rs" };
    int seen[3] = { 0 };
    for (int seed = 1; seed <= 10; seed++) {
        int64_t run = run_dc(150, seed, CONST_A, CONST_B, CONST_C, sets, 1);
        CU_ASSERT_FATAL(run > 0);
        char got[512], again[512];
        moves(run, got, sizeof got);
        CU_ASSERT(strlen(got) == 9 && !strncmp(got, "100:", 4) && !strcmp(got + 5, ">h-2"));
        if (strlen(got) == 9 && got[4] >= 'a' && got[4] <= 'c')
            seen[got[4] - 'a']++;
        if (seed == 7) {
            int64_t r2 = run_dc(150, seed, CONST_A, CONST_B, CONST_C, sets, 1);
            moves(r2, again, sizeof again);
            CU_ASSERT_STRING_EQUAL(got, again);
            VDC_ASSERT_NEAR(vdc_test_diff_runs(db, run, r2), 0, 0);
        }
    }
    CU_ASSERT(seen[0] > 0 && seen[1] > 0 && seen[2] > 0);
}

/* Underload, the least utilised host first ("least"), THR 0.8, b and c
 * idle (demand 0, still on h-0).
 * Loads: h-0 1.9 (0.475), h-1 0.5 (0.125), h-2 1.0 (0.25).
 * Step 1: h-1 first: d (0.5) to h-2 (7.5 W) rather than h-0 (12.5 W);
 * h-2 at 1.5 (0.375) is fine; h-1 is off at once (shutdown_s 0).  h-2
 * received a VM: skipped.  h-0: a (1.9) could only go to h-2 (h-1 was
 * examined): 3.4 / 4 = 0.85 > 0.8: refused, nothing changes.
 * Step 2: h-2 (0.375) first: e (1.0) to h-0 (2.9: fine), d (0.5) to h-0
 * (3.4: over 0.8): refused, rolled back; then h-0: its only possible
 * destination h-2 was examined: refused.  Nothing more, ever.
 * (b and c, idle, move with their host: evacuating h-0 means moving all
 * three, which fails the same way.)
 * Energy: h-0 (100 + 25 x 1.9) x 1000 = 147500 J; h-1 (100 + 50 x 0.5) x
 * 100 = 12500 J; h-2 (100 + 15 x 1) x 100 + (100 + 15 x 1.5) x 900 =
 * 11500 + 110250 J.  Total 281750 J.  AITF: h-1 asleep 900 of 3000 host-s
 * = 0.3.  Mean time before a host sleeps: 100 s (h-1, on since 0). */
static void t_underload_least(void)
{
    const char *sets[] = { "models.placement.underload=least" };
    int64_t run = run_dc(1000, 1, CONST_A, "\"demand\": 0", "\"demand\": 0", sets, 1);
    CU_ASSERT_FATAL(run > 0);
    char got[512];
    moves(run, got, sizeof got);
    CU_ASSERT_STRING_EQUAL(got, "100:d>h-2");
    VDC_ASSERT_NEAR(vdc_test_metric(db, run, "dc", "energy_kwh") * 3.6e6, 281750, 1e-6);
    VDC_ASSERT_NEAR(vdc_test_metric(db, run, "dc", "aitf"), 0.3, 1e-12);
    VDC_ASSERT_NEAR(vdc_test_metric(db, run, "dc", "host_sleep_transitions"), 1, 0);
    VDC_ASSERT_NEAR(vdc_test_metric(db, run, "dc", "mean_time_before_host_off_s"), 100, 1e-9);
    VDC_ASSERT_NEAR(vdc_test_metric(db, run, "dc", "mean_time_before_migration_s"), 100, 1e-9);
    /* "threshold" (low_util 0.3): h-1 and h-2 are candidates, h-0 is not:
     * the same single move */
    const char *thr[] = { "models.placement.underload=threshold" };
    run = run_dc(1000, 1, CONST_A, "\"demand\": 0", "\"demand\": 0", thr, 1);
    moves(run, got, sizeof got);
    CU_ASSERT_STRING_EQUAL(got, "100:d>h-2");
}

/* NPA: every host on at its peak for the whole run, whatever its load, no
 * migration: (200 + 300 + 160) W x 86400 s = 57,024,000 J = 15.84 kWh,
 * exactly.  With the HP ML110 G4 table (117 W at 100%): 3 x 117 W x 24 h
 * = 8.424 kWh. */
static void t_npa_dvfs(void)
{
    const char *npa[] = { "models.placement.baseline=npa" };
    int64_t run = run_dc(86400, 1, CONST_A, CONST_B, CONST_C, npa, 1);
    CU_ASSERT_FATAL(run > 0);
    VDC_ASSERT_NEAR(vdc_test_metric(db, run, "dc", "energy_kwh"), 15.84, 1e-9);
    VDC_ASSERT_NEAR(vdc_test_metric(db, run, "dc", "migrations_requested"), 0, 0);
    const char *g4[] = { "models.placement.baseline=npa",
                         "models.placement.power_table=hp_ml110_g4" };
    run = run_dc(86400, 1, CONST_A, CONST_B, CONST_C, g4, 2);
    CU_ASSERT_FATAL(run > 0);
    VDC_ASSERT_NEAR(vdc_test_metric(db, run, "dc", "energy_kwh"), 3 * 117 * 24 / 1000.0, 1e-9);
    /* DVFS on the same DC: no host is empty, so all three stay on at
     * P(u): h-0 100 + 25 x 3.4 = 185 W, h-1 125 W, h-2 115 W -> 425 W x
     * 86400 s = 10.2 kWh; h-0 at 0.85 would be overloaded for THR, but
     * DVFS never migrates. */
    const char *dvfs[] = { "models.placement.baseline=dvfs" };
    run = run_dc(86400, 1, CONST_A, CONST_B, CONST_C, dvfs, 1);
    CU_ASSERT_FATAL(run > 0);
    VDC_ASSERT_NEAR(vdc_test_metric(db, run, "dc", "energy_kwh"), 425 * 86400 / 3.6e6, 1e-9);
    VDC_ASSERT_NEAR(vdc_test_metric(db, run, "dc", "migrations_requested"), 0, 0);
    VDC_ASSERT_NEAR(vdc_test_metric(db, run, "dc", "aitf"), 0, 0);
}

/* DVFS with an empty host: all five VMs named on h-0 and h-2 only. */
static void t_dvfs_sleeps_empty(void)
{
    const char *json =
        "{\"duration_s\": 86400, \"sample_window_s\": 3600,"
        " \"hosts\": [{\"name\": \"h\", \"count\": 3, \"pcpus\": 4,"
        "  \"power_idle_w\": 100, \"power_peak_w\": 200}],"
        " \"vms\": [{\"name\": \"a\", \"host\": \"h-0\", \"workload\": {\"demand\": 1}},"
        "  {\"name\": \"b\", \"host\": \"h-0\", \"workload\": {\"demand\": 1}},"
        "  {\"name\": \"c\", \"host\": \"h-2\", \"workload\": {\"demand\": 0.5}},"
        "  {\"name\": \"d\", \"host\": \"h-2\", \"workload\": {\"demand\": 0.5}},"
        "  {\"name\": \"e\", \"host\": \"h-2\", \"workload\": {\"demand\": 0}}],"
        " \"models\": {\"placement\": {\"name\": \"consolidate\", \"baseline\": \"dvfs\"},"
        "  \"sched\": {\"name\": \"fluid\", \"samples\": false}}}";
    /* h-0 2 / 4 -> 150 W, h-1 asleep 0 W, h-2 1 / 4 -> 125 W: 275 W x 24 h
     * = 6.6 kWh; AITF 1/3 (h-1 asleep all day) */
    int64_t run = vdc_test_run(json, NULL, 0, db);
    CU_ASSERT_FATAL(run > 0);
    VDC_ASSERT_NEAR(vdc_test_metric(db, run, "dc", "energy_kwh"), 6.6, 1e-9);
    VDC_ASSERT_NEAR(vdc_test_metric(db, run, "dc", "aitf"), 1.0 / 3, 1e-12);
}

/* The paper's migration cost and SLA metrics.  c at 2 x 0.6 = 1.2 pCPUs
 * (as a 2-vCPU VM: set below), so h-0 carries 1.9 + 0.9 + 1.2 = 4.0: 100%
 * busy from 0.  THR-MMT at t = 100 sheds b (3.1 / 4 = 0.775) to h-2.  The
 * move takes T = 1 GiB x 8.589934592 Gbit / (1 Gbit/s / 2) = 17.179869184
 * s, so b leaves h-0 at 117.18 s; h-0 is at 100% until then.
 *   SLATAH = (117.179869184 / 1000 + 0 + 0) / 3 = 0.039059956395
 *   AOTF   = 117.179869184 / 3000 (all on all the time): the same here
 *   PDM    = (0.1 x 0.9 x T / (0.9 x 1000)) / 5 VMs = 0.00034359738368
 *   SLAV   = SLATAH x PDM;  ESV = energy_kwh x SLAV
 *   mean time before a migration: b was on h-0 for 100 s. */
static void t_paper_migration_metrics(void)
{
    const char *sets[] = { "models.placement.migration_cost=paper", "vms[2].vcpus=2" };
    int64_t run = run_dc(1000, 1, CONST_A, CONST_B, CONST_C, sets, 2);
    CU_ASSERT_FATAL(run > 0);
    char got[512];
    moves(run, got, sizeof got);
    CU_ASSERT_STRING_EQUAL(got, "100:b>h-2");
    double T = 8.589934592 / 0.5;
    double slatah = (100 + T) / 1000 / 3, pdm = 0.1 * T / 1000 / 5;
    VDC_ASSERT_NEAR(vdc_test_metric(db, run, "dc", "slatah"), slatah, 1e-12);
    VDC_ASSERT_NEAR(vdc_test_metric(db, run, "dc", "aotf"), (100 + T) / 3000, 1e-12);
    VDC_ASSERT_NEAR(vdc_test_metric(db, run, "dc", "pdm"), pdm, 1e-12);
    VDC_ASSERT_NEAR(vdc_test_metric(db, run, "dc", "pdm_total"),
                    0.1 * 0.9 * T / ((1.9 + 0.9 + 1.2 + 0.5 + 1.0) * 1000), 1e-12);
    VDC_ASSERT_NEAR(vdc_test_metric(db, run, "dc", "slav"), slatah * pdm, 1e-15);
    double e = vdc_test_metric(db, run, "dc", "energy_kwh");
    VDC_ASSERT_NEAR(vdc_test_metric(db, run, "dc", "esv"), e * slatah * pdm, 1e-15);
    VDC_ASSERT_NEAR(vdc_test_metric(db, run, "dc", "migrations_live"), 1, 0);
    VDC_ASSERT_NEAR(vdc_test_metric(db, run, "dc", "mean_time_before_migration_s"), 100, 1e-9);
    /* b arrived on h-2 at 117.18 s: the consolidation table says so */
    char sql[512];
    snprintf(sql, sizeof sql, "SELECT value FROM metrics WHERE run_id=%lld AND entity='h-0'"
             " AND name='energy_total_j'", (long long)run);
    /* h-0: 200 W until b leaves, then 100 + 25 x 3.1 = 177.5 W */
    VDC_ASSERT_NEAR(vdc_test_query(db, sql), 200 * (100 + T) + 177.5 * (900 - T), 1e-6);
    /* an explicit bandwidth: 2 Gbit/s -> T = 4.294967296 s */
    const char *bw[] = { "models.placement.migration_cost=paper", "vms[2].vcpus=2",
                         "models.placement.migration_bw_gbps=2" };
    run = run_dc(1000, 1, CONST_A, CONST_B, CONST_C, bw, 3);
    CU_ASSERT_FATAL(run > 0);
    VDC_ASSERT_NEAR(vdc_test_metric(db, run, "dc", "pdm"), 0.1 * (T / 4) / 1000 / 5, 1e-12);
}

/* Sleeping hosts in PABFD ("pabfd_wake").  The same hosts; a 1.9 and b
 * 0.9 on h-0, c (2 GiB, 1.0 pCPU) on h-0 idle until t = 100 then busy;
 * d 0.5 and e 1.0 on h-1; h-2 empty.  THR 0.8, underload least.
 * Step 1 (t = 100): h-0 at 2.8 / 4 = 0.7, not overloaded.  Underload:
 *   h-2 (0) has no VM: it sleeps at once.  h-1 (0.375): e to h-0 would
 *   make 3.8 / 4 = 0.95 > 0.8: refused.  h-0 (0.7): its VMs could only go
 *   to h-1, examined: refused.
 * Step 2 (t = 200): c's mean is 1.0, h-0 at 3.8 / 4 = 0.95: MMT sheds b.
 *   Default: only hosts on compete: h-1 (50 W x 0.9 = 45 W, 2.4 / 4 = 0.6):
 *   "200:b>h-1"; then h-1 received, h-0 overloaded: no underload move.
 *   pabfd_wake: asleep h-2 rises 15 x 0.9 = 13.5 W < 45 W from idle: it
 *   wakes and takes b; underload then examines h-1 (0.375; h-2 received,
 *   h-0 overloaded, both skipped): e (1.0) to h-2 (1.9 / 4), d (0.5) to h-2
 *   (2.4 / 4 = 0.6): h-1 empties and sleeps.
 *   -> "200:b>h-2 200:e>h-2 200:d>h-2". */
static void t_pabfd_wake(void)
{
    char json[4096];
    snprintf(json, sizeof json, dc_fmt, 250, 1, CONST_A, CONST_B,
             "\"type\": \"onoff\", \"demand\": 1, \"on_s\": 1000, \"off_s\": 100,"
             " \"phase_s\": 100");
    /* move d and e to h-1 (h-2 empty) */
    char *e = strstr(json, "\"name\": \"e\"");
    CU_ASSERT_FATAL(e != NULL);
    char *eh = strstr(e, "h-2");
    CU_ASSERT_FATAL(eh != NULL);
    eh[2] = '1';
    const char *base[] = { "models.placement.underload=least" };
    int64_t run = vdc_test_run(json, base, 1, db);
    CU_ASSERT_FATAL(run > 0);
    char got[512];
    moves(run, got, sizeof got);
    CU_ASSERT_STRING_EQUAL(got, "200:b>h-1");
    const char *wake[] = { "models.placement.underload=least", "models.placement.pabfd_wake=true" };
    run = vdc_test_run(json, wake, 2, db);
    CU_ASSERT_FATAL(run > 0);
    moves(run, got, sizeof got);
    CU_ASSERT_STRING_EQUAL(got, "200:b>h-2 200:e>h-2 200:d>h-2");
    VDC_ASSERT_NEAR(vdc_test_metric(db, run, "dc", "host_sleep_transitions"), 2, 0);
}

/* Bad parameters: one line naming the key, VDC_EINPUT (exit 2). */
static void t_bad_params(void)
{
    struct { const char *set, *set2, *want; } bad[] = {
        { "models.placement.allocation=load_best_fit", NULL,
          "models.placement.overload: \"lr\" needs" },
        { "models.placement.lr_window=40", NULL,
          "models.placement.lr_window: must be <= history_len (30), got 40" },
        { "models.placement.history_min=31", NULL,
          "models.placement.history_min: must be <= history_len" },
        { "models.placement.pabfd_wake=true", "models.placement.boot_s=200",
          "models.placement.pabfd_wake: needs boot_s = 0 (a host that boots takes no VM in the"
          " step), got boot_s 200" },
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char json[4096];
        snprintf(json, sizeof json, dc_fmt, 100, 1, CONST_A, CONST_B, CONST_C);
        const char *sets[] = { "models.placement.overload=lr", bad[i].set, bad[i].set2 };
        size_t nsets = bad[i].set2 ? 3 : 2;
        vdc_scenario *sc = NULL;
        vdc_error err = { 0 };
        CU_ASSERT_FATAL(vdc_scenario_parse(json, strlen(json), "t.json", sets, nsets, &sc, &err) == 0);
        vdc_run_opts o = { 0 };
        vdc_run_summary sum = { 0 };
        CU_ASSERT(vdc_sim_run(sc, &o, &sum, &err) == VDC_EINPUT);
        CU_ASSERT(strstr(err.msg, bad[i].want) != NULL);
        CU_ASSERT(strncmp(err.msg, "t.json: ", 8) == 0);
        CU_ASSERT(strchr(err.msg, '\n') == NULL);
        vdc_scenario_free(sc);
    }
}

/* Per-host samples: util of h-0 in the first window = 3.4 / 4 (THR-MMT
 * moves b at t = 100, the end of that window). */
static void t_host_samples(void)
{
    const char *sets[] = { "models.placement.host_samples=true" };
    int64_t run = run_dc(300, 1, CONST_A, CONST_B, CONST_C, sets, 1);
    CU_ASSERT_FATAL(run > 0);
    char sql[512];
    snprintf(sql, sizeof sql, "SELECT value FROM samples WHERE run_id=%lld AND entity='h-0'"
             " AND name='util' AND t_s=100", (long long)run);
    VDC_ASSERT_NEAR(vdc_test_query(db, sql), 0.85, 1e-12);
    snprintf(sql, sizeof sql, "SELECT value FROM samples WHERE run_id=%lld AND entity='h-0'"
             " AND name='util' AND t_s=200", (long long)run);
    VDC_ASSERT_NEAR(vdc_test_query(db, sql), 2.5 / 4, 1e-12);
    snprintf(sql, sizeof sql, "SELECT value FROM samples WHERE run_id=%lld AND entity='h-2'"
             " AND name='power_w' AND t_s=200", (long long)run);
    VDC_ASSERT_NEAR(vdc_test_query(db, sql), 100 + 15 * 1.9, 1e-9);
}

/* placement_rows false: the run writes no placements rows (the table is
 * still there), the same consolidation events and the same metrics as the
 * run that writes them (THR-MMT: 5 initial rows + b's move at t = 100). */
static void t_placement_rows(void)
{
    const char *off[] = { "models.placement.placement_rows=false" };
    int64_t r1 = run_dc(300, 1, CONST_A, CONST_B, CONST_C, NULL, 0);
    int64_t r2 = run_dc(300, 1, CONST_A, CONST_B, CONST_C, off, 1);
    CU_ASSERT_FATAL(r1 > 0 && r2 > 0);
    char sql[512], m1[512], m2[512];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM placements WHERE run_id=%lld", (long long)r1);
    VDC_ASSERT_NEAR(vdc_test_query(db, sql), 6, 0);
    snprintf(sql, sizeof sql, "SELECT count(*) FROM placements WHERE run_id=%lld", (long long)r2);
    VDC_ASSERT_NEAR(vdc_test_query(db, sql), 0, 0);
    moves(r1, m1, sizeof m1);
    moves(r2, m2, sizeof m2);
    CU_ASSERT_STRING_EQUAL(m1, "100:b>h-2");
    CU_ASSERT_STRING_EQUAL(m2, m1);
    snprintf(sql, sizeof sql, "SELECT count(*) FROM metrics a JOIN metrics b ON a.entity = b.entity"
             " AND a.name = b.name WHERE a.run_id=%lld AND b.run_id=%lld AND a.entity <> 'run'"
             " AND a.value = b.value", (long long)r1, (long long)r2);
    double same = vdc_test_query(db, sql);
    snprintf(sql, sizeof sql, "SELECT count(*) FROM metrics WHERE run_id=%lld AND entity <> 'run'",
             (long long)r1);
    CU_ASSERT(same > 10);
    VDC_ASSERT_NEAR(same, vdc_test_query(db, sql), 0);
}

static void t_setup(void) { vdc_test_tmpdb(db, sizeof db, "policy"); }

static const vdc_test tests[] = {
    { "setup", t_setup },
    { "median, MAD, IQR, loess and its robust refit", t_statistics },
    { "THR-MMT, THR-MU, never; MAD/IQR on flat loads", t_thr_mmt_mu_never },
    { "MAD, IQR (a PABFD candidate refused), LR", t_mad_iqr_lr },
    { "LR and LRR differ by the bisquare weights", t_lr_vs_lrr },
    { "median, MAD, IQR by selection equal a full sort's", t_selection_vs_sort },
    { "MHOD: L function, window estimate, OTF decision", t_mhod },
    { "MC: maximum correlation, and its MMT fallback", t_mc },
    { "RS: seeded, uniform", t_rs },
    { "underload: least utilised host first", t_underload_least },
    { "NPA exact energy; DVFS", t_npa_dvfs },
    { "DVFS: a host without VMs sleeps", t_dvfs_sleeps_empty },
    { "paper migration cost: PDM, SLATAH, SLAV, ESV, AOTF", t_paper_migration_metrics },
    { "sleeping hosts compete in PABFD (pabfd_wake)", t_pabfd_wake },
    { "bad parameters", t_bad_params },
    { "per-host samples", t_host_samples },
    { "placement_rows false: no placements rows, same results", t_placement_rows },
    { 0 }
};
VDC_TEST_MAIN("policy", tests)
