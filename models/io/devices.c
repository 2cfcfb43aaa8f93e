/* devices.c -- the I/O model: VMs' disk and network streams served through
 * a virtualization path (io_path.c) under a hypervisor profile
 * (io_profile.c), on devices shared by the host's VMs, with the backends'
 * CPU run by a scheduled driver domain.
 *
 * Per stream (a VM's disk or network I/O), requests/s X is the least of:
 * the offered rate (0: closed loop), qd / R0 (Little's law with qd requests
 * in flight and the unloaded latency R0 = guest + backend CPU + device
 * latency + transfer), 1 / guest CPU per request (one vCPU issues), 1 /
 * backend CPU per request (one backend thread per device), and a max-min
 * fair share of the host's disk (device time per request: 1/disk_iops when
 * random, plus size/disk_mbps) or NIC (size / bandwidth_gbps).  Latency R =
 * max(R0, qd / X) in closed loop (queueing at the bottleneck), R0 open.
 *
 * Coupling to the CPU scheduler (item 2 of issue 18): a VM with
 * "io": {"role": "driver"} is its host's driver domain (Xen dom0, QEMU's I/O
 * threads, a root partition).  Its workload becomes `cpu` with the demand
 * its backends want, D = sum X c_backend; every tick_ms the model asks the
 * scheduler how much CPU it got, G, and if G < D every backend on the host
 * runs at f = G / D of its speed: backend time per request c / f, so
 * latency rises and throughput falls.  Under `credit` the driver's periodic
 * work wakes it and BOOST applies, as for dom0.
 *
 * The lag (item 2 of the review): f is the driver's CPU over the window
 * [t_k, t_k+1] divided by what it asked over it, applied from t_k+1 to the
 * next tick that measures a different f.  A change of the driver's share at
 * t_c inside a window reaches the backends at the window's end (up to one
 * tick_ms late, test_driver_wakes: 10 s -> 10.1 s), and that first window
 * mixes both shares, so the first f lies between the old and the new one;
 * the next window's f is exact.  Over a run this misplaces at most one tick
 * of backend speed per share change.  Kept, not fixed: a sampled scheduler
 * (credit) only has a CPU share over a window, and under fluid the same
 * rule keeps both schedulers comparable.
 *
 * Other simplifications: the guest's own I/O CPU slows its vCPUs (speed
 * source VDC_SPEED_IO) rather than queueing behind its other work; no
 * driver VM: backend CPU is reported, not scheduled.  Cost: O(VMs on the
 * host) per change; a tick visits only the hosts awake ("sleeping hosts").
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../hw/hwprofile.h"
#include "io_path.h"
#include "sim.h"

/* ---- parameters --------------------------------------------------------- */

typedef struct io_params {
    const char *hypervisor, *hw;
#define IO_DECL_(n, u, h) double n;
    VDC_IO_FIELDS(IO_DECL_)
#undef IO_DECL_
    double native_disk_us, native_net_us, driver_frac;
    double disk_mbps, disk_iops, disk_read_us, disk_write_us;
    double tick_ms;
} io_params;

enum { ROLE_GUEST, ROLE_DRIVER };
enum { PATH_DEFAULT = 0 };      /* ENUM index; path k is index k + 1 */

typedef struct io_vm_params {
    int role;
    int64_t disk_qd, net_qd;
    double disk_rate_per_s, disk_kib, disk_read_frac;
    bool disk_random;
    int disk_path;
    double net_rate_per_s, net_kib;
    int net_path;
} io_vm_params;

/* ---- state -------------------------------------------------------------- */

enum { DISK, NET, NSTREAM };
static const char *const stream_name[NSTREAM] = { "disk", "net" };
static const char *const key_iops[NSTREAM] = { "disk_iops", "net_iops" };
static const char *const key_mbps[NSTREAM] = { "disk_mbps", "net_mbps" };
static const char *const key_lat[NSTREAM] = { "disk_latency_ms", "net_latency_ms" };
static const char *const limit_name[] = {
    "rate", "queue_depth", "guest_cpu", "backend_cpu", "device", "none"
};
enum { LIM_RATE, LIM_QD, LIM_GUEST, LIM_BACKEND, LIM_DEVICE, LIM_NONE };

/* Data layout (bench_io, issue 18's 1.10 goal): a host's solve, accrue and
 * refresh touch only a stream's hot part, 128 bytes (two cache lines), kept
 * in one dense array of the streams that exist (a VM without I/O has none);
 * set-up and results read the cold part, in a parallel array; a VM's own
 * record is 32 bytes.  (It was 424 bytes a VM with both streams inline.) */
typedef struct io_stream {
    double x, r;                /* current requests/s, latency s */
    double u, lat_dev;          /* device time and device latency per request on its host, s */
    double g_us, b_us, gx_us;   /* guest, backend (full speed), guest above native: us/request */
    double extra;               /* other CPU-path s/request (IOMMU) */
    double qd, rate;            /* in flight; offered requests/s, 0 = closed loop */
    double n_req, lat_sum, gcpu_s, bcpu_s;   /* accumulated */
    int limit;
} io_stream;

typedef struct io_conf {
    vdc_io_path path;
    vdc_io_req req;
    vdc_io_cost cost;
    double dev_s;               /* device time per request (utilisation) */
    double dev_lat_s;           /* device latency per request, unloaded */
} io_conf;

