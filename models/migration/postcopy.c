/* postcopy.c -- post-copy: move the VM first, its pages after.
 *
 * The VM is paused, its CPU/device state sent, and it resumes at the
 * destination (downtime = state / bandwidth + latency + resume: no page is
 * sent while it is paused).  Then one background flow pushes every pending
 * page in page order from a cursor, wrapping at the end; an access to a page
 * not yet received is a remote fault: the vCPU stalls for a round trip plus
 * the page's transfer, plus, without a preempt channel, the wait behind the
 * background stream (postcopy_queue_ms = 10.68 - 0.57 ms, the page-request
 * latencies without and with postcopy-preempt in QEMU's 2022 cover letter,
 * docs/references.md §3.1).  The faulted page jumps the queue and the background
 * scan restarts right after it (QEMU's spatial pre-paging).  Each page is
 * sent once (Hines & Gopalan, VEE 2009).
 *
 * Fault simulation, per epoch (postcopy_epoch_ms): the VM's accesses are a
 * Poisson process of touch_rate x speed (paused by stalls) over the same
 * page-popularity law as its writes; pages delivered by time t are those
 * the flow has sent by t (interpolated within the epoch).  The fraction of
 * the epoch spent stalled sets the VM's VDC_SPEED_REMOTE factor for the next
 * epoch (one epoch of lag), so the scheduler sees the slowdown.
 * Limits: one access stream per VM (not per vCPU); reads and writes follow
 * one law; pages outside the writable working set are never touched.
 */
#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_randist.h>

#include "mig_params.h"
#include "units.h"

#define MIN_REMOTE_SPEED 1e-3      /* never report a VM as fully stopped */

static uint64_t *all_pages(uint64_t npages)
{
    uint64_t *b = vdc_bitmap_alloc(npages);
    if (b)
        vdc_bitmap_fill(b, 0, npages);
    return b;
}

/* The phases: the state while paused, the pages while the VM runs at the
 * destination, then the last byte's flight. */
static void state_sent(vdc_mig_state *st, vdc_mig *m);
static void running(vdc_mig_state *st, vdc_mig *m);
static void pages_sent(vdc_mig_state *st, vdc_mig *m);

static const vdc_mig_phase_type phase_state = {
    .name = "postcopy_state", .sent = state_sent, .arrived = running,
};
static const vdc_mig_phase_type phase_pages = { .name = "postcopy", .sent = pages_sent };
static const vdc_mig_phase_type phase_drain = { .name = "postcopy_drain" };

void vdc_mig_postcopy_start(vdc_mig_state *st, vdc_mig *m, uint64_t *pending, vdc_mig_end why)
{
    vdc_mig_settle(st, m);
    m->end = why;
    m->phase = &phase_state;
    if (!pending && !(pending = all_pages(m->npages))) {
        vdc_engine_fail(st->sim->eng, VDC_ENOMEM, "migration: out of memory");
        return;
    }
    m->pending = pending;
    m->post_pages = vdc_bitmap_count(pending, (size_t)((m->npages + 63) >> 6));
    if (m->t_pause < 0)                 /* (criu.c pauses earlier, to dump) */
        m->t_pause = vdc_mig_now(st);
    vdc_world_pause(&st->sim->world, st->sim, m->vm);
    double state = st->p->state_mib * VDC_MIB + vdc_mig_pause_extra(st, m);
    m->bytes_sent += state;
    vdc_mig_send(st, m, state, 0);
}

static void state_sent(vdc_mig_state *st, vdc_mig *m)
{
    double d = vdc_net_latency_s(st->net, m->src, m->dst) + vdc_mig_switchover_s(st) +
               m->resume_extra_s;
    vdc_mig_switch_at(st, m, vdc_mig_now(st) + vdc_time_from_s(d));
}

/* Clear pages from the background scan until `delivered` pages (faulted
 * ones included) have reached the destination. */
static void advance_scan(vdc_mig *m, double delivered)
{
    double want = floor(delivered) - (double)m->faults - (double)m->scanned;
    if (want >= 1)
        m->scanned += vdc_bitmap_take(m->pending, m->npages, &m->cursor, (uint64_t)want);
}

static double base_speed(const vdc_mig_state *st, const vdc_mig *m)
{
    const vdc_world *w = &st->sim->world;
    if (w->vm[m->vm].paused)
        return 0;
    const vdc_vcpu *c = &w->vcpu[w->vm[m->vm].vcpu0];
    double s = 1;
    for (int k = 0; k < VDC_SPEED_SRC_COUNT; k++)
        if (k != VDC_SPEED_REMOTE)
            s *= c->factor[k];
    return s;
}

