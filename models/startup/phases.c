/* phases.c -- the event-level startup model: instances of kind vm,
 * container, microvm or unikernel go through their phases on per-host
 * resources shared with every other instance starting there.
 *
 * A request (verb `start`, or `arrivals` for a Poisson stream of serverless
 * invocations with keep-alive reuse) names a preset (presets.c) and
 * overrides.  Each instance is admitted against the host's free memory
 * (refused and counted when it does not fit), then runs a list of steps:
 *   container:   fetch -> unpack -> toolstack -> namespace -> init
 *   VM/microVM/unikernel: fetch -> toolstack -> image read -> firmware (and
 *                the boot menu's wait) -> kernel -> init
 * A step is a delay, or a job on one of the host's resources (share.h):
 * CPU (processor sharing, one core per job, capacity = pCPUs minus the
 * idle load of running instances), NIC (PS, each pull capped at
 * registry_mibps), disk (PS), xenstored (PS, one thread) and the namespace
 * lock (FIFO).  XenStore work per entry written grows with the entries
 * already in the store: the xl-style growth with the number of running
 * guests [Manco17]; LightVM-style presets have no XenStore entries.
 * Invariant: an instance holds at most one job at a time; a resource has at
 * most one pending completion event (cancelled and re-armed on change).
 * Known answers (tests/test_startup.c): a preset alone takes the sum of its
 * published phase times; the 1000th xl Tinyx creation ~10 s.
 * Limits: see models/startup/README.md (no memory ballooning, no eviction
 * of cached images, no failures other than memory refusals).
 */
#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_randist.h>

#include "startup_int.h"
#include "units.h"

/* ---- small helpers -------------------------------------------------------- */

static vdc_time now_of(const vdc_su_state *st) { return vdc_engine_now(st->sim->eng); }

static void oom(vdc_su_state *st)
{
    vdc_engine_fail(st->sim->eng, VDC_ENOMEM, "startup: out of memory");
}

/* Memory a host offers to instances: its RAM minus the reserve and the
 * scenario's VMs placed on it. */
static double host_cap_mib(const vdc_su_state *st, int h)
{
    return st->sim->world.host[h].memory_gib * 1024.0 - st->par->host_reserved_mib -
           (st->static_mib ? st->static_mib[h] : 0);
}

static double cpu_capacity(const vdc_su_state *st, int h, double idle_cores)
{
    double pc = (double)st->sim->world.host[h].pcpus;
    double c = pc - idle_cores;
    return c > 0.01 * pc ? c : 0.01 * pc;    /* idle guests never stop the host */
}

vdc_su_host *vdc_su_host_get(vdc_su_state *st, int h)
{
    if (st->host[h])
        return st->host[h];
    vdc_su_host *hs = calloc(1, sizeof *hs);
    if (!hs)
        return NULL;
    const vdc_host *hw = &st->sim->world.host[h];
    double nic_mibps = hw->bandwidth_gbps * VDC_GBPS_BYTES / VDC_MIB;
    if (!(nic_mibps > 0))
        nic_mibps = 1e-9;
    vdc_share_init(&hs->res[SU_CPU], VDC_SHARE_PS, cpu_capacity(st, h, 0), 1.0);
    vdc_share_init(&hs->res[SU_NET], VDC_SHARE_PS, nic_mibps, st->par->registry_mibps);
    vdc_share_init(&hs->res[SU_DISK], VDC_SHARE_PS, st->par->disk_mibps, st->par->disk_mibps);
    vdc_share_init(&hs->res[SU_XS], VDC_SHARE_PS, 1.0, 1.0);
    vdc_share_init(&hs->res[SU_LOCK], VDC_SHARE_FIFO, 1.0, 1.0);
    hs->mem_cap_mib = host_cap_mib(st, h);
    st->host[h] = hs;
    return hs;
}

/* ---- resources: one pending completion event each -------------------------- */

static void step_done(vdc_su_state *st, int i);
static void ev_share(vdc_engine *eng, void *ctx, uint64_t arg);

static void kick(vdc_su_state *st, int h, int r)
{
    vdc_su_host *hs = st->host[h];
    vdc_engine_cancel(st->sim->eng, hs->ev[r]);
    hs->ev[r] = 0;
    vdc_time t = vdc_share_next(&hs->res[r]);
    if (t == VDC_TIME_MAX)
        return;
    vdc_time now = now_of(st);
    hs->ev[r] = vdc_engine_at(st->sim->eng, t < now ? now : t, ev_share, st,
                              (uint64_t)h * SU_NRES + (uint64_t)r);
}