typedef struct io_vm {
    int host;                   /* host whose list holds it, -1 none */
    int pos;                    /* index in that list */
    int role;
    int si[NSTREAM];            /* its streams in io_state.s / .conf, -1 none */
    double speed;               /* VDC_SPEED_IO factor last set */
} io_vm;

typedef struct io_host {
    int *vm; int n, cap;
    vdc_time last;              /* accrued up to here */
    double f;                   /* fraction of its demand the driver got */
    double demand;              /* driver demand set, pCPUs */
    double cpu_mark;            /* driver's cpu_s at the last tick */
    int driver;                 /* VM index of the driver at the last tick */
    int ndriver;                /* driver VMs on the host now */
    double dev_busy_s, nic_busy_s, drv_want_s, drv_got_s;
    bool awake;                 /* in io_state.awake: measured at each tick */
    bool dirty;                 /* shares or demand changed since its last tick */
    double rate;                /* asleep: the driver's constant CPU rate, pCPUs */
    double flush_us;            /* grant_flush_us x (driver vCPUs - 1): per unmapping request */
} io_host;

typedef struct io_state {
    vdc_sim *sim;
    const io_params *p;
    vdc_io_prof prof;           /* profile with overrides and hw resolved */
    vdc_hwprofile hw;
    io_vm *v; int nv, vcap;
    io_stream *s; io_conf *conf; int ns, scap;   /* streams that exist, hot and cold */
    io_host *h;
    struct ord { double d; int k; } *ord; int nord;
    bool ticking;
    bool can_sleep;             /* the scheduler announces share changes */
    int *awake; int nawake;     /* hosts measured at the next tick */
    vdc_time last_tick;         /* time of the last tick, -1 none yet */
    double cpu_ovh;             /* applied CPU-bound overhead (0 with a memory model) */
} io_state;

static const char *file_of(const vdc_sim *sim) { return sim->label; }

/* ---- per-VM set-up ------------------------------------------------------- */

/* VM vm's stream k (hot part), or NULL when it has none. */
static io_stream *stream(const io_state *st, int vm, int k)
{
    int i = st->v[vm].si[k];
    return i >= 0 ? &st->s[i] : NULL;
}

/* Room for cap streams in both arrays: 0, or VDC_ENOMEM (the arrays kept). */
static int reserve_streams(io_state *st, int cap)
{
    io_stream *ns = realloc(st->s, (size_t)cap * sizeof *ns);
    if (!ns)
        return VDC_ENOMEM;
    st->s = ns;
    io_conf *nc = realloc(st->conf, (size_t)cap * sizeof *nc);
    if (!nc)
        return VDC_ENOMEM;
    st->conf = nc;
    st->scap = cap;
    return 0;
}

/* A new stream of `rate` offered requests/s and configuration c; its index,
 * or -1 when out of memory. */
static int add_stream(io_state *st, const io_conf *c, double rate)
{
    if (st->ns == st->scap && reserve_streams(st, st->scap ? 2 * st->scap : 64))
        return -1;
    int i = st->ns++;
    io_conf *k = &st->conf[i];
    *k = *c;
    k->cost = vdc_io_cost_of(&st->prof, k->path, &k->req);
    io_stream *s = &st->s[i];
    memset(s, 0, sizeof *s);
    s->g_us = k->cost.guest_us;
    s->b_us = k->cost.backend_us;
    s->gx_us = k->cost.guest_us - k->req.native_us;
    s->extra = (k->cost.latency_us - k->cost.guest_us - k->cost.backend_us) * 1e-6;
    s->qd = k->req.qd;
    s->rate = rate;
    return i;
}

static int setup_vm(io_state *st, int vm)
{
    io_vm *v = &st->v[vm];
    const io_vm_params *b = st->sim->world.vm[vm].kind_params[VDC_KIND_IO];
    memset(v, 0, sizeof *v);
    v->host = -1;
    v->speed = 1;
    v->si[DISK] = v->si[NET] = -1;
    if (!b)
        return 0;
    v->role = b->role;
    if (b->role == ROLE_DRIVER)
        return 0;
    const io_params *p = st->p;
    bool pt = false;
    if (b->disk_qd > 0) {
        io_conf d = { .path = b->disk_path == PATH_DEFAULT ? st->prof.disk_path
                                                            : (vdc_io_path)(b->disk_path - 1) };
        d.req = (vdc_io_req){ .size_kib = b->disk_kib, .qd = (double)b->disk_qd,
                              .native_us = p->native_disk_us,
                              .driver_us = p->driver_frac * p->native_disk_us, .net = false };
        double xfer = b->disk_kib / 1024.0 / p->disk_mbps;         /* s per request */
        d.dev_s = (b->disk_random ? 1.0 / p->disk_iops : 0) + xfer;
        d.dev_lat_s = (b->disk_read_frac * p->disk_read_us +
                       (1 - b->disk_read_frac) * p->disk_write_us) * 1e-6 + xfer;
        if ((v->si[DISK] = add_stream(st, &d, b->disk_rate_per_s)) < 0)
            return VDC_ENOMEM;
        pt |= d.path == VDC_IO_PASSTHROUGH;
    }
    if (b->net_qd > 0) {
        io_conf n = { .path = b->net_path == PATH_DEFAULT ? st->prof.net_path
                                                          : (vdc_io_path)(b->net_path - 1) };
        n.req = (vdc_io_req){ .size_kib = b->net_kib, .qd = (double)b->net_qd,
                              .native_us = p->native_net_us,
                              .driver_us = p->driver_frac * p->native_net_us, .net = true };
        if ((v->si[NET] = add_stream(st, &n, b->net_rate_per_s)) < 0)
            return VDC_ENOMEM;
        pt |= n.path == VDC_IO_PASSTHROUGH;
    }
    if (pt)
        st->sim->world.vm[vm].no_migrate =
            "a passthrough (SR-IOV) device is attached; its state is in the hardware";
    return 0;
}

