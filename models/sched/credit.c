/* credit.c -- the Xen Credit scheduler (credit1) at event level: descriptor,
 * parameters, life cycle, world observers and results.
 *
 * What it models, per host: per-pCPU run queues (BOOST > UNDER > OVER),
 * 10 ms ticks, 30 ms accounting with weights, caps (parking), clipping and
 * the active set, exact or sampled debit, BOOST on wake, the tickle rule,
 * ratelimit, and stealing by pCPUs whose best local choice is OVER or idle;
 * hard affinity from vms[i].pin.  Sources: xen/common/sched/credit.c (Xen
 * 4.21 tree; line numbers in the other credit_*.c files), docs/references.md §1.
 * Simplified (models/sched/README.md "## credit"): flat topology (no SMT,
 * sockets or NUMA nodes), no soft affinity, no yield, no tasklets, IPIs
 * and context switches take no time.  Weight, cap and vCPU count change at
 * run time through VDC_OBS_RESIZE (the resize action).
 * Known answers (tests/test_credit.c): docs/references.md §1.3 shares within
 * 0.01 over 30 s; within 2 % of the fluid model on CPU-bound mixes.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "array.h"
#include "credit.h"
#include "units.h"

/* ---- parameters ---------------------------------------------------------- */

#define P(f) offsetof(vdc_credit_params, f)
static const vdc_param credit_params_tbl[] = {
    /* default 30 (credit.c:52), range 1..1000 (sysctl.h:801-802) */
    { .name = "tslice_ms", .type = VDC_PARAM_INT, .offset = P(tslice_ms), .def = 30, .min = 1,
      .max = 1000, .unit = "ms", .help = "time slice; ticks every tslice/3, accounting every tslice" },
    /* default 1000 (sched/private.h:21), 100..500000 or 0 (sysctl.h:796-797) */
    { .name = "ratelimit_us", .type = VDC_PARAM_INT, .offset = P(ratelimit_us), .def = 1000,
      .min = 0, .max = 500000, .unit = "us",
      .help = "a vCPU keeps its pCPU at least this long (0 = off; 100..500000, <= tslice)" },
    { .name = "boost", .type = VDC_PARAM_BOOL, .offset = P(boost), .def = 1,
      .help = "BOOST priority for UNDER vCPUs that wake up" },
    { .name = "load_balance", .type = VDC_PARAM_BOOL, .offset = P(load_balance), .def = 1,
      .help = "move vCPUs between pCPUs: stealing by OVER/idle pCPUs, re-pick at ticks, kick on tickle" },
    { .name = "accounting", .type = VDC_PARAM_ENUM, .offset = P(accounting), .def = 0,
      .choices = "exact|sampled",
      .help = "exact: debit per 100 us run (Xen >= 4.0); sampled: a tick debits whoever runs (Xen <= 3.4)" },
    /* default 1 ms (credit.c:54), max 1 s (credit.c:56) */
    { .name = "load_balance_ratelimit_us", .type = VDC_PARAM_INT, .offset = P(lb_ratelimit_us),
      .def = 1000, .min = 0, .max = 1000000, .unit = "us",
      .help = "a pCPU steals at most once per this interval (Xen >= 4.18)" },
    /* vcpu_migration_delay: default 0, max 100 ms (sysctl.h:809) */
    { .name = "migration_delay_us", .type = VDC_PARAM_INT, .offset = P(migration_delay_us),
      .def = 0, .min = 0, .max = 100000, .unit = "us",
      .help = "a vCPU descheduled less than this ago is cache-hot: not stolen" },
    { .name = "samples", .type = VDC_PARAM_BOOL, .offset = P(samples), .def = 1,
      .help = "write per-VM share and per-host util every sample_window_s" },
    /* our modelling choice, no published value: see sched_wl.h */
    { .name = "demand_period_ms", .type = VDC_PARAM_NUM, .offset = P(demand_period_ms),
      .def = 10, .min = 0, .max = 1e6, .unit = "ms", .flags = VDC_PARAM_MIN_EXCL,
      .help = "a demand d < 1 is d x this much work per period" },
    { .name = "audit_ms", .type = VDC_PARAM_NUM, .offset = P(audit_ms), .def = 0, .min = 0,
      .max = 1e6, .unit = "ms",
      .help = "check work conservation every this often (0 = off); metrics audit_*" },
    /* a measurement window, not a Xen parameter: VMs that all start at t = 0
     * with zero credit go through a start-up transient (README) */
    { .name = "latency_warmup_s", .type = VDC_PARAM_NUM, .offset = P(latency_warmup_s), .def = 0,
      .min = 0, .max = 1e9, .unit = "s",
      .help = "record wake and ping latencies only from this time on (start-up transient left out)" },
    { 0 }
};

