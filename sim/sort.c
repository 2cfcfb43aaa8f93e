/* sort.c -- index sort with a context (see sort.h): heap sort, insertion
 * sort for short arrays (the common case: the vCPUs of one host). */
#include "sort.h"

static void sift_down(int *a, size_t n, size_t i, vdc_sort_cmp cmp, const void *ctx)
{
    int x = a[i];
    for (;;) {
        size_t c = 2 * i + 1;
        if (c >= n)
            break;
        if (c + 1 < n && cmp(a[c], a[c + 1], ctx) < 0)
            c++;
        if (cmp(x, a[c], ctx) >= 0)
            break;
        a[i] = a[c];
        i = c;
    }
    a[i] = x;
}

void vdc_sort_idx(int *a, size_t n, vdc_sort_cmp cmp, const void *ctx)
{
    if (n < 2)
        return;
    if (n <= 16) {
        for (size_t i = 1; i < n; i++) {
            int x = a[i];
            size_t j = i;
            for (; j > 0 && cmp(a[j - 1], x, ctx) > 0; j--)
                a[j] = a[j - 1];
            a[j] = x;
        }
        return;
    }
    for (size_t i = n / 2; i-- > 0;)
        sift_down(a, n, i, cmp, ctx);
    for (size_t end = n - 1; end > 0; end--) {
        int t = a[0];
        a[0] = a[end];
        a[end] = t;
        sift_down(a, end, 0, cmp, ctx);
    }
}