/* The NIC's time per request of network stream i on host h. */
static double nic_s(const io_state *st, int i, int h)
{
    double bw = st->sim->world.host[h].bandwidth_gbps * 1e9;
    return bw > 0 ? st->conf[i].req.size_kib * 8192.0 / bw : 0;
}

/* Stream i's backend us per request on host H: the path's, plus the TLB
 * shootdown of an unmapping (paravirtual disk) request. */
static double backend_us_on(const io_state *st, int i, const io_host *H)
{
    const io_conf *c = &st->conf[i];
    bool unmaps = c->path == VDC_IO_PARAVIRTUAL && !c->req.net;
    return c->cost.backend_us + (unmaps ? H->flush_us : 0);
}

/* ---- solving one host ----------------------------------------------------- */

/* Bring host h's counters up to now at the current rates. */
static void accrue(io_state *st, int h)
{
    io_host *H = &st->h[h];
    vdc_time now = vdc_engine_now(st->sim->eng);
    double dt = vdc_time_to_s(now - H->last);
    H->last = now;
    if (dt <= 0)
        return;
    double dev = 0, nic = 0;
    for (int i = 0; i < H->n; i++) {
        for (int k = 0; k < NSTREAM; k++) {
            io_stream *s = stream(st, H->vm[i], k);
            if (!s || s->x <= 0)
                continue;
            s->n_req += s->x * dt;
            s->lat_sum += s->x * s->r * dt;
            s->gcpu_s += s->x * s->g_us * 1e-6 * dt;
            s->bcpu_s += s->x * s->b_us * 1e-6 * dt;
            if (k == DISK)
                dev += s->x * s->u;
            else
                nic += s->x * s->u;
        }
    }
    H->dev_busy_s += dev * dt;
    H->nic_busy_s += nic * dt;
    H->drv_want_s += H->demand * dt;
}

static bool ord_before(const struct ord *x, const struct ord *y)
{
    return x->d < y->d || (x->d == y->d && x->k < y->k);
}

static int by_demand(const void *a, const void *b)
{
    const struct ord *x = a, *y = b;
    return ord_before(x, y) ? -1 : ord_before(y, x) ? 1 : 0;
}

/* Ascending demand, ties by VM (a total order, so any sort gives the same
 * sequence): insertion for a host's handful of streams, where qsort's call
 * overhead dominated the solve (bench_io), qsort past 32. */
static void sort_ord(struct ord *o, int m)
{
    if (m > 32) {
        qsort(o, (size_t)m, sizeof *o, by_demand);
        return;
    }
    for (int i = 1; i < m; i++) {
        struct ord x = o[i];
        int j = i;
        for (; j > 0 && ord_before(&x, &o[j - 1]); j--)
            o[j] = o[j - 1];
        o[j] = x;
    }
}

/* Rates on host h with backends at fraction f of their speed; returns the
 * backends' CPU demand (pCPUs).  The streams' x, r, limit are written. */
static double solve(io_state *st, int h, double f)
{
    io_host *H = &st->h[h];
    const vdc_world *w = &st->sim->world;
    double demand = 0;
    for (int k = 0; k < NSTREAM; k++) {
        int m = 0;
        for (int i = 0; i < H->n; i++) {
            int vm = H->vm[i], si = st->v[vm].si[k];
            if (si < 0)
                continue;
            io_stream *s = &st->s[si];
            if (w->vm[vm].paused) {
                s->x = 0;
                continue;
            }
            double cg = s->g_us * 1e-6, cb = s->b_us * 1e-6 / f;
            double r0 = cg + cb + s->extra + s->lat_dev;
            double x = s->qd / r0;
            s->limit = LIM_QD;
            if (s->rate > 0 && s->rate < x)
                x = s->rate, s->limit = LIM_RATE;
            if (cg > 0 && 1 / cg < x)
                x = 1 / cg, s->limit = LIM_GUEST;
            if (cb > 0 && 1 / cb < x)
                x = 1 / cb, s->limit = LIM_BACKEND;
            s->x = x;
            s->r = r0;
            st->ord[m++] = (struct ord){ .d = x * s->u, .k = si };
        }
        /* Max-min fair shares of the device's time (capacity 1); when the
         * demands fit, everyone keeps its own and the sort is skipped. */
        double sum = 0;
        for (int j = 0; j < m; j++)
            sum += st->ord[j].d;
        if (sum > 1)
            sort_ord(st->ord, m);
        double left = sum > 1 ? 1 : 2;
        for (int j = 0; j < m; j++) {
            io_stream *s = &st->s[st->ord[j].k];
            double share = left / (double)(m - j);
            double give = st->ord[j].d < share ? st->ord[j].d : share;
            if (give < st->ord[j].d - 1e-12) {
                s->x = s->x * give / st->ord[j].d;
                s->limit = LIM_DEVICE;
            }
            left -= give;
            if (s->rate <= 0 && s->x > 0 && s->qd / s->x > s->r)
                s->r = s->qd / s->x;               /* queued at the bottleneck */
        }
        for (int i = 0; i < H->n; i++) {
            const io_stream *s = stream(st, H->vm[i], k);
            if (s)
                demand += s->x * s->b_us * 1e-6;
        }
    }
    return demand;
}