/* ---- hosts and VMs ------------------------------------------------------------ */

static int oom(vdc_error *err) { return vdc_error_set(err, VDC_ENOMEM, "credit: out of memory"); }

static void capped_remove(vdc_credit_host *h, int d)
{
    for (int i = 0; i < h->ncapped; i++)
        if (h->capped[i] == d) {
            h->capped[i] = h->capped[--h->ncapped];
            return;
        }
}

/* vCPU v of VM d joins a run queue of the VM's host, round robin over the
 * pCPUs its affinity allows, as a fresh vCPU: UNDER, no credit (Xen's
 * csched_alloc_udata). Used at attach and when a hot-plugged vCPU comes online. */
static void vcpu_place(vdc_credit *s, int d, int v, vdc_time now)
{
    const vdc_vm *w = &s->sim->world.vm[d];
    vdc_credit_vm *m = &s->vm[d];
    vdc_credit_host *h = &s->host[m->host];
    vdc_credit_vcpu *x = &s->vc[v];
    int l = h->rr++ % h->npcpu;
    if (m->aff && !vdc_bitmap_test(m->aff, l))
        l = vdc_bitmap_cycle(m->aff, NULL, h->npcpu, l);
    x->pcpu = h->pcpu0 + l;
    x->flags = w->paused ? VDC_CREDIT_F_PAUSED : 0;
    x->pri = VDC_CREDIT_UNDER;
    x->credit = 0;
    x->debit_ns = 0;
    x->state = VDC_CREDIT_OFF;
    x->since = now;
}

/* Put vm's vCPUs on host hi.  strict: a pin beyond the host is an error
 * (at start); else it is ignored (after a move to a smaller host). */
static int attach(vdc_credit *s, int d, int hi, bool strict, vdc_error *err)
{
    const vdc_vm *w = &s->sim->world.vm[d];
    vdc_credit_vm *m = &s->vm[d];
    vdc_credit_host *h = &s->host[hi];
    vdc_time now = vdc_engine_now(s->sim->eng);
    m->host = hi;
    free(m->aff);
    m->aff = NULL;
    m->naff = 0;
    if (w->pin.n) {
        if (!(m->aff = calloc((size_t)h->nw, sizeof *m->aff)))
            return oom(err);
        for (size_t i = 0; i < w->pin.n; i++) {
            int64_t c = w->pin.v[i];
            if (c < 0 || c >= h->npcpu) {
                if (strict)
                    return vdc_error_set(err, VDC_EINPUT,
                                         "%s: vm %s: pin: pCPU %lld does not exist on host %s "
                                         "(pCPUs 0..%d)", s->sim->label,
                                         w->name, (long long)c, s->sim->world.host[hi].name,
                                         h->npcpu - 1);
                continue;
            }
            if (!vdc_bitmap_test(m->aff, (int)c))
                m->naff++;
            vdc_bitmap_set(m->aff, (int)c);
        }
        if (m->naff == 0) {
            free(m->aff);
            m->aff = NULL;
        }
    }
    if (w->cap > 0) {
        if (vdc_array_grow((void **)&h->capped, &h->cap_alloc, h->ncapped + 1, sizeof *h->capped))
            return oom(err);
        h->capped[h->ncapped++] = d;
        m->cap_n = 0;
    }
    for (int i = 0; i < (int)w->vcpus; i++)
        vcpu_place(s, d, w->vcpu0 + i, now);
    return 0;
}

