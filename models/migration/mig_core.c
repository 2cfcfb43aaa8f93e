/* mig_core.c -- what every migration model shares: the `migrate` action, the
 * per-VM dirty block, the network, the VM's speed bookkeeping, the results.
 *
 * Life of a migration: action -> (setup_ms) -> the variant's first phase ->
 * ... -> vdc_mig_done(), which writes one `migrations` row.  A migration
 * that cannot start (VM already migrating, unplaced, already on `to`) gets a
 * row with end_reason "rejected"; one still running when the run ends gets
 * "unfinished" with its progress so far.  A placement or consolidation
 * model's vdc_world_request_migration() is taken on the same way.
 *
 * Dirtying follows the VM's speed: the core keeps, per live migration, the
 * integral of the VM's vCPU speed factor (0 while paused) since the current
 * round began, updated on every speed/pause/resume notification, so that a
 * throttled VM (auto-converge) writes proportionally fewer pages.
 * degradation_s counts full-speed VM seconds lost to throttling (integral of
 * the throttle) and to post-copy fault stalls; downtime is reported apart.
 *
 * The core names no algorithm: it calls st->algo (start, needs, live) and
 * m->phase (sent, time_cap, arrived, abort) through the tables of
 * mig_algo.h, and owns only the two phases every migration has, `setup`
 * (from the action to the algorithm's start) and `done`.
 */
#include "mig_core.h"

#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mig_wl.h"
#include "rng.h"
#include "array.h"
#include "units.h"


/* ---- the per-VM block ------------------------------------------------------ */

/* A point of a measured curve: QEMU's calc-dirty-rate (qapi/migration.json)
 * reports the pages changed during calc-time seconds as MiB/s, so one
 * measurement gives fraction = dirty-rate x calc-time / memory. */
static const vdc_param curve_params[] = {
    { .name = "t_s", .type = VDC_PARAM_NUM, .offset = offsetof(vdc_mig_curve_pt, t_s),
      .min = 0, .max = 1e9, .unit = "s", .flags = VDC_PARAM_REQUIRED | VDC_PARAM_MIN_EXCL,
      .help = "time since the dirty set was cleared" },
    { .name = "fraction", .type = VDC_PARAM_NUM, .offset = offsetof(vdc_mig_curve_pt, fraction),
      .min = 0, .max = 1, .flags = VDC_PARAM_REQUIRED,
      .help = "fraction of the VM's pages dirty by then" },
    { 0 }
};

