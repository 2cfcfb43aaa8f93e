/* credit_runq.c -- Credit's run queues, wake/tickle, schedule and stealing.
 *
 * One run queue per pCPU, ordered BOOST > UNDER > OVER, FIFO within a
 * priority (credit.c:282 __runq_insert; no yield: no workload yields).  When
 * the queue is known sorted, insertion is O(1) through the last BOOST and
 * last UNDER entries; otherwise (only while an accounting is changing
 * priorities) it scans as Xen does.
 *
 * schedule() follows csched_schedule (credit.c:1851): debit the current
 * vCPU, keep it if it ran less than ratelimit (with Xen's 100 us minimum
 * timer, CSCHED_MIN_TIMER, credit.c:59), else re-queue it and take the head;
 * if the head is OVER or idle and the pCPU has not balanced within the
 * load-balance ratelimit (credit.c:1988), steal from the others
 * (csched_load_balance, credit.c:1708).  Tickle on wake: __runq_tickle
 * (credit.c:359).  Reschedules are raised like SCHEDULE_SOFTIRQ and run by
 * vdc_credit_flush at the end of each event: IPIs take no time here.
 *
 * Stealing cost: Xen visits every non-idle peer; here the peers come from
 * per-host bitmaps of pCPUs whose queue is non-empty (an idle pCPU steals
 * anything) or whose head is above OVER (an OVER pCPU steals only UNDER or
 * BOOST), visited in Xen's order (cyclic from balance_bias).  Peers skipped
 * are exactly those where Xen's scan would stop at once, so the choice is
 * Xen's and the cost is O(pCPUs/64 + queue entries inspected).
 */
#include "credit.h"

#include <math.h>
#include <stdlib.h>

/* CSCHED_MIN_TIMER = XEN_SYSCTL_SCHED_RATELIMIT_MIN = 100 us
 * (credit.c:59, xen/include/public/sysctl.h:797). */
#define MIN_TIMER_NS (100 * VDC_NS_PER_US)

static int pri_of(const vdc_credit *s, int v)
{
    return v < 0 ? VDC_CREDIT_IDLE : s->vc[v].pri;
}

static vdc_credit_host *host_of(vdc_credit *s, int c)
{
    return &s->host[s->pc[c].host];
}

static const uint64_t *aff_of(const vdc_credit *s, int v)
{
    return s->vm[s->sim->world.vcpu[v].vm].aff;
}

bool vdc_credit_allowed(const vdc_credit *s, int v, int c)
{
    const uint64_t *aff = aff_of(s, v);
    return !aff || vdc_bitmap_test(aff, c - s->host[s->pc[c].host].pcpu0);
}

bool vdc_credit_runnable(const vdc_credit *s, int v)
{
    return !(s->vc[v].flags & VDC_CREDIT_F_UNRUN) && vdc_swl_has_work(s->wl, v);
}

/* ---- reschedule requests (SCHEDULE_SOFTIRQ) ---------------------------- */

void vdc_credit_raise(vdc_credit *s, int c)
{
    if (s->pc[c].pending)
        return;
    s->pc[c].pending = true;
    s->pend[(s->pend_head + s->npend) % s->npc] = c;
    s->npend++;
}

static void schedule(vdc_credit *s, int c);

void vdc_credit_flush(vdc_credit *s)
{
    if (s->flushing)
        return;
    s->flushing = true;
    while (s->npend > 0) {
        int c = s->pend[s->pend_head];
        s->pend_head = (s->pend_head + 1) % s->npc;
        s->npend--;
        s->pc[c].pending = false;
        schedule(s, c);
    }
    s->flushing = false;
}

/* ---- the running vCPU's progress and next event ------------------------ */

void vdc_credit_settle(vdc_credit *s, int c)
{
    vdc_credit_pcpu *p = &s->pc[c];
    if (p->curr < 0)
        return;
    vdc_time now = vdc_engine_now(s->sim->eng), ran = now - p->mark;
    if (ran <= 0)
        return;
    vdc_credit_vcpu *v = &s->vc[p->curr];
    double work = (double)ran * p->speed;
    v->cpu_ns += ran;
    v->work_ns += work;
    p->busy_ns += ran;
    p->mark = now;
    vdc_swl_progress(s->wl, p->curr, work);
}

static vdc_time done_time(const vdc_credit *s, int v, vdc_time now, double speed)
{
    double w = vdc_swl_work(s->wl, v);
    if (isinf(w) || !(speed > 1e-12))
        return VDC_TIME_MAX;
    double d = ceil(w / speed);
    if (d < 1)
        d = 1;
    return d >= (double)(VDC_TIME_MAX - now) ? VDC_TIME_MAX : now + (vdc_time)d;
}