/* Take vm's vCPUs off their host (they stop there first). */
static void detach(vdc_credit *s, int d)
{
    const vdc_vm *w = &s->sim->world.vm[d];
    vdc_credit_vm *m = &s->vm[d];
    vdc_time now = vdc_engine_now(s->sim->eng);
    if (m->host < 0)
        return;
    for (int i = 0; i < (int)w->vcpus; i++) {
        s->vc[w->vcpu0 + i].flags |= VDC_CREDIT_F_AWAY;
        vdc_credit_sleep(s, w->vcpu0 + i);
    }
    vdc_credit_flush(s);
    for (int i = 0; i < (int)w->vcpus; i++) {
        int v = w->vcpu0 + i;
        vdc_credit_vcpu *x = &s->vc[v];
        vdc_credit_acct_stop(s, v);
        if (x->flags & VDC_CREDIT_F_PARKED)
            x->parked_ns += now - x->parked_at;
        x->flags = VDC_CREDIT_F_AWAY | (w->paused ? VDC_CREDIT_F_PAUSED : 0);
    }
    capped_remove(&s->host[m->host], d);
    m->host = -1;
}

static void wake_vm(vdc_credit *s, int d)
{
    const vdc_vm *w = &s->sim->world.vm[d];
    for (int i = 0; i < (int)w->vcpus; i++)
        vdc_credit_wake(s, w->vcpu0 + i, false, false);
}

/* ---- resizing (VDC_OBS_RESIZE) ------------------------------------------------- */

/* vCPU v of VM d came online: it joins a run queue of the VM's host as a
 * fresh vCPU does at attach (UNDER, no credit: Xen's csched_alloc_udata),
 * and its workload starts. */
static int vcpu_online(vdc_credit *s, int d, int i)
{
    const vdc_vm *w = &s->sim->world.vm[d];
    vdc_credit_vm *m = &s->vm[d];
    int v = w->vcpu0 + i;
    if (m->host < 0)
        return 0;                              /* unplaced: attach does it */
    vcpu_place(s, d, v, vdc_engine_now(s->sim->eng));
    return vdc_swl_start_vcpu(s->wl, d, i);
}

/* vCPU v went offline: descheduled (its run so far debited by the burn at
 * the switch), out of the active set (its host's weight drops), its credit
 * gone with it as Xen frees the unit's private data; its CPU time stays in
 * the VM's totals. */
static void vcpu_offline(vdc_credit *s, int v)
{
    vdc_credit_vcpu *x = &s->vc[v];
    vdc_time now = vdc_engine_now(s->sim->eng);
    if (x->flags & VDC_CREDIT_F_AWAY)
        return;                                /* its VM is not on a host */
    x->flags |= VDC_CREDIT_F_AWAY;
    vdc_credit_sleep(s, v);
    vdc_credit_flush(s);
    vdc_credit_acct_stop(s, v);
    if (x->flags & VDC_CREDIT_F_PARKED)
        x->parked_ns += now - x->parked_at;
    x->flags = VDC_CREDIT_F_AWAY;
    x->credit = 0;
    vdc_swl_stop_vcpu(s->wl, v);
}

/* Weight and cap of a running domain (csched_dom_cntl, credit.c:1172): the
 * host's weight sum follows at once for the active vCPUs; a new cap takes
 * effect at the next accounting. */
static void sched_params(vdc_credit *s, int d, const vdc_obs_event *ev)
{
    const vdc_vm *w = &s->sim->world.vm[d];
    vdc_credit_vm *m = &s->vm[d];
    if (m->host < 0)
        return;
    vdc_credit_host *h = &s->host[m->host];
    h->weight += (w->weight - ev->old_weight) * m->act_count;
    if (ev->old_cap == 0 && w->cap > 0) {
        if (vdc_array_grow((void **)&h->capped, &h->cap_alloc, h->ncapped + 1, sizeof *h->capped)) {
            vdc_engine_fail(s->sim->eng, VDC_ENOMEM, "credit: out of memory");
            return;
        }
        h->capped[h->ncapped++] = d;
        m->cap_n = 0;
    } else if (ev->old_cap > 0 && w->cap == 0) {
        capped_remove(h, d);
    }
}

