/* test_event.c -- the engine's contract (sim/event.h): order by time then
 * insertion, O(1) cancellation with stale-handle safety, timers, clock
 * overflow as an error, run-until semantics, and heap order under load
 * checked against a sort of the same random times. */
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_randist.h>

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

/* ---- differential test: the engine against a reference priority queue ---
 * Events with a mix of delays (zero, tiny, exponential, huge, beyond any
 * calendar year), children scheduled by handlers, random cancellations.  A
 * log of schedule / cancel / execute is replayed on a plain binary heap:
 * every executed event must be the minimum (time, scheduling order) of the
 * events pending at that moment, and every pending event must run. */
enum { LOG_SCHED, LOG_CANCEL, LOG_EXEC };
typedef struct logent { int op; int id; vdc_time t; } logent;
typedef struct mix {
    vdc_engine *e;
    gsl_rng *g;
    logent *log; int nlog, cap;
    vdc_event_id *ids; int nids;
    int executed, budget;
} mix;

static void mix_log(mix *m, int op, int id, vdc_time t)
{
    if (m->nlog == m->cap) {
        m->cap = m->cap ? 2 * m->cap : 1 << 16;
        m->log = realloc(m->log, (size_t)m->cap * sizeof *m->log);
    }
    m->log[m->nlog++] = (logent){ op, id, t };
}

static void mix_ev(vdc_engine *e, void *ctx, uint64_t arg);

static void mix_schedule(mix *m)
{
    double u = gsl_rng_uniform(m->g);
    vdc_time d;
    if (u < 0.2) d = 0;
    else if (u < 0.4) d = (vdc_time)gsl_rng_uniform_int(m->g, 100);
    else if (u < 0.8) d = (vdc_time)gsl_ran_exponential(m->g, 1e6);
    else if (u < 0.95) d = (vdc_time)(gsl_rng_uniform(m->g) * 1e12);
    else d = (vdc_time)(gsl_rng_uniform(m->g) * 1e15);
    int id = m->nids++;
    if ((m->nids & (m->nids - 1)) == 0)        /* grow at powers of two */
        m->ids = realloc(m->ids, 2 * (size_t)m->nids * sizeof *m->ids);
    m->ids[id] = vdc_engine_after(m->e, d, mix_ev, m, (uint64_t)id);
    mix_log(m, LOG_SCHED, id, vdc_engine_now(m->e) + d);
}

static void mix_ev(vdc_engine *e, void *ctx, uint64_t arg)
{
    mix *m = ctx;
    mix_log(m, LOG_EXEC, (int)arg, vdc_engine_now(e));
    if (++m->executed >= m->budget)
        return;
    int kids = (int)gsl_rng_uniform_int(m->g, 3);           /* 0, 1 or 2 */
    for (int k = 0; k < kids; k++)
        mix_schedule(m);
    if (gsl_rng_uniform(m->g) < 0.1 && m->nids > 0) {      /* cancel someone */
        int victim = (int)gsl_rng_uniform_int(m->g, (unsigned long)m->nids);
        if (vdc_engine_cancel(e, m->ids[victim]))
            mix_log(m, LOG_CANCEL, victim, 0);
    }
}

typedef struct rk { vdc_time t; int id; } rk;
static int rk_less(rk a, rk b) { return a.t < b.t || (a.t == b.t && a.id < b.id); }

static void test_differential(void)
{
    mix m = { 0 };
    m.e = vdc_engine_new();
    m.g = vdc_rng_stream(5, "test/event/mix");
    m.budget = 300000;
    for (int i = 0; i < 20000; i++)
        mix_schedule(&m);
    CU_ASSERT_EQUAL(vdc_engine_run(m.e, VDC_TIME_MAX), 0);
    /* replay on a binary heap with lazy deletion */
    rk *h = malloc((size_t)m.nids * sizeof *h);
    char *gone = calloc((size_t)m.nids, 1);
    int n = 0, bad = 0, execs = 0;
    vdc_time last = 0;
    for (int i = 0; i < m.nlog && bad < 5; i++) {
        logent L = m.log[i];
        if (L.op == LOG_SCHED) {
            rk x = { L.t, L.id };
            int j = n++;
            while (j > 0 && rk_less(x, h[(j - 1) / 2])) { h[j] = h[(j - 1) / 2]; j = (j - 1) / 2; }
            h[j] = x;
        } else if (L.op == LOG_CANCEL) {
            gone[L.id] = 1;
        } else {
            execs++;
            while (n > 0 && gone[h[0].id]) {                /* drop cancelled */
                rk x = h[--n];
                int j = 0;
                for (;;) {
                    int c = 2 * j + 1;
                    if (c >= n) break;
                    if (c + 1 < n && rk_less(h[c + 1], h[c])) c++;
                    if (!rk_less(h[c], x)) break;
                    h[j] = h[c]; j = c;
                }
                if (n > 0) h[j] = x;
            }
            if (n == 0 || h[0].id != L.id || L.t < last) {
                bad++;
                fprintf(stderr, "\n  step %d: ran id %d at %lld, reference min id %d at %lld",
                        i, L.id, (long long)L.t, n ? h[0].id : -1, n ? (long long)h[0].t : -1LL);
            }
            last = L.t;
            gone[L.id] = 1;
        }
    }
    CU_ASSERT_EQUAL(bad, 0);
    CU_ASSERT(execs >= 300000);
    /* everything scheduled either ran or was cancelled */
    int missing = 0;
    for (int i = 0; i < m.nids; i++)
        missing += !gone[i];
    CU_ASSERT_EQUAL(missing, 0);
    CU_ASSERT_EQUAL(vdc_engine_queued(m.e), 0);
    free(h);
    free(gone);
    free(m.log);
    free(m.ids);
    gsl_rng_free(m.g);
    vdc_engine_free(m.e);
}

static const vdc_test tests[] = {
    { "differential: random mix against a reference heap", test_differential },
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
