/* evq.c -- calendar queue with a heap for the current window (evq.h).
 *
 * Measured on the hold model (tests/bench/bench_event.c): a 4-ary heap of
 * 100,000 pending events spends its time in cache misses down the heap;
 * here an insert touches one bucket's tail and a pop a small heap.
 * The overflow (beyond the year) is a heap too: with many events far ahead
 * (a time cap an hour on, 100,000 scenario actions spread over an hour) an
 * unsorted overflow was rescanned whole every half year, which dominated
 * bench_io (io+dom0) and bench_resize (tests/bench/RESULTS.md).
 */
#include "evq.h"

#include <stdlib.h>
#include <string.h>

#define ARITY 4
#define PAD 3                   /* heap[4i+1..4i+4] share a cache line */
#define MIN_BUCKETS 256u
#define MAX_BUCKETS (1u << 22)
#define TARGET 16               /* events per window we aim for */

/* cs + windows * 2^wshift, saturated at INT64_MAX. */
static int64_t ahead(int64_t cs, uint64_t windows, int wshift)
{
    if (windows >= (UINT64_C(1) << (63 - wshift)))
        return INT64_MAX;
    uint64_t d = windows << wshift;
    return cs > INT64_MAX - (int64_t)d ? INT64_MAX : cs + (int64_t)d;
}

static inline bool before(const vdc_evq_ent *a, const vdc_evq_ent *b)
{
    return a->t < b->t || (a->t == b->t && a->key < b->key);
}

/* ---- the heap of the current window ---------------------------------- */

static void sift_up(vdc_evq_ent *h, uint32_t i, vdc_evq_ent x)
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

