/* test_migration_dirty.c -- page-popularity laws and the dirty-page tracker.
 *
 * Known answers: segment masses (uniform 1, hotcold hot_share, Zipf = exact
 * sums of k^-s computed here by brute force); E[distinct pages] after N
 * uniform writes = W (1 - e^(-N/W)); every instruction-set level of the
 * bitmap kernels gives the same counts and bitmaps as a bit-by-bit reference.
 */
#include <string.h>

#include "test_util.h"
#include "models/migration/dirty.h"
#include "models/migration/law.h"
#include "rng.h"

static vdc_law mk(int kind, double wws, double hf, double hs, double s, uint64_t n)
{
    vdc_law L;
    vdc_law_spec sp = { kind, wws, hf, hs, s };
    CU_ASSERT_EQUAL_FATAL(vdc_law_build(&L, &sp, n, 0, NULL), 0);
    return L;
}

static void t_uniform_and_hotcold(void)
{
    vdc_law u = mk(VDC_LAW_UNIFORM, 0.5, 0, 0, 0, 1000);
    CU_ASSERT_EQUAL(u.nseg, 1);
    CU_ASSERT_EQUAL(u.wws_pages, 500);
    VDC_ASSERT_NEAR(vdc_law_expected_unique(&u, 500), 500 * (1 - exp(-1.0)), 1e-9);
    vdc_law_free(&u);
    vdc_law h = mk(VDC_LAW_HOTCOLD, 1, 0.1, 0.9, 0, 1000);
    CU_ASSERT_EQUAL(h.nseg, 2);
    CU_ASSERT_EQUAL(h.len[0], 100);
    VDC_ASSERT_NEAR(h.mass[0], 0.9, 1e-12);
    /* expected distinct = sum over segments of len (1 - exp(-N m / len)) */
    double e = 100 * (1 - exp(-1000 * 0.9 / 100)) + 900 * (1 - exp(-1000 * 0.1 / 900));
    VDC_ASSERT_NEAR(vdc_law_expected_unique(&h, 1000), e, 1e-9);
    vdc_law_free(&h);
    vdc_law z = mk(VDC_LAW_UNIFORM, 0, 0, 0, 0, 1000);       /* nothing written */
    CU_ASSERT_EQUAL(z.nseg, 0);
    CU_ASSERT_EQUAL(vdc_law_expected_unique(&z, 1e6), 0);
    vdc_law_free(&z);
}

static void t_zipf_masses(void)
{
    const double ss[] = { 0.6, 1.0, 1.7 };
    for (int k = 0; k < 3; k++) {
        uint64_t W = 200000;
        vdc_law z = mk(VDC_LAW_ZIPF, 1, 0, 0, ss[k], W);
        double tot = 0;
        for (uint64_t r = 1; r <= W; r++)
            tot += pow((double)r, -ss[k]);
        double msum = 0, worst = 0;
        for (int j = 0; j < z.nseg; j++) {
            double ex = 0;
            for (uint64_t r = z.lo[j] + 1; r <= z.lo[j] + z.len[j]; r++)
                ex += pow((double)r, -ss[k]);
            ex /= tot;
            double rel = fabs(z.mass[j] - ex) / ex;
            worst = rel > worst ? rel : worst;
            msum += z.mass[j];
            /* inside a segment the weights differ by at most the ratio */
            double ratio = pow((double)(z.lo[j] + z.len[j]) / (double)(z.lo[j] + 1), ss[k]);
            CU_ASSERT(ratio <= VDC_LAW_ZIPF_RATIO * (1 + 1e-9) || z.len[j] == 1);
        }
        VDC_ASSERT_NEAR(msum, 1, 1e-12);
        CU_ASSERT(worst < 1e-4);
        CU_ASSERT(z.nseg < 3000);
        vdc_law_free(&z);
    }
}

