/* share.c -- processor-sharing and FIFO resources of share.h.
 *
 * Invariant (PS): every active job has received exactly v units since the
 * resource last became busy, so a job's remaining work is tag - v and the
 * heap's root finishes first.  Known answer checked by tests/test_startup.c:
 * n equal jobs of work w started together on capacity C with job_cap >= C/n
 * all finish at n*w/C; with a cap c < C/n at w/c.
 */
#include "share.h"
#include "units.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

void vdc_share_init(vdc_share *s, vdc_share_disc disc, double capacity, double job_cap)
{
    memset(s, 0, sizeof *s);
    s->disc = disc;
    s->capacity = capacity;
    s->job_cap = job_cap;
}

void vdc_share_release(vdc_share *s)
{
    free(s->job);
    s->job = NULL;
    s->n = s->cap = s->head = 0;
}

double vdc_share_rate(const vdc_share *s)
{
    if (s->n == 0)
        return 0;
    double fair = s->disc == VDC_SHARE_PS ? s->capacity / (double)s->n : s->capacity;
    return fair < s->job_cap ? fair : s->job_cap;
}

static void advance(vdc_share *s, vdc_time now)
{
    if (s->n == 0) {
        s->v = 0;
    } else if (now > s->last) {
        s->v += vdc_share_rate(s) * (double)(now - s->last) * VDC_S_PER_NS;
    }
    if (now > s->last || s->n == 0)
        s->last = now;
}

static bool before(const vdc_share_job *a, const vdc_share_job *b)
{
    return a->tag < b->tag || (a->tag == b->tag && a->seq < b->seq);
}

static void sift_up(vdc_share_job *h, size_t i)
{
    vdc_share_job x = h[i];
    while (i > 0) {
        size_t p = (i - 1) / 2;
        if (!before(&x, &h[p]))
            break;
        h[i] = h[p];
        i = p;
    }
    h[i] = x;
}

static void sift_down(vdc_share_job *h, size_t n, size_t i)
{
    vdc_share_job x = h[i];
    for (;;) {
        size_t c = 2 * i + 1;
        if (c >= n)
            break;
        if (c + 1 < n && before(&h[c + 1], &h[c]))
            c++;
        if (!before(&h[c], &x))
            break;
        h[i] = h[c];
        i = c;
    }
    h[i] = x;
}

/* Grow the array, unrolling the FIFO ring so that it starts at 0. */
static int grow(vdc_share *s)
{
    size_t cap = s->cap ? s->cap * 2 : 8;
    vdc_share_job *j = malloc(cap * sizeof *j);
    if (!j)
        return VDC_ENOMEM;
    for (size_t i = 0; i < s->n; i++)
        j[i] = s->job[(s->head + i) % (s->cap ? s->cap : 1)];
    free(s->job);
    s->job = j;
    s->cap = cap;
    s->head = 0;
    return 0;
}

int vdc_share_add(vdc_share *s, vdc_time now, uint32_t id, double work)
{
    advance(s, now);
    if (s->n == s->cap && grow(s))
        return VDC_ENOMEM;
    vdc_share_job j = { .seq = s->seq++, .id = id };
    if (s->disc == VDC_SHARE_PS) {
        j.tag = s->v + work;
        s->job[s->n] = j;
        sift_up(s->job, s->n);
    } else {
        j.tag = work;
        s->job[(s->head + s->n) % s->cap] = j;
    }
    s->n++;
    return 0;
}

void vdc_share_set_capacity(vdc_share *s, vdc_time now, double capacity)
{
    advance(s, now);
    s->capacity = capacity;
}

/* Service the first job still needs (the heap root or the FIFO head). */
static double left(const vdc_share *s)
{
    const vdc_share_job *j = s->disc == VDC_SHARE_PS ? &s->job[0] : &s->job[s->head];
    return j->tag - s->v;
}

int vdc_share_pop(vdc_share *s, vdc_time now, uint32_t *id)
{
    advance(s, now);
    if (s->n == 0 || left(s) > vdc_share_rate(s) * VDC_S_PER_NS)
        return 0;
    if (s->disc == VDC_SHARE_PS) {
        /* PS invariant: the root holds the least tag, so it finishes first */
        assert(s->n < 2 || s->job[0].tag <= s->job[1].tag);
        assert(s->n < 3 || s->job[0].tag <= s->job[2].tag);
        *id = s->job[0].id;
        s->job[0] = s->job[--s->n];
        if (s->n)
            sift_down(s->job, s->n, 0);
    } else {
        *id = s->job[s->head].id;
        s->head = (s->head + 1) % s->cap;
        s->n--;
        s->v = 0;                       /* the next head starts now */
    }
    if (s->n == 0)
        s->v = 0;
    return 1;
}

vdc_time vdc_share_next(const vdc_share *s)
{
    if (s->n == 0)
        return VDC_TIME_MAX;
    double rem = left(s);
    if (rem <= 0)
        return s->last;
    double ns = ceil(rem / vdc_share_rate(s) * 1e9);
    if (!(ns < (double)(VDC_TIME_MAX - s->last)))
        return VDC_TIME_MAX;
    return s->last + (vdc_time)ns;
}
