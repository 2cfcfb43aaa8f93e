/* event.c -- pooled events on a 4-ary min-heap ordered by (time, seq).
 *
 * Why 4-ary: half the depth of a binary heap, and the four children of a
 * node sit in one or two cache lines; tests/bench/bench_event.c measures it
 * against a plain binary heap (tests/bench/RESULTS.md).
 *
 * Cancellation is lazy: the pool slot is marked dead and its generation
 * bumped; the heap entry stays until it reaches the root, where it is
 * dropped.  So cancel is O(1) and a stale handle can never hit a reused slot.
 */
#include "event.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

volatile int vdc_engine_interrupted;

enum { SLOT_FREE = 0, SLOT_LIVE = 1, SLOT_DEAD = 2, SLOT_RUNNING = 3 };

typedef struct slot {
    union { vdc_event_fn ev; vdc_timer_fn timer; } fn;
    void *ctx;
    uint64_t arg;
    uint32_t gen;       /* bumped when the slot is freed or cancelled */
    uint8_t state;
    uint8_t is_timer;
    uint32_t next_free;
} slot;

typedef struct hent {   /* heap entry: key (t, seq) and the pool slot */
    vdc_time t;
    uint64_t seq;
    uint32_t slot;
} hent;

struct vdc_engine {
    vdc_time now;
    uint64_t seq;
    uint64_t handled;
    uint64_t live;
    hent *heap;
    uint32_t n, cap;
    bool root_vacant;    /* the root's event is being handled */
    slot *pool;
    uint32_t pool_n, pool_cap, free_head;
    vdc_error err;
    bool failed;
    vdc_progress_fn progress;
    void *progress_ctx;
};

#define NO_SLOT UINT32_MAX
#define ARITY 4

static inline bool before(const hent *a, const hent *b)
{
    return a->t < b->t || (a->t == b->t && a->seq < b->seq);
}

vdc_engine *vdc_engine_new(void)
{
    vdc_engine *e = calloc(1, sizeof *e);
    if (!e)
        return NULL;
    e->free_head = NO_SLOT;
    return e;
}

void vdc_engine_free(vdc_engine *e)
{
    if (!e)
        return;
    free(e->heap);
    free(e->pool);
    free(e);
}

void vdc_engine_fail(vdc_engine *e, int code, const char *fmt, ...)
{
    if (e->failed)
        return;             /* keep the first error: it is the cause */
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->err.msg, sizeof e->err.msg, fmt, ap);
    va_end(ap);
    e->err.code = code;
    e->failed = true;
}

const vdc_error *vdc_engine_error(const vdc_engine *e) { return &e->err; }
vdc_time vdc_engine_now(const vdc_engine *e) { return e->now; }
uint64_t vdc_engine_handled(const vdc_engine *e) { return e->handled; }
uint64_t vdc_engine_queued(const vdc_engine *e) { return e->live; }

void vdc_engine_set_progress(vdc_engine *e, vdc_progress_fn fn, void *ctx)
{
    e->progress = fn;
    e->progress_ctx = ctx;
}

/* ---- pool ------------------------------------------------------------ */

static uint32_t slot_alloc(vdc_engine *e)
{
    if (e->free_head != NO_SLOT) {
        uint32_t s = e->free_head;
        e->free_head = e->pool[s].next_free;
        return s;
    }
    if (e->pool_n == e->pool_cap) {
        uint32_t cap = e->pool_cap ? e->pool_cap * 2 : 1024;
        if (cap <= e->pool_cap || cap >= NO_SLOT)
            return NO_SLOT;
        slot *p = realloc(e->pool, (size_t)cap * sizeof *p);
        if (!p)
            return NO_SLOT;
        e->pool = p;
        e->pool_cap = cap;
    }
    e->pool[e->pool_n].gen = 1;
    return e->pool_n++;
}

