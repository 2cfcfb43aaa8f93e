/* fluid.c -- fluid fair-share CPU model: weighted max-min with caps.
 *
 * At every change of demand on a host, the host's capacity (pcpus) is split
 * among its vCPUs by weighted max-min fairness (water-filling): a vCPU gets
 * at most min(1 pCPU, its demand, its share of its VM's cap); what a vCPU
 * cannot use goes to the others in proportion to their weights (work-
 * conserving).  This is the fluid limit of Xen's Credit scheduler over
 * windows >> 30 ms (docs/references.md §1.3): weights 256/512 on one pCPU give
 * 1/3 and 2/3; a cap of 25 gives 0.25; 3 vCPUs on 2 pCPUs get 2/3 each.
 *
 * Weight is per VM and applies to each of its vCPUs (Xen >= 4.1 sums weights
 * per active vCPU).  The cap is per VM, in % of one pCPU, split among the
 * VM's vCPUs by max-min over their demands (Xen divides a domain's capped
 * credit evenly among its active vCPUs, credit.c csched_acct).
 * Weight, cap and vCPU count may change at run time (VDC_OBS_RESIZE): the
 * host's shares are recomputed at once.
 * Not modelled: hard affinity (a host is one pool of pCPUs), latency.
 * Cost: O(v) per change on a host with v vCPUs when one VM changed (the
 * last order is re-sorted), O(v log v) at worst; other hosts untouched.
 * Workload changes (onoff edges, trace samples) that fall on one instant
 * are batched: each marks its host, and one event at the same time (after
 * them, by insertion order) recomputes every marked host once -- a trace-
 * driven data center changes every VM at each 300 s sample, and a host of
 * v VMs would otherwise be recomputed v times in a row.  No time passes in
 * between, so integrals are unchanged.
 */
#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "array.h"
#include "sim.h"
#include "sort.h"

typedef struct fluid_params {
    bool samples;
    int64_t per_vm_max;
} fluid_params;

/* Past this many VMs, per-VM rows are not written by default: at 8 M VMs
 * they would be 32 M metrics and 8 M samples a window, most of the cost of
 * a run (issue 15); the data center's aggregates replace them. */
#define FLUID_PER_VM_MAX 10000

typedef struct fl_vcpu {
    double share;       /* current CPU rate, pCPUs */
    double speed;       /* speed since the last accrual (the world's may be newer) */
    double demand;      /* current demand, pCPUs */
    double cpu_s, work_s, demand_s;
    double win_cpu_s;   /* cpu_s at the start of the sample window */
} fl_vcpu;

typedef struct fl_host {
    int *vcpu; int n, cap;      /* vCPUs currently on the host */
    int *ord; int nord, ordcap; /* water-filling order of the last recompute
                                   (positions in vcpu), kept as the next sort's
                                   start; allocated at the first overcommit */
    vdc_time last;              /* time up to which counters are accrued */
    double util;                /* sum of shares / pcpus */
    double busy_s, energy_j;
    double win_busy_s;
    bool off;                   /* power state since the last accrual */
} fl_host;

typedef struct fluid {
    vdc_sim *sim;
    fluid_params p;
    fl_vcpu *v; int nv;
    fl_host *h;
    vdc_event_id *onoff;        /* per VM: next ONOFF change */
    int *vm_host;               /* per VM: host whose list holds its vCPUs */
    int nvm_alloc;
    double *bound; int scratch;     /* water-filling scratch */
    int *dirty; int ndirty;     /* hosts whose VMs' demand changed now */
    bool *is_dirty;
    vdc_event_id flush;         /* the pending batch recompute, 0 = none */
} fluid;

static double weight_of(const fluid *f, int c)
{
    return (double)f->sim->world.vm[f->sim->world.vcpu[c].vm].weight;
}

/* Bring a host's counters up to now at the current rates. */
static void accrue(fluid *f, int hi)
{
    fl_host *h = &f->h[hi];
    vdc_time now = vdc_engine_now(f->sim->eng);
    double dt = vdc_time_to_s(now - h->last);
    if (dt <= 0)
        return;
    for (int i = 0; i < h->n; i++) {
        int c = h->vcpu[i];
        fl_vcpu *v = &f->v[c];
        v->cpu_s += v->share * dt;
        v->work_s += v->share * v->speed * dt;
        v->demand_s += v->demand * dt;
    }
    const vdc_host *hw = &f->sim->world.host[hi];
    h->busy_s += h->util * (double)hw->pcpus * dt;
    if (!h->off)
        h->energy_j += (hw->power_idle_w + (hw->power_peak_w - hw->power_idle_w) * h->util) * dt;
    h->last = now;
}

