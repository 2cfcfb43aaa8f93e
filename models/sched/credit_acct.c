/* credit_acct.c -- Credit's debit, per-pCPU ticks and accounting.
 *
 * Debit ("exact", Xen >= 4.0): the running vCPU pays 10 credits per ms run
 * (CSCHED_CREDITS_PER_MSEC, credit.c:57) at each tick and schedule; we keep
 * the sub-credit remainder in ns, so the charge is exact over any run (Xen
 * keeps a residual in burn_credits, credit.c:334, to the same effect).
 * "sampled" (Xen <= 3.4): a tick charges one tick's worth of credits (100
 * for the 30 ms slice) to whoever is running then, and nothing else is
 * charged: the exploit of Tsafrir et al. (USENIX Security 2007).
 *
 * Tick (csched_tick, credit.c:1585): every tslice/3 (CSCHED_TICKS_PER_TSLICE,
 * credit.c:50) while the pCPU is busy, aligned to multiples of the period
 * when it restarts after idling (credit.c:2028).  It ends BOOST, debits,
 * makes the vCPU active, or asks _csched_cpu_pick whether it should move.
 * One timer per host runs the ticks of all its busy pCPUs (see below).
 *
 * Accounting (csched_acct, credit.c:1379) every tslice per host: shares the
 * host's credit (cpt = 10 * tslice_ms per pCPU) among active domains by
 * weight, with peaks, caps (park below -cap share, unpark at >= 0), clipping
 * at -cpt, leaving the active set above +cpt with the credit halved (reset
 * to 0 in sampled mode: Xen <= 4.0).  Integer rounding as Xen's (ceilings),
 * in 64-bit so that no weight/pCPU count overflows.  The run queues are then
 * re-sorted at once (Xen sorts each at its next tick, which falls on the
 * accounting instant: ticks and accounting share multiples of tslice/3).
 * The timer stops while no vCPU is active and restarts on the same grid,
 * which changes nothing (csched_acct does nothing then but zero the balance).
 */
#include "credit.h"

/* 10 credits per ms: one credit per 100 us (credit.c:57). */
#define NS_PER_CREDIT (VDC_NS_PER_MS / 10)

static int vm_of(const vdc_credit *s, int v) { return s->sim->world.vcpu[v].vm; }

void vdc_credit_burn(vdc_credit *s, int v, vdc_time now)
{
    vdc_credit_vcpu *x = &s->vc[v];
    vdc_time d = now - x->burn_mark;
    if (d <= 0)
        return;
    x->burn_mark = now;
    x->debit_ns += d;
    int64_t cr = x->debit_ns / NS_PER_CREDIT;
    x->debit_ns -= cr * NS_PER_CREDIT;
    x->credit -= (int32_t)cr;
}

/* ---- ticks ------------------------------------------------------------
 * Every busy pCPU ticks on the grid of multiples of the tick period (Xen
 * re-aligns a pCPU's ticker to that grid when it leaves idle, credit.c:2028),
 * so one timer per host visits the busy pCPUs whose tick is due, in pCPU
 * order, instead of one engine event per pCPU: the same ticks, fewer events.
 * The reschedules they raise run after all of them (Xen's ticks on
 * different pCPUs are concurrent too), and so do those of slices that ended
 * at this instant (credit_runq.c pcpu_event: timers before schedules). */

static void tick_one(vdc_credit *s, int c, vdc_time now)
{
    vdc_credit_pcpu *p = &s->pc[c];
    int cur = p->curr;
    vdc_credit_vcpu *x = &s->vc[cur];
    p->tick_next = now + s->tick;
    s->ticks++;
    if (x->pri == VDC_CREDIT_BOOST)
        x->pri = VDC_CREDIT_UNDER;
    if (s->p.accounting == 0)
        vdc_credit_burn(s, cur, now);
    else
        x->credit -= s->cptick;
    if (!(x->flags & VDC_CREDIT_F_ACTIVE)) {
        vdc_credit_acct_start(s, cur);
    } else if (s->p.load_balance && vdc_credit_pick_cpu(s, cur) != c) {
        x->flags |= VDC_CREDIT_F_KICKED;
        s->host[p->host].kicks++;
        vdc_credit_raise(s, c);
    }
}

