/* storage.c -- storage migration modes: shared, precopy, on_demand, incremental.
 *
 * A VM with a local disk (vms[i].migration.disk_gib > 0) of B-byte blocks
 * (block_bytes, 64 KiB: QEMU's default dirty-bitmap granularity for block
 * mirroring, qapi/block-core.json) writes disk_write_rate_blocks_s blocks/s
 * (Poisson, scaled by its vCPU speed) over a popularity law of its own.
 *
 * precopy / incremental (Bradford et al., VEE 2007, docs/references.md
 * §3.7): round 0 sends every block (incremental: only the share
 * 1 - disk_base_fraction that differs from the base image the destination
 * holds); round n sends the blocks written during round n-1, until the
 * dirty bytes fit in disk_switch_ms at the measured rate or after
 * disk_max_rounds rounds; then the memory algorithm runs, the disk still
 * tracked, and the blocks dirty at the pause go with the device state.
 * Closed form with a saturated working set of W blocks (every WWS block
 * written in every round) and R rounds on an idle link of rate C:
 *   disk time = (D + (R-1) W) B / C, paused extra = W B / C.
 * Write throttling (disk_throttle, Bradford et al.'s "write throttling"):
 * after a round whose distinct dirty bytes per second exceed
 * disk_throttle_pct % of the measured rate, the VM's block writes are held
 * to that rate; the share held back is the throttle and, integrated over
 * time, the I/O slowdown (seconds of writes delayed).
 *
 * on_demand (the VM moves first; Hirofuchi et al.'s on-demand block
 * fetching, §3.7): after the VM runs at the destination one background
 * flow pushes every block in order from a cursor; a read
 * (disk_read_rate_blocks_s over the same law) of a block not yet there
 * stalls for a round trip plus the block's transfer at the link rate, and
 * the scan restarts after it.  io_slowdown_s sums the stalls.  The
 * migration ends when the last block has arrived; until then the VM
 * depends on the source: the `fail_host` action (below) failing the
 * source in that window loses the blocks not fetched yet, so the VM fails
 * (end_reason source_failed, metric disk_blocks_lost; the VM is paused
 * for good).
 *
 * shared: nothing is copied; every access from the destination pays
 * disk_remote_ms = 2 x path latency + block transfer (reported, not
 * simulated per access).
 * Limits: reads do not stall pre-copy; a write to a block not yet fetched
 * in on_demand does not fetch it (it is counted as a read if it hits).
 */
#include <math.h>
#include <stddef.h>
#include <stdlib.h>

#include <gsl/gsl_randist.h>

#include "mig_params.h"
#include "rng.h"
#include "units.h"

static double block_bytes(const vdc_mig_state *st) { return (double)st->p->block_bytes; }

int vdc_mig_disk_setup(vdc_mig_state *st, vdc_mig *m)
{
    vdc_mig_disk *d = &m->d;
    double gib = m->vmp.disk_gib;
    if (!(gib > 0) || !st->storage->tracks)
        return 0;
    d->nblocks = (uint64_t)ceil(gib * VDC_GIB / block_bytes(st));
    const vdc_sim *sim = st->sim;
    d->rng = vdc_rng_streamf(sim->seed, "migration-disk/%s/%d", sim->world.vm[m->vm].name,
                             m->seq);
    if (!d->rng)
        return VDC_ENOMEM;
    vdc_law_spec ls = { m->vmp.disk_law, m->vmp.disk_wws_fraction, m->vmp.disk_hot_fraction,
                        m->vmp.disk_hot_share, m->vmp.disk_zipf_s };
    int rc = vdc_law_build(&d->law, &ls, d->nblocks, 0, NULL);
    if (rc || (rc = vdc_dirty_init(&d->dirty, d->nblocks, 0)))
        return rc;
    vdc_dirty_seed(&d->dirty, d->rng);
    return 0;
}

void vdc_mig_disk_free(vdc_mig_state *st, vdc_mig *m)
{
    vdc_mig_disk *d = &m->d;
    (void)st;
    vdc_law_free(&d->law);
    vdc_dirty_free(&d->dirty);
    free(d->pending);
    d->pending = NULL;
    if (d->rng)
        gsl_rng_free(d->rng);
    d->rng = NULL;
}

void vdc_mig_disk_settle(vdc_mig *m, double speed, double dt)
{
    vdc_mig_disk *d = &m->d;
    d->expo += speed * (1 - d->throttle) * dt;
    if (d->throttle > 0 && speed > 0)
        d->io_slowdown_s += d->throttle * dt;
}