static int grow_scratch(fluid *f, int n)
{
    if (n <= f->scratch)
        return 0;
    double *b = realloc(f->bound, (size_t)n * sizeof *b);
    if (!b)
        return VDC_ENOMEM;
    f->bound = b;
    f->scratch = n;
    return 0;
}

/* ascending key, ties by index (a total order: see sim/sort.h) */
static int by_key(int a, int b, const void *ctx)
{
    const double *key = ctx;
    return key[a] < key[b] ? -1 : key[a] > key[b] ? 1 : a - b;
}

/* The host's vCPU positions in ascending (key, position) order -- a total
 * order, so the water-filling's arithmetic does not depend on how it is
 * reached.  The order of the host's last recompute is the start: between
 * two recomputes one VM usually changed (a resize, a workload edge), and an
 * insertion sort from the last order moves a few entries, O(v), where a
 * fresh heap sort made O(v log v) indirect comparisons (30% of the resize
 * benchmark).  Past 8v moves (many keys changed) the heap sort finishes the
 * job.  A membership change with a new count restarts from the identity
 * (any permutation of the positions is a valid start).  NULL: out of
 * memory, the run has failed. */
static const int *sort_order(fluid *f, fl_host *h, const double *key)
{
    int n = h->n;
    if (h->nord != n) {
        if (vdc_array_grow((void **)&h->ord, &h->ordcap, n, sizeof *h->ord)) {
            vdc_engine_fail(f->sim->eng, VDC_ENOMEM, "fluid: out of memory");
            return NULL;
        }
        for (int i = 0; i < n; i++)
            h->ord[i] = i;
        h->nord = n;
    }
    int *o = h->ord;
    long moves = 0, budget = 8L * n;
    for (int i = 1; i < n && moves <= budget; i++) {
        int x = o[i], j = i;
        double kx = key[x];
        for (; j > 0; j--) {
            int y = o[j - 1];
            if (key[y] < kx || (key[y] == kx && y < x))
                break;
            o[j] = y;
        }
        o[j] = x;
        moves += i - j;
    }
    if (moves > budget)
        vdc_sort_idx(o, (size_t)n, by_key, key);
    return o;
}

/* Max-min split of `cap` among n claims (equal weights): out[i] <= want[i]. */
static void split_cap(double cap, const double *want, double *out, int n, int *order,
                      double *key)
{
    for (int i = 0; i < n; i++) {
        order[i] = i;
        key[i] = want[i];
    }
    vdc_sort_idx(order, (size_t)n, by_key, key);
    double left = cap;
    for (int k = 0; k < n; k++) {
        int i = order[k];
        double fair = left / (n - k);
        out[i] = want[i] < fair ? want[i] : fair;
        left -= out[i];
    }
}