/* A job of instance i finished (or a layer it awaited became present). */
static void job_done(vdc_su_state *st, int i)
{
    vdc_su_inst *in = &st->inst[i];
    if (st->req[in->req].steps[in->step].what == SU_FETCHIMG && --in->waits > 0)
        return;
    step_done(st, i);
}

static void ev_share(vdc_engine *eng, void *ctx, uint64_t arg)
{
    vdc_su_state *st = ctx;
    int h = (int)(arg / SU_NRES), r = (int)(arg % SU_NRES);
    vdc_su_host *hs = st->host[h];
    uint32_t id;
    hs->ev[r] = 0;
    while (vdc_share_pop(&hs->res[r], vdc_engine_now(eng), &id))
        job_done(st, (int)id);
    kick(st, h, r);
}

static void set_idle_load(vdc_su_state *st, int h, double delta)
{
    vdc_su_host *hs = st->host[h];
    hs->idle_cores += delta;
    if (hs->idle_cores < 1e-12)
        hs->idle_cores = 0;
    vdc_share_set_capacity(&hs->res[SU_CPU], now_of(st), cpu_capacity(st, h, hs->idle_cores));
    kick(st, h, SU_CPU);
}

/* ---- the phase machine -------------------------------------------------- */

static void ready(vdc_su_state *st, int i);

static void ev_delay(vdc_engine *eng, void *ctx, uint64_t i)
{
    (void)eng;
    step_done(ctx, (int)i);
}

static void wake(vdc_su_state *st, int i) { job_done(st, i); }

/* Run instance i's steps from the current one until one has to wait. */
static void begin(vdc_su_state *st, int i)
{
    vdc_time now = now_of(st);
    for (;;) {
        vdc_su_inst *in = &st->inst[i];
        const vdc_su_req *r = &st->req[in->req];
        if (in->step >= r->nstep) {
            ready(st, i);
            return;
        }
        const vdc_su_step *s = &r->steps[in->step];
        vdc_su_host *hs = st->host[in->host];
        in->t_step = now;
        /* the instance's jitter scales its time-like work, not its bytes */
        double work = s->what == SU_NET || s->what == SU_DISK || (s->flags & SU_STEP_EXACT)
                          ? s->amount : s->amount * in->jit;
        switch (s->what) {
        case SU_DELAY:
            if (work > 0) {
                vdc_engine_after(st->sim->eng, vdc_time_from_s(work), ev_delay, st,
                                 (uint64_t)i);
                return;
            }
            break;
        case SU_FETCHIMG: {
            double mib;
            int n = vdc_su_fetch_begin(st, i, &mib);
            if (n < 0) {
                oom(st);
                return;
            }
            in->waits = n;
            if (mib > 0) {
                if (vdc_share_add(&hs->res[SU_NET], now, (uint32_t)i, mib)) {
                    oom(st);
                    return;
                }
                kick(st, in->host, SU_NET);
            }
            if (n > 0)
                return;
            break;
        }
        case SU_MARK:
            vdc_su_fetch_mark(st, i, wake);
            break;
        default:                        /* a job on resource s->what */
            if (s->flags & SU_STEP_PER_MIB)
                work *= in->own_mib;
            if (s->flags & SU_STEP_GROWTH)
                work += r->p.ts_growth_us * 1e-6 * hs->running * in->jit;
            /* XenStore: each entry written costs more the fuller the store */
            if (s->what == SU_XS) {
                work = s->amount * (st->par->xs_op_us * 1e-6 +
                                    st->par->xs_scan_ns * VDC_S_PER_NS * hs->xs_entries) * in->jit;
                hs->xs_entries += s->amount;
            }
            if (work > 0) {
                if (vdc_share_add(&hs->res[s->what], now, (uint32_t)i, work)) {
                    oom(st);
                    return;
                }
                kick(st, in->host, s->what);
                return;
            }
            break;
        }
        in->step++;                     /* a step that took no time */
    }
}

static void step_done(vdc_su_state *st, int i)
{
    vdc_su_inst *in = &st->inst[i];
    in->phase_s[st->req[in->req].steps[in->step].phase] +=
        vdc_time_to_s(now_of(st) - in->t_step);
    in->step++;
    begin(st, i);
}

static void add_step(vdc_su_req *r, int phase, int what, int flags, double amount)
{
    bool always = what == SU_FETCHIMG || what == SU_MARK || (flags & SU_STEP_PER_MIB) ||
                  (flags & SU_STEP_GROWTH) || what == SU_XS;
    if (!(amount > 0) && !always)
        return;
    assert(r->nstep < SU_MAXSTEP);
    r->steps[r->nstep++] = (vdc_su_step){ (uint8_t)phase, (uint8_t)what, (uint8_t)flags,
                                          amount };
}