#define VOFF(f) offsetof(vdc_mig_vm, f)
static const vdc_param vm_params[] = {
    { .name = "dirty_rate_pages_s", .type = VDC_PARAM_NUM, .offset = VOFF(dirty_rate_pages_s),
      .def = -1, .min = -1, .max = 1e12, .unit = "pages/s",
      .help = "page writes per second at full speed (Poisson), scaled by the VM's speed; "
              "-1 = the workload preset's (0 without one)" },
    { .name = "law", .type = VDC_PARAM_ENUM, .offset = VOFF(law),
      .def = VDC_MIGWL_LAW_FROM_WORKLOAD, .choices = VDC_MIGWL_LAW_CHOICES,
      .help = "page popularity of writes (a modelling choice); workload = the preset's "
              "(uniform without one)" },
    { .name = "wws_fraction", .type = VDC_PARAM_NUM, .offset = VOFF(wws_fraction), .def = -1,
      .min = -1, .max = 1, .help = "writable working set: fraction of pages ever written; "
                                  "-1 = the workload preset's (1 without one)" },
    { .name = "workload", .type = VDC_PARAM_ENUM, .offset = VOFF(workload), .def = 0,
      .choices = VDC_MIGWL_CHOICES,
      .help = "a named dirty behaviour filling the -1 fields above (`vdcsim models "
              "migration` lists each preset's values and source)" },
    { .name = "hot_fraction", .type = VDC_PARAM_NUM, .offset = VOFF(hot_fraction), .def = 0.1,
      .min = 0, .max = 1, .help = "hotcold: fraction of the WWS that is hot" },
    { .name = "hot_share", .type = VDC_PARAM_NUM, .offset = VOFF(hot_share), .def = 0.9,
      .min = 0, .max = 1, .help = "hotcold: fraction of writes to hot pages" },
    { .name = "zipf_s", .type = VDC_PARAM_NUM, .offset = VOFF(zipf_s), .def = 1, .min = 0.01,
      .max = 10, .help = "zipf: exponent s, page of rank k has weight k^-s" },
    { .name = "zero_fraction", .type = VDC_PARAM_NUM, .offset = VOFF(zero_fraction), .def = 0,
      .min = 0, .max = 1, .help = "fraction of memory that is zero pages (headers only)" },
    { .name = "touch_rate_pages_s", .type = VDC_PARAM_NUM, .offset = VOFF(touch_rate_pages_s),
      .def = -1, .min = -1, .max = 1e12, .unit = "pages/s",
      .help = "post-copy: page accesses per second over the same law; -1 = dirty rate" },
    { .name = "processes", .type = VDC_PARAM_INT, .offset = VOFF(processes), .def = 1,
      .min = 1, .max = 1e7, .help = "CRIU: processes in the container's tree" },
    { .name = "layers_missing_mib", .type = VDC_PARAM_NUM, .offset = VOFF(layers_missing_mib),
      .def = 0, .min = 0, .max = 1e9, .unit = "MiB",
      .help = "CRIU: image layers the destination lacks, copied before the freeze" },
    { .name = "disk_gib", .type = VDC_PARAM_NUM, .offset = VOFF(disk_gib), .def = 0,
      .min = 0, .max = 1 << 20, .unit = "GiB",
      .help = "local disk moved per models.migration.storage_mode (0: none)" },
    { .name = "disk_write_rate_blocks_s", .type = VDC_PARAM_NUM,
      .offset = VOFF(disk_write_rate_blocks_s), .def = 0, .min = 0, .max = 1e12,
      .unit = "blocks/s", .help = "block writes per second at full speed (Poisson)" },
    { .name = "disk_read_rate_blocks_s", .type = VDC_PARAM_NUM,
      .offset = VOFF(disk_read_rate_blocks_s), .def = 0, .min = 0, .max = 1e12,
      .unit = "blocks/s", .help = "block reads per second (on_demand faults)" },
    { .name = "disk_law", .type = VDC_PARAM_ENUM, .offset = VOFF(disk_law), .def = 0,
      .choices = VDC_LAW_CHOICES, .help = "block popularity of disk accesses" },
    { .name = "disk_wws_fraction", .type = VDC_PARAM_NUM, .offset = VOFF(disk_wws_fraction),
      .def = 1, .min = 0, .max = 1, .help = "fraction of blocks ever written" },
    { .name = "disk_hot_fraction", .type = VDC_PARAM_NUM, .offset = VOFF(disk_hot_fraction),
      .def = 0.1, .min = 0, .max = 1, .help = "hotcold: fraction of the disk WWS that is hot" },
    { .name = "disk_hot_share", .type = VDC_PARAM_NUM, .offset = VOFF(disk_hot_share),
      .def = 0.9, .min = 0, .max = 1, .help = "hotcold: fraction of accesses to hot blocks" },
    { .name = "disk_zipf_s", .type = VDC_PARAM_NUM, .offset = VOFF(disk_zipf_s), .def = 1,
      .min = 0.01, .max = 10, .help = "zipf: exponent of the block law" },
    { .name = "disk_base_fraction", .type = VDC_PARAM_NUM, .offset = VOFF(disk_base_fraction),
      .def = 0, .min = 0, .max = 1,
      .help = "incremental: fraction of blocks equal to the base image at the destination" },
    { .name = "dirty_curve", .type = VDC_PARAM_OBJLIST, .offset = VOFF(dirty_curve),
      .sub = curve_params, .sub_size = sizeof(vdc_mig_curve_pt),
      .help = "measured growth of the dirty set: [{t_s, fraction}, ...] in time order "
              "(QEMU calc-dirty-rate: fraction = dirty-rate x calc-time / memory); "
              "replaces dirty_rate_pages_s and law in the live rounds" },
    { 0 }
};

const vdc_vm_block vdc_migration_vm_block = { vm_params, sizeof(vdc_mig_vm) };

/* ---- the two phases of the core ----------------------------------------------- */

