/* balloon.c -- memory overcommit: ballooning, guest and host swapping, and
 * content-based page sharing, as one model of the "overcommit" kind.
 *
 * Per VM: the guest's memory g (what its OS sees; a balloon shrinks it), its
 * working set W, the pages the host has evicted behind its back E.  A
 * memory target (the resize action's memory_mib, or the host's pressure) is
 * met by the balloon (reclaim "balloon": g moves toward the target at
 * inflate_mib_s / deflate_mib_s, the guest choosing its free pages first)
 * or by the host alone (reclaim "host_swap": g stays, E = g - target, pages
 * picked blindly).  When the VMs on a host ask more than its memory_gib
 * (less what page sharing saved), the host swaps the excess at once, spread
 * over its VMs by their size, and (reclaim "balloon") sets balloon targets
 * that take it back over time, as ESX does (Waldspurger, OSDI 2002, §3-§6).
 * Misses and speed: overcommit.h; the speed goes to the VM's vCPUs through
 * VDC_SPEED_SWAP.  Faults are counted per CPU second the scheduler gave the
 * VM (vdc_sim_vm_cpu_s): faults = r m s dCPU.
 * Page sharing (scan_pages_s > 0): each host's scanner covers its VMs' pages
 * round robin (every VM's scanned fraction grows at scan_pages_s / pages on
 * the host); VMs of one `image` hold shareable_fraction of their pages in
 * common, zero_fraction of every VM's pages are zero pages shared host-wide;
 * merged pages: overcommit.h.  The scanner's CPU is reported, not charged.
 * Updates happen every step_s while a balloon moves or a scan pass is
 * incomplete, and at every change; in between all rates are constant.
 * Not modelled: double paging, swap-out writes, the guest's page cache
 * (W is the set it must keep), copy-on-write breaking of shared pages,
 * balloon limits (a guest gives down to 1 MiB), the scanner's CPU taken
 * from the VMs.  Sources and defaults: docs/references.md §16.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "overcommit.h"
#include "sim.h"
#include "sort.h"

#define MIB_PER_PAGE (4.0 / 1024)    /* 4 KiB pages */

typedef struct oc_params {
    int reclaim;                    /* 0 balloon, 1 host_swap */
    double inflate_mib_s, deflate_mib_s, swap_in_ms;
    double scan_pages_s, scan_cpu_us_per_page, step_s;
    bool samples;
    bool autoscale;                 /* the vertical auto-scaler (below) */
    double as_period_s, grow_util, shrink_util, grow_swap_per_s, cooldown_s, mem_step_mib,
        hotplug_s;
    int64_t sustain;
} oc_params;

typedef struct oc_vm_block {
    double working_set_mib, working_set_fraction, touch_pages_s;
    const char *image;
    double shareable_fraction, zero_fraction;
} oc_vm_block;

typedef struct oc_vm {
    double boot, g, target;         /* MiB: booted with, guest size, asked */
    double e_user, e_press;         /* MiB evicted by the host: to meet the
                                       target (host_swap), for host pressure */
    double ws, touch;               /* working set MiB, pages/s */
    double gmiss, hmiss, speed;     /* current rates */
    double scanned;                 /* fraction of its pages scanned */
    double saved;                   /* MiB it no longer needs (sharing) */
    double last_cpu;                /* vdc_sim_vm_cpu_s at the last update */
    double guest_in, host_in;       /* swap-ins, pages */
    double lost_s;                  /* CPU seconds spent waiting on faults */
    double balloon_max, req_t, inflate_s;   /* inflation of the last request */
    double sw_guest, sw_host;       /* at the last sample */
    bool moving;
    /* auto-scaler */
    double as_cpu, as_swaps;        /* CPU s and swap-ins at the last period */
    int64_t as_hi, as_lo, as_swap;  /* periods in a row above / below / swapping */
    double as_until;                /* cool-down ends (s) */
    int64_t as_grows, as_shrinks, as_mem_grows;
    double as_first_s;              /* first action (s), -1 none */
} oc_vm;