static void pcpu_event(vdc_engine *eng, void *ctx, uint64_t arg);

/* Keep one engine event pending at min(slice end, done).  Not while a
 * reschedule is raised: schedule() re-arms (this saves an insert and a
 * cancel each time a vCPU blocks). */
static void arm(vdc_credit *s, int c)
{
    vdc_credit_pcpu *p = &s->pc[c];
    if (p->pending)
        return;
    vdc_time t = p->slice_end < p->done_at ? p->slice_end : p->done_at;
    if (p->ev && p->ev_at == t)
        return;
    vdc_engine_cancel(s->sim->eng, p->ev);
    p->ev = 0;
    p->ev_at = t;
    if (t != VDC_TIME_MAX)
        p->ev = vdc_engine_at(s->sim->eng, t, pcpu_event, s, (uint64_t)c);
}

void vdc_credit_rearm(vdc_credit *s, int c)
{
    vdc_credit_pcpu *p = &s->pc[c];
    if (p->curr < 0)
        return;
    p->done_at = done_time(s, p->curr, vdc_engine_now(s->sim->eng), p->speed);
    arm(s, c);
}

/* The slice ended or the running vCPU reached a completion point. */
static void pcpu_event(vdc_engine *eng, void *ctx, uint64_t arg)
{
    vdc_credit *s = ctx;
    int c = (int)arg;
    vdc_credit_pcpu *p = &s->pc[c];
    vdc_time now = vdc_engine_now(eng);
    p->ev = 0;
    p->ev_at = VDC_TIME_MAX;
    int cur = p->curr;
    if (cur >= 0 && now >= p->done_at) {
        vdc_credit_settle(s, c);
        p->done_at = VDC_TIME_MAX;
        s->completions++;
        vdc_swl_complete(s->wl, cur);
        if (p->curr == cur) {
            if (vdc_credit_runnable(s, cur))
                p->done_at = done_time(s, cur, now, p->speed);
            else
                vdc_credit_raise(s, c);
        }
    }
    if (now >= p->slice_end) {
        /* Xen runs TIMER_SOFTIRQ before SCHEDULE_SOFTIRQ (xen/include/xen/
         * softirq.h): the tick and accounting due at this very instant go
         * before this slice's reschedule, whatever order their events were
         * queued in.  Such a tick is pending iff now is on the tick grid and
         * the host's tick has not fired yet now; it then reschedules us. */
        vdc_credit_host *h = host_of(s, c);
        if (now % s->tick == 0 && h->tick && h->last_tick < now) {
            p->slice_due = true;
            p->slice_end = VDC_TIME_MAX;
        } else {
            vdc_credit_raise(s, c);
        }
    }
    arm(s, c);
    vdc_credit_flush(s);
}

/* ---- run queues --------------------------------------------------------- */

static void qbits(vdc_credit *s, int c)
{
    vdc_credit_pcpu *p = &s->pc[c];
    int head = p->head;
    uint8_t q = (uint8_t)((head >= 0) | (head >= 0 && s->vc[head].pri > VDC_CREDIT_OVER) << 1);
    if (q == p->qstate)
        return;
    p->qstate = q;
    vdc_credit_host *h = host_of(s, c);
    int l = c - h->pcpu0;
    if (q & 1)
        vdc_bitmap_set(h->qany, l);
    else
        vdc_bitmap_clear(h->qany, l);
    if (q & 2)
        vdc_bitmap_set(h->qhi, l);
    else
        vdc_bitmap_clear(h->qhi, l);
}

static void link_after(vdc_credit *s, int c, int v, int after)
{
    vdc_credit_pcpu *p = &s->pc[c];
    vdc_credit_vcpu *x = &s->vc[v];
    x->prev = after;
    x->next = after < 0 ? p->head : s->vc[after].next;
    if (x->next >= 0)
        s->vc[x->next].prev = v;
    else
        p->tail = v;
    if (after >= 0)
        s->vc[after].next = v;
    else
        p->head = v;
}