/* A time cap during setup cancels: nothing was sent, the VM stays. */
static void setup_time_cap(vdc_mig_state *st, vdc_mig *m)
{
    vdc_mig_done(st, m, VDC_END_TIME_LIMIT);
}

static const vdc_mig_phase_type phase_setup = {
    .name = "setup", .live = true, .time_cap = setup_time_cap,
};
static const vdc_mig_phase_type phase_done = { .name = "done" };
/* The VM runs at the destination; its disk is still arriving (on_demand). */
static const vdc_mig_phase_type phase_wait = { .name = "disk_wait" };

/* ---- results ---------------------------------------------------------------- */

static const vdc_column mig_cols[] = {
    { "vm", "TEXT" }, { "src", "TEXT" }, { "dst", "TEXT" }, { "algorithm", "TEXT" },
    { "policy", "TEXT" }, { "start_s", "REAL" }, { "total_s", "REAL" },
    { "downtime_s", "REAL" }, { "bytes_sent", "INTEGER" }, { "pages_sent", "INTEGER" },
    { "rounds", "INTEGER" }, { "end_reason", "TEXT" }, { "remote_faults", "INTEGER" },
    { "degradation_s", "REAL" }, { "max_throttle", "REAL" },
    { "storage", "TEXT" }, { "disk_bytes", "INTEGER" }, { "disk_rounds", "INTEGER" },
    { "disk_throttle", "REAL" }, { "io_slowdown_s", "REAL" }, { "disk_faults", "INTEGER" },
    { "disk_remote_ms", "REAL" }, { "wan_bytes", "INTEGER" },
    { "client_downtime_s", "REAL" }, { "tunnel_s", "REAL" }, { "tunnel_ms", "REAL" },
    { "xbzrle_pages", "INTEGER" }, { 0 }
};
static const vdc_table mig_table = { "migrations", mig_cols };

static double downtime_s(const vdc_mig *m)
{
    if (m->t_pause < 0)
        return 0;
    return vdc_time_to_s((m->t_resume >= m->t_pause ? m->t_resume : m->t_end) - m->t_pause);
}

static void write_row(vdc_mig_state *st, const vdc_mig *m)
{
    const vdc_world *w = &st->sim->world;
    bool live = st->algo->live != NULL;
    double down = downtime_s(m);
    vdc_mig_cutover_out co;
    vdc_mig_cutover(st, m, down, &co);
    vdc_value v[] = {
        VDC_TEXT(w->vm[m->vm].name),
        VDC_TEXT(m->src >= 0 ? w->host[m->src].name : ""),
        VDC_TEXT(m->dst >= 0 ? w->host[m->dst].name : ""),
        VDC_TEXT(st->algo->name),
        VDC_TEXT(live ? vdc_migpolicy_name(st->pol.preset) : "none"),
        VDC_REAL(vdc_time_to_s(m->t_start)),
        VDC_REAL(vdc_time_to_s(m->t_end - m->t_start)),
        VDC_REAL(down),
        VDC_INT(llround(m->bytes_sent)),
        VDC_INT(llround(m->pages_sent)),
        VDC_INT(m->rounds),
        VDC_TEXT(vdc_mig_end_name(m->end)),
        VDC_INT(m->faults),
        VDC_REAL(m->degradation_s),
        VDC_REAL(m->max_throttle),
        VDC_TEXT(st->storage->name),
        VDC_INT(llround(m->d.bytes)),
        VDC_INT(m->d.rounds),
        VDC_REAL(m->d.max_throttle),
        VDC_REAL(m->d.io_slowdown_s),
        VDC_INT(m->d.faults),
        VDC_REAL(m->d.remote_ms),
        VDC_INT(co.wan ? llround(m->bytes_sent) : 0),
        VDC_REAL(co.client_downtime_s),
        VDC_REAL(co.tunnel_s),
        VDC_REAL(co.tunnel_ms),
        VDC_INT(llround(m->xbzrle_pages)),
    };
    vdc_results_row(st->sim->res, &mig_table, v);
}

/* ---- small helpers ------------------------------------------------------------ */

vdc_time vdc_mig_now(const vdc_mig_state *st) { return vdc_engine_now(st->sim->eng); }