/* A guest phase of `ms`: its cpu_frac needs a core, the rest is waiting. */
static void guest_phase(vdc_su_req *r, int phase, double ms)
{
    double s = ms * 1e-3;
    add_step(r, phase, SU_CPU, 0, s * r->p.cpu_frac);
    add_step(r, phase, SU_DELAY, 0, s * (1 - r->p.cpu_frac));
}

void vdc_su_build_steps(const vdc_su_state *st, vdc_su_req *r)
{
    const vdc_startup_preset *p = &r->p;
    double xs_base_s = p->xs_entries * st->par->xs_op_us * 1e-6;
    double ts_cpu = p->toolstack_ms * 1e-3 - xs_base_s;
    double ns_s = p->namespace_ms * 1e-3;
    double read = p->read_mib < 0 ? p->image_mib : p->read_mib;
    r->nstep = 0;
    add_step(r, SU_FETCH, SU_FETCHIMG, 0, 0);
    if (r->kind == VDC_STARTUP_CONTAINER) {
        add_step(r, SU_UNPACK, SU_CPU, SU_STEP_PER_MIB, p->unpack_ms_per_mib * 1e-3);
        add_step(r, SU_UNPACK, SU_DISK, SU_STEP_PER_MIB, 1.0);
        add_step(r, SU_UNPACK, SU_MARK, 0, 0);
    } else {
        add_step(r, SU_FETCH, SU_MARK, 0, 0);
    }
    add_step(r, SU_TOOLSTACK, SU_CPU, p->ts_growth_us > 0 ? SU_STEP_GROWTH : 0,
             ts_cpu > 0 ? ts_cpu : 0);
    if (p->xs_entries > 0)
        add_step(r, SU_TOOLSTACK, SU_XS, 0, p->xs_entries);
    if (r->kind != VDC_STARTUP_CONTAINER) {
        add_step(r, SU_UNPACK, SU_DISK, 0, read);
        add_step(r, SU_UNPACK, SU_CPU, 0, read * p->read_ms_per_mib * 1e-3);
    }
    add_step(r, SU_NAMESPACE, SU_LOCK, 0, ns_s * p->ns_lock_frac);
    add_step(r, SU_NAMESPACE, SU_CPU, 0, ns_s * (1 - p->ns_lock_frac));
    guest_phase(r, SU_FIRMWARE, p->firmware_ms);
    /* the boot menu counts down on the clock: contention does not stretch it */
    add_step(r, SU_FIRMWARE, SU_DELAY, SU_STEP_EXACT, p->bootloader_ms * 1e-3);
    /* the guest reads its boot files from its disk: waiting on the host's
     * disk, shared with every other guest booting there */
    if (r->kind != VDC_STARTUP_CONTAINER)
        add_step(r, SU_KERNEL, SU_DISK, 0, p->boot_read_mib);
    guest_phase(r, SU_KERNEL, p->kernel_ms);
    guest_phase(r, SU_INIT, p->init_ms);
}

/* ---- admission, ready, stop ---------------------------------------------- */

void vdc_su_account(vdc_su_host *hs, vdc_time now)
{
    double dt = vdc_time_to_s(now - hs->run_t);
    for (int k = 0; k < VDC_STARTUP_NKIND; k++)
        hs->run_area[k] += dt * hs->running_kind[k];
    hs->run_t = now;
}

/* The host with the most free memory (lowest index on ties). */
static int pick_host(const vdc_su_state *st)
{
    int best = 0;
    double bf = -INFINITY;
    for (int h = 0; h < st->nhost; h++) {
        double f = st->host[h] ? st->host[h]->mem_cap_mib - st->host[h]->mem_used_mib
                               : host_cap_mib(st, h);
        if (f > bf) {
            bf = f;
            best = h;
        }
    }
    return best;
}

