/* bench_util.h -- what several benchmarks share: a monotonic clock in
 * seconds, and a growing text buffer for the scenarios they generate.
 * Header-only (static inline): each benchmark is one translation unit. */
#ifndef VDC_BENCH_UTIL_H
#define VDC_BENCH_UTIL_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static inline double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

typedef struct buf { char *p; size_t n, cap; } buf;

static inline void put(buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static inline void put(buf *b, const char *fmt, ...)
{
    for (;;) {
        va_list ap;
        va_start(ap, fmt);
        int k = vsnprintf(b->p + b->n, b->cap - b->n, fmt, ap);
        va_end(ap);
        if (k >= 0 && (size_t)k < b->cap - b->n) {
            b->n += (size_t)k;
            return;
        }
        b->cap = b->cap * 2 + (size_t)k + 64;
        b->p = realloc(b->p, b->cap);
        if (!b->p) {
            perror("realloc");
            exit(1);
        }
    }
}

#endif
