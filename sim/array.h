/* array.h -- arrays that grow by doubling (amortised O(1) appends).
 *
 * vdc_array_grow(&p, &cap, need, sizeof *p) makes room for `need` elements
 * of an int-counted array: 0, or VDC_ENOMEM with the array unchanged.
 */
#ifndef VDC_ARRAY_H
#define VDC_ARRAY_H

#include <stdint.h>
#include <stdlib.h>

#include "error.h"

static inline int vdc_array_grow(void **p, int *cap, int need, size_t elem)
{
    if (need <= *cap)
        return 0;
    int c = *cap ? *cap : 16;
    while (c < need)
        c = c > INT32_MAX / 2 ? need : c * 2;
    void *q = realloc(*p, (size_t)c * elem);
    if (!q)
        return VDC_ENOMEM;
    *p = q;
    *cap = c;
    return 0;
}

#endif