/* The driver domain of host h: the first driver VM on it, or -1. */
static int driver_of(const io_state *st, int h)
{
    for (int i = 0; i < st->h[h].n; i++)
        if (st->v[st->h[h].vm[i]].role == ROLE_DRIVER)
            return st->h[h].vm[i];
    return -1;
}

/* ---- sleeping hosts ------------------------------------------------------------
 * A tick that finds a host's driver with the same share of its demand as
 * before changes nothing but the driver's CPU mark.  When the window held no
 * change of the host's shares or demand and the scheduler announces every
 * change (VDC_CAP_SHARE_EVENTS: the driver's CPU rate is constant until the
 * next announcement), every later tick would find the same until such a
 * change: the host sleeps, off the tick list, and the change wakes it.  Its
 * mark at the last tick is then rebuilt from the constant rate, so the next
 * tick measures the same window the every-host tick did (equal to rounding).
 * Under other schedulers a host with a driver never sleeps. */

/* The driver's CPU mark at the last tick, for a host asleep since. */
static double mark_at_last_tick(io_state *st, const io_host *H)
{
    double cpu = vdc_sim_vm_cpu_s(st->sim, H->driver);
    vdc_time since = vdc_engine_now(st->sim->eng) - st->last_tick;
    return cpu - H->rate * vdc_time_to_s(since);
}

/* Host h's shares or demand change now: measure it at the coming ticks. */
static void wake(io_state *st, int h)
{
    io_host *H = &st->h[h];
    H->dirty = true;
    if (H->awake)
        return;
    H->awake = true;
    st->awake[st->nawake++] = h;
    if (H->driver >= 0 && st->last_tick >= 0) {
        double mark = mark_at_last_tick(st, H);
        if (H->demand > 0)              /* what the skipped ticks would have summed */
            H->drv_got_s += mark - H->cpu_mark;
        H->cpu_mark = mark;
    }
}

static void io_shares_changed(void *state, vdc_sim *sim, int host)
{
    io_state *st = state;
    (void)sim;
    if (st->h && st->awake && host >= 0 && host < st->sim->world.nhost)
        wake(st, host);
}

/* Re-solve host h at its driver's current f; set the driver's demand and
 * the guests' speed factors. */
static void refresh(io_state *st, int h)
{
    io_host *H = &st->h[h];
    vdc_sim *sim = st->sim;
    wake(st, h);
    accrue(st, h);
    int d = driver_of(st, h);
    double flush = d >= 0 && sim->world.vm[d].vcpus > 1
                 ? st->prof.grant_flush_us * (double)(sim->world.vm[d].vcpus - 1) : 0;
    if (flush != H->flush_us) {                    /* the driver came, went or resized */
        H->flush_us = flush;
        for (int i = 0; i < H->n; i++) {
            int si = st->v[H->vm[i]].si[DISK];
            if (si >= 0)
                st->s[si].b_us = backend_us_on(st, si, H);
        }
    }
    double want = solve(st, h, 1);                 /* what the backends ask */
    if (H->f < 1)
        solve(st, h, H->f);
    if (d >= 0) {
        vdc_vm *dv = &sim->world.vm[d];
        double per = want / (double)dv->vcpus;
        double scale = dv->wl.scale > 0 ? dv->wl.scale : 1;
        per = per / scale > 1 ? 1 : per / scale;
        if (dv->wl.type != VDC_WL_CPU || fabs(dv->wl.demand - per) > 1e-6) {
            vdc_workload wl = { .type = VDC_WL_CPU, .demand = per, .peer = -1 };
            vdc_world_set_workload(&sim->world, sim, d, &wl);
        }
        H->demand = want;
    } else {
        H->demand = 0;
    }
    for (int i = 0; i < H->n; i++) {
        int vm = H->vm[i];
        io_vm *v = &st->v[vm];
        if (v->role == ROLE_DRIVER)
            continue;
        double extra = 0;
        for (int k = 0; k < NSTREAM; k++) {
            const io_stream *s = stream(st, vm, k);
            if (s)
                extra += s->x * s->gx_us * 1e-6;
        }
        double speed = 1 / ((1 + st->cpu_ovh) * (1 + extra / (double)sim->world.vm[vm].vcpus));
        if (fabs(speed - v->speed) > 1e-6) {
            v->speed = speed;
            vdc_world_set_speed(&sim->world, sim, vm, VDC_SPEED_IO, speed);
        }
    }
}

/* ---- host membership --------------------------------------------------- */