static void runq_insert(vdc_credit *s, int v)
{
    vdc_credit_vcpu *x = &s->vc[v];
    int c = x->pcpu;
    vdc_credit_pcpu *p = &s->pc[c];
    int pri = x->pri, after;
    if (p->sorted) {
        if (pri == VDC_CREDIT_BOOST)
            after = p->last_boost;
        else if (pri == VDC_CREDIT_UNDER)
            after = p->last_under >= 0 ? p->last_under : p->last_boost;
        else
            after = p->tail;
    } else {                   /* before the first entry of lower priority */
        int e = p->head;
        while (e >= 0 && pri <= s->vc[e].pri)
            e = s->vc[e].next;
        after = e >= 0 ? s->vc[e].prev : p->tail;
    }
    link_after(s, c, v, after);
    if (p->sorted) {
        if (pri == VDC_CREDIT_BOOST)
            p->last_boost = v;
        else if (pri == VDC_CREDIT_UNDER)
            p->last_under = v;
    }
    p->nq++;
    x->state = VDC_CREDIT_QUEUED;
    x->since = vdc_engine_now(s->sim->eng);
    qbits(s, c);
}

static void runq_remove(vdc_credit *s, int v)
{
    vdc_credit_vcpu *x = &s->vc[v];
    int c = x->pcpu;
    vdc_credit_pcpu *p = &s->pc[c];
    vdc_time now = vdc_engine_now(s->sim->eng);
    if (p->sorted) {
        int pv = x->prev;
        if (p->last_boost == v)
            p->last_boost = pv >= 0 && s->vc[pv].pri == VDC_CREDIT_BOOST ? pv : -1;
        if (p->last_under == v)
            p->last_under = pv >= 0 && s->vc[pv].pri == VDC_CREDIT_UNDER ? pv : -1;
    }
    if (x->prev >= 0)
        s->vc[x->prev].next = x->next;
    else
        p->head = x->next;
    if (x->next >= 0)
        s->vc[x->next].prev = x->prev;
    else
        p->tail = x->prev;
    x->next = x->prev = -1;
    if (--p->nq == 0) {
        p->sorted = true;
        p->last_boost = p->last_under = -1;
    }
    x->wait_ns += now - x->since;
    x->state = VDC_CREDIT_OFF;
    x->since = now;
    qbits(s, c);
}

/* csched_runq_sort (credit.c:1336): UNDER-or-better entries move ahead of
 * OVER ones, each group keeping its order.  Then note whether the queue is
 * sorted (it is not if an inactive BOOST entry follows an UNDER one). */
void vdc_credit_runq_sort(vdc_credit *s, int c)
{
    vdc_credit_pcpu *p = &s->pc[c];
    int hh = -1, ht = -1, lh = -1, lt = -1;
    for (int e = p->head, nx; e >= 0; e = nx) {
        nx = s->vc[e].next;
        bool hi = s->vc[e].pri >= VDC_CREDIT_UNDER;
        int *h = hi ? &hh : &lh, *t = hi ? &ht : &lt;
        s->vc[e].prev = *t;
        s->vc[e].next = -1;
        if (*t >= 0)
            s->vc[*t].next = e;
        else
            *h = e;
        *t = e;
    }
    if (ht >= 0) {
        s->vc[ht].next = lh;
        if (lh >= 0)
            s->vc[lh].prev = ht;
        p->head = hh;
        p->tail = lt >= 0 ? lt : ht;
    } else {
        p->head = lh;
        p->tail = lt;
    }
    p->sorted = true;
    p->last_boost = p->last_under = -1;
    int prev = VDC_CREDIT_BOOST + 1;
    for (int e = p->head; e >= 0; e = s->vc[e].next) {
        int pri = s->vc[e].pri;
        if (pri > prev)
            p->sorted = false;
        prev = pri;
        if (pri == VDC_CREDIT_BOOST)
            p->last_boost = e;
        else if (pri == VDC_CREDIT_UNDER)
            p->last_under = e;
    }
    if (!p->sorted)
        p->last_boost = p->last_under = -1;
    qbits(s, c);
}

/* ---- placement of a vCPU: _csched_cpu_pick (credit.c:731) ---------------
 * Flat topology (no SMT siblings or sockets), so the idleness comparison
 * between cores reduces to: prefer the vCPU's pCPU if it counts as idle
 * (idle, or its queue is empty), else the next idle pCPU it may use. */
int vdc_credit_pick_cpu(const vdc_credit *s, int v)
{
    int c0 = s->vc[v].pcpu;
    const vdc_credit_host *h = &s->host[s->pc[c0].host];
    const uint64_t *aff = aff_of(s, v);
    int n = h->npcpu, l0 = c0 - h->pcpu0, l = l0;
    if (aff && !vdc_bitmap_test(aff, l0))
        l = vdc_bitmap_cycle(aff, NULL, n, l0);
    if (l == l0 && s->pc[c0].head < 0)
        return c0;
    if (vdc_bitmap_test(h->idlers, l))
        return h->pcpu0 + l;
    int i = vdc_bitmap_cycle(h->idlers, aff, n, l);
    return h->pcpu0 + (i >= 0 ? i : l);
}

