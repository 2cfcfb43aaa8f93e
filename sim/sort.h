/* sort.h -- sort an array of indices with a comparison that takes a context.
 *
 * C11's qsort has no context argument, so sorting indices by a key array
 * needs a global, which makes the library unsafe to run in two threads.
 * vdc_sort_idx passes `ctx` through instead.  The comparison must be a total
 * order (break ties by index): the result is then the same whatever the
 * algorithm, so switching from qsort changes no output.  O(n log n) heap
 * sort, insertion sort below 16 elements; no allocation.
 */
#ifndef VDC_SORT_H
#define VDC_SORT_H

#include <stddef.h>

/* <0, 0, >0 as a sorts before, with, after b. */
typedef int (*vdc_sort_cmp)(int a, int b, const void *ctx);

void vdc_sort_idx(int *idx, size_t n, vdc_sort_cmp cmp, const void *ctx);

#endif