static void resize(vdc_credit *s, int d, const vdc_obs_event *ev)
{
    const vdc_vm *w = &s->sim->world.vm[d];
    if (w->weight != ev->old_weight || w->cap != ev->old_cap)
        sched_params(s, d, ev);
    for (int64_t i = w->vcpus; i < ev->old_vcpus; i++)
        vcpu_offline(s, w->vcpu0 + (int)i);
    for (int64_t i = ev->old_vcpus; i < w->vcpus; i++)
        if (vcpu_online(s, d, (int)i)) {
            vdc_engine_fail(s->sim->eng, VDC_ENOMEM, "credit: out of memory");
            return;
        }
}

/* ---- the workload's callbacks ------------------------------------------------- */

static void op_settle(void *ctx, int v)
{
    vdc_credit *s = ctx;
    if (s->vc[v].state == VDC_CREDIT_RUNNING)
        vdc_credit_settle(s, s->vc[v].pcpu);
}

static void op_changed(void *ctx, int v)
{
    vdc_credit *s = ctx;
    vdc_credit_vcpu *x = &s->vc[v];
    if (x->flags & VDC_CREDIT_F_AWAY)
        return;
    if (x->state == VDC_CREDIT_RUNNING) {
        if (vdc_credit_runnable(s, v))
            vdc_credit_rearm(s, x->pcpu);
        else
            vdc_credit_raise(s, x->pcpu);
    } else if (x->state == VDC_CREDIT_QUEUED) {
        if (!vdc_credit_runnable(s, v))
            vdc_credit_sleep(s, v);
    } else {
        vdc_credit_wake(s, v, !s->quiet && vdc_engine_now(s->sim->eng) >= s->lat_from, false);
    }
}

static void op_flush(void *ctx) { vdc_credit_flush(ctx); }

static const vdc_swl_ops swl_ops = { op_settle, op_changed, op_flush };

static int start_workload(vdc_credit *s, int d)
{
    s->quiet = true;
    int rc = vdc_swl_start(s->wl, d);
    s->quiet = false;
    return rc;
}

/* ---- growth (VMs added at run time) --------------------------------------------- */

static int grow(vdc_credit *s)
{
    const vdc_world *w = &s->sim->world;
    if (w->nvcpu > s->nvc) {
        vdc_credit_vcpu *p = realloc(s->vc, (size_t)w->nvcpu * sizeof *p);
        if (!p)
            return VDC_ENOMEM;
        for (int v = s->nvc; v < w->nvcpu; v++)
            p[v] = (vdc_credit_vcpu){ .next = -1, .prev = -1, .act_next = -1, .act_prev = -1,
                                      .pcpu = -1, .pri = VDC_CREDIT_UNDER,
                                      .flags = VDC_CREDIT_F_AWAY, .boosted_wake_max_ns = -1 };
        s->vc = p;
        s->nvc = w->nvcpu;
    }
    if (w->nvm > s->nvm) {
        vdc_credit_vm *p = realloc(s->vm, (size_t)w->nvm * sizeof *p);
        if (!p)
            return VDC_ENOMEM;
        for (int d = s->nvm; d < w->nvm; d++)
            p[d] = (vdc_credit_vm){ .host = -1, .act_head = -1, .act_next = -1, .act_prev = -1 };
        s->vm = p;
        s->nvm = w->nvm;
    }
    return s->wl ? vdc_swl_grow(s->wl) : 0;
}

/* ---- observers ---------------------------------------------------------------- */