static void sift_down(vdc_evq_ent *h, uint32_t n, uint32_t i, vdc_evq_ent x)
{
    for (;;) {
        uint32_t c = i * ARITY + 1;
        if (c >= n)
            break;
        uint32_t best = c, end = c + ARITY < n ? c + ARITY : n;
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

static int heap_reserve(vdc_evq *q, uint32_t need)
{
    if (need <= q->cap)
        return 0;
    uint32_t cap = q->cap ? q->cap : 256;
    while (cap < need)
        cap *= 2;
    vdc_evq_ent *h = aligned_alloc(64, ((size_t)cap + PAD + 1) * sizeof *h);
    if (!h)
        return -1;
    h += PAD;
    if (q->heap) {
        memcpy(h, q->heap, (size_t)q->n * sizeof *h);
        free(q->heap - PAD);
    }
    q->heap = h;
    q->cap = cap;
    return 0;
}

static int heap_push(vdc_evq *q, vdc_evq_ent x)
{
    if (q->root_vacant) {               /* replace-top */
        q->root_vacant = false;
        sift_down(q->heap, q->n, 0, x);
        return 0;
    }
    if (q->n == q->cap && heap_reserve(q, q->n + 1))
        return -1;
    sift_up(q->heap, q->n++, x);
    return 0;
}

/* ---- buckets ------------------------------------------------------------ */

static int bucket_push(vdc_evq_bucket *b, vdc_evq_ent x)
{
    if (b->n == b->cap) {
        uint32_t cap = b->cap ? b->cap * 2 : 8;
        vdc_evq_ent *a = realloc(b->a, (size_t)cap * sizeof *a);
        if (!a)
            return -1;
        b->a = a;
        b->cap = cap;
    }
    b->a[b->n++] = x;
    return 0;
}

/* The overflow is a heap ordered like the window's (same sift code), so a
 * redistribution pops only the entries that now fall within the year. */
static int over_push(vdc_evq *q, vdc_evq_ent x)
{
    if (q->nover == q->capover) {
        uint32_t cap = q->capover ? q->capover * 2 : 64;
        vdc_evq_ent *a = realloc(q->over, (size_t)cap * sizeof *a);
        if (!a)
            return -1;
        q->over = a;
        q->capover = cap;
    }
    sift_up(q->over, q->nover++, x);
    return 0;
}

static inline int64_t over_min(const vdc_evq *q)
{
    return q->over[0].t;                /* only when nover > 0 */
}

/* Where x goes relative to the current window start: heap, bucket, overflow. */
static int place(vdc_evq *q, vdc_evq_ent x)
{
    if (x.t < q->cs || (uint64_t)(x.t - q->cs) >> q->wshift == 0)
        return heap_push(q, x);
    uint64_t k = (uint64_t)(x.t - q->cs) >> q->wshift;
    if (k < q->nb) {
        if (bucket_push(&q->b[(q->cur + k) & (q->nb - 1)], x))
            return -1;
        q->nfar++;
        return 0;
    }
    return over_push(q, x);
}

int vdc_evq_insert(vdc_evq *q, vdc_evq_ent x)
{
    return place(q, x);
}

int vdc_evq_init(vdc_evq *q)
{
    memset(q, 0, sizeof *q);
    q->nb = MIN_BUCKETS;
    q->wshift = 20;                     /* 1 ms windows until we know better */
    q->b = calloc(q->nb, sizeof *q->b);
    return q->b && heap_reserve(q, 256) == 0 ? 0 : -1;
}

void vdc_evq_free(vdc_evq *q)
{
    if (q->b)
        for (uint32_t i = 0; i < q->nb; i++)
            free(q->b[i].a);
    free(q->b);
    free(q->over);
    free(q->heap ? q->heap - PAD : NULL);
    memset(q, 0, sizeof *q);
}

uint64_t vdc_evq_size(const vdc_evq *q)
{
    return q->n - (q->root_vacant ? 1 : 0) + q->nfar + q->nover;
}

/* ---- rebuild: new window width / ring size, or renumbering ----------- */

/* Move every entry into one array (the heap's storage, grown). */
static int gather(vdc_evq *q, uint64_t *total)
{
    uint64_t n = (uint64_t)q->n + q->nfar + q->nover;
    if (n > UINT32_MAX - 1 || heap_reserve(q, (uint32_t)n + 1))
        return -1;
    for (uint32_t i = 0; i < q->nb; i++) {
        if (q->b[i].n)
            memcpy(q->heap + q->n, q->b[i].a, (size_t)q->b[i].n * sizeof *q->heap);
        q->n += q->b[i].n;
        q->b[i].n = 0;
    }
    if (q->nover)
        memcpy(q->heap + q->n, q->over, (size_t)q->nover * sizeof *q->heap);
    q->n += q->nover;
    q->nover = 0;
    q->nfar = 0;
    *total = n;
    return 0;
}

static int by_time(const void *a, const void *b)
{
    return before(a, b) ? -1 : before(b, a) ? 1 : 0;
}

/* Redistribute everything with window 2^wshift starting at the minimum. */
static void spread(vdc_evq *q, int wshift)
{
    uint32_t n = q->n;
    vdc_evq_ent min = q->heap[0];
    for (uint32_t i = 1; i < n; i++)
        if (before(&q->heap[i], &min))
            min = q->heap[i];
    q->wshift = wshift;
    q->cs = min.t;
    q->cur = 0;
    q->n = 0;
    q->next_redist = ahead(q->cs, q->nb / 2, q->wshift);
    vdc_evq_ent *tmp = malloc((size_t)n * sizeof *tmp);
    if (tmp) {
        memcpy(tmp, q->heap, (size_t)n * sizeof *tmp);
        for (uint32_t i = 0; i < n; i++)
            if (place(q, tmp[i]))
                q->oom = true;
        free(tmp);
    } else {                            /* no memory: keep one big heap */
        q->n = n;
        for (uint32_t i = n / ARITY + 1; i-- > 0;)
            sift_down(q->heap, n, i, q->heap[i]);
        q->wshift = 62;
    }
}

static void rebuild(vdc_evq *q, int wshift, uint32_t nb)
{
    uint64_t total;
    if (gather(q, &total) || total == 0)
        return;
    if (nb != q->nb) {
        vdc_evq_bucket *b = calloc(nb, sizeof *b);
        if (b) {
            for (uint32_t i = 0; i < q->nb; i++)
                free(q->b[i].a);
            free(q->b);
            q->b = b;
            q->nb = nb;
        }
    }
    spread(q, wshift);
    q->pops_since_rebuild = 0;
}

uint64_t vdc_evq_renumber(vdc_evq *q, int slot_bits)
{
    uint64_t total;
    if (gather(q, &total))
        return UINT64_MAX;
    qsort(q->heap, q->n, sizeof *q->heap, by_time);
    uint64_t mask = (UINT64_C(1) << slot_bits) - 1;
    for (uint32_t i = 0; i < q->n; i++)
        q->heap[i].key = (uint64_t)i << slot_bits | (q->heap[i].key & mask);
    if (q->n)
        spread(q, q->wshift);
    return total;
}

/* ---- advancing ------------------------------------------------------------ */

/* Move the overflow entries that now fall within the year (or before the
 * current window) to the buckets or the heap: O(k log n) for k moved. */
static void redistribute(vdc_evq *q)
{
    while (q->nover) {
        vdc_evq_ent x = q->over[0];
        if (x.t >= q->cs && (uint64_t)(x.t - q->cs) >> q->wshift >= q->nb)
            break;                      /* the earliest is beyond the year */
        q->nover--;
        if (q->nover)
            sift_down(q->over, q->nover, 0, q->over[q->nover]);
        if (place(q, x))                /* a bucket or the heap */
            q->oom = true;
    }
    q->next_redist = ahead(q->cs, q->nb / 2, q->wshift);
}

static uint32_t pow2_at_least(uint64_t x)
{
    uint32_t p = MIN_BUCKETS;
    while (p < x && p < MAX_BUCKETS)
        p *= 2;
    return p;
}

/* The heap is empty: make the next non-empty window current. */
static bool load(vdc_evq *q)
{
    if (q->nfar == 0) {
        if (q->nover == 0)
            return false;
        q->cs = over_min(q);            /* jump over the empty years */
        redistribute(q);
        if (q->n > 0)
            return true;
    }
    int64_t w = (int64_t)1 << q->wshift;
    uint32_t steps = 0;
    while (q->n == 0) {
        if (q->cs > INT64_MAX - w) {    /* the end of time: all in one heap */
            rebuild(q, 62, q->nb);
            return q->n > 0;
        }
        q->cur = (q->cur + 1) & (q->nb - 1);
        q->cs += w;
        steps++;
        if (q->nover && q->cs >= q->next_redist)
            redistribute(q);
        vdc_evq_bucket *b = &q->b[q->cur];
        if (b->n) {
            if (heap_reserve(q, q->n + b->n))
                return false;
            for (uint32_t i = 0; i < b->n; i++)
                sift_up(q->heap, q->n++, b->a[i]);
            q->nfar -= b->n;
            b->n = 0;
        }
    }
    /* Adapt, at most once per `size` pops so rebuilds stay amortised O(1):
     * a crowded window -> narrower windows; many empty ones -> wider. */
    uint64_t size = vdc_evq_size(q);
    if (q->pops_since_rebuild >= size && size > 4 * TARGET) {
        int ws = q->wshift;
        if (q->n > 4 * TARGET)
            while (ws > 0 && (q->n >> (q->wshift - ws)) > TARGET)
                ws--;
        else if (steps > 8 && q->n < TARGET)
            while (ws < 40 && steps >> (ws - q->wshift) > 2)
                ws++;
        uint32_t nb = pow2_at_least(size / (TARGET / 2));
        /* A crowded overflow doubles the year, but only if its earliest
         * entry falls within the doubled year: far entries (a time cap an
         * hour on, with windows of microseconds) would never fit, and each
         * doubling makes every later rebuild walk twice the buckets. */
        bool grow = q->nover > size / 4 &&
                    over_min(q) < ahead(q->cs, 2 * (uint64_t)q->nb, ws);
        if (ws != q->wshift || nb > q->nb || grow)
            rebuild(q, ws, grow ? pow2_at_least(2 * (uint64_t)q->nb) : nb);
    }
    return q->n > 0;
}

bool vdc_evq_top(vdc_evq *q, vdc_evq_ent *out)
{
    if (q->n == 0 && !load(q))
        return false;
    *out = q->heap[0];
    return true;
}

void vdc_evq_pop(vdc_evq *q)
{
    q->n--;
    if (q->n > 0)
        sift_down(q->heap, q->n, 0, q->heap[q->n]);
    q->pops_since_rebuild++;
}

void vdc_evq_release_root(vdc_evq *q)
{
    if (q->root_vacant) {
        q->root_vacant = false;
        vdc_evq_pop(q);
    } else {
        q->pops_since_rebuild++;
    }
}