static int host_add(io_state *st, int h, int vm)
{
    io_host *H = &st->h[h];
    if (H->n == H->cap) {
        int cap = H->cap ? 2 * H->cap : 8;
        int *nv = realloc(H->vm, (size_t)cap * sizeof *nv);
        if (!nv)
            return VDC_ENOMEM;
        H->vm = nv;
        H->cap = cap;
    }
    if (H->n + 1 > st->nord) {
        int cap = 2 * (H->n + 1);
        struct ord *no = realloc(st->ord, (size_t)cap * sizeof *no);
        if (!no)
            return VDC_ENOMEM;
        st->ord = no;
        st->nord = cap;
    }
    accrue(st, h);
    H->ndriver += st->v[vm].role == ROLE_DRIVER;
    const io_vm *v = &st->v[vm];
    if (v->si[DISK] >= 0) {                 /* the same disk on every host */
        io_stream *d = &st->s[v->si[DISK]];
        d->u = st->conf[v->si[DISK]].dev_s;
        d->lat_dev = st->conf[v->si[DISK]].dev_lat_s;
        d->b_us = backend_us_on(st, v->si[DISK], H);
    }
    if (v->si[NET] >= 0) {                  /* this host's NIC */
        io_stream *n = &st->s[v->si[NET]];
        n->u = nic_s(st, v->si[NET], h);
        n->lat_dev = n->u + 2e-6 * st->sim->world.host[h].latency_us;
    }
    st->v[vm].host = h;
    st->v[vm].pos = H->n;
    H->vm[H->n++] = vm;
    return 0;
}

static void host_remove(io_state *st, int vm)
{
    int h = st->v[vm].host;
    if (h < 0)
        return;
    io_host *H = &st->h[h];
    accrue(st, h);
    H->ndriver -= st->v[vm].role == ROLE_DRIVER;
    int pos = st->v[vm].pos, last = H->vm[--H->n];
    H->vm[pos] = last;
    st->v[last].pos = pos;
    st->v[vm].host = -1;
    for (int k = 0; k < NSTREAM; k++) {
        io_stream *s = stream(st, vm, k);
        if (s)
            s->x = 0;
    }
}

/* Set up the VMs added since the last call (capacity doubles: VMs added one
 * at a time cost amortised O(1) each). */
static int grow(io_state *st)
{
    int n = st->sim->world.nvm;
    if (n <= st->nv)
        return 0;
    if (n > st->vcap) {
        int cap = st->vcap ? 2 * st->vcap : 16;
        cap = cap < n ? n : cap;
        io_vm *nv = realloc(st->v, (size_t)cap * sizeof *nv);
        if (!nv)
            return VDC_ENOMEM;
        st->v = nv;
        st->vcap = cap;
    }
    /* Reserve the new VMs' streams at once: growing by doubling from 64
     * would write (and fault in) about twice the final arrays. */
    int need = st->ns;
    for (int vm = st->nv; vm < n; vm++) {
        const io_vm_params *b = st->sim->world.vm[vm].kind_params[VDC_KIND_IO];
        if (b && b->role != ROLE_DRIVER)
            need += (b->disk_qd > 0) + (b->net_qd > 0);
    }
    if (need > st->scap && reserve_streams(st, need))
        return VDC_ENOMEM;
    for (; st->nv < n; st->nv++)
        if (setup_vm(st, st->nv))
            return VDC_ENOMEM;
    return 0;
}

/* ---- driver ticks -------------------------------------------------------- */

/* One host's tick; false: it goes to sleep (see "sleeping hosts"). */
static bool tick_host(io_state *st, int h, double win)
{
    io_host *H = &st->h[h];
    bool dirty = H->dirty;
    H->dirty = false;
    int d = H->ndriver ? driver_of(st, h) : -1;
    if (d < 0) {
        if (H->driver >= 0) {
            H->f = 1;
            H->driver = -1;
        }
        return false;           /* no driver: only adding one wakes it */
    }
    double cpu = vdc_sim_vm_cpu_s(st->sim, d);
    double asked = H->demand * win;
    double f = 1, got = cpu - H->cpu_mark;
    if (cpu >= 0 && d == H->driver && asked > 0) {
        H->drv_got_s += got;
        /* 3% slack: a sampled scheduler does not hit a demand exactly */
        f = got >= 0.97 * asked ? 1 : got / asked;
        if (f < 0.01)
            f = 0.01;
    }
    bool same = d == H->driver && fabs(f - H->f) < 1e-3;
    H->driver = d;
    H->cpu_mark = cpu;
    if (same) {                 /* nothing the solution depends on changed */
        if (!st->can_sleep || dirty || cpu < 0)
            return true;
        H->rate = got / win;    /* constant over a window without a change */
        return false;
    }
    H->f = f;
    refresh(st, h);
    return true;
}

static vdc_time on_tick(vdc_engine *eng, void *ctx, uint64_t arg)
{
    io_state *st = ctx;
    double win = st->p->tick_ms * 1e-3;
    (void)arg;
    if (st->last_tick < 0) {    /* the scheduler is initialised after this model */
        const vdc_model_type *sched = st->sim->model[VDC_KIND_SCHED];
        st->can_sleep = sched && (sched->caps & VDC_CAP_SHARE_EVENTS);
    }
    st->last_tick = vdc_engine_now(eng);
    int n = st->nawake, j = 0;
    for (int i = 0; i < n; i++) {
        int h = st->awake[i];
        if (tick_host(st, h, win))
            st->awake[j++] = h;
        else
            st->h[h].awake = false;
    }
    for (int i = n; i < st->nawake; i++)        /* woken during this tick */
        st->awake[j++] = st->awake[i];
    st->nawake = j;
    return vdc_time_from_s(win);
}

