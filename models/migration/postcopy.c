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
 * Fault simulation, one event per change: the VM's accesses are a Poisson
 * process of touch_rate x speed in the VM's own time (none while a fault
 * stalls it) over the same page-popularity law as its writes; pages
 * delivered by time t are those the flow has sent by t.  An access to a
 * page already delivered cannot fault, whatever the flow does later, so it
 * is drawn and passed over without an event; an event is due only at an
 * access that may fault (its page not delivered when it was drawn) and at
 * the end of each stall, during which the VM's VDC_SPEED_REMOTE factor is
 * MIN_REMOTE_SPEED (1 otherwise), so the scheduler sees each stall when it
 * happens.  (Until 2026-12 the process ran in 10 ms epochs whose stalled
 * fraction became the next epoch's factor: a lag and 100 events per second
 * per VM; tests/bench/RESULTS.md.)
 * Limits: one access stream per VM (not per vCPU); reads and writes follow
 * one law; pages outside the writable working set are never touched.
 */
#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_randist.h>

#include "mig_params.h"
#include "mig_wl.h"
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
static void speed_changed(vdc_mig_state *st, vdc_mig *m);
static const vdc_mig_phase_type phase_pages = {
    .name = "postcopy", .sent = pages_sent, .speed = speed_changed,
};
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

