/* criu.c -- container migration with CRIU: criu_stopcopy, criu_precopy, criu_lazy.
 *
 * A container is a process tree (vms[i].migration.processes) whose memory
 * is the "VM"'s memory_gib, with image layers the destination may lack
 * (layers_missing_mib, copied first while the container runs) and volumes
 * moved by the storage modes (storage.c).  CRIU (docs/references.md §3.9):
 *   criu_stopcopy  freeze, `criu dump` (dump_ms_per_process each), send the
 *                  pages and the tree's state (state_mib: files, sockets),
 *                  `criu restore` (restore_ms_per_process each):
 *                    downtime = P d + (M + S) / C + L + P r,
 *                    total = layers / C + downtime   (idle link C, latency L);
 *   criu_precopy   `criu pre-dump` rounds while the tree runs (soft-dirty
 *                  tracking: the page-level pre-copy loop and its policies),
 *                  then the dump of the pages still dirty as above;
 *   criu_lazy      dump without memory, restore, then pages on demand from
 *                  the page server (userfaultfd) and in the background:
 *                  downtime = P d + S / C + L + P r (post-copy's phases).
 * These are the known answers of tests/test_migration_criu.c.  A container
 * has no guest kernel or device model: with the same application it has a
 * smaller memory_gib and state than a VM (the lab compares them); it needs
 * the same kernel on both hosts (hosts[].kernel; a move between different
 * kernels is "rejected").
 * Limits: dump and restore costs are linear in processes (measured ~170 ms
 * per process, one report; restore is an assumption); pre-dump rounds do
 * not freeze the tree; memory is dumped straight to the network (page
 * server), so the dump's page copy is the transfer.
 */
#include <math.h>
#include <string.h>

#include "mig_params.h"
#include "mig_wl.h"
#include "units.h"

static const vdc_mig_algo algo_stopcopy, algo_precopy, algo_lazy;

static double restore_s(const vdc_mig_state *st, const vdc_mig *m)
{
    return (double)m->vmp.processes * st->p->restore_ms_per_process * 1e-3;
}

/* ---- the dump: the tree is frozen, then the pages follow ------------------- */

static const vdc_mig_phase_type phase_dump = { .name = "criu_dump" };

/* The dump is done: the pages (or, lazily, only the state) go. */
static void on_dumped(vdc_engine *eng, void *ctx, uint64_t arg)
{
    vdc_mig_state *st = ctx;
    vdc_mig *m = st->mig[arg];
    (void)eng;
    m->ev_timer = 0;
    if (m->phase != &phase_dump)
        return;
    if (st->algo == &algo_lazy) {
        vdc_mig_postcopy_start(st, m, NULL, m->end);
        return;
    }
    /* no pre-dump round yet: zero pages go as headers, as in stop-and-copy */
    double zero = m->rounds == 0 ? round(m->vmp.zero_fraction * m->pending_pages) : 0;
    vdc_mig_stopcopy_start(st, m, m->pending_pages, zero, m->end);
}

/* Freeze the tree now and dump it; `pages` follow once the dump is done. */
static void dump(vdc_mig_state *st, vdc_mig *m, double pages, vdc_mig_end why)
{
    vdc_mig_settle(st, m);
    m->phase = &phase_dump;
    m->end = why;
    m->pending_pages = pages;
    m->resume_extra_s = restore_s(st, m);
    m->t_pause = vdc_mig_now(st);           /* the freeze starts the downtime */
    vdc_world_pause(&st->sim->world, st->sim, m->vm);
    double d = (double)m->vmp.processes * st->p->dump_ms_per_process * 1e-3;
    m->ev_timer = vdc_engine_at(st->sim->eng, vdc_mig_now(st) + vdc_time_from_s(d),
                                on_dumped, st, (uint64_t)m->idx);
}

/* ---- the image layers the destination lacks, while the tree runs ----------- */

static void begin(vdc_mig_state *st, vdc_mig *m)
{
    if (st->algo == &algo_precopy)
        vdc_mig_precopy_start(st, m);
    else
        dump(st, m, st->algo == &algo_lazy ? 0 : (double)m->npages, VDC_END_COMPLETE);
}

static void layers_sent(vdc_mig_state *st, vdc_mig *m)
{
    m->bytes_sent += m->round_bytes;
    m->round_bytes = 0;
    begin(st, m);
}

static void layers_time_cap(vdc_mig_state *st, vdc_mig *m)
{
    vdc_mig_done(st, m, VDC_END_TIME_LIMIT);
}