typedef struct oc_host {
    double saved, swapped, cpu_s;   /* MiB; scanner CPU seconds */
} oc_host;

typedef struct oc {
    vdc_sim *sim;
    oc_params p;
    oc_vm *v; int nv;
    oc_host *h;
    int *order;                     /* scratch: sharing groups */
    vdc_event_id timer;             /* the next update, 0 none */
    vdc_time timer_at, last;
} oc;

static const oc_vm_block block_defaults = { 0, 0.5, 1000, NULL, 0, 0 };

static const oc_vm_block *block_of(const oc *s, int vm)
{
    const oc_vm_block *b = s->sim->world.vm[vm].kind_params[VDC_KIND_OVERCOMMIT];
    return b ? b : &block_defaults;
}

static void vm_setup(oc *s, int vm)
{
    const vdc_vm *w = &s->sim->world.vm[vm];
    const oc_vm_block *b = block_of(s, vm);
    oc_vm *x = &s->v[vm];
    memset(x, 0, sizeof *x);
    x->boot = x->g = x->target = w->memory_gib * 1024;
    x->ws = b->working_set_mib > 0 ? b->working_set_mib : b->working_set_fraction * x->boot;
    x->touch = b->touch_pages_s;
    x->speed = 1;
    x->req_t = -1;
    x->last_cpu = vdc_sim_vm_cpu_s(s->sim, vm);
    x->as_cpu = x->last_cpu;
    x->as_first_s = -1;
    s->sim->world.vm[vm].ballooned = true;     /* memory requests are ours */
}

static int grow(oc *s)
{
    const vdc_world *w = &s->sim->world;
    if (w->nvm <= s->nv)
        return 0;
    oc_vm *v = realloc(s->v, (size_t)w->nvm * sizeof *v);
    int *o = realloc(s->order, (size_t)w->nvm * sizeof *o);
    if (v)
        s->v = v;
    if (o)
        s->order = o;
    if (!v || !o)
        return VDC_ENOMEM;
    for (int d = s->nv; d < w->nvm; d++)
        vm_setup(s, d);
    s->nv = w->nvm;
    return 0;
}

/* ---- counters: rates since the last update ---------------------------------- */

static void accrue_vm(oc *s, int d)
{
    oc_vm *x = &s->v[d];
    double cpu = vdc_sim_vm_cpu_s(s->sim, d);
    double dc = cpu >= 0 && x->last_cpu >= 0 ? cpu - x->last_cpu : 0;
    x->last_cpu = cpu;
    if (dc <= 0)
        return;
    double native = dc * x->speed;             /* work done: faults per native second */
    x->guest_in += x->touch * x->gmiss * native;
    x->host_in += x->touch * (1 - x->gmiss) * x->hmiss * native;
    x->lost_s += dc * (1 - x->speed);
}

/* ---- page sharing -------------------------------------------------------------- */

static int by_image(int a, int b, const void *ctx)
{
    const oc *s = ctx;
    const char *ia = block_of(s, a)->image, *ib = block_of(s, b)->image;
    int c = strcmp(ia, ib);
    if (c)
        return c;
    double pa = block_of(s, a)->shareable_fraction * s->v[a].g;
    double pb = block_of(s, b)->shareable_fraction * s->v[b].g;
    return pa > pb ? -1 : pa < pb ? 1 : a - b;  /* largest first */
}

/* MiB saved on host hi: zero pages host-wide, then each image's common
 * pages, a page range shared by the VMs whose shareable part covers it. */