/* Fixed switchover costs by hypervisor, in ms: {suspend, resume}.
 * xen-pv: LightVM (Manco et al., SOSP 2017, docs/references.md §4.1) saves a
 * near-empty PV guest in 30 ms and restores it in 20 ms on Xen 4.8 -- the
 * suspend and resume paths with almost no memory to copy, which is what a
 * migration's switchover adds to its last transfer.  The network update (a
 * gratuitous ARP / RARP sent as the guest resumes) takes effect with its
 * first frame on a switched LAN and is not counted. */
static const double switchover_ms[][2] = {
    [VDC_SWITCHOVER_NONE] = { 0, 0 },
    [VDC_SWITCHOVER_XEN_PV] = { 30, 20 },
};

double vdc_mig_curve_pages(const vdc_mig *m)
{
    const vdc_mig_curve_pt *c = m->vmp.dirty_curve.v;
    size_t n = m->vmp.dirty_curve.n;
    double tau = m->curve_tau, t0 = 0, f0 = 0, f = 0;
    if (!c || n == 0 || !(tau > 0))
        return 0;
    size_t i = 0;
    while (i < n && c[i].t_s < tau) {
        t0 = c[i].t_s;
        f0 = c[i].fraction;
        i++;
    }
    if (i == n)
        f = f0;                                  /* held after the last point */
    else
        f = f0 + (c[i].fraction - f0) * (tau - t0) / (c[i].t_s - t0);
    return f * (double)m->npages;
}

double vdc_mig_switchover_s(const vdc_mig_state *st)
{
    const vdc_mig_params *p = st->p;
    int k = p->switchover == VDC_SWITCHOVER_XEN_PV ? VDC_SWITCHOVER_XEN_PV : VDC_SWITCHOVER_NONE;
    double s = p->suspend_ms >= 0 ? p->suspend_ms : switchover_ms[k][0];
    double r = p->resume_ms >= 0 ? p->resume_ms : switchover_ms[k][1];
    return (s + r) * 1e-3;
}

double vdc_mig_wire_bytes(const vdc_mig_state *st, double pages, double zero)
{
    double p = (double)st->p->page_bytes, h = (double)st->p->page_header_bytes;
    if (st->p->zero_page_detection == VDC_ZPD_NONE)
        zero = 0;                       /* zero pages go whole */
    return (pages - zero) * (p + h) + zero * (h + 1);
}

static double vm_speed(const vdc_mig_state *st, int vm)
{
    const vdc_world *w = &st->sim->world;
    if (w->vm[vm].paused)
        return 0;
    return w->vcpu[w->vm[vm].vcpu0].speed;
}

void vdc_mig_settle(vdc_mig_state *st, vdc_mig *m)
{
    vdc_time now = vdc_mig_now(st);
    if (now > m->expo_t) {
        double dt = vdc_time_to_s(now - m->expo_t);
        m->expo += m->speed * dt;
        if (m->phase->live)
            m->degradation_s += m->throttle * dt;
        vdc_mig_disk_settle(m, m->speed, dt);
    }
    m->expo_t = now;
}

static bool start_migration(vdc_mig_state *st, int vm, int to, bool requested);

static void on_world(void *ctx, vdc_sim *sim, const vdc_obs_event *ev)
{
    vdc_mig_state *st = ctx;
    vdc_obs what = ev->what;
    int vm = ev->vm;
    (void)sim;
    if (what == VDC_OBS_MIGRATE_REQ) {          /* placement asks */
        start_migration(st, vm, ev->host, true);
        return;
    }
    if (vm < 0 || vm >= st->nvm || !st->active[vm])
        return;
    if (what != VDC_OBS_SPEED && what != VDC_OBS_PAUSE && what != VDC_OBS_RESUME)
        return;
    vdc_mig *m = st->mig[st->active[vm] - 1];
    vdc_mig_settle(st, m);
    m->speed = vm_speed(st, vm);
    if (m->phase->speed)
        m->phase->speed(st, m);
}

void vdc_mig_sample(vdc_mig_state *st, vdc_mig *m, const char *name, double v)
{
    if (st->p->round_samples)
        vdc_results_sample(st->sim->res, st->sim->world.vm[m->vm].name, name,
                           vdc_time_to_s(vdc_mig_now(st)), v);
}

/* ---- network glue ---------------------------------------------------------------- */