/* Pages the background flow has delivered by now. */
static void scan_to_now(vdc_mig_state *st, vdc_mig *m)
{
    double total = vdc_mig_wire_bytes(st, (double)m->post_pages, 0);
    double per_page = m->post_pages ? total / (double)m->post_pages : 1;
    advance_scan(m, (m->flow ? vdc_net_sent(st->net, m->flow) : total) / per_page);
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

static void set_remote(vdc_mig_state *st, vdc_mig *m, double f)
{
    vdc_world *w = &st->sim->world;
    if (w->vcpu[w->vm[m->vm].vcpu0].factor[VDC_SPEED_REMOTE] != f)
        vdc_world_set_speed(w, st->sim, m->vm, VDC_SPEED_REMOTE, f);
}

static void on_access(vdc_engine *eng, void *ctx, uint64_t arg);

/* (Re)arm the event of the planned access: acc_work VM seconds from acc_t. */
static void arm(vdc_mig_state *st, vdc_mig *m)
{
    vdc_engine_cancel(st->sim->eng, m->ev_timer);
    m->ev_timer = 0;
    if (!(m->acc_speed > 0) || !(m->acc_work < INFINITY))
        return;                             /* paused, or never touches a page */
    double dt = m->acc_work / m->acc_speed;
    vdc_time now = vdc_mig_now(st);
    if (dt * 1e9 >= (double)(VDC_TIME_MAX - now))
        return;                             /* beyond the clock's range */
    m->ev_timer = vdc_engine_at(st->sim->eng, m->acc_t + vdc_time_from_s(dt), on_access, st,
                                (uint64_t)m->idx);
}

/* Plan the next access that may fault.  Accesses to pages already here can
 * never fault (pages only arrive), so they are drawn and passed over here
 * without an event; at most PLAN_DRAWS of them per call, so a VM whose
 * pages are all here still costs one event per PLAN_DRAWS accesses. */
#define PLAN_DRAWS 64
static void plan(vdc_mig_state *st, vdc_mig *m)
{
    double touch = m->vmp.touch_rate_pages_s >= 0 ? m->vmp.touch_rate_pages_s
                                                  : m->vmp.dirty_rate_pages_s;
    m->acc_t = vdc_mig_now(st);
    m->acc_speed = base_speed(st, m);
    m->acc_work = INFINITY;
    if (!(touch > 0) || m->law.nseg == 0)
        return;
    scan_to_now(st, m);
    m->acc_work = 0;
    for (int k = 0; k < PLAN_DRAWS; k++) {
        /* The page first, so that its bitmap word (a cache miss: 1,000 VMs'
         * bitmaps do not fit) loads while the gap is drawn; the two come
         * from separate generators, so the order changes no result. */
        m->acc_page = vdc_law_draw(&m->law, vdc_dirty_next(&m->dirty),
                                   vdc_dirty_next(&m->dirty), vdc_dirty_next(&m->dirty));
        __builtin_prefetch(&m->pending[m->acc_page >> 6]);
        m->acc_work += gsl_ran_exponential(m->rng, 1 / touch);
        if (vdc_bitmap_test(m->pending, m->acc_page))
            break;
    }
    arm(st, m);
}

static void on_stall_end(vdc_engine *eng, void *ctx, uint64_t arg)
{
    vdc_mig_state *st = ctx;
    vdc_mig *m = st->mig[arg];
    (void)eng;
    m->ev_timer = 0;
    __builtin_prefetch(&m->pending[m->cursor >> 6]);   /* where plan's scan resumes */
    set_remote(st, m, 1);               /* (still `stalled`: the speed hook waits) */
    m->stalled = false;
    if (m->phase == &phase_pages)
        plan(st, m);
}

/* The planned access: a remote fault if its page has not arrived yet. */
static void on_access(vdc_engine *eng, void *ctx, uint64_t arg)
{
    vdc_mig_state *st = ctx;
    vdc_mig *m = st->mig[arg];
    const vdc_mig_params *p = st->p;
    m->ev_timer = 0;
    uint64_t pg = m->acc_page;
    __builtin_prefetch(&m->pending[pg >> 6]);   /* (a miss; load it during the scan) */
    scan_to_now(st, m);
    if (!vdc_bitmap_test(m->pending, pg)) {
        plan(st, m);                    /* the background stream was first */
        return;
    }
    vdc_bitmap_clear(m->pending, pg);
    m->faults++;
    m->cursor = pg + 1 < m->npages ? pg + 1 : 0;
    double rate = m->flow ? vdc_net_rate(st->net, m->flow) : 0;
    if (!(rate > 0))
        rate = vdc_net_link_Bps(st->net, m->src);
    double lfault = 2 * vdc_net_latency_s(st->net, m->src, m->dst) +
                    ((double)p->page_bytes + (double)p->page_header_bytes) / rate +
                    (p->postcopy_preempt ? 0 : p->postcopy_queue_ms * 1e-3);
    m->degradation_s += lfault;
    m->stalled = true;
    set_remote(st, m, MIN_REMOTE_SPEED);
    m->ev_timer = vdc_engine_at(eng, vdc_engine_now(eng) + vdc_time_from_s(lfault),
                                on_stall_end, st, (uint64_t)m->idx);
}

/* The VM's speed changed (another factor, a pause): the planned access
 * comes sooner or later by the work already done at the old speed. */
static void speed_changed(vdc_mig_state *st, vdc_mig *m)
{
    if (m->stalled || !(m->acc_work < INFINITY))
        return;
    double s = base_speed(st, m);
    if (s == m->acc_speed)
        return;
    vdc_time now = vdc_mig_now(st);
    m->acc_work -= vdc_time_to_s(now - m->acc_t) * m->acc_speed;
    if (m->acc_work < 0)
        m->acc_work = 0;
    m->acc_t = now;
    m->acc_speed = s;
    arm(st, m);
}

/* The VM runs at the destination: push the pending pages, simulate faults. */
static void running(vdc_mig_state *st, vdc_mig *m)
{
    m->phase = &phase_pages;
    /* pure post-copy sends zero pages as headers; hybrid's pages were written */
    double zero = m->rounds == 0 ? round(m->vmp.zero_fraction * (double)m->post_pages) : 0;
    double bytes = vdc_mig_wire_bytes(st, (double)m->post_pages, zero);
    m->bytes_sent += bytes;
    m->pages_sent += (double)m->post_pages;
    m->stalled = false;
    vdc_mig_send(st, m, bytes, 0);
    plan(st, m);
}

static void on_end(vdc_engine *eng, void *ctx, uint64_t arg)
{
    vdc_mig_state *st = ctx;
    (void)eng;
    vdc_mig *m = st->mig[arg];
    vdc_mig_done(st, m, m->end);
}

/* Every page is out: no access can fault any more; a stall under way ends
 * at its time (or when the migration ends, whichever is first). */
static void pages_sent(vdc_mig_state *st, vdc_mig *m)
{
    scan_to_now(st, m);
    if (!m->stalled) {
        vdc_engine_cancel(st->sim->eng, m->ev_timer);
        m->ev_timer = 0;
    }
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
    .print_presets = vdc_migwl_print,
};