void vdc_mig_disk_abort(vdc_mig_state *st, vdc_mig *m)
{
    vdc_mig_disk *d = &m->d;
    if (d->flow)
        vdc_net_cancel(st->net, d->flow);
    vdc_engine_cancel(st->sim->eng, d->timer);
    d->flow = 0;
    d->timer = 0;
    d->busy = false;
    d->throttle = 0;
}

/* The writes since the last draw go into the block bitmap. */
static void draw_writes(vdc_mig_state *st, vdc_mig *m)
{
    vdc_mig_disk *d = &m->d;
    vdc_mig_settle(st, m);
    double writes = m->vmp.disk_write_rate_blocks_s * d->expo;
    d->expo = 0;
    vdc_dirty_write(&d->dirty, &d->law, d->rng, writes);
}

/* ==== precopy and incremental: rounds before the memory ======================== */

static void round_sent(vdc_mig_state *st, vdc_mig *m);
static void round_abort(vdc_mig_state *st, vdc_mig *m);
static void disk_time_cap(vdc_mig_state *st, vdc_mig *m)
{
    vdc_mig_done(st, m, VDC_END_TIME_LIMIT);
}

static const vdc_mig_phase_type phase_disk = {
    .name = "disk", .live = true, .sent = round_sent, .time_cap = disk_time_cap,
    .abort = round_abort,
};

static void start_round(vdc_mig_state *st, vdc_mig *m, double blocks)
{
    vdc_mig_disk *d = &m->d;
    m->phase = &phase_disk;
    d->round_blocks = blocks;
    d->round_bytes = blocks * block_bytes(st);
    d->t0 = vdc_mig_now(st);
    vdc_mig_send(st, m, d->round_bytes, st->p->rate_cap_mib_s * VDC_MIB);
}

static void before_precopy(vdc_mig_state *st, vdc_mig *m)
{
    vdc_mig_disk *d = &m->d;
    if (!d->nblocks) {
        vdc_mig_memory_start(st, m);
        return;
    }
    double n = (double)d->nblocks;
    if (st->storage == vdc_mig_storage_modes[VDC_STORAGE_INCREMENTAL])
        n = round((1 - m->vmp.disk_base_fraction) * n);
    vdc_mig_settle(st, m);
    d->expo = 0;                    /* writes count from the first block sent */
    start_round(st, m, n);
}

static void round_abort(vdc_mig_state *st, vdc_mig *m)
{
    double sent = vdc_net_sent(st->net, m->flow);
    m->d.bytes += sent;
    m->bytes_sent += sent;
}

static void set_throttle(vdc_mig_state *st, vdc_mig *m, double dirty_Bps, double bw_Bps)
{
    vdc_mig_disk *d = &m->d;
    double allowed = bw_Bps * st->p->disk_throttle_pct / 100;
    double want = m->vmp.disk_write_rate_blocks_s * block_bytes(st);
    if (!st->p->disk_throttle || !(want > 0) || (d->throttle == 0 && dirty_Bps <= allowed))
        return;
    vdc_mig_settle(st, m);
    d->throttle = allowed < want ? 1 - allowed / want : 0;
    if (d->throttle > d->max_throttle)
        d->max_throttle = d->throttle;
    vdc_mig_sample(st, m, "mig_disk_throttle_pct", 100 * d->throttle);
}

static void round_sent(vdc_mig_state *st, vdc_mig *m)
{
    vdc_mig_disk *d = &m->d;
    const vdc_mig_params *p = st->p;
    double dur = vdc_time_to_s(vdc_mig_now(st) - d->t0);
    d->bytes += d->round_bytes;
    m->bytes_sent += d->round_bytes;
    d->rounds++;
    draw_writes(st, m);
    double n = (double)vdc_bitmap_count(d->dirty.bits, d->dirty.nwords);
    double bw = dur > 0 ? d->round_bytes / dur : vdc_net_link_Bps(st->net, m->src);
    vdc_mig_sample(st, m, "mig_disk_round_blocks", d->round_blocks);
    set_throttle(st, m, dur > 0 ? n * block_bytes(st) / dur : 0, bw);
    if (n * block_bytes(st) <= bw * p->disk_switch_ms * 1e-3 || d->rounds >= p->disk_max_rounds) {
        d->pending_blocks = n;      /* kept in the bitmap: sent at the pause */
        vdc_mig_memory_start(st, m);
        return;
    }
    vdc_dirty_sync(&d->dirty);      /* these n go now; track the next ones */
    start_round(st, m, n);
}

/* The blocks still dirty (last round's and those written since) go with
 * the paused VM's state. */