static void observe(void *ctx, vdc_sim *sim, const vdc_obs_event *ev)
{
    vdc_credit *s = ctx;
    vdc_error err;
    vdc_obs what = ev->what;
    if (what == VDC_OBS_HOST_POWER || what == VDC_OBS_MIGRATE_REQ)
        return;                 /* not a change of what we schedule (yet) */
    int d = ev->vm, v = ev->vcpu;
    const vdc_vm *w = &sim->world.vm[d];
    switch (what) {
    case VDC_OBS_SPEED:
        /* a VM being added: another observer of its ADD set its speed before
         * we saw the ADD; attaching it reads the speed then */
        if (v >= s->nvc)
            break;
        if (s->vc[v].state == VDC_CREDIT_RUNNING) {
            int c = s->vc[v].pcpu;
            vdc_credit_settle(s, c);
            s->pc[c].speed = sim->world.vcpu[v].speed;
            vdc_credit_rearm(s, c);
        }
        break;
    case VDC_OBS_PAUSE:
        for (int i = 0; i < (int)w->vcpus; i++) {
            s->vc[w->vcpu0 + i].flags |= VDC_CREDIT_F_PAUSED;
            vdc_credit_sleep(s, w->vcpu0 + i);
        }
        break;
    case VDC_OBS_RESUME:
        for (int i = 0; i < (int)w->vcpus; i++)
            s->vc[w->vcpu0 + i].flags &= (uint16_t)~VDC_CREDIT_F_PAUSED;
        wake_vm(s, d);
        break;
    case VDC_OBS_MOVE:
        detach(s, d);
        if (w->host >= 0) {
            if (attach(s, d, w->host, false, &err)) {
                vdc_engine_fail(sim->eng, err.code, "%s", err.msg);
                return;
            }
            wake_vm(s, d);
        }
        break;
    case VDC_OBS_WORKLOAD:
        if (start_workload(s, d))
            vdc_engine_fail(sim->eng, VDC_ENOMEM, "credit: out of memory");
        break;
    case VDC_OBS_RESIZE:
        resize(s, d, ev);
        break;
    case VDC_OBS_ADD:
        if (grow(s)) {
            vdc_engine_fail(sim->eng, VDC_ENOMEM, "credit: out of memory");
            return;
        }
        if (w->host >= 0 && attach(s, d, w->host, false, &err)) {
            vdc_engine_fail(sim->eng, err.code, "%s", err.msg);
            return;
        }
        if (start_workload(s, d))
            vdc_engine_fail(sim->eng, VDC_ENOMEM, "credit: out of memory");
        break;
    default:            /* migration requests, host power: not the scheduler's */
        break;
    }
    vdc_credit_flush(s);
}

/* ---- samples and audit ---------------------------------------------------------- */

static void settle_all(vdc_credit *s)
{
    for (int c = 0; c < s->npc; c++)
        vdc_credit_settle(s, c);
}

static vdc_time sample_fire(vdc_engine *eng, void *ctx, uint64_t arg)
{
    vdc_credit *s = ctx;
    const vdc_world *w = &s->sim->world;
    vdc_time now = vdc_engine_now(eng);
    double win = vdc_time_to_s(now - s->last_sample), t = vdc_time_to_s(now);
    (void)arg;
    s->last_sample = now;
    settle_all(s);
    for (int hi = 0; hi < s->nhost; hi++) {
        vdc_credit_host *h = &s->host[hi];
        int64_t busy = 0;
        for (int c = h->pcpu0; c < h->pcpu0 + h->npcpu; c++)
            busy += s->pc[c].busy_ns;
        vdc_results_sample(s->sim->res, w->host[hi].name, "util", t,
                           (double)(busy - h->win_busy_ns) / 1e9 / (win * h->npcpu));
        h->win_busy_ns = busy;
    }
    for (int d = 0; d < w->nvm; d++) {
        int64_t cpu = 0;
        for (int i = 0; i < (int)w->vm[d].max_vcpus; i++)   /* offlined vCPUs' time too */
            cpu += s->vc[w->vm[d].vcpu0 + i].cpu_ns;
        vdc_results_sample(s->sim->res, w->vm[d].name, "share", t,
                           (double)(cpu - s->vm[d].win_cpu_ns) / 1e9 / win);
        s->vm[d].win_cpu_ns = cpu;
    }
    return vdc_time_from_s(s->sim->sample_window_s);
}

/* Work conservation: a vCPU queued longer than a slice while a pCPU it may
 * use has been idle for more than a tick counts as a violation.  (A pCPU can
 * go idle without stealing when it balanced less than load_balance_ratelimit
 * ago; the next tick of a busy pCPU then moves work to it: credit.c:988.) */