static void start_ticks(io_state *st)
{
    if (st->ticking)
        return;
    st->ticking = true;
    vdc_time win = vdc_time_from_s(st->p->tick_ms * 1e-3);
    vdc_engine_timer(st->sim->eng, vdc_engine_now(st->sim->eng) + win, on_tick, st, 0);
}

/* ---- observers ----------------------------------------------------------- */

static void on_world(void *ctx, vdc_sim *sim, const vdc_obs_event *ev)
{
    io_state *st = ctx;
    switch (ev->what) {
    case VDC_OBS_ADD:
        if (grow(st)) {
            vdc_engine_fail(sim->eng, VDC_ENOMEM, "io: out of memory");
            return;
        }
        if (st->v[ev->vm].role == ROLE_DRIVER)
            start_ticks(st);
        if (sim->world.vm[ev->vm].host >= 0) {
            if (host_add(st, sim->world.vm[ev->vm].host, ev->vm)) {
                vdc_engine_fail(sim->eng, VDC_ENOMEM, "io: out of memory");
                return;
            }
            refresh(st, sim->world.vm[ev->vm].host);
        }
        break;
    case VDC_OBS_MOVE: {
        if (ev->vm >= st->nv)
            return;
        int old = st->v[ev->vm].host;
        host_remove(st, ev->vm);
        if (old >= 0)
            refresh(st, old);
        if (ev->host >= 0) {
            if (host_add(st, ev->host, ev->vm)) {
                vdc_engine_fail(sim->eng, VDC_ENOMEM, "io: out of memory");
                return;
            }
            refresh(st, ev->host);
        }
        break;
    }
    case VDC_OBS_PAUSE:
    case VDC_OBS_RESUME:
        if (ev->vm < st->nv && st->v[ev->vm].host >= 0)
            refresh(st, st->v[ev->vm].host);
        break;
    default:
        break;
    }
}

/* ---- hooks ----------------------------------------------------------------- */

static int io_init(void *state, const void *params, vdc_sim *sim, vdc_error *err)
{
    io_state *st = state;
    const io_params *p = params;
    st->sim = sim;
    st->p = p;
    const vdc_io_prof *base = vdc_io_prof_find(p->hypervisor);
    if (!base) {
        char names[256];
        vdc_io_prof_names(names, sizeof names);
        return vdc_error_set(err, VDC_EINPUT, "%s: models.io.hypervisor: no profile \"%s\" (valid: %s)",
                             file_of(sim), p->hypervisor ? p->hypervisor : "", names);
    }
    const vdc_hwprofile *hw = vdc_hwprofile_find(p->hw);
    if (!hw) {
        char names[256];
        vdc_hwprofile_names(names, sizeof names);
        return vdc_error_set(err, VDC_EINPUT, "%s: models.io.hw: no profile \"%s\" (valid: %s)",
                             file_of(sim), p->hw ? p->hw : "", names);
    }
    st->hw = *hw;
    st->prof = *base;
    /* The profile's software paths, written for its ref_hw, on this CPU;
     * a user's override is taken as stated, on this CPU (applied after). */
    const vdc_hwprofile *ref = vdc_hwprofile_find(base->ref_hw);
    if (ref && ref != hw && ref->hcall_cycles > 0 && hw->clock_ghz > 0)
        vdc_io_prof_scale(&st->prof, (hw->hcall_cycles / hw->clock_ghz) /
                                     (ref->hcall_cycles / ref->clock_ghz));
#define IO_OVER_(n, u, h) if (p->n >= 0) st->prof.n = p->n;
    VDC_IO_FIELDS(IO_OVER_)
#undef IO_OVER_
    if (st->prof.exit_us < 0)
        st->prof.exit_us = hw->exit_cycles / (hw->clock_ghz * 1e3);
    if (st->prof.intr_exits < 0)
        st->prof.intr_exits = hw->intr_exits;
    st->cpu_ovh = sim->model[VDC_KIND_MEMORY] ? 0 : st->prof.cpu_overhead;

    vdc_world *w = &sim->world;
    st->h = calloc((size_t)w->nhost, sizeof *st->h);
    st->awake = malloc((size_t)(w->nhost > 0 ? w->nhost : 1) * sizeof *st->awake);
    st->ord = malloc(16 * sizeof *st->ord);
    st->last_tick = -1;
    if (!st->h || !st->awake || !st->ord)
        return vdc_error_set(err, VDC_ENOMEM, "io: out of memory");
    st->nord = 16;
    for (int h = 0; h < w->nhost; h++) {
        st->h[h].f = 1;
        st->h[h].driver = -1;
    }
    if (grow(st))
        return vdc_error_set(err, VDC_ENOMEM, "io: out of memory");
    bool drivers = false;
    for (int vm = 0; vm < w->nvm; vm++) {
        drivers |= st->v[vm].role == ROLE_DRIVER;
        if (w->vm[vm].host >= 0 && host_add(st, w->vm[vm].host, vm))
            return vdc_error_set(err, VDC_ENOMEM, "io: out of memory");
    }
    for (int h = 0; h < w->nhost; h++)
        refresh(st, h);
    if (vdc_world_observe(w, on_world, st))
        return vdc_error_set(err, VDC_ENOMEM, "io: out of memory");
    if (drivers)
        start_ticks(st);
    return 0;
}

/* ---- results ------------------------------------------------------------- */

