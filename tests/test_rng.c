/* test_rng.c -- named random streams (sim/rng.h): reproducible, independent
 * of which other streams exist, distinct per name and per seed, usable with
 * gsl_ran_* distributions. */
#include <gsl/gsl_randist.h>
#include <stdlib.h>
#include <string.h>

#include "rng.h"
#include "test_util.h"

static void test_reproducible(void)
{
    gsl_rng *a = vdc_rng_stream(7, "vm/web-3/io");
    gsl_rng *b = vdc_rng_stream(7, "vm/web-3/io");
    for (int i = 0; i < 1000; i++)
        CU_ASSERT_EQUAL(gsl_rng_get(a), gsl_rng_get(b));
    gsl_rng_free(a);
    gsl_rng_free(b);
}

/* Adding a stream (drawing from another) never shifts this one's numbers. */
static void test_independent_of_others(void)
{
    double ref[100], got[100];
    gsl_rng *a = vdc_rng_stream(7, "vm/db-0/dirty");
    for (int i = 0; i < 100; i++)
        ref[i] = gsl_rng_uniform(a);
    gsl_rng_free(a);
    gsl_rng *other = vdc_rng_stream(7, "vm/new-vm/io");
    for (int i = 0; i < 1000; i++)
        gsl_rng_uniform(other);
    a = vdc_rng_stream(7, "vm/db-0/dirty");
    for (int i = 0; i < 100; i++)
        got[i] = gsl_rng_uniform(a);
    CU_ASSERT_EQUAL(memcmp(ref, got, sizeof ref), 0);
    gsl_rng_free(a);
    gsl_rng_free(other);
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

static void test_distinct(void)
{
    /* different names, different seeds: different seeds of the generator */
    CU_ASSERT_NOT_EQUAL(vdc_rng_seed_of(1, "a"), vdc_rng_seed_of(1, "b"));
    CU_ASSERT_NOT_EQUAL(vdc_rng_seed_of(1, "a"), vdc_rng_seed_of(2, "a"));
    CU_ASSERT_NOT_EQUAL(vdc_rng_seed_of(1, "web-1"), vdc_rng_seed_of(1, "web-10"));
    /* 100k names: no two streams share a 64-bit seed */
    enum { N = 100000 };
    static uint64_t s[N];
    for (int i = 0; i < N; i++) {
        char n[32];
        snprintf(n, sizeof n, "vm/vm-%d/io", i);
        s[i] = vdc_rng_seed_of(3, n);
    }
    qsort(s, N, sizeof *s, cmp_u64);
    int dup = 0;
    for (int i = 1; i < N; i++)
        dup += s[i] == s[i - 1];
    CU_ASSERT_EQUAL(dup, 0);
}

/* Sanity of the generator through GSL: moments of uniform and exponential. */
static void test_moments(void)
{
    gsl_rng *g = vdc_rng_stream(11, "moments");
    double su = 0, se = 0, su2 = 0;
    const int n = 200000;
    for (int i = 0; i < n; i++) {
        double u = gsl_rng_uniform(g);
        CU_ASSERT(u >= 0 && u < 1);
        su += u;
        su2 += u * u;
        se += gsl_ran_exponential(g, 5.0);
    }
    VDC_ASSERT_NEAR(su / n, 0.5, 0.005);
    VDC_ASSERT_NEAR(su2 / n - (su / n) * (su / n), 1.0 / 12, 0.002);
    VDC_ASSERT_NEAR(se / n, 5.0, 0.06);
    CU_ASSERT_STRING_EQUAL(gsl_rng_name(g), "vdc-xoshiro256**");
    gsl_rng_free(g);
}

static const vdc_test tests[] = {
    { "same seed and name, same numbers", test_reproducible },
    { "a stream does not depend on other streams", test_independent_of_others },
    { "names and seeds give distinct streams", test_distinct },
    { "uniform and exponential moments", test_moments },
    { 0 }
};
VDC_TEST_MAIN("rng", tests)