static void t_alias_frequencies(void)
{
    vdc_law h = mk(VDC_LAW_HOTCOLD, 0.5, 0.2, 0.8, 0, 10000);
    vdc_dirty d;
    CU_ASSERT_EQUAL_FATAL(vdc_dirty_init(&d, 10000, 42), 0);
    int hot = 0, out = 0, n = 400000;
    for (int i = 0; i < n; i++) {
        uint64_t p = vdc_law_draw(&h, vdc_dirty_next(&d), vdc_dirty_next(&d), vdc_dirty_next(&d));
        hot += p < 1000;
        out += p >= 5000;
    }
    VDC_ASSERT_NEAR((double)hot / n, 0.8, 4 * sqrt(0.8 * 0.2 / n));
    CU_ASSERT_EQUAL(out, 0);
    vdc_dirty_free(&d);
    vdc_law_free(&h);
}

/* ---- kernels ------------------------------------------------------------ */

static uint64_t ref_count(const uint64_t *b, size_t n)
{
    uint64_t c = 0;
    for (size_t i = 0; i < n * 64; i++)
        c += (b[i / 64] >> (i % 64)) & 1;
    return c;
}

static void t_kernels_all_isas_identical(void)
{
    const size_t sizes[] = { 1, 3, 7, 8, 15, 16, 17, 31, 33, 1000, 4099 };
    uint64_t s = 99;
    for (size_t k = 0; k < sizeof sizes / sizeof *sizes; k++) {
        size_t n = sizes[k];
        uint64_t *b0 = malloc(n * 8), *a0 = malloc(n * 8), *b = malloc(n * 8), *a = malloc(n * 8);
        for (size_t i = 0; i < n; i++) {
            b0[i] = vdc_rng_splitmix64(&s) & vdc_rng_splitmix64(&s);
            a0[i] = vdc_rng_splitmix64(&s);
        }
        uint64_t want = ref_count(b0, n);
        uint64_t want_andnot = 0;
        for (size_t i = 0; i < n; i++)
            want_andnot += ref_count((uint64_t[]){ a0[i] & ~b0[i] }, 1);
        for (int isa = VDC_ISA_PORTABLE; isa <= vdc_bitmap_isa_best(); isa++) {
            vdc_bitmap_force_isa(isa);
            CU_ASSERT_EQUAL(vdc_bitmap_isa(), isa);
            CU_ASSERT_EQUAL(vdc_bitmap_count(b0, n), want);
            CU_ASSERT_EQUAL(vdc_bitmap_andnot_count(a0, b0, n), want_andnot);
            memcpy(b, b0, n * 8);
            memcpy(a, a0, n * 8);
            CU_ASSERT_EQUAL(vdc_bitmap_sync(b, a, n), want);
            bool ok = true;
            for (size_t i = 0; i < n; i++)
                ok = ok && b[i] == 0 && a[i] == (a0[i] | b0[i]);
            CU_ASSERT(ok);
        }
        vdc_bitmap_force_isa(VDC_ISA_AUTO);
        free(b0); free(a0); free(b); free(a);
    }
    fprintf(stderr, " [best ISA: %s] ", vdc_bitmap_isa_name(vdc_bitmap_isa_best()));
}

static void t_fill_and_take(void)
{
    uint64_t b[8];
    const uint64_t cases[][2] = { { 0, 1 }, { 3, 61 }, { 60, 10 }, { 64, 64 }, { 5, 500 }, { 63, 2 } };
    for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
        memset(b, 0, sizeof b);
        vdc_bitmap_fill(b, cases[c][0], cases[c][1]);
        bool ok = true;
        for (uint64_t i = 0; i < 512; i++)
            ok = ok && vdc_bitmap_test(b, i) == (i >= cases[c][0] && i < cases[c][0] + cases[c][1]);
        CU_ASSERT(ok);
    }
    /* take: pages 10..19 and 300..309 set; from cursor 15 take 7 ->
     * 15..19 then 300, 301; cursor after 301; then wrap */
    memset(b, 0, sizeof b);
    vdc_bitmap_fill(b, 10, 10);
    vdc_bitmap_fill(b, 300, 10);
    uint64_t cur = 15;
    CU_ASSERT_EQUAL(vdc_bitmap_take(b, 400, &cur, 7), 7);
    CU_ASSERT_EQUAL(cur, 302);
    CU_ASSERT(vdc_bitmap_test(b, 302) && !vdc_bitmap_test(b, 301) && vdc_bitmap_test(b, 14));
    CU_ASSERT_EQUAL(vdc_bitmap_take(b, 400, &cur, 100), 13);      /* wraps to 10..14 */
    CU_ASSERT_EQUAL(vdc_bitmap_count(b, 8), 0);
    CU_ASSERT_EQUAL(vdc_bitmap_take(b, 400, &cur, 5), 0);
}