static double host_saved(oc *s, int hi)
{
    const vdc_world *w = &s->sim->world;
    double sx = 0, prod = 1, zero = 0, saved = 0;
    int n = 0;
    for (int d = 0; d < w->nvm; d++) {
        if (w->vm[d].host != hi)
            continue;
        const oc_vm_block *b = block_of(s, d);
        double zp = b->zero_fraction * s->v[d].g / MIB_PER_PAGE;
        double x = s->v[d].scanned;
        /* zero pages as one group of identical pages, each scanned w.p. x */
        zero += zp * x;
        if (zp > 0)
            prod *= pow(1 - x, zp);
        sx += zp;
        if (b->image && b->shareable_fraction > 0)
            s->order[n++] = d;
    }
    if (sx > 0)
        saved += (zero - (1 - prod)) * MIB_PER_PAGE;
    vdc_sort_idx(s->order, (size_t)n, by_image, s);
    for (int i = 0; i < n;) {
        int j = i;
        const char *img = block_of(s, s->order[i])->image;
        while (j < n && strcmp(block_of(s, s->order[j])->image, img) == 0)
            j++;
        /* VMs i..j-1, shareable pages descending: range (p_k+1, p_k] is
         * held by the first k+1 of them */
        double sumx = 0, none = 1;
        for (int k = i; k < j; k++) {
            int d = s->order[k];
            double p = block_of(s, d)->shareable_fraction * s->v[d].g;
            double pn = k + 1 < j ? block_of(s, s->order[k + 1])->shareable_fraction *
                                        s->v[s->order[k + 1]].g
                                  : 0;
            if (k + 1 < j && strcmp(block_of(s, s->order[k + 1])->image, img) != 0)
                pn = 0;
            sumx += s->v[d].scanned;
            none *= 1 - s->v[d].scanned;
            saved += (p - pn) * (sumx - (1 - none));
        }
        i = j;
    }
    return saved;
}

/* ---- one update ------------------------------------------------------------------ */

static void set_speed(oc *s, int d)
{
    oc_vm *x = &s->v[d];
    double ev = x->e_user + x->e_press;
    x->gmiss = vdc_oc_guest_miss(x->ws, x->g);
    x->hmiss = vdc_oc_host_miss(ev, x->g);
    double miss = x->gmiss + (1 - x->gmiss) * x->hmiss;
    x->speed = vdc_oc_speed(x->touch, miss, s->p.swap_in_ms / 1e3);
    vdc_world_set_speed(&s->sim->world, s->sim, d, VDC_SPEED_SWAP, x->speed);
}

/* Move balloons over dt toward their targets; true if one still moves,
 * and *until the time (s from now) the first of them arrives. */
static bool move_balloons(oc *s, double dt, double now, double *until)
{
    bool any = false;
    for (int d = 0; d < s->nv; d++) {
        oc_vm *x = &s->v[d];
        double goal = x->target;
        if (s->p.reclaim == 1) {                   /* host_swap: the host takes it */
            x->e_user = x->g > goal ? x->g - goal : 0;
            continue;
        }
        if (x->g == goal) {
            x->moving = false;
            continue;
        }
        double rate = x->g > goal ? s->p.inflate_mib_s : s->p.deflate_mib_s;
        double step = rate * dt, gap = fabs(x->g - goal);
        if (step >= gap) {
            if (x->req_t >= 0 && x->g > goal)
                x->inflate_s = now - dt + gap / rate - x->req_t;
            x->g = goal;
            x->moving = false;
        } else {
            x->g += x->g > goal ? -step : step;
            x->moving = true;
            any = true;
            if ((gap - step) / rate < *until)
                *until = (gap - step) / rate;
        }
        if (x->boot - x->g > x->balloon_max)
            x->balloon_max = x->boot - x->g;
    }
    return any;
}

/* Host pressure: what its VMs hold beyond its memory, swapped by the host
 * at once and (reclaim balloon) asked back from the balloons. */
