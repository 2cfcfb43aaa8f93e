/* sched_wl.c -- event-level CPU workloads (see sched_wl.h for the laws).
 *
 * State per vCPU: background work `bg` (native ns; INFINITY = unbounded) and
 * a FIFO ring of request items (ping), which run ahead of bg; one timer
 * (period start, on/off edge, end of an I/O wait).  Per VM: the ping timer
 * and the latency histogram of a ping client.  Messages between hosts wait
 * in a pooled buffer for their delivery event.
 *
 * Random numbers: stream "vm/<name>/vcpu<i>/io" per I/O vCPU,
 * "vm/<name>/vcpu<i>/phase" for the first demand period of a vCPU with
 * 0 < demand < 1, and "vm/<name>/ping" per ping client (sim/rng.h), drawn
 * in event order, so a
 * run is reproducible and one VM's draws never shift another's.
 * Limits: the ping client is always the VM's vCPU 0, the server always the
 * peer's vCPU 0 (where Linux binds a NIC's event channel by default).
 */
#include "sched_wl.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_randist.h>

#include "array.h"
#include "rng.h"

enum { IT_SEND, IT_SERVE, IT_RECV };

typedef struct item {
    double rem;                /* work left, native ns */
    vdc_time t0;               /* creation of the request */
    int client_vm;
    int type;
} item;

typedef struct wvcpu {
    double bg;                 /* background work left; INFINITY unbounded */
    item *q;                   /* ring of items */
    uint32_t head, n, cap;
    vdc_event_id timer;
    gsl_rng *rng;              /* io bursts and waits */
} wvcpu;

typedef struct wvm {
    vdc_event_id ping_timer;
    gsl_rng *ping_rng;
    vdc_chist *lat;            /* ping client: request latencies */
} wvm;

typedef struct msg {
    int dst;                   /* vCPU; -1 when free */
    int next_free;
    item it;
} msg;

struct vdc_swl {
    vdc_sim *sim;
    const vdc_swl_ops *ops;
    void *ctx;
    vdc_time period;           /* of cpu/onoff demand below 1 */
    vdc_time lat_from;         /* ping latencies of requests sent from here */
    wvcpu *vc; int nvc;
    wvm *vm; int nvm;
    msg *msgs; int nmsg, cap_msg, free_msg;
};

/* ---- helpers --------------------------------------------------------- */

static const vdc_vm *vm_of(const vdc_swl *w, int vcpu)
{
    return &w->sim->world.vm[w->sim->world.vcpu[vcpu].vm];
}

static double draw(gsl_rng *r, int dist, double mean)
{
    if (dist == VDC_DIST_CONST || mean <= 0)
        return mean;
    return gsl_ran_exponential(r, mean);
}

/* ms -> ns, at least 1 ns so that an event always lies in the future. */
static vdc_time ms_to_ns(double ms)
{
    double ns = ceil(ms * 1e6);
    if (ns < 1)
        return 1;
    return ns > 9e18 ? (vdc_time)9e18 : (vdc_time)ns;
}

/* Background demand of vm at t as if it were running (pauses are the
 * scheduler's); a ping client's own work, without its requests. */
static double demand_at(const vdc_vm *vm, vdc_time t)
{
    if (vm->wl.type == VDC_WL_PING)
        return vm->wl.demand;
    vdc_vm tmp = *vm;
    tmp.paused = false;
    return vdc_workload_demand(&tmp, t);
}

static int push_item(vdc_swl *w, int v, item it)
{
    wvcpu *c = &w->vc[v];
    if (c->n == c->cap) {
        uint32_t cap = c->cap ? c->cap * 2 : 8;
        item *q = malloc(cap * sizeof *q);
        if (!q)
            return VDC_ENOMEM;
        for (uint32_t i = 0; i < c->n; i++)
            q[i] = c->q[(c->head + i) % c->cap];
        free(c->q);
        c->q = q;
        c->head = 0;
        c->cap = cap;
    }
    c->q[(c->head + c->n) % c->cap] = it;
    c->n++;
    return 0;
}

/* ---- timers ---------------------------------------------------------- */

static void vcpu_timer(vdc_engine *eng, void *ctx, uint64_t arg);

/* Set bg for a cpu/onoff vCPU at now and arm its next period/edge timer.
 * `first` (0 < first <= period): length of this period -- the first one is
 * cut at a random phase so that vCPUs' periods are not all aligned with each
 * other and with the scheduler's tick grid (guest timers are not). */