static vdc_time audit_fire(vdc_engine *eng, void *ctx, uint64_t arg)
{
    vdc_credit *s = ctx;
    vdc_time now = vdc_engine_now(eng);
    (void)arg;
    s->audit_checks++;
    for (int hi = 0; hi < s->nhost; hi++) {
        const vdc_credit_host *h = &s->host[hi];
        uint64_t idle[(VDC_MAX_PCPUS_PER_HOST + 63) / 64] = { 0 };
        bool any = false;
        for (int c = h->pcpu0; c < h->pcpu0 + h->npcpu; c++)
            if (s->pc[c].curr < 0 && now - s->pc[c].idle_since > s->tick) {
                vdc_bitmap_set(idle, c - h->pcpu0);
                any = true;
            }
        if (!any)
            continue;
        for (int c = h->pcpu0; c < h->pcpu0 + h->npcpu; c++)
            for (int e = s->pc[c].head; e >= 0; e = s->vc[e].next) {
                vdc_time wait = now - s->vc[e].since;
                if (wait <= s->tslice)
                    continue;
                const uint64_t *aff = s->vm[s->sim->world.vcpu[e].vm].aff;
                if (vdc_bitmap_next(idle, aff, h->npcpu, 0) < 0)
                    continue;
                s->audit_viol++;
                if (wait > s->audit_max_wait)
                    s->audit_max_wait = wait;
            }
    }
    return vdc_time_from_s(s->p.audit_ms / 1e3);
}

/* ---- life ------------------------------------------------------------------------ */

static int credit_init(void *state, const void *params, vdc_sim *sim, vdc_error *err)
{
    vdc_credit *s = state;
    const vdc_world *w = &sim->world;
    const char *file = sim->label;
    s->sim = sim;
    s->p = *(const vdc_credit_params *)params;
    if (s->p.ratelimit_us != 0 && s->p.ratelimit_us < 100)
        return vdc_error_set(err, VDC_EINPUT,
                             "%s: models.sched.ratelimit_us: must be 0 or 100..500000 "
                             "(XEN_SYSCTL_SCHED_RATELIMIT_MIN), got %lld",
                             file, (long long)s->p.ratelimit_us);
    if (s->p.ratelimit_us > s->p.tslice_ms * 1000)
        return vdc_error_set(err, VDC_EINPUT,
                             "%s: models.sched.ratelimit_us: must not exceed tslice_ms (%lld ms), "
                             "got %lld", file, (long long)s->p.tslice_ms,
                             (long long)s->p.ratelimit_us);
    /* __csched_set_tslice (credit.c:1248): 3 ticks per slice, 1 below 3 ms */
    int64_t ticks = s->p.tslice_ms < 3 ? 1 : 3;
    s->tslice = s->p.tslice_ms * VDC_NS_PER_MS;
    s->tick = s->p.tslice_ms * 1000 / ticks * VDC_NS_PER_US;
    s->cpt = (int32_t)(10 * s->p.tslice_ms);
    s->cptick = (int32_t)(s->cpt / ticks);
    s->ratelimit = s->p.ratelimit_us * VDC_NS_PER_US;
    s->lb_ratelimit = s->p.lb_ratelimit_us * VDC_NS_PER_US;
    s->migr_delay = s->p.migration_delay_us * VDC_NS_PER_US;
    s->lat_from = vdc_time_from_s(s->p.latency_warmup_s);

    int64_t npc = 0, nwords = 0;
    for (int h = 0; h < w->nhost; h++) {
        npc += w->host[h].pcpus;
        nwords += 3 * ((w->host[h].pcpus + 63) / 64);
    }
    if (npc > INT32_MAX / 2)
        return vdc_error_set(err, VDC_EINPUT, "%s: credit: %lld pCPUs is too many for an "
                             "event-level model (use the fluid model)", file, (long long)npc);
    s->nhost = w->nhost;
    s->npc = (int)npc;
    if (!(s->host = calloc((size_t)(w->nhost ? w->nhost : 1), sizeof *s->host)) ||
        !(s->pc = calloc((size_t)(npc ? npc : 1), sizeof *s->pc)) ||
        !(s->pend = calloc((size_t)(npc ? npc : 1), sizeof *s->pend)) ||
        !(s->bits = calloc((size_t)(nwords ? nwords : 1), sizeof *s->bits)) || grow(s))
        return oom(err);
    uint64_t *b = s->bits;
    int c = 0;
    for (int hi = 0; hi < w->nhost; hi++) {
        vdc_credit_host *h = &s->host[hi];
        h->pcpu0 = c;
        h->npcpu = (int)w->host[hi].pcpus;
        h->nw = (h->npcpu + 63) / 64;
        h->idlers = b;
        h->qany = b + h->nw;
        h->qhi = b + 2 * h->nw;
        b += 3 * h->nw;
        h->credit = (int64_t)s->cpt * h->npcpu;   /* init_pdata: credit per pCPU */
        h->act_head = -1;
        h->bias = h->npcpu - 1;
        h->last_tickle = h->npcpu - 1;
        for (int l = 0; l < h->npcpu; l++, c++) {
            vdc_bitmap_set(h->idlers, l);                /* start off idling */
            s->pc[c] = (vdc_credit_pcpu){ .host = hi, .curr = -1, .head = -1, .tail = -1,
                                          .last_boost = -1, .last_under = -1, .sorted = true,
                                          .ev_at = VDC_TIME_MAX, .slice_end = VDC_TIME_MAX,
                                          .done_at = VDC_TIME_MAX, .tick_next = VDC_TIME_MAX,
                                          .speed = 1 };
        }
    }
    for (int d = 0; d < w->nvm; d++) {
        int rc;
        if (w->vm[d].host >= 0 && (rc = attach(s, d, w->vm[d].host, true, err)))
            return rc;
    }
    if (!(s->wl = vdc_swl_new(sim, &swl_ops, s, vdc_time_from_s(s->p.demand_period_ms / 1e3),
                              err)))
        return err->code;
    vdc_swl_latency_from(s->wl, s->lat_from);
    if (vdc_world_observe(&sim->world, observe, s))
        return oom(err);
    for (int d = 0; d < w->nvm; d++)
        if (start_workload(s, d))
            return oom(err);
    vdc_credit_flush(s);
    vdc_time win = vdc_time_from_s(sim->sample_window_s);
    if (s->p.samples && sim->res && win > 0)
        vdc_engine_timer(sim->eng, win, sample_fire, s, 0);
    if (s->p.audit_ms > 0)
        vdc_engine_timer(sim->eng, vdc_time_from_s(s->p.audit_ms / 1e3), audit_fire, s, 0);
    return 0;
}