int vdc_su_launch(vdc_su_state *st, int req)
{
    if (st->ninst + st->nwarm >= SU_MAX_ROWS)
        return VDC_EINPUT;
    if (vdc_array_grow((void **)&st->inst, &st->cap_inst, st->ninst + 1, sizeof *st->inst))
        return VDC_ENOMEM;
    vdc_su_req *r = &st->req[req];
    vdc_su_group *g = &st->group[r->group];
    int i = st->ninst++;
    vdc_su_inst *in = &st->inst[i];
    memset(in, 0, sizeof *in);
    in->req = req;
    in->group = r->group;
    in->index = g->next_index++;
    in->vm = -1;
    in->jit = 1;
    in->host = r->a.host >= 0 ? r->a.host : pick_host(st);
    in->t_req = now_of(st);
    r->launched++;
    vdc_su_host *hs = vdc_su_host_get(st, in->host);
    if (!hs)
        return VDC_ENOMEM;
    in->running_at_req = hs->running;
    in->starting_at_req = hs->starting;
    hs->requested_kind[r->kind]++;
    hs->mem_kind[r->kind] += r->p.memory_mib;
    if (hs->mem_used_mib + r->p.memory_mib > hs->mem_cap_mib + 1e-9) {
        in->state = SU_REFUSED;
        g->refused++;
        return i;
    }
    hs->mem_used_mib += r->p.memory_mib;
    hs->starting++;
    in->state = SU_STARTING;
    if (r->p.jitter > 0)
        in->jit = (float)exp(gsl_ran_gaussian(g->rng, r->p.jitter));
    begin(st, i);
    return i;
}

static void ready(vdc_su_state *st, int i)
{
    vdc_su_inst *in = &st->inst[i];
    const vdc_su_req *r = &st->req[in->req];
    vdc_su_host *hs = st->host[in->host];
    in->t_ready = now_of(st);
    in->state = SU_RUNNING;
    vdc_su_account(hs, in->t_ready);
    hs->starting--;
    hs->running++;
    if (++hs->running_kind[r->kind] > hs->peak_kind[r->kind])
        hs->peak_kind[r->kind] = hs->running_kind[r->kind];
    if (r->p.idle_cpu_pct > 0)
        set_idle_load(st, in->host, r->p.idle_cpu_pct / 100);
    vdc_su_on_ready(st, i);
}

void vdc_su_stop(vdc_su_state *st, int i)
{
    vdc_su_inst *in = &st->inst[i];
    if (in->state != SU_RUNNING && in->state != SU_IDLE && in->state != SU_BUSY)
        return;
    const vdc_su_req *r = &st->req[in->req];
    vdc_su_host *hs = st->host[in->host];
    in->state = SU_STOPPED;
    vdc_engine_cancel(st->sim->eng, in->timer);
    vdc_su_account(hs, now_of(st));
    hs->mem_used_mib -= r->p.memory_mib;
    hs->running--;
    hs->running_kind[r->kind]--;
    hs->xs_entries -= r->p.xs_entries;
    if (r->p.idle_cpu_pct > 0)
        set_idle_load(st, in->host, -r->p.idle_cpu_pct / 100);
    if (in->vm >= 0)
        vdc_world_pause(&st->sim->world, st->sim, in->vm);
}

/* ---- the model ------------------------------------------------------------ */

static int su_init(void *state, const void *params, vdc_sim *sim, vdc_error *err)
{
    vdc_su_state *st = state;
    const vdc_world *w = &sim->world;
    st->sim = sim;
    st->par = params;
    st->nhost = w->nhost;
    st->host = calloc(w->nhost > 0 ? (size_t)w->nhost : 1, sizeof *st->host);
    if (!st->host)
        return vdc_error_set(err, VDC_ENOMEM, "startup: out of memory");
    if (w->nvm > 0) {
        st->static_mib = calloc((size_t)w->nhost, sizeof *st->static_mib);
        if (!st->static_mib)
            return vdc_error_set(err, VDC_ENOMEM, "startup: out of memory");
        for (int v = 0; v < w->nvm; v++)
            if (w->vm[v].host >= 0)
                st->static_mib[w->vm[v].host] += w->vm[v].memory_gib * 1024.0;
    }
    /* Default per-VM blocks of the other kinds, for the VMs this model adds
     * (a kind whose block cannot be defaulted gets NULL). */
    for (int k = 0; k < VDC_KIND_COUNT; k++) {
        const vdc_vm_block *b = vdc_kind_vm_block((vdc_kind)k);
        if (!b || !b->params || !b->params_size)
            continue;
        void *blk = calloc(1, b->params_size);
        vdc_error e2;
        if (blk && vdc_param_fill(b->params, NULL, blk, "startup", "vm", NULL, &e2) != 0) {
            vdc_param_release(b->params, blk);
            free(blk);
            blk = NULL;
        }
        st->vm_block[k] = blk;
    }
    return 0;
}

static int su_finish(void *state, vdc_sim *sim, vdc_error *err)
{
    (void)sim;
    return vdc_su_report(state, err);
}