static void demand_refresh(vdc_swl *w, int v, vdc_time now, vdc_time first)
{
    const vdc_vm *vm = vm_of(w, v);
    double d = demand_at(vm, now);
    wvcpu *c = &w->vc[v];
    vdc_time next = VDC_TIME_MAX;
    if (d >= 1) {
        c->bg = INFINITY;
    } else if (d > 0) {
        c->bg = d * (double)first;
        next = now + first;
    } else {
        c->bg = 0;
    }
    if (vdc_workload_varies(&vm->wl)) {
        vdc_time edge = vdc_workload_next_change(vm, now);
        if (edge < next)
            next = edge;
    }
    if (next != VDC_TIME_MAX)
        c->timer = vdc_engine_at(w->sim->eng, next, vcpu_timer, w, (uint64_t)v);
}

static void io_burst(vdc_swl *w, int v)
{
    const vdc_workload *wl = &vm_of(w, v)->wl;
    w->vc[v].bg = (double)ms_to_ns(draw(w->vc[v].rng, wl->dist, wl->burst_ms));
}

static void vcpu_timer(vdc_engine *eng, void *ctx, uint64_t arg)
{
    vdc_swl *w = ctx;
    int v = (int)arg;
    w->vc[v].timer = 0;
    w->ops->settle(w->ctx, v);
    if (vm_of(w, v)->wl.type == VDC_WL_IO)
        io_burst(w, v);
    else
        demand_refresh(w, v, vdc_engine_now(eng), w->period);
    w->ops->changed(w->ctx, v);
    w->ops->flush(w->ctx);
}

/* ---- ping ------------------------------------------------------------ */

static void deliver(vdc_swl *w, int dst, item it, vdc_time delay);

static void ping_timer(vdc_engine *eng, void *ctx, uint64_t arg)
{
    vdc_swl *w = ctx;
    int vm = (int)arg;
    const vdc_vm *m = &w->sim->world.vm[vm];
    vdc_time now = vdc_engine_now(eng);
    item it = { (double)ms_to_ns(m->wl.service_ms), now, vm, IT_SEND };
    if (m->wl.service_ms <= 0)
        it.rem = 1;
    deliver(w, m->vcpu0, it, 0);
    w->vm[vm].ping_timer = vdc_engine_after(
        eng, ms_to_ns(draw(w->vm[vm].ping_rng, m->wl.dist, m->wl.interval_ms)), ping_timer, w,
        (uint64_t)vm);
    w->ops->flush(w->ctx);
}

static void msg_arrive(vdc_engine *eng, void *ctx, uint64_t arg)
{
    (void)eng;
    vdc_swl *w = ctx;
    int i = (int)arg;
    int dst = w->msgs[i].dst;
    item it = w->msgs[i].it;
    w->msgs[i].dst = -1;
    w->msgs[i].next_free = w->free_msg;
    w->free_msg = i;
    deliver(w, dst, it, 0);
    w->ops->flush(w->ctx);
}

static void deliver(vdc_swl *w, int dst, item it, vdc_time delay)
{
    if (delay <= 0) {
        w->ops->settle(w->ctx, dst);
        if (push_item(w, dst, it) == 0)
            w->ops->changed(w->ctx, dst);
        else
            vdc_engine_fail(w->sim->eng, VDC_ENOMEM, "sched: out of memory for requests");
        return;
    }
    if (w->free_msg < 0) {
        int old = w->cap_msg;
        if (vdc_array_grow((void **)&w->msgs, &w->cap_msg, old + 1, sizeof *w->msgs)) {
            vdc_engine_fail(w->sim->eng, VDC_ENOMEM, "sched: out of memory for messages");
            return;
        }
        for (int i = w->cap_msg - 1; i >= old; i--) {
            w->msgs[i].dst = -1;
            w->msgs[i].next_free = w->free_msg;
            w->free_msg = i;
        }
    }
    int i = w->free_msg;
    w->free_msg = w->msgs[i].next_free;
    w->msgs[i].dst = dst;
    w->msgs[i].it = it;
    vdc_engine_after(w->sim->eng, delay, msg_arrive, w, (uint64_t)i);
}

/* One-way delay between the hosts of two VMs (the first VM's latency_us). */
static vdc_time hop(const vdc_swl *w, int from_vm, int to_vm)
{
    const vdc_world *wo = &w->sim->world;
    int a = wo->vm[from_vm].host, b = wo->vm[to_vm].host;
    if (a < 0 || b < 0 || a == b)
        return 0;
    return (vdc_time)llround(wo->host[a].latency_us * 1e3);
}