static void on_flow(void *ctx, vdc_flow_id id, uint64_t arg)
{
    vdc_mig_state *st = ctx;
    vdc_mig *m = st->mig[arg];
    if (id != m->flow)
        return;
    m->flow = 0;
    if (m->phase->sent)
        m->phase->sent(st, m);
}

void vdc_mig_send(vdc_mig_state *st, vdc_mig *m, double bytes, double cap_Bps)
{
    m->flow = vdc_net_start(st->net, m->src, m->dst, bytes, cap_Bps, on_flow, st,
                            (uint64_t)m->idx);
    if (!m->flow)
        vdc_engine_fail(st->sim->eng, VDC_ENOMEM, "migration: out of memory for a flow");
}

/* ---- switching hosts and finishing ----------------------------------------------- */

static void on_switch(vdc_engine *eng, void *ctx, uint64_t arg)
{
    vdc_mig_state *st = ctx;
    vdc_mig *m = st->mig[arg];
    (void)eng;
    vdc_world *w = &st->sim->world;
    vdc_world_move(w, st->sim, m->vm, m->dst);
    vdc_world_resume(w, st->sim, m->vm);
    m->t_resume = vdc_mig_now(st);
    if (st->storage->arrived)
        st->storage->arrived(st, m);
    assert(m->phase->arrived);          /* a phase that switches hosts has one */
    m->phase->arrived(st, m);
}

void vdc_mig_switch_at(vdc_mig_state *st, vdc_mig *m, vdc_time at)
{
    vdc_engine_at(st->sim->eng, at, on_switch, st, (uint64_t)m->idx);
}

static void release_pages(vdc_mig_state *st, vdc_mig *m)
{
    vdc_mig_disk_free(st, m);
    vdc_law_free(&m->law);
    vdc_dirty_free(&m->dirty);
    free(m->pending);
    free(m->to_send);
    m->pending = m->to_send = NULL;
    if (m->rng)
        gsl_rng_free(m->rng);
    m->rng = NULL;
}

/* Ends after which the VM runs at the destination. */
static bool completes(vdc_mig_end end)
{
    return end != VDC_END_TIME_LIMIT && end != VDC_END_REJECTED &&
           end != VDC_END_UNFINISHED && end != VDC_END_SOURCE_FAILED;
}

void vdc_mig_done(vdc_mig_state *st, vdc_mig *m, vdc_mig_end end)
{
    vdc_mig_settle(st, m);
    if (m->d.busy && completes(end)) {      /* memory moved, disk still coming */
        m->end = end;
        m->phase = &phase_wait;
        return;
    }
    vdc_mig_disk_abort(st, m);
    if ((m->flow || m->lat_wait) && m->phase->abort)
        m->phase->abort(st, m);
    m->end = end;
    m->phase = &phase_done;
    m->t_end = vdc_mig_now(st);
    vdc_engine_cancel(st->sim->eng, m->ev_cap);
    vdc_engine_cancel(st->sim->eng, m->ev_timer);
    if (m->flow)
        vdc_net_cancel(st->net, m->flow);
    m->flow = 0;
    st->active[m->vm] = 0;
    vdc_world *w = &st->sim->world;
    w->vm[m->vm].migrating = false;
    if (m->throttle > 0)
        vdc_world_set_speed(w, st->sim, m->vm, VDC_SPEED_THROTTLE, 1);
    if (w->vcpu[w->vm[m->vm].vcpu0].factor[VDC_SPEED_REMOTE] != 1)
        vdc_world_set_speed(w, st->sim, m->vm, VDC_SPEED_REMOTE, 1);
    m->throttle = 0;
    write_row(st, m);
    release_pages(st, m);
}

void vdc_mig_memory_start(vdc_mig_state *st, vdc_mig *m)
{
    st->algo->start(st, m);
}

double vdc_mig_pause_extra(vdc_mig_state *st, vdc_mig *m)
{
    return st->storage->at_pause ? st->storage->at_pause(st, m) : 0;
}

void vdc_mig_disk_resume_done(vdc_mig_state *st, vdc_mig *m)
{
    if (m->phase == &phase_wait)
        vdc_mig_done(st, m, m->end);
}

/* ---- the migrate action ------------------------------------------------------------- */