static int credit_finish(void *state, vdc_sim *sim, vdc_error *err)
{
    vdc_credit *s = state;
    (void)sim;
    settle_all(s);
    return vdc_credit_report(s, err);
}

static void credit_destroy(void *state)
{
    vdc_credit *s = state;
    for (int v = 0; v < s->nvc; v++)
        vdc_chist_c_free(&s->vc[v].wake);
    for (int d = 0; d < s->nvm; d++)
        free(s->vm[d].aff);
    for (int h = 0; h < s->nhost && s->host; h++)
        free(s->host[h].capped);
    vdc_swl_free(s->wl);
    free(s->vc);
    free(s->vm);
    free(s->host);
    free(s->pc);
    free(s->pend);
    free(s->bits);
}

/* CPU time of a VM so far: settled time plus what its running vCPUs have
 * run since their pCPU's mark (read only, for the I/O model). */
static double credit_vm_cpu_s(const void *state, const vdc_sim *sim, int vm)
{
    const vdc_credit *s = state;
    const vdc_vm *m = &sim->world.vm[vm];
    vdc_time now = vdc_engine_now(sim->eng);
    int64_t ns = 0;
    for (int i = 0; i < (int)m->max_vcpus; i++) {          /* offlined vCPUs' time too */
        int v = m->vcpu0 + i;
        if (v >= s->nvc)
            break;
        ns += s->vc[v].cpu_ns;
        int c = s->vc[v].pcpu;
        if (c >= 0 && c < s->npc && s->pc[c].curr == v && now > s->pc[c].mark)
            ns += now - s->pc[c].mark;
    }
    return (double)ns * VDC_S_PER_NS;
}

const vdc_model_type vdc_sched_credit = {
    .kind = VDC_KIND_SCHED,
    .name = "credit",
    .help = "Xen Credit scheduler (credit1), event level: slices, credits, BOOST, caps, stealing",
    .params = credit_params_tbl,
    .params_size = sizeof(vdc_credit_params),
    .state_size = sizeof(vdc_credit),
    .init = credit_init,
    .finish = credit_finish,
    .destroy = credit_destroy,
    .vm_cpu_s = credit_vm_cpu_s,
};