static void layers_abort(vdc_mig_state *st, vdc_mig *m)
{
    m->bytes_sent += vdc_net_sent(st->net, m->flow);
}

static const vdc_mig_phase_type phase_layers = {
    .name = "criu_layers", .live = true, .sent = layers_sent, .time_cap = layers_time_cap,
    .abort = layers_abort,
};

static void start(vdc_mig_state *st, vdc_mig *m)
{
    double bytes = m->vmp.layers_missing_mib * VDC_MIB;
    if (!(bytes > 0)) {
        begin(st, m);
        return;
    }
    m->phase = &phase_layers;
    m->round_bytes = bytes;
    vdc_mig_send(st, m, bytes, st->p->rate_cap_mib_s * VDC_MIB);
}

/* ---- the three algorithms ----------------------------------------------------- */

static void predump_stop(vdc_mig_state *st, vdc_mig *m, double pages, vdc_mig_end why)
{
    dump(st, m, pages, why);
}

static const vdc_mig_live_type predump = {
    .write = vdc_mig_precopy_write,
    .dirty_pages = vdc_mig_precopy_sync,   /* soft-dirty bits, cleared per pre-dump */
    .stop = predump_stop,
};

/* A container shares its host's kernel: both hosts must run the same one
 * (hosts that do not say are taken as equal). */
static bool same_kernel(const vdc_mig_state *st, int vm, int src, int dst)
{
    const char *a = st->sim->world.host[src].kernel, *b = st->sim->world.host[dst].kernel;
    (void)vm;
    return !a || !b || strcmp(a, b) == 0;
}

static const vdc_mig_algo algo_stopcopy = {
    .name = "criu_stopcopy", .needs = 0, .start = start, .admit = same_kernel,
};
static const vdc_mig_algo algo_precopy = {
    .name = "criu_precopy", .needs = VDC_MIG_NEED_LAW | VDC_MIG_NEED_BITMAP, .start = start,
    .live = &predump, .admit = same_kernel,
};
static const vdc_mig_algo algo_lazy = {
    .name = "criu_lazy", .needs = VDC_MIG_NEED_LAW, .start = start, .admit = same_kernel,
};

static const vdc_param params_stopcopy[] = {
    VDC_MIG_COMMON_PARAMS, VDC_MIG_CRIU_PARAMS, { 0 }
};
static const vdc_param params_precopy[] = {
    VDC_MIG_COMMON_PARAMS, VDC_MIG_PRECOPY_PARAMS, VDC_MIG_CRIU_PARAMS, { 0 }
};
static const vdc_param params_lazy[] = {
    VDC_MIG_COMMON_PARAMS, VDC_MIG_POSTCOPY_PARAMS, VDC_MIG_CRIU_PARAMS, { 0 }
};

static int init_stopcopy(void *state, const void *p, vdc_sim *sim, vdc_error *err)
{
    return vdc_mig_init(state, p, sim, &algo_stopcopy, err);
}
static int init_precopy(void *state, const void *p, vdc_sim *sim, vdc_error *err)
{
    return vdc_mig_init(state, p, sim, &algo_precopy, err);
}
static int init_lazy(void *state, const void *p, vdc_sim *sim, vdc_error *err)
{
    return vdc_mig_init(state, p, sim, &algo_lazy, err);
}

#define CRIU_MODEL(nm, prm, ini, hlp) {                                            \
    .kind = VDC_KIND_MIGRATION, .name = nm, .help = hlp, .params = prm,            \
    .params_size = sizeof(vdc_mig_params), .state_size = sizeof(vdc_mig_state),    \
    .actions = vdc_mig_actions, .init = ini, .finish = vdc_mig_finish,             \
    .destroy = vdc_mig_destroy, .print_presets = vdc_migwl_print }

const vdc_model_type vdc_migration_criu_stopcopy = CRIU_MODEL(
    "criu_stopcopy", params_stopcopy, init_stopcopy,
    "container (CRIU): freeze, dump, send, restore");
const vdc_model_type vdc_migration_criu_precopy = CRIU_MODEL(
    "criu_precopy", params_precopy, init_precopy,
    "container (CRIU): pre-dump rounds while running, then dump the rest");
const vdc_model_type vdc_migration_criu_lazy = CRIU_MODEL(
    "criu_lazy", params_lazy, init_lazy,
    "container (CRIU): dump without memory, restore, lazy pages from the page server");