static double at_pause(vdc_mig_state *st, vdc_mig *m)
{
    vdc_mig_disk *d = &m->d;
    if (!d->nblocks)
        return 0;
    draw_writes(st, m);
    double bytes = (double)vdc_bitmap_count(d->dirty.bits, d->dirty.nwords) * block_bytes(st);
    d->bytes += bytes;
    d->throttle = 0;
    return bytes;
}

/* ==== on_demand: fetch after the move ========================================== */

static void advance_scan(vdc_mig_disk *d, double delivered)
{
    double want = floor(delivered) - (double)d->faults - (double)d->scanned;
    if (want >= 1)
        d->scanned += vdc_bitmap_take(d->pending, d->nblocks, &d->cursor, (uint64_t)want);
}

/* Reads over [ep_t0, t1): each one of a block not yet here stalls. */
static void run_epoch(vdc_mig_state *st, vdc_mig *m, vdc_time t1)
{
    vdc_mig_disk *d = &m->d;
    double t0s = vdc_time_to_s(d->ep_t0), t1s = vdc_time_to_s(t1);
    if (!(t1s > t0s))
        return;
    double sent1 = d->flow ? vdc_net_sent(st->net, d->flow) : d->total_bytes;
    double bs = block_bytes(st), slope = (sent1 - d->ep_sent0) / (t1s - t0s);
    double stall = 2 * vdc_net_latency_s(st->net, m->src, m->dst) +
                   bs / vdc_net_link_Bps(st->net, m->src);
    double a = m->vmp.disk_read_rate_blocks_s;
    double tau = d->clock_s > t0s ? d->clock_s : t0s;
    if (a > 0) {
        for (;;) {
            tau += gsl_ran_exponential(d->rng, 1 / a);
            if (tau >= t1s)
                break;
            advance_scan(d, (d->ep_sent0 + slope * (tau - t0s)) / bs);
            uint64_t b = vdc_law_draw(&d->law, vdc_dirty_next(&d->dirty),
                                      vdc_dirty_next(&d->dirty), vdc_dirty_next(&d->dirty));
            if (!vdc_bitmap_test(d->pending, b))
                continue;
            vdc_bitmap_clear(d->pending, b);
            d->faults++;
            d->cursor = b + 1 < d->nblocks ? b + 1 : 0;
            d->io_slowdown_s += stall;
            tau += stall;           /* the reading thread waits */
        }
    }
    advance_scan(d, sent1 / bs);
    d->clock_s = tau > t1s ? tau : t1s;
    d->ep_t0 = t1;
    d->ep_sent0 = sent1;
}

static vdc_time on_epoch(vdc_engine *eng, void *ctx, uint64_t arg)
{
    vdc_mig_state *st = ctx;
    vdc_mig *m = st->mig[arg];
    if (!m->d.flow)
        return VDC_TIMER_STOP;
    run_epoch(st, m, vdc_engine_now(eng));
    return vdc_time_from_s(st->p->disk_epoch_ms * 1e-3);
}

static void on_arrived(vdc_engine *eng, void *ctx, uint64_t arg)
{
    vdc_mig_state *st = ctx;
    vdc_mig *m = st->mig[arg];
    (void)eng;
    if (!m->d.busy)
        return;
    m->d.busy = false;
    vdc_mig_disk_resume_done(st, m);
}

static void on_flow(void *ctx, vdc_flow_id id, uint64_t arg)
{
    vdc_mig_state *st = ctx;
    vdc_mig *m = st->mig[arg];
    vdc_mig_disk *d = &m->d;
    if (id != d->flow)
        return;
    run_epoch(st, m, vdc_mig_now(st));
    d->flow = 0;
    vdc_engine_cancel(st->sim->eng, d->timer);
    d->timer = 0;
    double lat = vdc_net_latency_s(st->net, m->src, m->dst);
    vdc_engine_at(st->sim->eng, vdc_mig_now(st) + vdc_time_from_s(lat), on_arrived, st,
                  (uint64_t)m->idx);
}