typedef struct mig_args { vdc_vmref vm; int to; } mig_args;

static const vdc_param migrate_params[] = {
    { .name = "vm", .type = VDC_PARAM_VM_LATE, .offset = offsetof(mig_args, vm),
      .flags = VDC_PARAM_REQUIRED,
      .help = "VM to migrate (may be one a startup model creates)" },
    { .name = "to", .type = VDC_PARAM_HOST, .offset = offsetof(mig_args, to),
      .flags = VDC_PARAM_REQUIRED, .help = "destination host" },
    { 0 }
};

static void on_cap(vdc_engine *eng, void *ctx, uint64_t arg)
{
    vdc_mig_state *st = ctx;
    (void)eng;
    vdc_mig *m = st->mig[arg];
    m->ev_cap = 0;
    if (m->phase->time_cap)
        m->phase->time_cap(st, m);
}

static void on_setup_done(vdc_engine *eng, void *ctx, uint64_t arg)
{
    vdc_mig_state *st = ctx;
    (void)eng;
    vdc_mig *m = st->mig[arg];
    if (m->phase != &phase_setup)       /* ended by the time cap meanwhile */
        return;
    if (st->storage->before)            /* the disk moves first */
        st->storage->before(st, m);
    else
        st->algo->start(st, m);
}

static vdc_mig *new_mig(vdc_mig_state *st, int vm, int to)
{
    if (vdc_array_grow((void **)&st->mig, &st->capmig, st->nmig + 1, sizeof *st->mig))
        return NULL;
    vdc_mig *m = calloc(1, sizeof *m);
    if (!m)
        return NULL;
    const vdc_vm *v = &st->sim->world.vm[vm];
    m->idx = st->nmig;
    m->vm = vm;
    m->src = v->host;
    m->dst = to;
    m->seq = st->seq[vm]++;
    m->t_start = m->expo_t = m->bw_t0 = m->ac_t0 = vdc_mig_now(st);
    m->prev_round_pages = -1;
    m->phase = &phase_setup;
    m->t_pause = m->t_resume = -1;
    const vdc_mig_vm *blk = v->kind_params[VDC_KIND_MIGRATION];
    m->vmp = blk ? *blk : st->defaults;
    vdc_migwl_apply(&m->vmp, v->memory_gib);
    double pb = (double)st->p->page_bytes;
    m->npages = (uint64_t)ceil(v->memory_gib * VDC_GIB / pb);
    st->mig[st->nmig++] = m;
    return m;
}

static int setup_pages(vdc_mig_state *st, vdc_mig *m)
{
    const vdc_sim *sim = st->sim;
    m->rng = vdc_rng_streamf(sim->seed, "migration/%s/%d", sim->world.vm[m->vm].name, m->seq);
    if (!m->rng)
        return VDC_ENOMEM;
    int rc = vdc_mig_disk_setup(st, m);
    if (rc)
        return rc;
    unsigned needs = st->algo->needs;
    if (!(needs & (VDC_MIG_NEED_LAW | VDC_MIG_NEED_BITMAP)))
        return 0;
    vdc_law_spec ls = { m->vmp.law, m->vmp.wws_fraction, m->vmp.hot_fraction,
                        m->vmp.hot_share, m->vmp.zipf_s };
    rc = vdc_law_build(&m->law, &ls, m->npages, 0, NULL);
    if (rc)
        return rc;
    if ((needs & VDC_MIG_NEED_BITMAP) && (rc = vdc_dirty_init(&m->dirty, m->npages, 0)))
        return rc;
    vdc_dirty_seed(&m->dirty, m->rng);      /* bulk draws, post-copy accesses too */
    return 0;
}

/* Per-VM arrays cover VMs added at run time too. */
static bool cover_vm(vdc_mig_state *st, int vm)
{
    if (vm < st->nvm)
        return true;
    int n = vm + 1 > 2 * st->nvm ? vm + 1 : 2 * st->nvm;
    int *a = realloc(st->active, (size_t)n * sizeof *a);
    if (!a)
        return false;
    st->active = a;
    int *q = realloc(st->seq, (size_t)n * sizeof *q);
    if (!q)
        return false;
    st->seq = q;
    for (int i = st->nvm; i < n; i++)
        st->active[i] = st->seq[i] = 0;
    st->nvm = n;
    return true;
}