static void item_done(vdc_swl *w, item it, vdc_time now)
{
    const vdc_world *wo = &w->sim->world;
    const vdc_vm *client = &wo->vm[it.client_vm];
    int peer = client->wl.type == VDC_WL_PING ? client->wl.peer : -1;
    if (peer < 0 || peer >= wo->nvm)
        peer = it.client_vm;
    it.rem = client->wl.service_ms > 0 ? (double)ms_to_ns(client->wl.service_ms) : 1;
    switch (it.type) {
    case IT_SEND: {
        /* ping stamps its request when its process runs to send it
         * (iputils ping/ping.c ping4_send_probe: gettimeofday into the ICMP
         * data, then sendmsg), and its RTT counts from that stamp: the wait
         * for the client's vCPU before the send is not in it.  The stamp
         * precedes the send's own work, so it is this item's service before
         * its end (exact at speed 1 unless the send itself was preempted). */
        vdc_time sent = now - (vdc_time)llround(it.rem);
        if (sent > it.t0)
            it.t0 = sent;
        it.type = IT_SERVE;
        deliver(w, wo->vm[peer].vcpu0, it, hop(w, it.client_vm, peer));
        break;
    }
    case IT_SERVE:
        it.type = IT_RECV;
        deliver(w, client->vcpu0, it, hop(w, peer, it.client_vm));
        break;
    default: {
        if (it.t0 < w->lat_from)
            break;                                    /* sent during the warm-up */
        wvm *m = &w->vm[it.client_vm];
        if (!m->lat && !(m->lat = calloc(1, sizeof *m->lat))) {
            vdc_engine_fail(w->sim->eng, VDC_ENOMEM, "sched: out of memory for latencies");
            return;
        }
        vdc_chist_add(m->lat, now - it.t0);
    }
    }
}

/* ---- public ---------------------------------------------------------- */

vdc_swl *vdc_swl_new(vdc_sim *sim, const vdc_swl_ops *ops, void *ctx, vdc_time period,
                     vdc_error *err)
{
    vdc_swl *w = calloc(1, sizeof *w);
    if (!w) {
        vdc_error_set(err, VDC_ENOMEM, "sched: out of memory");
        return NULL;
    }
    w->sim = sim;
    w->ops = ops;
    w->ctx = ctx;
    w->period = period > 0 ? period : 1;
    w->free_msg = -1;
    if (vdc_swl_grow(w)) {
        vdc_swl_free(w);
        vdc_error_set(err, VDC_ENOMEM, "sched: out of memory for workloads");
        return NULL;
    }
    return w;
}

void vdc_swl_free(vdc_swl *w)
{
    if (!w)
        return;
    for (int i = 0; i < w->nvc; i++) {
        free(w->vc[i].q);
        if (w->vc[i].rng)
            gsl_rng_free(w->vc[i].rng);
    }
    for (int i = 0; i < w->nvm; i++) {
        free(w->vm[i].lat);
        if (w->vm[i].ping_rng)
            gsl_rng_free(w->vm[i].ping_rng);
    }
    free(w->vc);
    free(w->vm);
    free(w->msgs);
    free(w);
}

int vdc_swl_grow(vdc_swl *w)
{
    const vdc_world *wo = &w->sim->world;
    if (wo->nvcpu > w->nvc) {
        wvcpu *p = realloc(w->vc, (size_t)wo->nvcpu * sizeof *p);
        if (!p)
            return VDC_ENOMEM;
        memset(p + w->nvc, 0, (size_t)(wo->nvcpu - w->nvc) * sizeof *p);
        w->vc = p;
        w->nvc = wo->nvcpu;
    }
    if (wo->nvm > w->nvm) {
        wvm *p = realloc(w->vm, (size_t)wo->nvm * sizeof *p);
        if (!p)
            return VDC_ENOMEM;
        memset(p + w->nvm, 0, (size_t)(wo->nvm - w->nvm) * sizeof *p);
        w->vm = p;
        w->nvm = wo->nvm;
    }
    return 0;
}