/* Simulate the VM's accesses over [ep_t0, t1). */
static void run_epoch(vdc_mig_state *st, vdc_mig *m, vdc_time t1)
{
    const vdc_mig_params *p = st->p;
    double t0s = vdc_time_to_s(m->ep_t0), t1s = vdc_time_to_s(t1);
    if (!(t1s > t0s))
        return;
    double total = vdc_mig_wire_bytes(st, (double)m->post_pages, 0);
    double sent1 = m->flow ? vdc_net_sent(st->net, m->flow) : total;
    double per_page = m->post_pages ? total / (double)m->post_pages : 1;
    double rate = m->flow ? vdc_net_rate(st->net, m->flow) : 0;
    if (!(rate > 0))
        rate = vdc_net_link_Bps(st->net, m->src);
    double lfault = 2 * vdc_net_latency_s(st->net, m->src, m->dst) +
                    ((double)p->page_bytes + (double)p->page_header_bytes) / rate +
                    (p->postcopy_preempt ? 0 : p->postcopy_queue_ms * 1e-3);
    double touch = m->vmp.touch_rate_pages_s >= 0 ? m->vmp.touch_rate_pages_s
                                                  : m->vmp.dirty_rate_pages_s;
    double a = touch * base_speed(st, m), stall = 0;
    double tau = m->vm_clock_s > t0s ? m->vm_clock_s : t0s, busy = tau;
    double slope = (sent1 - m->ep_sent0) / (t1s - t0s);
    if (a > 0 && m->law.nseg > 0) {
        for (;;) {
            tau += gsl_ran_exponential(m->rng, 1 / a);
            if (tau >= t1s)
                break;
            advance_scan(m, (m->ep_sent0 + slope * (tau - t0s)) / per_page);
            uint64_t pg = vdc_law_draw(&m->law, vdc_dirty_next(&m->dirty),
                                       vdc_dirty_next(&m->dirty), vdc_dirty_next(&m->dirty));
            if (!vdc_bitmap_test(m->pending, pg))
                continue;
            vdc_bitmap_clear(m->pending, pg);
            m->faults++;
            m->cursor = pg + 1 < m->npages ? pg + 1 : 0;
            busy = tau + lfault;
            stall += (busy < t1s ? busy : t1s) - tau;
            m->degradation_s += lfault;
            tau = busy;
        }
    }
    advance_scan(m, sent1 / per_page);
    m->vm_clock_s = busy > t1s ? busy : t1s;
    double f = 1 - stall / (t1s - t0s);
    f = f < MIN_REMOTE_SPEED ? MIN_REMOTE_SPEED : f;
    vdc_world *w = &st->sim->world;
    if (w->vcpu[w->vm[m->vm].vcpu0].factor[VDC_SPEED_REMOTE] != f)
        vdc_world_set_speed(w, st->sim, m->vm, VDC_SPEED_REMOTE, f);
    m->ep_t0 = t1;
    m->ep_sent0 = sent1;
}

static vdc_time on_epoch(vdc_engine *eng, void *ctx, uint64_t arg)
{
    vdc_mig_state *st = ctx;
    vdc_mig *m = st->mig[arg];
    if (m->phase != &phase_pages)
        return VDC_TIMER_STOP;
    run_epoch(st, m, vdc_engine_now(eng));
    return vdc_time_from_s(st->p->postcopy_epoch_ms * 1e-3);
}

/* The VM runs at the destination: push the pending pages, simulate faults. */
static void running(vdc_mig_state *st, vdc_mig *m)
{
    vdc_time now = vdc_mig_now(st);
    m->phase = &phase_pages;
    /* pure post-copy sends zero pages as headers; hybrid's pages were written */
    double zero = m->rounds == 0 ? round(m->vmp.zero_fraction * (double)m->post_pages) : 0;
    double bytes = vdc_mig_wire_bytes(st, (double)m->post_pages, zero);
    m->bytes_sent += bytes;
    m->pages_sent += (double)m->post_pages;
    m->ep_t0 = now;
    m->ep_sent0 = 0;
    m->vm_clock_s = vdc_time_to_s(now);
    vdc_mig_send(st, m, bytes, 0);
    vdc_time ep = vdc_time_from_s(st->p->postcopy_epoch_ms * 1e-3);
    m->ev_timer = vdc_engine_timer(st->sim->eng, now + ep, on_epoch, st, (uint64_t)m->idx);
}

static void on_end(vdc_engine *eng, void *ctx, uint64_t arg)
{
    vdc_mig_state *st = ctx;
    (void)eng;
    vdc_mig *m = st->mig[arg];
    vdc_mig_done(st, m, m->end);
}

static void pages_sent(vdc_mig_state *st, vdc_mig *m)
{
    run_epoch(st, m, vdc_mig_now(st));
    vdc_engine_cancel(st->sim->eng, m->ev_timer);
    m->ev_timer = 0;
    m->phase = &phase_drain;
    double lat = vdc_net_latency_s(st->net, m->src, m->dst);
    vdc_engine_at(st->sim->eng, vdc_mig_now(st) + vdc_time_from_s(lat), on_end, st,
                  (uint64_t)m->idx);
}

/* ---- the model ------------------------------------------------------------- */

static void start(vdc_mig_state *st, vdc_mig *m)
{
    vdc_mig_postcopy_start(st, m, NULL, VDC_END_COMPLETE);
}

/* The law and the bulk generator drive the destination's page accesses. */
static const vdc_mig_algo algo = {
    .name = "postcopy", .needs = VDC_MIG_NEED_LAW, .start = start,
};

static const vdc_param params[] = { VDC_MIG_COMMON_PARAMS, VDC_MIG_POSTCOPY_PARAMS, { 0 } };

static int init(void *state, const void *p, vdc_sim *sim, vdc_error *err)
{
    return vdc_mig_init(state, p, sim, &algo, err);
}

const vdc_model_type vdc_migration_postcopy = {
    .kind = VDC_KIND_MIGRATION,
    .name = "postcopy",
    .help = "post-copy: state first, then pages by background push and demand faults",
    .params = params,
    .params_size = sizeof(vdc_mig_params),
    .state_size = sizeof(vdc_mig_state),
    .actions = vdc_mig_actions,
    .init = init,
    .finish = vdc_mig_finish,
    .destroy = vdc_mig_destroy,
};