static void pressure(oc *s)
{
    vdc_world *w = &s->sim->world;
    int nh = w->nhost;
    for (int hi = 0; hi < nh; hi++)
        s->h[hi].swapped = 0;
    double *held = calloc((size_t)nh + 1, sizeof *held);
    if (!held) {
        vdc_engine_fail(s->sim->eng, VDC_ENOMEM, "overcommit: out of memory");
        return;
    }
    for (int d = 0; d < s->nv; d++)
        if (w->vm[d].host >= 0)
            held[w->vm[d].host] += s->v[d].g - s->v[d].e_user;
    for (int d = 0; d < s->nv; d++) {
        oc_vm *x = &s->v[d];
        int hi = w->vm[d].host;
        x->e_press = 0;
        if (hi < 0 || !(held[hi] > 0))
            continue;
        double excess = held[hi] - s->h[hi].saved - w->host[hi].memory_gib * 1024;
        if (excess <= 0)
            continue;
        double part = excess * (x->g - x->e_user) / held[hi];
        x->e_press = part;
        s->h[hi].swapped += part;
        if (s->p.reclaim == 0 && x->target > x->g - part)
            x->target = x->g - part;                /* the balloon takes it back */
    }
    free(held);
}

static bool scan(oc *s, double dt)
{
    vdc_world *w = &s->sim->world;
    if (!(s->p.scan_pages_s > 0))
        return false;
    bool any = false;
    double *pages = calloc((size_t)w->nhost + 1, sizeof *pages);
    if (!pages) {
        vdc_engine_fail(s->sim->eng, VDC_ENOMEM, "overcommit: out of memory");
        return false;
    }
    for (int d = 0; d < s->nv; d++)
        if (w->vm[d].host >= 0)
            pages[w->vm[d].host] += s->v[d].g / MIB_PER_PAGE;
    for (int hi = 0; hi < w->nhost; hi++)
        if (pages[hi] > 0 && dt > 0) {
            s->h[hi].cpu_s += dt * s->p.scan_pages_s * s->p.scan_cpu_us_per_page / 1e6;
        }
    for (int d = 0; d < s->nv; d++) {
        int hi = w->vm[d].host;
        if (hi < 0 || s->v[d].scanned >= 1)
            continue;
        s->v[d].scanned += dt * s->p.scan_pages_s / pages[hi];
        if (s->v[d].scanned >= 1)
            s->v[d].scanned = 1;
        else
            any = true;
    }
    for (int hi = 0; hi < w->nhost; hi++)
        s->h[hi].saved = pages[hi] > 0 ? host_saved(s, hi) : 0;
    free(pages);
    return any;
}

static void write_samples(oc *s, double t, double win)
{
    vdc_world *w = &s->sim->world;
    vdc_results *r = s->sim->res;
    for (int d = 0; d < s->nv; d++) {
        oc_vm *x = &s->v[d];
        const char *n = w->vm[d].name;
        vdc_results_sample(r, n, "balloon_mib", t, x->boot - x->g);
        vdc_results_sample(r, n, "guest_swapin_per_s", t, (x->guest_in - x->sw_guest) / win);
        vdc_results_sample(r, n, "host_swapin_per_s", t, (x->host_in - x->sw_host) / win);
        vdc_results_sample(r, n, "slowdown", t, 1 / x->speed);
        x->sw_guest = x->guest_in;
        x->sw_host = x->host_in;
    }
    for (int hi = 0; hi < w->nhost; hi++) {
        vdc_results_sample(r, w->host[hi].name, "shared_mib", t, s->h[hi].saved);
        vdc_results_sample(r, w->host[hi].name, "host_swapped_mib", t, s->h[hi].swapped);
    }
}

static void tick(vdc_engine *eng, void *ctx, uint64_t arg);

/* Bring everything to now and set the new rates; an update event follows
 * in step_s while a balloon moves or a scan pass runs. */