/* ---- wake, tickle, sleep ---------------------------------------------------- */

static void idle_set(vdc_credit_host *h, int l, bool idle)
{
    if (idle)
        vdc_bitmap_set(h->idlers, l);
    else
        vdc_bitmap_clear(h->idlers, l);
}

static bool any_idler(const vdc_credit_host *h)
{
    for (int i = 0; i < h->nw; i++)
        if (h->idlers[i])
            return true;
    return false;
}

static void tickle(vdc_credit *s, int v)
{
    vdc_credit_vcpu *x = &s->vc[v];
    int c = x->pcpu;
    vdc_credit_host *h = host_of(s, c);
    const uint64_t *aff = aff_of(s, v);
    int l = c - h->pcpu0, cur = s->pc[c].curr, cur_pri = pri_of(s, cur), target = -1;
    bool idlers = any_idler(h);
    if (s->vm[s->sim->world.vcpu[v].vm].naff == 1 && vdc_bitmap_test(h->idlers, l)) {
        target = c;                                  /* exclusively pinned */
    } else if (cur_pri == VDC_CREDIT_IDLE || (!idlers && x->pri > cur_pri)) {
        target = c;
    } else if (idlers) {
        bool suitable = vdc_bitmap_next(h->idlers, aff, h->npcpu, 0) >= 0;
        if (!suitable && x->pri > cur_pri) {
            /* preempt here; send the current vCPU to an idler if it may */
            if (s->p.load_balance && vdc_bitmap_next(h->idlers, aff_of(s, cur), h->npcpu, 0) >= 0) {
                s->vc[cur].flags |= VDC_CREDIT_F_KICKED;
                h->kicks++;
            }
            target = c;
        } else if (suitable) {
            h->last_tickle = vdc_bitmap_cycle(h->idlers, aff, h->npcpu, h->last_tickle);
            target = h->pcpu0 + h->last_tickle;
        }
    }
    if (target >= 0) {
        vdc_bitmap_clear(h->idlers, target - h->pcpu0);
        vdc_credit_raise(s, target);
    }
}

/* csched_unit_wake (credit.c:1117): BOOST an UNDER vCPU unless it wakes
 * from a migration or an unpark, queue it, tickle. */
void vdc_credit_wake(vdc_credit *s, int v, bool sample, bool noboost)
{
    vdc_credit_vcpu *x = &s->vc[v];
    if (x->state != VDC_CREDIT_OFF || !vdc_credit_runnable(s, v))
        return;
    vdc_time now = vdc_engine_now(s->sim->eng);
    if (sample) {
        x->flags |= VDC_CREDIT_F_WOKE;
        x->woke_at = now;
    }
    bool migrated = x->flags & VDC_CREDIT_F_MIGRATED;
    x->flags &= (uint16_t)~VDC_CREDIT_F_MIGRATED;
    if (s->p.boost && !migrated && !noboost && x->pri == VDC_CREDIT_UNDER &&
        !(x->flags & VDC_CREDIT_F_PARKED)) {
        x->pri = VDC_CREDIT_BOOST;
        x->boosts++;
        if (sample)
            x->flags |= VDC_CREDIT_F_WOKE_BOOST;
    }
    s->wakes++;
    runq_insert(s, v);
    tickle(s, v);
}

void vdc_credit_sleep(vdc_credit *s, int v)
{
    vdc_credit_vcpu *x = &s->vc[v];
    if (x->state == VDC_CREDIT_RUNNING)
        vdc_credit_raise(s, x->pcpu);
    else if (x->state == VDC_CREDIT_QUEUED)
        runq_remove(s, v);
}

/* vcpu_migrate_finish: a kicked vCPU left its pCPU; place it and wake it
 * there without BOOST (CSCHED_FLAG_UNIT_MIGRATING). */
static void migrate_finish(vdc_credit *s, int v)
{
    vdc_credit_vcpu *x = &s->vc[v];
    x->flags = (uint16_t)((x->flags & ~VDC_CREDIT_F_KICKED) | VDC_CREDIT_F_MIGRATED);
    int nc = vdc_credit_pick_cpu(s, v);
    if (nc != x->pcpu) {
        x->pcpu = nc;
        x->migrations++;
    }
    vdc_credit_wake(s, v, false, false);
}

/* ---- stealing: csched_load_balance + csched_runq_steal ------------------ */