static void su_destroy(void *state)
{
    vdc_su_state *st = state;
    for (int h = 0; h < st->nhost && st->host; h++)
        if (st->host[h]) {
            for (int r = 0; r < SU_NRES; r++)
                vdc_share_release(&st->host[h]->res[r]);
            free(st->host[h]);
        }
    free(st->host);
    for (int i = 0; i < st->nreq; i++)
        if (st->req[i].rng)
            gsl_rng_free(st->req[i].rng);
    free(st->req);
    for (int g = 0; g < st->ngroup; g++) {
        free(st->group[g].name);
        free(st->group[g].pool);
        if (st->group[g].rng)
            gsl_rng_free(st->group[g].rng);
    }
    free(st->group);
    vdc_su_layers_free(st);
    free(st->inst);
    free(st->warm);
    free(st->static_mib);
    for (int i = 0; i < st->nvm_names; i++)
        free(st->vm_names[i]);
    free(st->vm_names);
    for (int k = 0; k < VDC_KIND_COUNT; k++)
        if (st->vm_block[k]) {
            vdc_param_release(vdc_kind_vm_block((vdc_kind)k)->params, st->vm_block[k]);
            free(st->vm_block[k]);
        }
}

static const vdc_param su_params[] = {
    { .name = "disk_mibps", .type = VDC_PARAM_NUM, .offset = offsetof(vdc_su_params, disk_mibps),
      .def = 500, .min = 0, .max = 1e9, .flags = VDC_PARAM_MIN_EXCL, .unit = "MiB/s",
      .help = "local disk bandwidth of each host, shared by image reads and layer writes "
              "(assumed: a SATA SSD, ~500 MB/s)" },
    { .name = "registry_mibps", .type = VDC_PARAM_NUM,
      .offset = offsetof(vdc_su_params, registry_mibps), .def = 100, .min = 0, .max = 1e9,
      .flags = VDC_PARAM_MIN_EXCL, .unit = "MiB/s",
      .help = "download rate of one image pull (assumed: a registry in the same cluster, "
              "about 1 GbE); pulls also share the host's NIC" },
    { .name = "xs_op_us", .type = VDC_PARAM_NUM, .offset = offsetof(vdc_su_params, xs_op_us),
      .def = 40, .min = 0, .max = 1e6, .unit = "us",
      .help = "XenStore cost of one entry written into an empty store (>= 2, usually 4 "
              "domain crossings [Manco17]; ~10 us each assumed)" },
    { .name = "xs_scan_ns", .type = VDC_PARAM_NUM, .offset = offsetof(vdc_su_params, xs_scan_ns),
      .def = 1507, .min = 0, .max = 1e9, .unit = "ns",
      .help = "extra XenStore cost per entry written, per entry already stored (fitted: "
              "1000th xl Tinyx creation ~10 s with its 80 entries [Manco17])" },
    { .name = "host_reserved_mib", .type = VDC_PARAM_NUM,
      .offset = offsetof(vdc_su_params, host_reserved_mib), .def = 0, .min = 0, .max = 1e12,
      .unit = "MiB", .help = "memory of each host kept for the host OS / dom0" },
    { .name = "warm_ms", .type = VDC_PARAM_NUM, .offset = offsetof(vdc_su_params, warm_ms),
      .def = 1, .min = 0, .max = 1e9, .unit = "ms",
      .help = "latency of an invocation served by a warm (idle, running) instance (assumed)" },
    { .name = "share_fraction", .type = VDC_PARAM_NUM,
      .offset = offsetof(vdc_su_params, share_fraction), .def = 0, .min = 0, .max = 1,
      .flags = VDC_PARAM_MAX_EXCL, .unit = "",
      .help = "fraction of an instance's footprint that instances of one image share once "
              "merged (content-based page sharing: ESX, KSM); 0: none. Only the "
              "density_shared_<kind> metric uses it: admission still reserves whole footprints" },
    { 0 }
};

const vdc_model_type vdc_startup_phases = {
    .kind = VDC_KIND_STARTUP,
    .name = "phases",
    .help = "event-level start-up of VMs, containers, microVMs, unikernels: phases on "
            "shared host CPU/NIC/disk/XenStore, memory admission, presets from papers",
    .params = su_params,
    .params_size = sizeof(vdc_su_params),
    .state_size = sizeof(vdc_su_state),
    .actions = vdc_su_actions,
    .init = su_init,
    .finish = su_finish,
    .destroy = su_destroy,
    .print_presets = vdc_startup_print_presets,
};
