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
#include <string.h>

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

/* Heap entry, 16 bytes so that the 4 children of a node fill one 64-byte
 * cache line (the array is offset so that they are aligned).  `key` packs
 * the insertion sequence number (high bits: it breaks ties) and the pool
 * slot (low SLOT_BITS).  When the sequence would overflow its bits, the
 * pending entries are renumbered in order (renumber()), which keeps ties. */
typedef struct hent {
    vdc_time t;
    uint64_t key;
} hent;

#define SLOT_BITS 26                              /* 67 M pending events */
#define SLOT_MASK ((1u << SLOT_BITS) - 1)
#define SEQ_LIMIT (UINT64_C(1) << (64 - SLOT_BITS))
#define HEAP_PAD 3                                /* aligns children to lines */

struct vdc_engine {
    vdc_time now;
    uint64_t seq;
    uint64_t handled;
    uint64_t live;
    hent *heap;          /* heap[0] is the root; heap - HEAP_PAD is the allocation */
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
    return a->t < b->t || (a->t == b->t && a->key < b->key);
}

static inline uint32_t slot_of(const hent *h) { return (uint32_t)(h->key & SLOT_MASK); }

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
    free(e->heap ? e->heap - HEAP_PAD : NULL);
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

/* ---- heap ------------------------------------------------------------ */

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

/* Bottom-up sift from the root (Wegener): move the hole down along the
 * smallest children to a leaf without comparing against x, then sift x up
 * from there.  A new event usually belongs near the bottom (its time is
 * later than most pending ones), so this saves a comparison per level and
 * makes the child choice branch-free (measured: tests/bench/bench_event.c). */
static void sift_down_root(hent *h, uint32_t n, hent x)
{
    uint32_t i = 0;
    for (;;) {
        uint32_t c = i * ARITY + 1;
        uint32_t best;
        if (c + 3 < n) {
            uint32_t b1 = before(&h[c + 1], &h[c]) ? c + 1 : c;
            uint32_t b2 = before(&h[c + 3], &h[c + 2]) ? c + 3 : c + 2;
            best = before(&h[b2], &h[b1]) ? b2 : b1;
        } else if (c < n) {
            best = c;
            for (uint32_t k = c + 1; k < n; k++)
                if (before(&h[k], &h[best]))
                    best = k;
        } else {
            break;
        }
        h[i] = h[best];
        i = best;
    }
    sift_up(h, i, x);
}

static bool heap_insert(vdc_engine *e, hent x)
{
    if (e->root_vacant) {        /* replace-top: one sift-down, no sift-up */
        e->root_vacant = false;
        sift_down_root(e->heap, e->n, x);
        return true;
    }
    if (e->n == e->cap) {
        uint32_t cap = e->cap ? e->cap * 2 : 1024;
        if (cap <= e->cap)
            return false;
        hent *h = aligned_alloc(64, ((size_t)cap + HEAP_PAD + 1) * sizeof *h);
        if (!h)
            return false;
        h += HEAP_PAD;
        if (e->heap) {
            memcpy(h, e->heap, (size_t)e->n * sizeof *h);
            free(e->heap - HEAP_PAD);
        }
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
        sift_down_root(e->heap, e->n, e->heap[e->n]);
}

/* ---- scheduling ------------------------------------------------------ */

static vdc_event_id make_id(uint32_t s, uint32_t gen)
{
    return ((uint64_t)gen << 32) | s;
}

static int by_key(const void *a, const void *b)
{
    return before(a, b) ? -1 : before(b, a) ? 1 : 0;
}

/* Sequence numbers have 64 - SLOT_BITS bits (2.7e11 schedulings); when they
 * run out, renumber the pending entries 0..n-1 in (time, seq) order.  A
 * sorted array is a valid heap, and relative order, hence ties, is kept. */
static void renumber(vdc_engine *e)
{
    uint32_t start = e->root_vacant ? 1 : 0;    /* never move a vacant root */
    if (e->root_vacant)
        e->heap[0].t = INT64_MIN;               /* stays first while sorted */
    qsort(e->heap, e->n, sizeof *e->heap, by_key);
    for (uint32_t i = start; i < e->n; i++)
        e->heap[i].key = (uint64_t)i << SLOT_BITS | slot_of(&e->heap[i]);
    e->seq = e->n;
}

static inline uint64_t next_seq(vdc_engine *e)
{
    if (e->seq + 1 >= SEQ_LIMIT)
        renumber(e);
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
        uint32_t si = slot_of(&top);
        slot *sl = &e->pool[si];
        if (sl->state == SLOT_DEAD) {
            heap_pop_root(e);
            slot_release(e, si);
            continue;
        }
        e->now = top.t;
        e->root_vacant = true;
        e->live--;
        sl->state = SLOT_RUNNING;
        if (sl->is_timer) {
            vdc_time next = sl->fn.timer(e, sl->ctx, sl->arg);
            sl = &e->pool[si];             /* the pool may have moved */
            if (next > 0 && sl->state == SLOT_RUNNING && !e->failed &&
                !add_overflows(e, next)) {
                hent x = { e->now + next, next_seq(e) << SLOT_BITS | si };
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
        slot_release(e, si);
    handled:
        if (e->root_vacant) {
            e->root_vacant = false;
            heap_pop_root(e);
        }
        /* The next events' slots are random pool entries (a cache miss
         * each): fetch the root's and its children's, one of which is the
         * root after next, so the miss overlaps a whole iteration. */
        for (uint32_t k = 0; k <= ARITY && k < e->n; k++)
            __builtin_prefetch(&e->pool[slot_of(&e->heap[k])]);
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