static int load_balance(vdc_credit *s, int c, int pri)
{
    vdc_credit_host *h = host_of(s, c);
    vdc_time now = vdc_engine_now(s->sim->eng);
    const uint64_t *cand = pri == VDC_CREDIT_IDLE ? h->qany : h->qhi;
    int n = h->npcpu, self = c - h->pcpu0;
    int first = vdc_bitmap_cycle(cand, NULL, n, h->bias);
    if (first < 0)
        return -1;
    int l = first;
    do {
        int peer = h->pcpu0 + l;
        if (l != self && !vdc_bitmap_test(h->idlers, l) && s->pc[peer].curr >= 0) {
            for (int e = s->pc[peer].head; e >= 0 && s->vc[e].pri > pri; e = s->vc[e].next) {
                if (!vdc_credit_allowed(s, e, c))
                    continue;
                if (s->migr_delay && now - s->vc[e].last_sched < s->migr_delay)
                    continue;                          /* cache-hot */
                runq_remove(s, e);
                s->vc[e].pcpu = c;
                s->vc[e].migrations++;
                h->bias = l;
                h->steals++;
                s->pc[c].steals++;
                s->pc[peer].stolen++;
                return e;
            }
        }
        l = vdc_bitmap_cycle(cand, NULL, n, l);
    } while (l >= 0 && l != first);
    return -1;
}

/* ---- schedule: csched_schedule ---------------------------------------------- */

static void schedule(vdc_credit *s, int c)
{
    vdc_credit_pcpu *p = &s->pc[c];
    vdc_credit_host *h = host_of(s, c);
    vdc_time now = vdc_engine_now(s->sim->eng), tslice = s->tslice;
    int cur = p->curr;
    s->schedules++;
    p->slice_due = false;
    if (cur >= 0) {
        vdc_credit_vcpu *x = &s->vc[cur];
        vdc_credit_settle(s, c);
        if (s->p.accounting == 0)
            vdc_credit_burn(s, cur, now);
        x->last_sched = now;
        vdc_time runtime = now - x->run_start;
        bool runnable = vdc_credit_runnable(s, cur);
        if (s->ratelimit && runnable && runtime < s->ratelimit) {
            tslice = runtime < MIN_TIMER_NS ? MIN_TIMER_NS : s->ratelimit - runtime;
            p->slice_end = now + tslice;
            p->done_at = done_time(s, cur, now, p->speed);
            arm(s, c);
            return;
        }
        if (runnable) {
            runq_insert(s, cur);
        } else {
            x->state = VDC_CREDIT_OFF;
            x->since = now;
        }
    }
    int next = p->head, npri = pri_of(s, next);
    if (npri <= VDC_CREDIT_OVER && s->p.load_balance && now - p->last_lb > s->lb_ratelimit) {
        p->last_lb = now;
        int st = load_balance(s, c, npri);
        if (st >= 0)
            next = st;
        else if (next >= 0)
            runq_remove(s, next);
    } else if (next >= 0) {
        runq_remove(s, next);
    }
    idle_set(h, c - h->pcpu0, next < 0);
    if (next >= 0) {
        vdc_credit_vcpu *x = &s->vc[next];
        x->state = VDC_CREDIT_RUNNING;
        p->curr = next;
        if (next != cur) {
            if (x->flags & VDC_CREDIT_F_WOKE) {
                if (vdc_chist_c_add(&x->wake, now - x->woke_at))
                    vdc_engine_fail(s->sim->eng, VDC_ENOMEM, "credit: out of memory");
                if ((x->flags & VDC_CREDIT_F_WOKE_BOOST) && now - x->woke_at > x->boosted_wake_max_ns)
                    x->boosted_wake_max_ns = now - x->woke_at;
                x->flags &= (uint16_t)~(VDC_CREDIT_F_WOKE | VDC_CREDIT_F_WOKE_BOOST);
            }
            x->run_start = now;
            x->burn_mark = now;
            h->switches++;
        }
        p->mark = now;
        p->speed = s->sim->world.vcpu[next].speed;
        p->slice_end = now + tslice;
        p->done_at = done_time(s, next, now, p->speed);
    } else {
        if (cur >= 0)
            p->idle_since = now;
        p->curr = -1;
        p->slice_end = p->done_at = VDC_TIME_MAX;
    }
    arm(s, c);
    if (cur >= 0 && next < 0)
        vdc_credit_tick_stop(s, c);
    else if (cur < 0 && next >= 0)
        vdc_credit_tick_start(s, c);
    if (cur >= 0 && cur != next && (s->vc[cur].flags & VDC_CREDIT_F_KICKED))
        migrate_finish(s, cur);
}