static void arrived_on_demand(vdc_mig_state *st, vdc_mig *m)
{
    vdc_mig_disk *d = &m->d;
    if (!d->nblocks)
        return;
    if (!(d->pending = vdc_bitmap_alloc(d->nblocks))) {
        vdc_engine_fail(st->sim->eng, VDC_ENOMEM, "migration: out of memory for disk blocks");
        return;
    }
    vdc_bitmap_fill(d->pending, 0, d->nblocks);
    vdc_time now = vdc_mig_now(st);
    d->total_bytes = (double)d->nblocks * block_bytes(st);
    d->bytes += d->total_bytes;
    m->bytes_sent += d->total_bytes;
    d->busy = true;
    d->ep_t0 = now;
    d->clock_s = vdc_time_to_s(now);
    d->flow = vdc_net_start(st->net, m->src, m->dst, d->total_bytes, 0, on_flow, st,
                            (uint64_t)m->idx);
    if (!d->flow) {
        vdc_engine_fail(st->sim->eng, VDC_ENOMEM, "migration: out of memory for a flow");
        return;
    }
    vdc_time ep = vdc_time_from_s(st->p->disk_epoch_ms * 1e-3);
    d->timer = vdc_engine_timer(st->sim->eng, now + ep, on_epoch, st, (uint64_t)m->idx);
}

/* ==== a host fails ================================================================ */

/* {"fail_host": {"host": H}}: H stops, and every migration that still needs
 * it as a source fails (end_reason source_failed) and takes its VM down
 * (paused for good): a VM still running at H (a live phase: it dies with
 * its host), or one running at the destination with pages (post-copy) or
 * blocks (on_demand: disk_blocks_lost = the blocks not fetched yet) still
 * at H.  Recorded: metric failed_at_s on H.  Not simulated: what H's other
 * VMs and a failing destination do (the scheduler keeps H's VMs), and a
 * tunnel cut-over's forwarding through H (cutover.c). */
typedef struct fail_args { int host; } fail_args;

static const vdc_param fail_params[] = {
    { .name = "host", .type = VDC_PARAM_HOST, .offset = offsetof(fail_args, host),
      .flags = VDC_PARAM_REQUIRED, .help = "the host that fails" },
    { 0 }
};

static void run_fail_host(void *state, vdc_sim *sim, const void *args)
{
    vdc_mig_state *st = state;
    int h = ((const fail_args *)args)->host;
    vdc_world *w = &sim->world;
    vdc_time now = vdc_engine_now(sim->eng);
    vdc_results_metric(sim->res, w->host[h].name, "failed_at_s", vdc_time_to_s(now), "s");
    for (int i = 0; i < st->nmig; i++) {
        vdc_mig *m = st->mig[i];
        if (m->src != h || st->active[m->vm] != m->idx + 1)
            continue;
        vdc_mig_disk *d = &m->d;
        bool lost = m->t_resume < 0 || d->busy || m->flow;
        if (!lost)
            continue;                   /* the last bytes are on the wire: safe */
        if (d->busy && d->pending) {
            run_epoch(st, m, now);      /* blocks fetched up to now */
            double left = (double)vdc_bitmap_count(d->pending, (size_t)((d->nblocks + 63) >> 6));
            vdc_results_metric(sim->res, w->vm[m->vm].name, "disk_blocks_lost", left, "blocks");
        }
        int vm = m->vm;
        vdc_mig_done(st, m, VDC_END_SOURCE_FAILED);
        vdc_world_pause(w, sim, vm);
    }
}

const vdc_action_type vdc_mig_fail_host_action = {
    .verb = "fail_host",
    .help = "a host fails: migrations still needing it as their source fail and their VMs "
            "with them (on_demand: the blocks not fetched are lost)",
    .params = fail_params,
    .params_size = sizeof(fail_args),
    .run = run_fail_host,
    .example = "{\"host\": \"h-0\"}",
};

/* ==== shared: nothing moves =================================================== */

static void arrived_shared(vdc_mig_state *st, vdc_mig *m)
{
    if (!(m->vmp.disk_gib > 0))
        return;
    m->d.remote_ms = 1e3 * (2 * vdc_net_latency_s(st->net, m->src, m->dst) +
                            block_bytes(st) / vdc_net_link_Bps(st->net, m->src));
}

/* ==== the modes ================================================================ */

static const vdc_mig_storage_type shared = {
    .name = "shared", .arrived = arrived_shared,
};
static const vdc_mig_storage_type precopy = {
    .name = "precopy", .tracks = true, .before = before_precopy, .at_pause = at_pause,
};
static const vdc_mig_storage_type on_demand = {
    .name = "on_demand", .tracks = true, .arrived = arrived_on_demand,
};
static const vdc_mig_storage_type incremental = {
    .name = "incremental", .tracks = true, .before = before_precopy, .at_pause = at_pause,
};

/* In the order of VDC_STORAGE_CHOICES. */
const vdc_mig_storage_type *const vdc_mig_storage_modes[] = {
    &shared, &precopy, &on_demand, &incremental, NULL
};