static const vdc_column io_cols[] = {
    { "vm", "TEXT" }, { "stream", "TEXT" }, { "path", "TEXT" }, { "hypervisor", "TEXT" },
    { "size_kib", "REAL" }, { "qd", "REAL" }, { "exits_per_req", "REAL" },
    { "guest_us", "REAL" }, { "backend_us", "REAL" }, { "iops", "REAL" }, { "mbps", "REAL" },
    { "latency_ms", "REAL" }, { "guest_cpu", "REAL" }, { "backend_cpu", "REAL" },
    { "bound", "TEXT" }, { 0 }
};
static const vdc_table io_table = { "io_streams", io_cols };

static int io_finish(void *state, vdc_sim *sim, vdc_error *err)
{
    io_state *st = state;
    vdc_world *w = &sim->world;
    double dur = vdc_time_to_s(vdc_engine_now(sim->eng));
    for (int h = 0; h < w->nhost; h++) {
        io_host *H = &st->h[h];
        accrue(st, h);
        if (!H->awake && H->driver >= 0 && st->last_tick >= 0 && H->demand > 0)
            H->drv_got_s += mark_at_last_tick(st, H) - H->cpu_mark;
    }
    int rc = 0;
    for (int vm = 0; vm < st->nv && !rc; vm++)
        for (int k = 0; k < NSTREAM && !rc; k++) {
            int si = st->v[vm].si[k];
            if (si < 0)
                continue;
            const io_stream *s = &st->s[si];
            const io_conf *c = &st->conf[si];
            double iops = dur > 0 ? s->n_req / dur : 0;
            double mbps = iops * c->req.size_kib / 1024.0;
            double lat = s->n_req > 0 ? s->lat_sum / s->n_req * 1e3 : 0;
            const char *n = w->vm[vm].name;
            rc |= vdc_results_metric(sim->res, n, key_iops[k], iops, "1/s");
            rc |= vdc_results_metric(sim->res, n, key_mbps[k], mbps, "MiB/s");
            rc |= vdc_results_metric(sim->res, n, key_lat[k], lat, "ms");
            vdc_value row[] = {
                VDC_TEXT(n), VDC_TEXT(stream_name[k]), VDC_TEXT(vdc_io_path_name(c->path)),
                VDC_TEXT(st->prof.name), VDC_REAL(c->req.size_kib), VDC_REAL(c->req.qd),
                VDC_REAL(c->cost.exits), VDC_REAL(c->cost.guest_us), VDC_REAL(s->b_us),
                VDC_REAL(iops), VDC_REAL(mbps), VDC_REAL(lat),
                VDC_REAL(dur > 0 ? s->gcpu_s / dur : 0), VDC_REAL(dur > 0 ? s->bcpu_s / dur : 0),
                VDC_TEXT(limit_name[s->limit]),
            };
            rc |= vdc_results_row(sim->res, &io_table, row);
        }
    for (int h = 0; h < w->nhost && !rc && dur > 0; h++) {
        const io_host *H = &st->h[h];
        if (!H->drv_want_s && !H->dev_busy_s && !H->nic_busy_s)
            continue;
        rc |= vdc_results_metric(sim->res, w->host[h].name, "io_disk_util", H->dev_busy_s / dur, "");
        rc |= vdc_results_metric(sim->res, w->host[h].name, "io_nic_util", H->nic_busy_s / dur, "");
        rc |= vdc_results_metric(sim->res, w->host[h].name, "io_driver_demand",
                                 H->drv_want_s / dur, "pcpu");
        rc |= vdc_results_metric(sim->res, w->host[h].name, "io_driver_got",
                                 H->drv_got_s / dur, "pcpu");
    }
    return rc ? vdc_error_set(err, VDC_EIO, "io: cannot stage results") : 0;
}

static void io_destroy(void *state)
{
    io_state *st = state;
    if (st->h && st->sim)
        for (int h = 0; h < st->sim->world.nhost; h++)
            free(st->h[h].vm);
    free(st->h);
    free(st->awake);
    free(st->v);
    free(st->s);
    free(st->conf);
    free(st->ord);
}

/* ---- tables ---------------------------------------------------------------- */

