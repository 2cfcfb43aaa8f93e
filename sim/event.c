/* event.c -- the engine: pooled events, the run loop, cancellation, timers.
 *
 * Events live in a pool of slots (handler, context, argument); the queue
 * (sim/evq.c, a calendar queue with a heap for the current window) holds
 * 16-byte (time, sequence|slot) entries.  tests/bench/bench_event.c measures
 * it against a plain binary heap (tests/bench/RESULTS.md).
 *
 * Cancellation is lazy: the pool slot is marked dead and its generation
 * bumped; the queue entry stays until it comes first, where it is dropped.
 * So cancel is O(1) and a stale handle can never hit a reused slot.
 */
#include "event.h"
#include "evq.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

volatile sig_atomic_t vdc_engine_interrupted;

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

/* Queue entries (sim/evq.h) are 16 bytes: the time, and a key that packs
 * the insertion sequence number (high bits: it breaks ties) above the pool
 * slot (low SLOT_BITS).  Before the sequence would overflow its bits, the
 * pending entries are renumbered in order, which keeps ties. */
typedef vdc_evq_ent hent;

#define SLOT_BITS 26                              /* 67 M pending events */
#define SLOT_MASK ((1u << SLOT_BITS) - 1)
#define SEQ_LIMIT (UINT64_C(1) << (64 - SLOT_BITS))
#define SEQ_MARGIN (UINT64_C(1) << 32)            /* renumber this early */

struct vdc_engine {
    vdc_time now;
    uint64_t seq;
    uint64_t handled;
    uint64_t live;
    vdc_evq q;           /* pending events */
    slot *pool;
    uint32_t pool_n, pool_cap, free_head;
    vdc_error err;
    bool failed;
    vdc_progress_fn progress;
    void *progress_ctx;
};

#define NO_SLOT UINT32_MAX

static inline uint32_t slot_of(const hent *h) { return (uint32_t)(h->key & SLOT_MASK); }

vdc_engine *vdc_engine_new(void)
{
    vdc_engine *e = calloc(1, sizeof *e);
    if (!e)
        return NULL;
    if (vdc_evq_init(&e->q)) {
        vdc_evq_free(&e->q);
        free(e);
        return NULL;
    }
    e->free_head = NO_SLOT;
    return e;
}

void vdc_engine_free(vdc_engine *e)
{
    if (!e)
        return;
    vdc_evq_free(&e->q);
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
    for (char *c = e->err.msg; *c; c++)       /* one line, like vdc_error_set */
        if ((unsigned char)*c < 0x20)
            *c = '?';
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
        if (cap > SLOT_MASK + 1u)
            cap = SLOT_MASK + 1u;
        if (cap <= e->pool_cap)
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

/* ---- scheduling ------------------------------------------------------ */

static vdc_event_id make_id(uint32_t s, uint32_t gen)
{
    return ((uint64_t)gen << 32) | s;
}

static inline uint64_t next_seq(vdc_engine *e)
{
    if (e->seq >= SEQ_LIMIT - 1) {      /* > 2^32 schedulings by one handler */
        vdc_engine_fail(e, VDC_ESIM, "event sequence numbers exhausted");
        return e->seq;
    }
    return e->seq++;
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
    hent x = { t, next_seq(e) << SLOT_BITS | s };
    if (vdc_evq_insert(&e->q, x)) {
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

/* The interrupt flag is read after every event (one load of a volatile:
 * free next to a heap operation), so a signal is acted on within one
 * event however slow events are -- counting events (every 64 Ki) took
 * minutes when each event was slow.  The progress hook, which reads the
 * clock and limits itself to a few redraws a second, is called every
 * 1 Ki events. */
#define POLL_MASK 0x3ffu

int vdc_engine_run(vdc_engine *e, vdc_time t_end)
{
    if (e->failed)
        return e->err.code;
    for (;;) {
        if (e->seq >= SEQ_LIMIT - SEQ_MARGIN) {       /* between events only */
            uint64_t next = vdc_evq_renumber(&e->q, SLOT_BITS);
            if (next == UINT64_MAX) {
                vdc_engine_fail(e, VDC_ENOMEM, "out of memory for the event queue");
                return e->err.code;
            }
            e->seq = next;
        }
        hent top;
        if (!vdc_evq_top(&e->q, &top))
            break;
        if (e->q.oom) {
            vdc_engine_fail(e, VDC_ENOMEM, "out of memory for the event queue");
            return e->err.code;
        }
        if (top.t > t_end)
            break;
        uint32_t si = slot_of(&top);
        slot *sl = &e->pool[si];
        if (sl->state == SLOT_DEAD) {
            vdc_evq_pop(&e->q);
            slot_release(e, si);
            continue;
        }
        e->now = top.t;
        vdc_evq_hold_root(&e->q);
        e->live--;
        sl->state = SLOT_RUNNING;
        if (sl->is_timer) {
            vdc_time next = sl->fn.timer(e, sl->ctx, sl->arg);
            sl = &e->pool[si];             /* the pool may have moved */
            if (next > 0 && sl->state == SLOT_RUNNING && !e->failed &&
                !add_overflows(e, next)) {
                hent x = { e->now + next, next_seq(e) << SLOT_BITS | si };
                if (vdc_evq_insert(&e->q, x) == 0) {   /* same slot: same handle */
                    sl->state = SLOT_LIVE;
                    e->live++;
                    goto handled;
                }
                vdc_engine_fail(e, VDC_ENOMEM, "out of memory for the event queue");
            }
        } else {
            sl->fn.ev(e, sl->ctx, sl->arg);
        }
        slot_release(e, si);
    handled:
        vdc_evq_release_root(&e->q);
        /* The next events' slots are random pool entries (a cache miss
         * each): fetch the root's and its children's, one of which is the
         * root after next, so the miss overlaps a whole iteration. */
        for (uint32_t k = 0; k <= 4 && k < e->q.n; k++)
            __builtin_prefetch(&e->pool[slot_of(&e->q.heap[k])]);
        e->handled++;
        if (e->failed)
            return e->err.code;
        if (vdc_engine_interrupted ||
            ((e->handled & POLL_MASK) == 0 && e->progress && !e->progress(e, e->progress_ctx)))
            return vdc_error_set(&e->err, VDC_EINTR, "interrupted");
    }
    if (vdc_engine_interrupted)
        return vdc_error_set(&e->err, VDC_EINTR, "interrupted");
    if (t_end != VDC_TIME_MAX && t_end > e->now)
        e->now = t_end;
    return 0;
}
