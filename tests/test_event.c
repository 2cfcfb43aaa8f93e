/* test_event.c -- the engine's contract (sim/event.h): order by time then
 * insertion, O(1) cancellation with stale-handle safety, timers, clock
 * overflow as an error, run-until semantics, and heap order under load
 * checked against a sort of the same random times. */
#include <stdlib.h>
#include <string.h>

#include "event.h"
#include "rng.h"
#include "test_util.h"

typedef struct rec {
    int n;
    int order[4096];
    vdc_time at[4096];
} rec;

static void record(vdc_engine *e, void *ctx, uint64_t arg)
{
    rec *r = ctx;
    if (r->n < 4096) {
        r->order[r->n] = (int)arg;
        r->at[r->n++] = vdc_engine_now(e);
    }
}

static void test_order_and_ties(void)
{
    vdc_engine *e = vdc_engine_new();
    rec r = { 0 };
    vdc_engine_at(e, 30, record, &r, 0);
    vdc_engine_at(e, 10, record, &r, 1);
    vdc_engine_at(e, 20, record, &r, 2);
    vdc_engine_at(e, 10, record, &r, 3);   /* same time as 1: runs after it */
    vdc_engine_at(e, 10, record, &r, 4);
    CU_ASSERT_EQUAL(vdc_engine_run(e, VDC_TIME_MAX), 0);
    int want[] = { 1, 3, 4, 2, 0 };
    CU_ASSERT_EQUAL(r.n, 5);
    for (int i = 0; i < 5; i++)
        CU_ASSERT_EQUAL(r.order[i], want[i]);
    CU_ASSERT_EQUAL(vdc_engine_now(e), 30);
    vdc_engine_free(e);
}

/* Random times with many ties: the engine's order must equal a stable sort. */
static int cmp_pair(const void *a, const void *b)
{
    const int64_t *x = a, *y = b;
    return x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : (x[1] < y[1] ? -1 : x[1] > y[1]);
}

static void test_matches_sort(void)
{
    vdc_engine *e = vdc_engine_new();
    rec r = { 0 };
    gsl_rng *g = vdc_rng_stream(42, "test/event");
    int64_t pairs[4000][2];
    for (int i = 0; i < 4000; i++) {
        pairs[i][0] = (int64_t)gsl_rng_uniform_int(g, 500);   /* many ties */
        pairs[i][1] = i;
        vdc_engine_at(e, pairs[i][0], record, &r, (uint64_t)i);
    }
    qsort(pairs, 4000, sizeof pairs[0], cmp_pair);
    CU_ASSERT_EQUAL(vdc_engine_run(e, VDC_TIME_MAX), 0);
    CU_ASSERT_EQUAL(r.n, 4000);
    int bad = 0;
    for (int i = 0; i < 4000; i++)
        bad += r.order[i] != pairs[i][1];
    CU_ASSERT_EQUAL(bad, 0);
    gsl_rng_free(g);
    vdc_engine_free(e);
}

static void test_cancel(void)
{
    vdc_engine *e = vdc_engine_new();
    rec r = { 0 };
    vdc_event_id a = vdc_engine_at(e, 10, record, &r, 1);
    vdc_event_id b = vdc_engine_at(e, 20, record, &r, 2);
    CU_ASSERT(vdc_engine_pending(e, a));
    CU_ASSERT(vdc_engine_cancel(e, a));
    CU_ASSERT(!vdc_engine_cancel(e, a));          /* second cancel: no-op */
    CU_ASSERT(!vdc_engine_pending(e, a));
    CU_ASSERT_EQUAL(vdc_engine_queued(e), 1);
    CU_ASSERT_EQUAL(vdc_engine_run(e, VDC_TIME_MAX), 0);
    CU_ASSERT_EQUAL(r.n, 1);
    CU_ASSERT_EQUAL(r.order[0], 2);
    CU_ASSERT(!vdc_engine_cancel(e, b));          /* already ran */
    /* a stale handle must not cancel the event that reuses its slot */
    vdc_event_id c = vdc_engine_at(e, 30, record, &r, 3);
    CU_ASSERT(!vdc_engine_cancel(e, a));
    CU_ASSERT(!vdc_engine_cancel(e, b));
    CU_ASSERT(vdc_engine_pending(e, c));
    CU_ASSERT(!vdc_engine_cancel(e, 0));
    vdc_engine_free(e);
}

static vdc_time tick(vdc_engine *e, void *ctx, uint64_t arg)
{
    rec *r = ctx;
    record(e, ctx, arg);
    return r->n < 5 ? 7 : VDC_TIMER_STOP;
}

static void test_timer(void)
{
    vdc_engine *e = vdc_engine_new();
    rec r = { 0 };
    vdc_engine_timer(e, 3, tick, &r, 9);
    CU_ASSERT_EQUAL(vdc_engine_run(e, VDC_TIME_MAX), 0);
    CU_ASSERT_EQUAL(r.n, 5);
    for (int i = 0; i < 5; i++)
        CU_ASSERT_EQUAL(r.at[i], 3 + 7 * i);
    vdc_engine_free(e);
}