#define PATHS "default|" VDC_IO_PATH_CHOICES
static const vdc_param vm_params[] = {
    { .name = "role", .type = VDC_PARAM_ENUM, .offset = offsetof(io_vm_params, role),
      .def = ROLE_GUEST, .choices = "guest|driver",
      .help = "driver: this VM is its host's driver domain (dom0, QEMU I/O threads); its "
              "workload follows the backends' CPU demand" },
    { .name = "disk_qd", .type = VDC_PARAM_INT, .offset = offsetof(io_vm_params, disk_qd),
      .def = 0, .min = 0, .max = 4096, .unit = "requests",
      .help = "disk requests in flight (0: no disk I/O)" },
    { .name = "disk_rate_per_s", .type = VDC_PARAM_NUM,
      .offset = offsetof(io_vm_params, disk_rate_per_s), .def = 0, .min = 0, .max = 1e8,
      .unit = "1/s", .help = "offered disk requests per second (0: closed loop, as fast as qd allows)" },
    { .name = "disk_kib", .type = VDC_PARAM_NUM, .offset = offsetof(io_vm_params, disk_kib),
      .def = 4, .min = 0.5, .max = 65536, .unit = "KiB", .help = "disk request size" },
    { .name = "disk_read_frac", .type = VDC_PARAM_NUM,
      .offset = offsetof(io_vm_params, disk_read_frac), .def = 0.7, .min = 0, .max = 1,
      .help = "share of disk requests that read" },
    { .name = "disk_random", .type = VDC_PARAM_BOOL, .offset = offsetof(io_vm_params, disk_random),
      .def = 1, .help = "random (true: each request pays 1/disk_iops) or sequential" },
    { .name = "disk_path", .type = VDC_PARAM_ENUM, .offset = offsetof(io_vm_params, disk_path),
      .def = PATH_DEFAULT, .choices = PATHS, .help = "I/O path of the disk (default: the hypervisor's)" },
    { .name = "net_qd", .type = VDC_PARAM_INT, .offset = offsetof(io_vm_params, net_qd),
      .def = 0, .min = 0, .max = 65536, .unit = "packets",
      .help = "network packets in flight (0: no network I/O)" },
    { .name = "net_rate_per_s", .type = VDC_PARAM_NUM,
      .offset = offsetof(io_vm_params, net_rate_per_s), .def = 0, .min = 0, .max = 1e9,
      .unit = "1/s", .help = "offered packets per second (0: closed loop)" },
    { .name = "net_kib", .type = VDC_PARAM_NUM, .offset = offsetof(io_vm_params, net_kib),
      .def = 1.5, .min = 0.0625, .max = 64, .unit = "KiB", .help = "packet size" },
    { .name = "net_path", .type = VDC_PARAM_ENUM, .offset = offsetof(io_vm_params, net_path),
      .def = PATH_DEFAULT, .choices = PATHS, .help = "I/O path of the NIC (default: the hypervisor's)" },
    { 0 }
};
const vdc_vm_block vdc_io_vm_block = { .params = vm_params, .params_size = sizeof(io_vm_params) };

static const vdc_param io_params_tbl[] = {
    { .name = "hypervisor", .type = VDC_PARAM_STR, .offset = offsetof(io_params, hypervisor),
      .def_str = "kvm-virtio",
      .help = "profile: native, xen-pv, xen-hvm, kvm-virtio, kvm-vhost, esxi, hyperv, hosted" },
    { .name = "hw", .type = VDC_PARAM_STR, .offset = offsetof(io_params, hw), .def_str = "nehalem",
      .help = "hardware profile of the memory model (exit cost, exits per interrupt)" },
#define IO_PARAM_(n, u, h) \
    { .name = #n, .type = VDC_PARAM_NUM, .offset = offsetof(io_params, n), .def = -1, \
      .min = -1, .max = 1e6, .unit = u, .help = h " (-1: keep the profile's)" },
    VDC_IO_FIELDS(IO_PARAM_)
#undef IO_PARAM_
    { .name = "native_disk_us", .type = VDC_PARAM_NUM, .offset = offsetof(io_params, native_disk_us),
      .def = 8, .min = 0, .max = 1e6, .unit = "us",
      .help = "guest OS block layer + driver CPU per disk request [assumption]" },
    { .name = "native_net_us", .type = VDC_PARAM_NUM, .offset = offsetof(io_params, native_net_us),
      .def = 4, .min = 0, .max = 1e6, .unit = "us",
      .help = "guest OS network stack + driver CPU per packet [assumption]" },
    { .name = "driver_frac", .type = VDC_PARAM_NUM, .offset = offsetof(io_params, driver_frac),
      .def = 0.3, .min = 0, .max = 1,
      .help = "share of the native CPU per request that is the real device's driver, run again "
              "by the driver domain or host [assumption]" },
    { .name = "disk_mbps", .type = VDC_PARAM_NUM, .offset = offsetof(io_params, disk_mbps),
      .def = 500, .min = 0, .max = 1e6, .unit = "MiB/s", .flags = VDC_PARAM_MIN_EXCL,
      .help = "each host's disk: sequential bandwidth (SATA SSD class)" },
    { .name = "disk_iops", .type = VDC_PARAM_NUM, .offset = offsetof(io_params, disk_iops),
      .def = 80000, .min = 0, .max = 1e9, .unit = "1/s", .flags = VDC_PARAM_MIN_EXCL,
      .help = "each host's disk: random requests per second at full queue" },
    { .name = "disk_read_us", .type = VDC_PARAM_NUM, .offset = offsetof(io_params, disk_read_us),
      .def = 100, .min = 0, .max = 1e6, .unit = "us", .help = "disk latency of one read, unloaded" },
    { .name = "disk_write_us", .type = VDC_PARAM_NUM, .offset = offsetof(io_params, disk_write_us),
      .def = 30, .min = 0, .max = 1e6, .unit = "us", .help = "disk latency of one (cached) write" },
    { .name = "tick_ms", .type = VDC_PARAM_NUM, .offset = offsetof(io_params, tick_ms),
      .def = 100, .min = 1, .max = 1e6, .unit = "ms",
      .help = "window over which a driver domain's CPU is measured and applied" },
    { 0 }
};

const vdc_model_type vdc_io_devices = {
    .kind = VDC_KIND_IO,
    .name = "devices",
    .help = "disk and network I/O through emulation, split drivers, virtio/vhost or passthrough; "
            "hypervisor profiles; scheduled driver domain",
    .params = io_params_tbl,
    .params_size = sizeof(io_params),
    .state_size = sizeof(io_state),
    .init = io_init,
    .finish = io_finish,
    .destroy = io_destroy,
    .shares_changed = io_shares_changed,
};