/* Recompute the shares of every vCPU on host hi (after accruing). */
static void recompute(fluid *f, int hi)
{
    vdc_world *w = &f->sim->world;
    fl_host *h = &f->h[hi];
    vdc_time now = vdc_engine_now(f->sim->eng);
    accrue(f, hi);
    if (grow_scratch(f, 2 * h->n + 2)) {
        vdc_engine_fail(f->sim->eng, VDC_ENOMEM, "fluid: out of memory");
        return;
    }
    double *bound = f->bound, *key = f->bound + h->n;
    /* 1. per-vCPU bound: min(1, demand, its part of the VM's cap) */
    for (int i = 0; i < h->n; i++) {
        int c = h->vcpu[i];
        double d = vdc_workload_demand(&w->vm[w->vcpu[c].vm], now);
        f->v[c].demand = d;
        bound[i] = d < 1 ? d : 1;
    }
    for (int i = 0; i < h->n; i++) {
        int c = h->vcpu[i];
        const vdc_vm *vm = &w->vm[w->vcpu[c].vm];
        if (vm->cap <= 0 || w->vcpu[c].index != 0)
            continue;
        /* the VM's vCPUs sit contiguously in h->vcpu (added together) */
        int n = (int)vm->vcpus;
        double out[n], want[n];
        int ord[n];
        double k2[n];
        for (int j = 0; j < n; j++)
            want[j] = bound[i + j];
        split_cap((double)vm->cap / 100.0, want, out, n, ord, k2);
        for (int j = 0; j < n; j++)
            bound[i + j] = out[j];
    }
    /* 2. weighted water-filling of the pCPUs */
    double total = 0, cap = (double)w->host[hi].pcpus;
    for (int i = 0; i < h->n; i++)
        total += bound[i];
    if (total <= cap) {
        for (int i = 0; i < h->n; i++)
            f->v[h->vcpu[i]].share = bound[i];
    } else {
        double wsum = 0;
        for (int i = 0; i < h->n; i++) {
            key[i] = bound[i] / weight_of(f, h->vcpu[i]);
            wsum += weight_of(f, h->vcpu[i]);
        }
        const int *order = sort_order(f, h, key);
        if (!order)
            return;
        double left = cap;
        for (int k = 0; k < h->n; k++) {
            int i = order[k];
            double wi = weight_of(f, h->vcpu[i]);
            double fair = left * wi / wsum;
            double s = bound[i] < fair ? bound[i] : fair;
            f->v[h->vcpu[i]].share = s;
            left -= s;
            wsum -= wi;
        }
    }
    double used = 0;
    for (int i = 0; i < h->n; i++) {
        double s = f->v[h->vcpu[i]].share;
        /* max-min: a vCPU gets at most its bound (<= 1 pCPU), never less than 0 */
        assert(s >= 0 && s <= bound[i] * (1 + 1e-12));
        used += s;
    }
    /* the shares fit in the host's pCPUs */
    assert(used <= cap * (1 + 1e-9));
    h->util = used / cap;
    vdc_sim_shares_changed(f->sim, hi);     /* VDC_CAP_SHARE_EVENTS */
}

/* ---- host membership --------------------------------------------------- */

static int host_add_vm(fluid *f, int vm)
{
    const vdc_vm *v = &f->sim->world.vm[vm];
    f->vm_host[vm] = -1;
    if (v->host < 0)
        return 0;
    fl_host *h = &f->h[v->host];
    if (vdc_array_grow((void **)&h->vcpu, &h->cap, h->n + (int)v->vcpus, sizeof *h->vcpu))
        return VDC_ENOMEM;
    for (int i = 0; i < v->vcpus; i++)
        h->vcpu[h->n++] = v->vcpu0 + i;
    f->vm_host[vm] = v->host;
    return 0;
}

static void host_remove_vm(fluid *f, int hi, int vm)
{
    fl_host *h = &f->h[hi];
    int k = 0;
    for (int i = 0; i < h->n; i++)
        if (f->sim->world.vcpu[h->vcpu[i]].vm != vm)
            h->vcpu[k++] = h->vcpu[i];
    h->n = k;
    f->vm_host[vm] = -1;
}

/* ---- events ---------------------------------------------------------------- */

static void onoff_fire(vdc_engine *eng, void *ctx, uint64_t vm);

static void arm_onoff(fluid *f, int vm)
{
    vdc_engine_cancel(f->sim->eng, f->onoff[vm]);
    f->onoff[vm] = 0;
    vdc_time now = vdc_engine_now(f->sim->eng);
    vdc_time next = vdc_workload_next_change(&f->sim->world.vm[vm], now);
    if (next < VDC_TIME_MAX && next <= f->sim->end)
        f->onoff[vm] = vdc_engine_at(f->sim->eng, next, onoff_fire, f, (uint64_t)vm);
}

static void flush_fire(vdc_engine *eng, void *ctx, uint64_t arg)
{
    fluid *f = ctx;
    (void)eng;
    (void)arg;
    f->flush = 0;
    for (int i = 0; i < f->ndirty; i++) {
        f->is_dirty[f->dirty[i]] = false;
        recompute(f, f->dirty[i]);
    }
    f->ndirty = 0;
}

static void onoff_fire(vdc_engine *eng, void *ctx, uint64_t vm)
{
    fluid *f = ctx;
    f->onoff[vm] = 0;
    int hi = f->sim->world.vm[vm].host;
    if (hi >= 0 && !f->is_dirty[hi]) {
        f->is_dirty[hi] = true;
        f->dirty[f->ndirty++] = hi;
        if (!f->flush)
            f->flush = vdc_engine_at(eng, vdc_engine_now(eng), flush_fire, f, 0);
    }
    arm_onoff(f, (int)vm);
}