/* Start migrating vm to host `to`; true if taken on.  A `migrate` action that
 * cannot start leaves a "rejected" row; a request (VDC_OBS_MIGRATE_REQ) that
 * cannot start is left to the world (which then moves the VM at once). */
static bool start_migration(vdc_mig_state *st, int vm, int to, bool requested)
{
    vdc_sim *sim = st->sim;
    vdc_world *w = &sim->world;
    if (vm < 0 || vm >= w->nvm || to < 0 || to >= w->nhost || !cover_vm(st, vm))
        return false;
    bool bad = st->active[vm] != 0 || w->vm[vm].migrating || w->vm[vm].host < 0 ||
               w->vm[vm].host == to ||
               (st->algo->admit && !st->algo->admit(st, vm, w->vm[vm].host, to));
    if (bad && requested)
        return false;
    vdc_mig *m = new_mig(st, vm, to);
    if (!m) {
        vdc_engine_fail(sim->eng, VDC_ENOMEM, "migration: out of memory");
        return false;
    }
    if (bad) {
        m->t_end = m->t_start;
        m->end = VDC_END_REJECTED;
        m->phase = &phase_done;
        write_row(st, m);
        return false;
    }
    if (setup_pages(st, m)) {
        vdc_engine_fail(sim->eng, VDC_ENOMEM, "migration: out of memory for %llu pages",
                        (unsigned long long)m->npages);
        return false;
    }
    st->active[vm] = m->idx + 1;
    w->vm[vm].migrating = true;
    m->speed = vm_speed(st, vm);
    m->phase = &phase_setup;
    m->xen_mbit = st->p->xen_rate_start_mbit;
    m->ev_cap = vdc_engine_at(sim->eng, m->t_start + vdc_time_from_s(st->p->time_cap_s),
                              on_cap, st, (uint64_t)m->idx);
    vdc_engine_at(sim->eng, m->t_start + vdc_time_from_s(st->p->setup_ms * 1e-3),
                  on_setup_done, st, (uint64_t)m->idx);
    return true;
}

static void run_migrate(void *state, vdc_sim *sim, const void *args)
{
    const mig_args *a = args;
    int vm = vdc_vmref_resolve(&a->vm, &sim->world);
    if (vm < 0) {
        vdc_engine_fail(sim->eng, VDC_ESIM, "migrate: no VM named \"%s\" at t = %g s",
                        a->vm.name, vdc_time_to_s(vdc_engine_now(sim->eng)));
        return;
    }
    if (sim->world.vm[vm].no_migrate) {
        vdc_engine_fail(sim->eng, VDC_EINPUT, "%s: migrate: VM \"%s\" cannot be live-migrated "
                        "(t = %g s): %s", sim->label, sim->world.vm[vm].name,
                        vdc_time_to_s(vdc_engine_now(sim->eng)), sim->world.vm[vm].no_migrate);
        return;
    }
    start_migration(state, vm, a->to, false);
}

static const vdc_action_type migrate_action = {
    .verb = "migrate",
    .help = "live-migrate a VM: {\"vm\": name, \"to\": host name}",
    .params = migrate_params,
    .params_size = sizeof(mig_args),
    .run = run_migrate,
    .example = "{\"vm\": \"a-0\", \"to\": \"h-1\"}",
};

const vdc_action_type *const vdc_mig_actions[] = { &migrate_action, &vdc_mig_fail_host_action,
                                                   NULL };

/* ---- model hooks ------------------------------------------------------------------- */

/* A measured curve must grow: times strictly increasing, fractions not
 * decreasing (the loader has checked each point's range). */
static int check_curves(const vdc_sim *sim, vdc_error *err)
{
    const vdc_world *w = &sim->world;
    for (int v = 0; v < w->nvm; v++) {
        const vdc_mig_vm *b = w->vm[v].kind_params[VDC_KIND_MIGRATION];
        if (!b || b->dirty_curve.n < 2)
            continue;
        const vdc_mig_curve_pt *c = b->dirty_curve.v;
        for (size_t i = 1; i < b->dirty_curve.n; i++)
            if (!(c[i].t_s > c[i - 1].t_s) || c[i].fraction < c[i - 1].fraction)
                return vdc_error_set(err, VDC_EINPUT,
                                     "%s: vms[%d].migration.dirty_curve[%zu]: points must grow "
                                     "(t_s increasing, fraction not decreasing), got t_s %g "
                                     "fraction %g after t_s %g fraction %g",
                                     sim->label ? sim->label : "scenario", w->vm[v].entry, i,
                                     c[i].t_s, c[i].fraction, c[i - 1].t_s, c[i - 1].fraction);
    }
    return 0;
}

