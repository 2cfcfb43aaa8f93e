/* bench_event.c -- the classic hold model on the engine's event queue.
 *
 * 100,000 pending events; each handled event schedules one new event at an
 * exponentially distributed delay (mean 1 ms; delays drawn beforehand from a
 * named GSL stream so drawing costs nothing in the loop).  The same work runs
 * on a plain binary heap written here as the reference, in the same process,
 * alternating, best of 5: figures are events/s and the ratio engine/reference.
 */
#include <gsl/gsl_randist.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "event.h"
#include "rng.h"

#define PENDING 100000
#define EVENTS 20000000L
#define NDELAY (1 << 20)

static vdc_time delays[NDELAY];

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

/* ---- the engine --------------------------------------------------------- */

typedef struct hold { long left; unsigned k; } hold;

static void ev(vdc_engine *e, void *ctx, uint64_t arg)
{
    hold *h = ctx;
    if (--h->left > 0)
        vdc_engine_after(e, delays[h->k++ & (NDELAY - 1)], ev, h, arg);
}

static double run_engine(void)
{
    vdc_engine *e = vdc_engine_new();
    hold h = { EVENTS, 0 };
    for (int i = 0; i < PENDING; i++)
        vdc_engine_after(e, delays[h.k++ & (NDELAY - 1)], ev, &h, 0);
    double t0 = now_s();
    vdc_engine_run(e, VDC_TIME_MAX);
    double dt = now_s() - t0;
    double rate = (double)vdc_engine_handled(e) / dt;
    vdc_engine_free(e);
    return rate;
}

/* ---- reference: a plain binary heap of whole events ------------------- */

typedef struct rev {
    vdc_time t;
    uint64_t seq;
    void (*fn)(void *, uint64_t);
    void *ctx;
    uint64_t arg;
} rev;

typedef struct rheap { rev *a; long n, cap; uint64_t seq; vdc_time now; long handled; } rheap;

static int rless(const rev *x, const rev *y)
{
    return x->t < y->t || (x->t == y->t && x->seq < y->seq);
}

static void rpush(rheap *h, vdc_time t, void (*fn)(void *, uint64_t), void *ctx, uint64_t arg)
{
    if (h->n == h->cap) {
        h->cap = h->cap ? h->cap * 2 : 1024;
        h->a = realloc(h->a, (size_t)h->cap * sizeof *h->a);
    }
    rev x = { t, h->seq++, fn, ctx, arg };
    long i = h->n++;
    while (i > 0 && rless(&x, &h->a[(i - 1) / 2])) {
        h->a[i] = h->a[(i - 1) / 2];
        i = (i - 1) / 2;
    }
    h->a[i] = x;
}

static rev rpop(rheap *h)
{
    rev top = h->a[0], x = h->a[--h->n];
    long i = 0;
    for (;;) {
        long c = 2 * i + 1;
        if (c >= h->n)
            break;
        if (c + 1 < h->n && rless(&h->a[c + 1], &h->a[c]))
            c++;
        if (!rless(&h->a[c], &x))
            break;
        h->a[i] = h->a[c];
        i = c;
    }
    h->a[i] = x;
    return top;
}

typedef struct rhold { rheap *h; long left; unsigned k; } rhold;

static void rev_fn(void *ctx, uint64_t arg)
{
    rhold *r = ctx;
    if (--r->left > 0)
        rpush(r->h, r->h->now + delays[r->k++ & (NDELAY - 1)], rev_fn, r, arg);
}

static double run_reference(void)
{
    rheap h = { 0 };
    rhold r = { &h, EVENTS, 0 };
    for (int i = 0; i < PENDING; i++)
        rpush(&h, delays[r.k++ & (NDELAY - 1)], rev_fn, &r, 0);
    double t0 = now_s();
    while (h.n > 0) {
        rev x = rpop(&h);
        h.now = x.t;
        h.handled++;
        x.fn(x.ctx, x.arg);
    }
    double dt = now_s() - t0;
    free(h.a);
    return (double)h.handled / dt;
}

int main(void)
{
    gsl_rng *g = vdc_rng_stream(1, "bench/hold");
    for (int i = 0; i < NDELAY; i++)
        delays[i] = 1 + (vdc_time)gsl_ran_exponential(g, 1e6);   /* mean 1 ms */
    gsl_rng_free(g);
    double best_e = 0, best_r = 0;
    for (int rep = 0; rep < 5; rep++) {
        double e = run_engine(), r = run_reference();
        if (e > best_e) best_e = e;
        if (r > best_r) best_r = r;
    }
    printf("hold model: %d pending, %ld events, exponential delays, best of 5\n", PENDING, EVENTS);
    printf("  engine (calendar queue, pooled)        : %6.2f M events/s\n", best_e / 1e6);
    printf("  reference (plain binary heap)          : %6.2f M events/s\n", best_r / 1e6);
    printf("  ratio engine/reference                 : %6.2f\n", best_e / best_r);
    return 0;
}