static int grow_vms(fluid *f)
{
    vdc_world *w = &f->sim->world;
    if (w->nvm > f->nvm_alloc) {
        int n = w->nvm * 2;
        vdc_event_id *o = realloc(f->onoff, (size_t)n * sizeof *o);
        if (!o)
            return VDC_ENOMEM;
        memset(o + f->nvm_alloc, 0, (size_t)(n - f->nvm_alloc) * sizeof *o);
        f->onoff = o;
        int *vh = realloc(f->vm_host, (size_t)n * sizeof *vh);
        if (!vh)
            return VDC_ENOMEM;
        for (int i = f->nvm_alloc; i < n; i++)
            vh[i] = -1;
        f->vm_host = vh;
        f->nvm_alloc = n;
    }
    if (w->nvcpu > f->nv) {
        fl_vcpu *v = realloc(f->v, (size_t)w->nvcpu * sizeof *v);
        if (!v)
            return VDC_ENOMEM;
        memset(v + f->nv, 0, (size_t)(w->nvcpu - f->nv) * sizeof *v);
        for (int c = f->nv; c < w->nvcpu; c++)
            v[c].speed = w->vcpu[c].speed;
        f->v = v;
        f->nv = w->nvcpu;
    }
    return 0;
}

static void observe(void *ctx, vdc_sim *sim, const vdc_obs_event *ev)
{
    fluid *f = ctx;
    vdc_obs what = ev->what;
    int vm = ev->vm, vcpu = ev->vcpu;
    int hi = what == VDC_OBS_HOST_POWER ? -1 : sim->world.vm[vm].host;
    switch (what) {
    case VDC_OBS_SPEED:            /* CPU share unchanged; work rate changes */
        if (vcpu >= f->nv)          /* a VM being added (another observer of   */
            break;                  /* its ADD set a speed): ADD reads it later */
        if (hi >= 0)
            accrue(f, hi);          /* up to now at the old speed... */
        f->v[vcpu].speed = sim->world.vcpu[vcpu].speed;   /* ...then the new one */
        break;
    case VDC_OBS_PAUSE:
    case VDC_OBS_RESUME:
        if (hi >= 0)
            recompute(f, hi);
        break;
    case VDC_OBS_WORKLOAD:
        if (hi >= 0)
            recompute(f, hi);
        arm_onoff(f, vm);
        break;
    case VDC_OBS_MOVE:
        if (f->vm_host[vm] >= 0) {
            int old = f->vm_host[vm];
            accrue(f, old);
            host_remove_vm(f, old, vm);
            recompute(f, old);
        }
        if (hi >= 0) {
            accrue(f, hi);
            if (host_add_vm(f, vm))
                vdc_engine_fail(sim->eng, VDC_ENOMEM, "fluid: out of memory");
            recompute(f, hi);
        }
        break;
    case VDC_OBS_ADD:
        if (grow_vms(f)) {
            vdc_engine_fail(sim->eng, VDC_ENOMEM, "fluid: out of memory");
            return;
        }
        if (hi >= 0) {
            accrue(f, hi);
            if (host_add_vm(f, vm))
                vdc_engine_fail(sim->eng, VDC_ENOMEM, "fluid: out of memory");
            recompute(f, hi);
        }
        arm_onoff(f, vm);
        break;
    case VDC_OBS_RESIZE:           /* vCPUs, weight or cap: shares anew */
        if (hi < 0 || f->vm_host[vm] < 0)
            break;
        accrue(f, hi);
        if (sim->world.vm[vm].vcpus != ev->old_vcpus) {
            host_remove_vm(f, hi, vm);
            for (int i = 0; i < sim->world.vm[vm].vcpus; i++) {
                int c = sim->world.vm[vm].vcpu0 + i;
                f->v[c].speed = sim->world.vcpu[c].speed;
                f->v[c].share = 0;
            }
            for (int i = (int)sim->world.vm[vm].vcpus; i < ev->old_vcpus; i++) {
                int c = sim->world.vm[vm].vcpu0 + i;   /* offlined: no rate from now */
                f->v[c].share = f->v[c].demand = 0;
            }
            if (host_add_vm(f, vm))
                vdc_engine_fail(sim->eng, VDC_ENOMEM, "fluid: out of memory");
        }
        recompute(f, hi);
        break;
    case VDC_OBS_HOST_POWER:
        accrue(f, ev->host);
        f->h[ev->host].off = sim->world.host[ev->host].off;
        break;
    default:            /* migration requests: the migration model's */
        break;
    }
}