int vdc_mig_init(vdc_mig_state *st, const vdc_mig_params *p, vdc_sim *sim,
                 const vdc_mig_algo *algo, vdc_error *err)
{
    assert(algo && algo->name && algo->start);
    assert(!algo->live || (algo->live->write && algo->live->dirty_pages));
    assert(!algo->live || !algo->live->skip_redirtied || (algo->needs & VDC_MIG_NEED_BITMAP));
    st->sim = sim;
    st->p = p;
    st->algo = algo;
    st->storage = vdc_mig_storage_modes[p->storage_mode];
    st->pol = vdc_migpolicy_make(p->policy, p->downtime_limit_ms, p->max_rounds,
                                 p->min_dirty_pages, p->max_data_factor,
                                 algo->live && algo->live->skip_redirtied
                                 ? p->skip_redirtied : 0);
    int rc = vdc_param_fill(vm_params, NULL, &st->defaults, "migration", "vms[].migration",
                            NULL, err);
    if (rc)
        return rc;
    if ((rc = check_curves(sim, err)))
        return rc;
    vdc_net_opts o = { .core_gbps = p->core_gbps, .oversubscription = p->oversubscription };
    if (!(st->net = vdc_sim_net(sim, &o, err))) {         /* shared with other models */
        vdc_error_prefix(err, "models.migration: ");
        return err ? err->code : VDC_EINPUT;
    }
    st->nvm = sim->world.nvm;
    st->active = calloc((size_t)st->nvm + 1, sizeof *st->active);
    st->seq = calloc((size_t)st->nvm + 1, sizeof *st->seq);
    if (!st->active || !st->seq)
        return vdc_error_set(err, VDC_ENOMEM, "migration: out of memory");
    if (vdc_world_observe(&sim->world, on_world, st) < 0)
        return vdc_error_set(err, VDC_ENOMEM, "migration: out of memory");
    return 0;
}

int vdc_mig_finish(void *state, vdc_sim *sim, vdc_error *err)
{
    vdc_mig_state *st = state;
    (void)err;
    int n = 0, capped = 0;
    double tot = 0, down = 0, maxdown = 0, bytes = 0;
    for (int i = 0; i < st->nmig; i++) {
        vdc_mig *m = st->mig[i];
        if (m->phase != &phase_done)
            vdc_mig_done(st, m, VDC_END_UNFINISHED);
        if (m->end == VDC_END_REJECTED)
            continue;
        double d = downtime_s(m);
        n++;
        tot += vdc_time_to_s(m->t_end - m->t_start);
        down += d;
        maxdown = d > maxdown ? d : maxdown;
        bytes += m->bytes_sent;
        capped += m->end == VDC_END_TIME_LIMIT || m->end == VDC_END_FORCED;
    }
    vdc_results *r = sim->res;
    vdc_results_metric(r, "migration", "migrations", n, "");
    vdc_results_metric(r, "migration", "time_capped", capped, "");
    if (n > 0) {
        vdc_results_metric(r, "migration", "mean_total_s", tot / n, "s");
        vdc_results_metric(r, "migration", "mean_downtime_s", down / n, "s");
        vdc_results_metric(r, "migration", "max_downtime_s", maxdown, "s");
        vdc_results_metric(r, "migration", "gib_sent", bytes / VDC_GIB, "GiB");
    }
    return 0;
}

void vdc_mig_destroy(void *state)
{
    vdc_mig_state *st = state;
    for (int i = 0; i < st->nmig; i++) {
        release_pages(st, st->mig[i]);
        free(st->mig[i]);
    }
    free(st->mig);
    free(st->active);
    free(st->seq);
    /* st->net belongs to the run (vdc_sim_net) */
}