static void update(oc *s)
{
    vdc_time now = vdc_engine_now(s->sim->eng);
    double dt = vdc_time_to_s(now - s->last), t = vdc_time_to_s(now);
    s->last = now;
    for (int d = 0; d < s->nv; d++)
        accrue_vm(s, d);
    double until = s->p.step_s;
    bool moving = move_balloons(s, dt, t, &until);
    moving = scan(s, dt) || moving;
    pressure(s);
    moving = move_balloons(s, 0, t, &until) || moving;   /* new targets start moving */
    for (int d = 0; d < s->nv; d++) {
        set_speed(s, d);
        /* the placement view: what the host commits to the VM */
        double held = (s->v[d].g - s->v[d].e_user) / 1024;
        if (fabs(held - s->sim->world.vm[d].memory_gib) > 1e-12)
            vdc_world_set_memory(&s->sim->world, s->sim, d, held);
    }
    /* next update: a step on, or when a balloon arrives (exact times) */
    vdc_time at = now + vdc_time_from_s(until);
    if (moving && s->timer && at < s->timer_at) {
        vdc_engine_cancel(s->sim->eng, s->timer);
        s->timer = 0;
    }
    if (moving && !s->timer) {
        s->timer = vdc_engine_at(s->sim->eng, at > now ? at : now + 1, tick, s, 0);
        s->timer_at = at;
    }
}

static void tick(vdc_engine *eng, void *ctx, uint64_t arg)
{
    oc *s = ctx;
    (void)eng;
    (void)arg;
    s->timer = 0;
    update(s);
}

static vdc_time sample_tick(vdc_engine *eng, void *ctx, uint64_t arg)
{
    oc *s = ctx;
    (void)arg;
    update(s);
    write_samples(s, vdc_time_to_s(vdc_engine_now(eng)), s->sim->sample_window_s);
    return vdc_time_from_s(s->sim->sample_window_s);
}

/* ---- the vertical auto-scaler ------------------------------------------------------------
 * Every as_period_s, per VM: utilisation u = CPU received / (period x online
 * vCPUs) and swap-ins per second.  `sustain` periods in a row with u >
 * grow_util hot-plug one vCPU (up to max_vcpus, online hotplug_s later);
 * with u < shrink_util, unplug one (down to 1); with swap-ins above
 * grow_swap_per_s, deflate the balloon by mem_step_mib (up to the boot
 * size).  After an action the VM waits cooldown_s before the next; its
 * counters restart.  Memory is not shrunk (a balloon target is the
 * operator's, or the host's under pressure). */

static void as_online(vdc_engine *eng, void *ctx, uint64_t arg)
{
    oc *s = ctx;
    (void)eng;
    vdc_world_set_vcpus(&s->sim->world, s->sim, (int)(arg & 0xffffffffu), (int64_t)(arg >> 32));
}

static vdc_time as_fire(vdc_engine *eng, void *ctx, uint64_t arg)
{
    oc *s = ctx;
    vdc_world *w = &s->sim->world;
    double now = vdc_time_to_s(vdc_engine_now(eng)), per = s->p.as_period_s;
    (void)arg;
    update(s);
    for (int d = 0; d < s->nv; d++) {
        oc_vm *x = &s->v[d];
        const vdc_vm *v = &w->vm[d];
        double cpu = vdc_sim_vm_cpu_s(s->sim, d), swaps = x->guest_in + x->host_in;
        double u = cpu >= 0 ? (cpu - x->as_cpu) / (per * (double)v->vcpus) : 0;
        double sw = (swaps - x->as_swaps) / per;
        x->as_cpu = cpu;
        x->as_swaps = swaps;
        x->as_hi = u > s->p.grow_util ? x->as_hi + 1 : 0;
        x->as_lo = u < s->p.shrink_util ? x->as_lo + 1 : 0;
        x->as_swap = sw > s->p.grow_swap_per_s ? x->as_swap + 1 : 0;
        if (v->host < 0 || now < x->as_until)
            continue;
        int64_t n = v->vcpus;
        if (x->as_swap >= s->p.sustain && x->target < x->boot) {
            double t = x->target + s->p.mem_step_mib;
            vdc_world_request_memory(w, s->sim, d, (t < x->boot ? t : x->boot) / 1024);
            x->as_mem_grows++;
        } else if (x->as_hi >= s->p.sustain && n < v->max_vcpus) {
            n++;
            x->as_grows++;
        } else if (x->as_lo >= s->p.sustain && n > 1) {
            n--;
            x->as_shrinks++;
        } else {
            continue;
        }
        if (n != v->vcpus)
            vdc_engine_after(eng, vdc_time_from_s(s->p.hotplug_s), as_online, s,
                             (uint64_t)(uint32_t)d | (uint64_t)n << 32);
        if (x->as_first_s < 0)
            x->as_first_s = now;
        x->as_until = now + s->p.cooldown_s;
        x->as_hi = x->as_lo = x->as_swap = 0;
    }
    return vdc_time_from_s(per);
}