/* ---- samples ----------------------------------------------------------------- */

static vdc_time sample_tick(vdc_engine *eng, void *ctx, uint64_t arg)
{
    fluid *f = ctx;
    vdc_world *w = &f->sim->world;
    double win = f->sim->sample_window_s;
    double t = vdc_time_to_s(vdc_engine_now(eng));
    (void)arg;
    for (int h = 0; h < w->nhost; h++) {
        accrue(f, h);
        vdc_results_sample(f->sim->res, w->host[h].name, "util", t,
                           (f->h[h].busy_s - f->h[h].win_busy_s) / (win * (double)w->host[h].pcpus));
        f->h[h].win_busy_s = f->h[h].busy_s;
    }
    bool per_vm = w->nvm <= f->p.per_vm_max;
    double sum = 0;
    for (int vm = 0; vm < w->nvm; vm++) {
        double d = 0;
        for (int i = 0; i < w->vm[vm].max_vcpus; i++) {      /* offlined vCPUs too */
            fl_vcpu *v = &f->v[w->vm[vm].vcpu0 + i];
            d += v->cpu_s - v->win_cpu_s;
            v->win_cpu_s = v->cpu_s;
        }
        if (per_vm)
            vdc_results_sample(f->sim->res, w->vm[vm].name, "share", t, d / win);
        sum += d / win;
    }
    if (!per_vm && w->nvm > 0)
        vdc_results_sample(f->sim->res, "datacenter", "vm_share_mean", t, sum / w->nvm);
    return vdc_time_from_s(win);
}

/* ---- hooks -------------------------------------------------------------------- */

static int fluid_init(void *state, const void *params, vdc_sim *sim, vdc_error *err)
{
    fluid *f = state;
    vdc_world *w = &sim->world;
    f->sim = sim;
    f->p = *(const fluid_params *)params;
    f->h = calloc((size_t)w->nhost, sizeof *f->h);
    f->dirty = calloc((size_t)w->nhost + 1, sizeof *f->dirty);
    f->is_dirty = calloc((size_t)w->nhost + 1, sizeof *f->is_dirty);
    if (!f->h || !f->dirty || !f->is_dirty || grow_vms(f))
        return vdc_error_set(err, VDC_ENOMEM, "fluid: out of memory");
    for (int vm = 0; vm < w->nvm; vm++)
        if (host_add_vm(f, vm))
            return vdc_error_set(err, VDC_ENOMEM, "fluid: out of memory");
    for (int h = 0; h < w->nhost; h++)
        recompute(f, h);
    for (int vm = 0; vm < w->nvm; vm++)
        arm_onoff(f, vm);
    if (vdc_world_observe(w, observe, f))
        return vdc_error_set(err, VDC_ENOMEM, "fluid: out of memory");
    vdc_time win = vdc_time_from_s(sim->sample_window_s);
    if (f->p.samples && sim->res && win > 0)
        vdc_engine_timer(sim->eng, win, sample_tick, f, 0);
    return 0;
}

