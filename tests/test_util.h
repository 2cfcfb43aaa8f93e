/* test_util.h -- the few helpers every CUnit test file shares.
 *
 * Each tests/test_*.c is its own executable with one suite (so that model
 * tests can be added without touching a central list):
 *
 *     static const vdc_test tests[] = { {"name", fn}, {0} };
 *     VDC_TEST_MAIN("suite", tests)
 *
 * Run from the project root (tests open scenarios/ and tests/ files).
 */
#ifndef VDC_TEST_UTIL_H
#define VDC_TEST_UTIL_H

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include <CUnit/Basic.h>
#include <CUnit/CUnit.h>

typedef struct vdc_test {
    const char *name;
    void (*fn)(void);
} vdc_test;

#define VDC_ASSERT_NEAR(a, b, tol) do {                                      \
        double a_ = (a), b_ = (b);                                            \
        if (!(fabs(a_ - b_) <= (tol)))                                        \
            fprintf(stderr, "\n  %s:%d: %s = %.9g, expected %.9g +- %g\n",    \
                    __FILE__, __LINE__, #a, a_, b_, (double)(tol));           \
        CU_ASSERT(fabs(a_ - b_) <= (tol));                                    \
    } while (0)

static inline int vdc_test_main(const char *suite, const vdc_test *tests)
{
    if (CU_initialize_registry() != CUE_SUCCESS)
        return 1;
    CU_pSuite s = CU_add_suite(suite, NULL, NULL);
    for (const vdc_test *t = tests; t->name; t++)
        CU_add_test(s, t->name, t->fn);
    CU_basic_set_mode(CU_BRM_NORMAL);
    CU_basic_run_tests();
    unsigned failed = CU_get_number_of_failures() + CU_get_number_of_tests_failed();
    CU_cleanup_registry();
    return failed ? 1 : 0;
}

#define VDC_TEST_MAIN(suite, tests) \
    int main(void) { return vdc_test_main((suite), (tests)); }

#endif