/* ---- world -------------------------------------------------------------------------- */

static void observe(void *ctx, vdc_sim *sim, const vdc_obs_event *ev)
{
    oc *s = ctx;
    switch (ev->what) {
    case VDC_OBS_ADD:
        if (grow(s)) {
            vdc_engine_fail(sim->eng, VDC_ENOMEM, "overcommit: out of memory");
            return;
        }
        update(s);
        break;
    case VDC_OBS_MEMORY_REQ: {
        oc_vm *x = &s->v[ev->vm];
        update(s);
        double t = sim->world.vm[ev->vm].memory_target_gib * 1024;
        x->target = t < x->boot ? t : x->boot;
        x->req_t = vdc_time_to_s(vdc_engine_now(sim->eng));
        x->inflate_s = 0;
        update(s);
        break;
    }
    case VDC_OBS_MOVE:
        update(s);
        break;
    default:
        break;
    }
}

/* ---- life ------------------------------------------------------------------------------ */

static int oc_init(void *state, const void *params, vdc_sim *sim, vdc_error *err)
{
    oc *s = state;
    s->sim = sim;
    s->p = *(const oc_params *)params;
    if (!(s->h = calloc((size_t)sim->world.nhost + 1, sizeof *s->h)) || grow(s))
        return vdc_error_set(err, VDC_ENOMEM, "overcommit: out of memory");
    if (vdc_world_observe(&sim->world, observe, s))
        return vdc_error_set(err, VDC_ENOMEM, "overcommit: out of memory");
    update(s);
    vdc_time win = vdc_time_from_s(sim->sample_window_s);
    if (s->p.samples && sim->res && win > 0)
        vdc_engine_timer(sim->eng, win, sample_tick, s, 0);
    if (s->p.autoscale)
        vdc_engine_timer(sim->eng, vdc_time_from_s(s->p.as_period_s), as_fire, s, 0);
    return 0;
}

static int oc_finish(void *state, vdc_sim *sim, vdc_error *err)
{
    oc *s = state;
    vdc_world *w = &sim->world;
    vdc_results *r = sim->res;
    (void)err;
    update(s);
    for (int d = 0; d < s->nv; d++) {
        const oc_vm *x = &s->v[d];
        const char *n = w->vm[d].name;
        vdc_results_metric(r, n, "guest_swap_ins", x->guest_in, "pages");
        vdc_results_metric(r, n, "host_swap_ins", x->host_in, "pages");
        vdc_results_metric(r, n, "swap_wait_s", x->lost_s, "s");
        vdc_results_metric(r, n, "slowdown", 1 / x->speed, "x");
        vdc_results_metric(r, n, "balloon_mib", x->boot - x->g, "MiB");
        vdc_results_metric(r, n, "balloon_max_mib", x->balloon_max, "MiB");
        if (x->req_t >= 0 && x->inflate_s > 0)
            vdc_results_metric(r, n, "inflate_s", x->inflate_s, "s");
        if (s->p.autoscale) {
            vdc_results_metric(r, n, "autoscale_vcpu_grows", (double)x->as_grows, "");
            vdc_results_metric(r, n, "autoscale_vcpu_shrinks", (double)x->as_shrinks, "");
            vdc_results_metric(r, n, "autoscale_mem_grows", (double)x->as_mem_grows, "");
            vdc_results_metric(r, n, "vcpus_final", (double)w->vm[d].vcpus, "");
            if (x->as_first_s >= 0)
                vdc_results_metric(r, n, "autoscale_first_s", x->as_first_s, "s");
        }
    }
    double dur = vdc_time_to_s(vdc_engine_now(sim->eng));
    for (int hi = 0; hi < w->nhost; hi++) {
        vdc_results_metric(r, w->host[hi].name, "shared_mib", s->h[hi].saved, "MiB");
        vdc_results_metric(r, w->host[hi].name, "host_swapped_mib", s->h[hi].swapped, "MiB");
        if (s->p.scan_pages_s > 0)
            vdc_results_metric(r, w->host[hi].name, "scan_cpu_share",
                               dur > 0 ? s->h[hi].cpu_s / dur : 0, "pcpu");
    }
    return 0;
}