static int fluid_finish(void *state, vdc_sim *sim, vdc_error *err)
{
    fluid *f = state;
    vdc_world *w = &sim->world;
    double dur = vdc_time_to_s(vdc_engine_now(sim->eng));
    (void)err;
    for (int h = 0; h < w->nhost; h++) {
        accrue(f, h);
        vdc_results_metric(sim->res, w->host[h].name, "util",
                           dur > 0 ? f->h[h].busy_s / (dur * (double)w->host[h].pcpus) : 0, "");
        vdc_results_metric(sim->res, w->host[h].name, "energy_j", f->h[h].energy_j, "J");
    }
    bool per_vm = w->nvm <= f->p.per_vm_max;
    double tot_cpu = 0, tot_work = 0, tot_dem = 0, smin = INFINITY, smax = -INFINITY;
    for (int vm = 0; vm < w->nvm; vm++) {
        double cpu = 0, work = 0, dem = 0;
        for (int i = 0; i < w->vm[vm].max_vcpus; i++) {      /* offlined vCPUs too */
            const fl_vcpu *v = &f->v[w->vm[vm].vcpu0 + i];
            cpu += v->cpu_s;
            work += v->work_s;
            dem += v->demand_s;
        }
        double share = dur > 0 ? cpu / dur : 0;
        if (per_vm) {
            const char *n = w->vm[vm].name;
            vdc_results_metric(sim->res, n, "cpu_s", cpu, "s");
            vdc_results_metric(sim->res, n, "share", share, "pcpu");
            vdc_results_metric(sim->res, n, "demand_s", dem, "s");
            vdc_results_metric(sim->res, n, "work_s", work, "s");
        }
        tot_cpu += cpu;
        tot_work += work;
        tot_dem += dem;
        smin = share < smin ? share : smin;
        smax = share > smax ? share : smax;
    }
    if (!per_vm && w->nvm > 0) {
        vdc_results_metric(sim->res, "datacenter", "vm_cpu_s", tot_cpu, "s");
        vdc_results_metric(sim->res, "datacenter", "vm_demand_s", tot_dem, "s");
        vdc_results_metric(sim->res, "datacenter", "vm_work_s", tot_work, "s");
        vdc_results_metric(sim->res, "datacenter", "vm_share_mean",
                           dur > 0 ? tot_cpu / dur / w->nvm : 0, "pcpu");
        vdc_results_metric(sim->res, "datacenter", "vm_share_min", smin, "pcpu");
        vdc_results_metric(sim->res, "datacenter", "vm_share_max", smax, "pcpu");
    }
    return 0;
}

static void fluid_destroy(void *state)
{
    fluid *f = state;
    if (f->h && f->sim)
        for (int h = 0; h < f->sim->world.nhost; h++)
        {
            free(f->h[h].vcpu);
            free(f->h[h].ord);
        }
    free(f->h);
    free(f->v);
    free(f->onoff);
    free(f->vm_host);
    free(f->bound);
    free(f->dirty);
    free(f->is_dirty);
}

/* CPU time of a VM so far, its host's counters brought to now without
 * changing them (read only, for the I/O model). */
static double fluid_vm_cpu_s(const void *state, const vdc_sim *sim, int vm)
{
    const fluid *f = state;
    const vdc_vm *m = &sim->world.vm[vm];
    if (!f->v || vm >= f->nvm_alloc)
        return 0;
    int hi = f->vm_host[vm];
    double dt = hi >= 0 ? vdc_time_to_s(vdc_engine_now(sim->eng) - f->h[hi].last) : 0;
    double cpu = 0;
    for (int i = 0; i < (int)m->max_vcpus; i++) {             /* offlined vCPUs too */
        int c = m->vcpu0 + i;
        if (c >= f->nv)
            break;
        cpu += f->v[c].cpu_s + (dt > 0 ? f->v[c].share * dt : 0);
    }
    return cpu;
}

static const vdc_param fluid_params_tbl[] = {
    { .name = "samples", .type = VDC_PARAM_BOOL, .offset = offsetof(fluid_params, samples),
      .def = 1, .help = "write per-VM share and per-host util every sample_window_s" },
    { .name = "per_vm_max", .type = VDC_PARAM_INT, .offset = offsetof(fluid_params, per_vm_max),
      .def = FLUID_PER_VM_MAX, .min = 0, .max = 1e9, .unit = "VMs",
      .help = "per-VM metrics and samples only up to this many VMs; past it, the "
              "\"datacenter\" entity's vm_* totals, min/max and mean share instead" },
    { 0 }
};

const vdc_model_type vdc_sched_fluid = {
    .kind = VDC_KIND_SCHED,
    .name = "fluid",
    .help = "fluid weighted max-min fair share with caps (data-center scale)",
    .params = fluid_params_tbl,
    .params_size = sizeof(fluid_params),
    .state_size = sizeof(fluid),
    .init = fluid_init,
    .finish = fluid_finish,
    .destroy = fluid_destroy,
    .caps = VDC_CAP_VM_CHURN | VDC_CAP_SHARE_EVENTS,
    .vm_cpu_s = fluid_vm_cpu_s,
};