static void slot_release(vdc_engine *e, uint32_t s)
{
    e->pool[s].state = SLOT_FREE;
    e->pool[s].gen++;
    e->pool[s].next_free = e->free_head;
    e->free_head = s;
}

/* ---- heap ------------------------------------------------------------ */

static void sift_down(hent *h, uint32_t n, uint32_t i, hent x)
{
    for (;;) {
        uint32_t c = i * ARITY + 1;
        if (c >= n)
            break;
        uint32_t best = c;
        uint32_t end = c + ARITY < n ? c + ARITY : n;
        for (uint32_t k = c + 1; k < end; k++)
            if (before(&h[k], &h[best]))
                best = k;
        if (!before(&h[best], &x))
            break;
        h[i] = h[best];
        i = best;
    }
    h[i] = x;
}

static void sift_up(hent *h, uint32_t i, hent x)
{
    while (i > 0) {
        uint32_t p = (i - 1) / ARITY;
        if (!before(&x, &h[p]))
            break;
        h[i] = h[p];
        i = p;
    }
    h[i] = x;
}

static bool heap_insert(vdc_engine *e, hent x)
{
    if (e->root_vacant) {        /* replace-top: one sift-down, no sift-up */
        e->root_vacant = false;
        sift_down(e->heap, e->n, 0, x);
        return true;
    }
    if (e->n == e->cap) {
        uint32_t cap = e->cap ? e->cap * 2 : 1024;
        if (cap <= e->cap)
            return false;
        hent *h = realloc(e->heap, (size_t)cap * sizeof *h);
        if (!h)
            return false;
        e->heap = h;
        e->cap = cap;
    }
    sift_up(e->heap, e->n++, x);
    return true;
}

static void heap_pop_root(vdc_engine *e)
{
    e->n--;
    if (e->n > 0)
        sift_down(e->heap, e->n, 0, e->heap[e->n]);
}

/* ---- scheduling ------------------------------------------------------ */

static vdc_event_id make_id(uint32_t s, uint32_t gen)
{
    return ((uint64_t)gen << 32) | s;
}

/* Allocate a slot, fill it and queue it at t; the caller sets the handler.
 * Returns the slot, or NO_SLOT after recording a sticky error. */
static uint32_t schedule(vdc_engine *e, vdc_time t, void *ctx, uint64_t arg, bool timer)
{
    if (e->failed)
        return NO_SLOT;
    if (t < e->now) {
        vdc_engine_fail(e, VDC_ESIM, "event scheduled in the past (t=%lld ns < now=%lld ns)",
                        (long long)t, (long long)e->now);
        return NO_SLOT;
    }
    uint32_t s = slot_alloc(e);
    if (s == NO_SLOT) {
        vdc_engine_fail(e, VDC_ENOMEM, "out of memory for events");
        return NO_SLOT;
    }
    slot *sl = &e->pool[s];
    sl->ctx = ctx;
    sl->arg = arg;
    sl->state = SLOT_LIVE;
    sl->is_timer = timer;
    hent x = { t, e->seq++, s };
    if (!heap_insert(e, x)) {
        slot_release(e, s);
        vdc_engine_fail(e, VDC_ENOMEM, "out of memory for the event queue");
        return NO_SLOT;
    }
    e->live++;
    return s;
}

vdc_event_id vdc_engine_at(vdc_engine *e, vdc_time t, vdc_event_fn fn, void *ctx,
                           uint64_t arg)
{
    uint32_t s = schedule(e, t, ctx, arg, false);
    if (s == NO_SLOT)
        return 0;
    e->pool[s].fn.ev = fn;
    return make_id(s, e->pool[s].gen);
}

static bool add_overflows(vdc_engine *e, vdc_time delay)
{
    if (delay < 0) {
        vdc_engine_fail(e, VDC_ESIM, "negative delay %lld ns", (long long)delay);
        return true;
    }
    if (e->now > VDC_TIME_MAX - delay) {
        vdc_engine_fail(e, VDC_ESIM,
                        "clock overflow: now %lld ns + delay %lld ns exceeds the clock's range",
                        (long long)e->now, (long long)delay);
        return true;
    }
    return false;
}