/* Start vCPU i of vm on its VM's workload (its timer and work anew). */
static int start_vcpu(vdc_swl *w, const vdc_vm *m, int i, vdc_time now)
{
    int v = m->vcpu0 + i;
    wvcpu *c = &w->vc[v];
    vdc_engine_cancel(w->sim->eng, c->timer);
    c->timer = 0;
    w->ops->settle(w->ctx, v);
    switch (m->wl.type) {
    case VDC_WL_PING:
        if (m->wl.demand <= 0) {
            c->bg = 0;
            break;
        }
        /* a computing client's own work is a cpu load */
        /* fall through */
    case VDC_WL_CPU:
    case VDC_WL_ONOFF:
    case VDC_WL_TRACE: {
        vdc_time first = w->period;
        if (m->wl.type == VDC_WL_TRACE || (m->wl.demand > 0 && m->wl.demand < 1)) {
            if (!c->rng && !(c->rng = vdc_rng_streamf(w->sim->seed, "vm/%s/vcpu%d/phase",
                                                      m->name, i)))
                return VDC_ENOMEM;
            first = 1 + (vdc_time)(gsl_rng_uniform(c->rng) * (double)(w->period - 1));
        }
        demand_refresh(w, v, now, first);
        break;
    }
    case VDC_WL_IO:
        if (!c->rng && !(c->rng = vdc_rng_streamf(w->sim->seed, "vm/%s/vcpu%d/io", m->name, i)))
            return VDC_ENOMEM;
        io_burst(w, v);
        break;
    default:
        c->bg = 0;
    }
    w->ops->changed(w->ctx, v);
    return 0;
}

int vdc_swl_start(vdc_swl *w, int vm)
{
    vdc_engine *eng = w->sim->eng;
    vdc_time now = vdc_engine_now(eng);
    const vdc_vm *m = &w->sim->world.vm[vm];
    wvm *wm = &w->vm[vm];
    vdc_engine_cancel(eng, wm->ping_timer);
    wm->ping_timer = 0;
    if (m->wl.type == VDC_WL_PING) {
        if (!wm->ping_rng && !(wm->ping_rng = vdc_rng_streamf(w->sim->seed, "vm/%s/ping", m->name)))
            return VDC_ENOMEM;
        wm->ping_timer = vdc_engine_after(
            eng, ms_to_ns(draw(wm->ping_rng, m->wl.dist, m->wl.interval_ms)), ping_timer, w,
            (uint64_t)vm);
    }
    for (int i = 0; i < (int)m->vcpus; i++) {
        int rc = start_vcpu(w, m, i, now);
        if (rc)
            return rc;
    }
    return 0;
}

int vdc_swl_start_vcpu(vdc_swl *w, int vm, int i)
{
    const vdc_vm *m = &w->sim->world.vm[vm];
    return start_vcpu(w, m, i, vdc_engine_now(w->sim->eng));
}

void vdc_swl_stop_vcpu(vdc_swl *w, int v)
{
    wvcpu *c = &w->vc[v];
    vdc_engine_cancel(w->sim->eng, c->timer);
    c->timer = 0;
    c->bg = 0;
    c->head = c->n = 0;        /* vCPU 0 (requests) is never offlined */
}

double vdc_swl_work(const vdc_swl *w, int v)
{
    const wvcpu *c = &w->vc[v];
    return c->n ? c->q[c->head].rem : c->bg;
}

void vdc_swl_progress(vdc_swl *w, int v, double work)
{
    wvcpu *c = &w->vc[v];
    double *rem = c->n ? &c->q[c->head].rem : &c->bg;
    if (isinf(*rem) || work <= 0)
        return;
    *rem -= work;
    if (*rem < 0.5)            /* rounding: the completion event finishes it */
        *rem = 0.5;
}

void vdc_swl_complete(vdc_swl *w, int v)
{
    wvcpu *c = &w->vc[v];
    vdc_time now = vdc_engine_now(w->sim->eng);
    if (c->n) {
        item it = c->q[c->head];
        c->head = (c->head + 1) % c->cap;
        c->n--;
        item_done(w, it, now);
        return;
    }
    if (isinf(c->bg) || c->bg <= 0)
        return;
    c->bg = 0;
    const vdc_vm *m = vm_of(w, v);
    if (m->wl.type == VDC_WL_IO)
        c->timer = vdc_engine_after(w->sim->eng, ms_to_ns(draw(c->rng, m->wl.dist, m->wl.wait_ms)),
                                    vcpu_timer, w, (uint64_t)v);
}

void vdc_swl_latency_from(vdc_swl *w, vdc_time t)
{
    w->lat_from = t;
}

const vdc_chist *vdc_swl_ping_latency(const vdc_swl *w, int vm)
{
    return vm >= 0 && vm < w->nvm ? w->vm[vm].lat : NULL;
}