static void oc_destroy(void *state)
{
    oc *s = state;
    free(s->v);
    free(s->h);
    free(s->order);
}

/* ---- tables ------------------------------------------------------------------------------ */

#define P(f) offsetof(oc_params, f)
static const vdc_param oc_params_tbl[] = {
    { .name = "reclaim", .type = VDC_PARAM_ENUM, .offset = P(reclaim), .def = 0,
      .choices = "balloon|host_swap",
      .help = "how memory is taken from a VM: its balloon (the guest picks) or host swapping (blind)" },
    /* no published rate: an input (docs/references.md §16.2) */
    { .name = "inflate_mib_s", .type = VDC_PARAM_NUM, .offset = P(inflate_mib_s), .def = 256,
      .min = 0, .max = 1e7, .unit = "MiB/s", .flags = VDC_PARAM_MIN_EXCL,
      .help = "memory a guest gives up per second as its balloon inflates [assumption]" },
    { .name = "deflate_mib_s", .type = VDC_PARAM_NUM, .offset = P(deflate_mib_s), .def = 256,
      .min = 0, .max = 1e7, .unit = "MiB/s", .flags = VDC_PARAM_MIN_EXCL,
      .help = "memory a guest takes back per second as its balloon deflates [assumption]" },
    /* 100 us: the SATA SSD read of models/io's default disk (docs/references.md §6.1) */
    { .name = "swap_in_ms", .type = VDC_PARAM_NUM, .offset = P(swap_in_ms), .def = 0.1,
      .min = 0, .max = 1e4, .unit = "ms", .help = "wait per page fault served from swap" },
    /* off by default; Linux KSM's defaults, 100 pages per 20 ms (ksm.rst), are 5000 */
    { .name = "scan_pages_s", .type = VDC_PARAM_NUM, .offset = P(scan_pages_s), .def = 0,
      .min = 0, .max = 1e9, .unit = "pages/s",
      .help = "page-sharing scanner rate per host (0 = no sharing; KSM default 5000)" },
    { .name = "scan_cpu_us_per_page", .type = VDC_PARAM_NUM, .offset = P(scan_cpu_us_per_page),
      .def = 1, .min = 0, .max = 1e6, .unit = "us",
      .help = "scanner CPU per page (hash + compare of 4 KiB) [assumption]" },
    /* at least 10 ms: a step is one update of every VM (no input may make a
     * run crawl through nanosecond steps) */
    { .name = "step_s", .type = VDC_PARAM_NUM, .offset = P(step_s), .def = 1, .min = 0.01,
      .max = 3600, .unit = "s",
      .help = "update period while balloons move or a scan pass runs" },
    { .name = "samples", .type = VDC_PARAM_BOOL, .offset = P(samples), .def = 1,
      .help = "write balloon, swap-in and sharing samples every sample_window_s" },
    /* the auto-scaler's thresholds are policy inputs, not measurements; 0.8 is
     * the CPU target Kubernetes' HPA examples use (kubernetes.io, "Horizontal
     * Pod Autoscaler Walkthrough"); the rest [assumption] */
    { .name = "autoscale", .type = VDC_PARAM_BOOL, .offset = P(autoscale), .def = 0,
      .help = "vertical auto-scaler: add/remove vCPUs and deflate balloons by use" },
    { .name = "as_period_s", .type = VDC_PARAM_NUM, .offset = P(as_period_s), .def = 10,
      .min = 0.01, .max = 86400, .unit = "s",
      .help = "auto-scaler: measurement period" },
    { .name = "grow_util", .type = VDC_PARAM_NUM, .offset = P(grow_util), .def = 0.8, .min = 0,
      .max = 1, .help = "auto-scaler: add a vCPU above this utilisation per vCPU" },
    { .name = "shrink_util", .type = VDC_PARAM_NUM, .offset = P(shrink_util), .def = 0.2,
      .min = 0, .max = 1, .help = "auto-scaler: remove a vCPU below this utilisation [assumption]" },
    { .name = "grow_swap_per_s", .type = VDC_PARAM_NUM, .offset = P(grow_swap_per_s), .def = 100,
      .min = 0, .max = 1e9, .unit = "1/s",
      .help = "auto-scaler: give memory back above this many swap-ins/s [assumption]" },
    { .name = "sustain", .type = VDC_PARAM_INT, .offset = P(sustain), .def = 3, .min = 1,
      .max = 1000, .help = "auto-scaler: periods in a row a threshold must hold [assumption]" },
    { .name = "cooldown_s", .type = VDC_PARAM_NUM, .offset = P(cooldown_s), .def = 60, .min = 0,
      .max = 86400, .unit = "s", .help = "auto-scaler: wait after an action [assumption]" },
    { .name = "mem_step_mib", .type = VDC_PARAM_NUM, .offset = P(mem_step_mib), .def = 256,
      .min = 0, .max = 1 << 26, .unit = "MiB", .flags = VDC_PARAM_MIN_EXCL,
      .help = "auto-scaler: memory given back per action" },
    /* as the resize action's default (sim/sim.c, docs/references.md §16.1) */
    { .name = "hotplug_s", .type = VDC_PARAM_NUM, .offset = P(hotplug_s), .def = 1, .min = 0,
      .max = 3600, .unit = "s", .help = "auto-scaler: time a hot-plugged vCPU takes to come online" },
    { 0 }
};