vdc_event_id vdc_engine_after(vdc_engine *e, vdc_time delay, vdc_event_fn fn, void *ctx,
                              uint64_t arg)
{
    if (add_overflows(e, delay))
        return 0;
    return vdc_engine_at(e, e->now + delay, fn, ctx, arg);
}

vdc_event_id vdc_engine_timer(vdc_engine *e, vdc_time first_at, vdc_timer_fn fn,
                              void *ctx, uint64_t arg)
{
    uint32_t s = schedule(e, first_at, ctx, arg, true);
    if (s == NO_SLOT)
        return 0;
    e->pool[s].fn.timer = fn;
    return make_id(s, e->pool[s].gen);
}

static slot *lookup(const vdc_engine *e, vdc_event_id id)
{
    uint32_t s = (uint32_t)id;
    if (id == 0 || s >= e->pool_n)
        return NULL;
    slot *sl = &e->pool[s];
    if (sl->gen != (uint32_t)(id >> 32))
        return NULL;
    /* A running timer may cancel itself (or be cancelled by a callee). */
    if (sl->state != SLOT_LIVE && !(sl->state == SLOT_RUNNING && sl->is_timer))
        return NULL;
    return sl;
}

bool vdc_engine_pending(const vdc_engine *e, vdc_event_id id)
{
    return lookup(e, id) != NULL;
}

bool vdc_engine_cancel(vdc_engine *e, vdc_event_id id)
{
    slot *sl = lookup(e, id);
    if (!sl)
        return false;
    if (sl->state == SLOT_LIVE)
        e->live--;
    sl->state = SLOT_DEAD;   /* the heap entry is dropped when it surfaces */
    sl->gen++;
    return true;
}

/* ---- running --------------------------------------------------------- */

#define POLL_MASK 0xffffu   /* poll interrupt/progress every 64 Ki events */

int vdc_engine_run(vdc_engine *e, vdc_time t_end)
{
    if (e->failed)
        return e->err.code;
    while (e->n > 0) {
        hent top = e->heap[0];
        if (top.t > t_end)
            break;
        slot *sl = &e->pool[top.slot];
        if (sl->state == SLOT_DEAD) {
            heap_pop_root(e);
            slot_release(e, top.slot);
            continue;
        }
        e->now = top.t;
        e->root_vacant = true;
        e->live--;
        sl->state = SLOT_RUNNING;
        if (sl->is_timer) {
            vdc_time next = sl->fn.timer(e, sl->ctx, sl->arg);
            sl = &e->pool[top.slot];         /* the pool may have moved */
            if (next > 0 && sl->state == SLOT_RUNNING && !e->failed &&
                !add_overflows(e, next)) {
                hent x = { e->now + next, e->seq++, top.slot };
                if (heap_insert(e, x)) {    /* same slot, so the same handle */
                    sl->state = SLOT_LIVE;
                    e->live++;
                    goto handled;
                }
                vdc_engine_fail(e, VDC_ENOMEM, "out of memory for the event queue");
            }
        } else {
            sl->fn.ev(e, sl->ctx, sl->arg);
        }
        slot_release(e, top.slot);
    handled:
        if (e->root_vacant) {
            e->root_vacant = false;
            heap_pop_root(e);
        }
        e->handled++;
        if (e->failed)
            return e->err.code;
        if ((e->handled & POLL_MASK) == 0) {
            if (vdc_engine_interrupted ||
                (e->progress && !e->progress(e, e->progress_ctx)))
                return vdc_error_set(&e->err, VDC_EINTR, "interrupted");
        }
    }
    if (vdc_engine_interrupted)
        return vdc_error_set(&e->err, VDC_EINTR, "interrupted");
    if (t_end != VDC_TIME_MAX && t_end > e->now)
        e->now = t_end;
    return 0;
}