static void t_writes_distinct_pages(void)
{
    uint64_t n = 1 << 20;                 /* 4 GiB of 4 KiB pages */
    vdc_law u = mk(VDC_LAW_UNIFORM, 0.25, 0, 0, 0, n);
    vdc_dirty d;
    CU_ASSERT_EQUAL_FATAL(vdc_dirty_init(&d, n, 0), 0);
    gsl_rng *r = vdc_rng_stream(7, "test/dirty");
    vdc_dirty_seed(&d, r);
    double W = (double)u.wws_pages, N = 200000;
    vdc_dirty_write(&d, &u, r, N);
    double got = (double)vdc_dirty_sync(&d), want = W * (1 - exp(-N / W));
    /* Poisson N (sd ~ sqrt N e^(-N/W)) plus occupancy variance: 5 sd */
    VDC_ASSERT_NEAR(got, want, 5 * sqrt(N));
    CU_ASSERT_EQUAL(vdc_bitmap_count(d.bits, d.nwords), 0);
    CU_ASSERT_EQUAL((double)vdc_bitmap_count(d.ever, d.nwords), got);
    /* 40+ writes per page: the whole WWS, nothing beyond it */
    vdc_dirty_write(&d, &u, r, 41 * W);
    CU_ASSERT_EQUAL((double)vdc_bitmap_count(d.bits, d.nwords), W);
    CU_ASSERT_FALSE(vdc_bitmap_test(d.bits, u.wws_pages));
    gsl_rng_free(r);
    vdc_dirty_free(&d);
    vdc_law_free(&u);
}

static void t_same_seed_same_bits(void)
{
    uint64_t n = 100000;
    vdc_law z = mk(VDC_LAW_ZIPF, 0.5, 0, 0, 1.1, n);
    uint64_t h[2] = { 0, 0 };
    for (int k = 0; k < 2; k++) {
        vdc_dirty d;
        CU_ASSERT_EQUAL_FATAL(vdc_dirty_init(&d, n, 0), 0);
        gsl_rng *r = vdc_rng_stream(3, "test/same");
        vdc_dirty_seed(&d, r);
        vdc_dirty_write(&d, &z, r, 50000);
        for (size_t i = 0; i < d.nwords; i++)
            h[k] = h[k] * 1000003 ^ d.bits[i];
        gsl_rng_free(r);
        vdc_dirty_free(&d);
    }
    CU_ASSERT_EQUAL(h[0], h[1]);
    CU_ASSERT_NOT_EQUAL(h[0], 0);
    vdc_law_free(&z);
}

static const vdc_test tests[] = {
    { "uniform and hot/cold segments, expected distinct pages", t_uniform_and_hotcold },
    { "zipf segment masses match exact sums", t_zipf_masses },
    { "alias draws follow the law", t_alias_frequencies },
    { "bitmap kernels identical on every ISA level", t_kernels_all_isas_identical },
    { "fill ranges and take bits in scan order", t_fill_and_take },
    { "uniform writes hit the expected distinct pages", t_writes_distinct_pages },
    { "same seed gives the same bitmap", t_same_seed_same_bits },
    { 0 }
};
VDC_TEST_MAIN("migration_dirty", tests)