static vdc_time tick_fire(vdc_engine *eng, void *ctx, uint64_t arg)
{
    vdc_credit *s = ctx;
    vdc_credit_host *h = &s->host[arg];
    vdc_time now = vdc_engine_now(eng);
    h->last_tick = now;
    for (int w = 0; w < h->nw; w++) {
        uint64_t busy = ~h->idlers[w];
        while (busy) {
            int l = (w << 6) + __builtin_ctzll(busy);
            busy &= busy - 1;
            if (l >= h->npcpu)
                break;
            int c = h->pcpu0 + l;
            if (s->pc[c].curr >= 0 && s->pc[c].tick_next <= now)
                tick_one(s, c, now);
            if (s->pc[c].slice_due) {          /* slices that ended now */
                s->pc[c].slice_due = false;
                vdc_credit_raise(s, c);
            }
        }
    }
    vdc_credit_flush(s);
    for (int w = 0; w < h->nw; w++) {          /* stop when the host idles */
        uint64_t busy = ~h->idlers[w];
        for (; busy; busy &= busy - 1) {
            int l = (w << 6) + __builtin_ctzll(busy);
            if (l < h->npcpu && s->pc[h->pcpu0 + l].curr >= 0)
                return s->tick;
        }
    }
    h->tick = 0;
    return VDC_TIMER_STOP;
}

void vdc_credit_tick_start(vdc_credit *s, int c)
{
    vdc_time now = vdc_engine_now(s->sim->eng);
    vdc_credit_pcpu *p = &s->pc[c];
    vdc_credit_host *h = &s->host[p->host];
    p->tick_next = now + s->tick - now % s->tick;
    if (!h->tick)
        h->tick = vdc_engine_timer(s->sim->eng, p->tick_next, tick_fire, s, (uint64_t)p->host);
}

void vdc_credit_tick_stop(vdc_credit *s, int c)
{
    s->pc[c].tick_next = VDC_TIME_MAX;
}

/* ---- the active set ----------------------------------------------------- */

static vdc_time acct_fire(vdc_engine *eng, void *ctx, uint64_t arg);

void vdc_credit_acct_start(vdc_credit *s, int v)
{
    vdc_credit_vcpu *x = &s->vc[v];
    if (x->flags & VDC_CREDIT_F_ACTIVE)
        return;
    int d = vm_of(s, v);
    vdc_credit_vm *m = &s->vm[d];
    vdc_credit_host *h = &s->host[m->host];
    x->flags |= VDC_CREDIT_F_ACTIVE;
    x->act_prev = -1;
    x->act_next = m->act_head;
    if (m->act_head >= 0)
        s->vc[m->act_head].act_prev = v;
    m->act_head = v;
    m->act_count++;
    h->weight += s->sim->world.vm[d].weight;
    if (!m->in_active) {
        m->in_active = true;
        m->act_prev = -1;
        m->act_next = h->act_head;
        if (h->act_head >= 0)
            s->vm[h->act_head].act_prev = d;
        h->act_head = d;
    }
    if (!h->acct) {
        vdc_time now = vdc_engine_now(s->sim->eng);
        h->acct = vdc_engine_timer(s->sim->eng, now + s->tslice - now % s->tslice, acct_fire, s,
                                   (uint64_t)m->host);
        for (int i = 0; i < h->ncapped; i++)
            s->vm[h->capped[i]].cap_n = 0;     /* the window history restarts */
    }
}

static void dom_unlink(vdc_credit *s, vdc_credit_host *h, int d)
{
    vdc_credit_vm *m = &s->vm[d];
    if (m->act_prev >= 0)
        s->vm[m->act_prev].act_next = m->act_next;
    else
        h->act_head = m->act_next;
    if (m->act_next >= 0)
        s->vm[m->act_next].act_prev = m->act_prev;
    m->act_next = m->act_prev = -1;
}

void vdc_credit_acct_stop(vdc_credit *s, int v)
{
    vdc_credit_vcpu *x = &s->vc[v];
    if (!(x->flags & VDC_CREDIT_F_ACTIVE))
        return;
    int d = vm_of(s, v);
    vdc_credit_vm *m = &s->vm[d];
    vdc_credit_host *h = &s->host[m->host];
    x->flags &= (uint16_t)~VDC_CREDIT_F_ACTIVE;
    if (x->act_prev >= 0)
        s->vc[x->act_prev].act_next = x->act_next;
    else
        m->act_head = x->act_next;
    if (x->act_next >= 0)
        s->vc[x->act_next].act_prev = x->act_prev;
    x->act_next = x->act_prev = -1;
    m->act_count--;
    h->weight -= s->sim->world.vm[d].weight;
    if (m->act_count == 0) {
        dom_unlink(s, h, d);
        m->in_active = false;
    }
}

/* ---- accounting ----------------------------------------------------------- */