static vdc_time self_cancel(vdc_engine *e, void *ctx, uint64_t arg)
{
    vdc_event_id *id = ctx;
    (void)arg;
    CU_ASSERT(vdc_engine_cancel(e, *id));
    return 5;                   /* would repeat, but it cancelled itself */
}

static void test_timer_cancel(void)
{
    vdc_engine *e = vdc_engine_new();
    rec r = { 0 };
    vdc_event_id id = vdc_engine_timer(e, 1, tick, &r, 0);
    vdc_engine_run(e, 9);                     /* runs at 1 and 8 */
    CU_ASSERT_EQUAL(r.n, 2);
    CU_ASSERT(vdc_engine_cancel(e, id));
    CU_ASSERT_EQUAL(vdc_engine_run(e, VDC_TIME_MAX), 0);
    CU_ASSERT_EQUAL(r.n, 2);
    vdc_event_id sid;
    sid = vdc_engine_timer(e, 100, self_cancel, &sid, 0);
    CU_ASSERT_EQUAL(vdc_engine_run(e, VDC_TIME_MAX), 0);
    CU_ASSERT_EQUAL(vdc_engine_queued(e), 0);
    vdc_engine_free(e);
}

static void test_run_until(void)
{
    vdc_engine *e = vdc_engine_new();
    rec r = { 0 };
    vdc_engine_at(e, 10, record, &r, 1);
    vdc_engine_at(e, 50, record, &r, 2);
    CU_ASSERT_EQUAL(vdc_engine_run(e, 40), 0);
    CU_ASSERT_EQUAL(r.n, 1);
    CU_ASSERT_EQUAL(vdc_engine_now(e), 40);       /* clock advanced to the end */
    CU_ASSERT_EQUAL(vdc_engine_run(e, 50), 0);   /* inclusive end */
    CU_ASSERT_EQUAL(r.n, 2);
    vdc_engine_free(e);
}

static void late(vdc_engine *e, void *ctx, uint64_t arg)
{
    (void)ctx;
    vdc_engine_after(e, (vdc_time)arg, record, NULL, 0);
}

static void test_overflow(void)
{
    vdc_engine *e = vdc_engine_new();
    vdc_engine_at(e, VDC_TIME_MAX - 5, late, NULL, 10);   /* now + 10 overflows */
    int rc = vdc_engine_run(e, VDC_TIME_MAX);
    CU_ASSERT_EQUAL(rc, VDC_ESIM);
    CU_ASSERT_PTR_NOT_NULL(strstr(vdc_engine_error(e)->msg, "overflow"));
    vdc_engine_free(e);

    e = vdc_engine_new();
    rec r = { 0 };
    vdc_engine_at(e, 100, record, &r, 0);
    vdc_engine_run(e, 100);
    CU_ASSERT_EQUAL(vdc_engine_at(e, 50, record, &r, 0), 0);   /* the past */
    CU_ASSERT_EQUAL(vdc_engine_run(e, VDC_TIME_MAX), VDC_ESIM);
    vdc_engine_free(e);

    e = vdc_engine_new();
    CU_ASSERT_EQUAL(vdc_engine_after(e, -1, record, &r, 0), 0);
    CU_ASSERT_EQUAL(vdc_engine_run(e, VDC_TIME_MAX), VDC_ESIM);
    vdc_engine_free(e);
}

/* The hold model keeps the queue size constant: the pool must stop growing. */
typedef struct hold { gsl_rng *g; long left; } hold;
static void hold_ev(vdc_engine *e, void *ctx, uint64_t arg)
{
    hold *h = ctx;
    if (--h->left > 0)
        vdc_engine_after(e, 1 + (vdc_time)gsl_rng_uniform_int(h->g, 1000), hold_ev, h, arg);
}

static void test_hold_steady(void)
{
    vdc_engine *e = vdc_engine_new();
    hold h = { vdc_rng_stream(1, "hold"), 200000 };
    for (int i = 0; i < 1000; i++)
        vdc_engine_after(e, (vdc_time)gsl_rng_uniform_int(h.g, 1000), hold_ev, &h, 0);
    CU_ASSERT_EQUAL(vdc_engine_run(e, VDC_TIME_MAX), 0);
    CU_ASSERT(vdc_engine_handled(e) >= 200000);
    CU_ASSERT_EQUAL(vdc_engine_queued(e), 0);
    gsl_rng_free(h.g);
    vdc_engine_free(e);
}

static const vdc_test tests[] = {
    { "order by time, ties by insertion", test_order_and_ties },
    { "order equals a stable sort (4000 random events)", test_matches_sort },
    { "cancel is O(1) and stale handles are harmless", test_cancel },
    { "timer repeats with its returned delay", test_timer },
    { "timer cancelled from outside and from itself", test_timer_cancel },
    { "run until a time, inclusive", test_run_until },
    { "clock overflow and the past are errors", test_overflow },
    { "hold model drains", test_hold_steady },
    { 0 }
};
VDC_TEST_MAIN("event", tests)