#define B(f) offsetof(oc_vm_block, f)
static const vdc_param oc_vm_params[] = {
    { .name = "working_set_mib", .type = VDC_PARAM_NUM, .offset = B(working_set_mib), .def = 0,
      .min = 0, .max = 1 << 26, .unit = "MiB",
      .help = "memory the guest touches (0: working_set_fraction x memory)" },
    { .name = "working_set_fraction", .type = VDC_PARAM_NUM, .offset = B(working_set_fraction),
      .def = 0.5, .min = 0, .max = 1, .help = "working set as a fraction of memory [assumption]" },
    { .name = "touch_pages_s", .type = VDC_PARAM_NUM, .offset = B(touch_pages_s), .def = 1000,
      .min = 0, .max = 1e9, .unit = "pages/s",
      .help = "distinct working-set pages touched per second of work [assumption]" },
    { .name = "image", .type = VDC_PARAM_STR, .offset = B(image), .flags = VDC_PARAM_NULLABLE,
      .help = "VMs of one image share shareable_fraction of their pages" },
    { .name = "shareable_fraction", .type = VDC_PARAM_NUM, .offset = B(shareable_fraction),
      .def = 0, .min = 0, .max = 1, .help = "pages identical in VMs of the same image" },
    { .name = "zero_fraction", .type = VDC_PARAM_NUM, .offset = B(zero_fraction), .def = 0,
      .min = 0, .max = 1, .help = "zero pages (shared with every VM of the host)" },
    { 0 }
};

const vdc_vm_block vdc_overcommit_vm_block = { .params = oc_vm_params,
                                               .params_size = sizeof(oc_vm_block) };

const vdc_model_type vdc_overcommit_balloon = {
    .kind = VDC_KIND_OVERCOMMIT,
    .name = "balloon",
    .help = "memory overcommit: ballooning, guest/host swapping, page sharing",
    .params = oc_params_tbl,
    .params_size = sizeof(oc_params),
    .state_size = sizeof(oc),
    .init = oc_init,
    .finish = oc_finish,
    .destroy = oc_destroy,
};