/* Share of one capped VM over the last 10 accounting periods. */
static void cap_window(vdc_credit *s, int d)
{
    vdc_credit_vm *m = &s->vm[d];
    const vdc_vm *w = &s->sim->world.vm[d];
    int64_t cpu = 0;
    for (int i = 0; i < (int)w->max_vcpus; i++)    /* offlined vCPUs' time too */
        cpu += s->vc[w->vcpu0 + i].cpu_ns;
    m->cap_hist[m->cap_n % 11] = cpu;
    if (m->cap_n >= 10) {
        double share = (double)(cpu - m->cap_hist[(m->cap_n - 10) % 11]) /
                       (10.0 * (double)s->tslice);
        if (share > m->cap_window_max)
            m->cap_window_max = share;
    }
    m->cap_n++;
}

static void credit_vcpu(vdc_credit *s, int v, int64_t fair, int64_t per_cap, bool capped,
                        int64_t *balance)
{
    vdc_credit_vcpu *x = &s->vc[v];
    vdc_time now = vdc_engine_now(s->sim->eng);
    int64_t credit = (int64_t)x->credit + fair;
    if (credit < 0) {
        x->pri = VDC_CREDIT_OVER;
        if (capped && credit < -per_cap && !(x->flags & VDC_CREDIT_F_PARKED)) {
            x->flags |= VDC_CREDIT_F_PARKED;
            x->parked_at = now;
            vdc_credit_sleep(s, v);
        }
        if (credit < -s->cpt)
            credit = -s->cpt;
    } else {
        x->pri = VDC_CREDIT_UNDER;
        if (x->flags & VDC_CREDIT_F_PARKED) {   /* unpause first: no BOOST */
            x->flags &= (uint16_t)~VDC_CREDIT_F_PARKED;
            x->parked_ns += now - x->parked_at;
            x->credit = (int32_t)credit;
            vdc_credit_wake(s, v, false, true);
        }
        if (credit > s->cpt) {
            vdc_credit_acct_stop(s, v);
            credit = s->p.accounting == 0 ? credit / 2 : 0;
        }
    }
    x->credit = (int32_t)credit;
    *balance += credit;
}

static vdc_time acct_fire(vdc_engine *eng, void *ctx, uint64_t arg)
{
    vdc_credit *s = ctx;
    vdc_credit_host *h = &s->host[arg];
    (void)eng;
    s->accts++;
    if (h->ncapped) {
        for (int c = h->pcpu0; c < h->pcpu0 + h->npcpu; c++)
            vdc_credit_settle(s, c);
        for (int i = 0; i < h->ncapped; i++)
            cap_window(s, h->capped[i]);
    }
    int64_t weight_total = h->weight, credit_total = h->credit;
    if (h->balance < 0)
        credit_total -= h->balance;
    if (weight_total == 0) {
        h->balance = 0;
        h->acct = 0;
        return VDC_TIMER_STOP;
    }
    for (int c = h->pcpu0; c < h->pcpu0 + h->npcpu; c++)
        if (s->pc[c].nq > 0)
            s->pc[c].sorted = false;           /* priorities change under it */
    int64_t weight_left = weight_total, balance = 0, per_cap = 0;
    bool xtra = false;
    for (int d = h->act_head, dn; d >= 0; d = dn) {
        dn = s->vm[d].act_next;
        const vdc_vm *w = &s->sim->world.vm[d];
        int64_t n = s->vm[d].act_count, wt = w->weight;
        weight_left -= wt * n;
        int64_t peak = n * s->cpt;
        if (h->balance < 0)
            peak += (-h->balance * wt * n + weight_total - 1) / weight_total;
        if (w->cap) {
            int64_t ccap = (w->cap * s->cpt + 99) / 100;
            if (ccap < peak)
                peak = ccap;
            per_cap = (ccap + n - 1) / n;
        }
        int64_t fair = (credit_total * wt * n + weight_total - 1) / weight_total;
        if (fair < peak) {
            xtra = true;
        } else {
            if (weight_left != 0)   /* give the others the credit it cannot use */
                credit_total += ((fair - peak) * weight_total + weight_left - 1) / weight_left;
            if (xtra && h->act_head != d) {      /* lazily keep it at the head */
                dom_unlink(s, h, d);
                s->vm[d].act_next = h->act_head;
                s->vm[h->act_head].act_prev = d;
                h->act_head = d;
            }
            fair = peak;
        }
        fair = (fair + n - 1) / n;
        for (int v = s->vm[d].act_head, vn; v >= 0; v = vn) {
            vn = s->vc[v].act_next;
            credit_vcpu(s, v, fair, per_cap, w->cap != 0, &balance);
        }
    }
    h->balance = balance;
    for (int c = h->pcpu0; c < h->pcpu0 + h->npcpu; c++)
        if (s->pc[c].nq > 0)
            vdc_credit_runq_sort(s, c);
    vdc_credit_flush(s);
    return s->tslice;
}
