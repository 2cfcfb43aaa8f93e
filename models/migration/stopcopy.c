/* stopcopy.c -- stop-and-copy: pause, send all memory, resume at the destination.
 *
 * The minimal migration model (STYLE.md #12), and the file to copy for a new
 * algorithm: a phase table, an algorithm table, a parameter table and the
 * model descriptor; no edit to mig_core.c, one line in models/registry.c
 * (README.md, "Adding an algorithm").  Its phase is also the last phase of
 * pre-copy (precopy.c calls vdc_mig_stopcopy_start()).
 *
 * With the VM paused nothing is dirtied, so the transfer is one flow of
 *   bytes = pages x (page + header) + zero pages x (header + 1) + state,
 * and, on an otherwise idle link of B bytes/s and one-way latency L,
 *   downtime = total = bytes / B + L + suspend + resume.
 * suspend and resume are the switchover's fixed costs (vdc_mig_switchover_s:
 * a preset such as xen-pv, or suspend_ms / resume_ms).  Suspending happens
 * before the last transfer in reality; it is added after it here, which
 * gives the same downtime (the link is idle during it either way) but frees
 * the link a little earlier for other migrations.
 * That equality (to the nanosecond) is the known answer of
 * tests/test_migration.c.  The final round is not rate-limited, as QEMU's
 * ram_save_complete() "flushes all remaining blocks regardless of rate
 * limiting" (migration/ram.c).  Xen's xc_linux_save.c (2005) sends its last
 * iteration through the same rate writer; xen_rate_final = true does that,
 * but Clark et al.'s ~18 MB final round in 210 ms (> 500 Mbit/s) was not
 * limited to the 500 Mbit/s ceiling, so it is off by default.
 * Limits: no compression, no XBZRLE, one stream (no multifd).
 */
#include <math.h>

#include "mig_params.h"   /* mig_core.h + the shared parameter entries */
#include "mig_wl.h"
#include "units.h"

/* ---- the phase ------------------------------------------------------------------
 * A phase is a const table of what happens to a migration in it.  The core
 * calls `sent` when the flow started with vdc_mig_send() has put its last
 * byte on the wire, and `arrived` when the VM runs at the destination (after
 * vdc_mig_switch_at()).  This phase has no `time_cap`: once paused, the VM
 * is sent to the end.  It needs no `abort`: its bytes are counted when the
 * flow starts. */

static void stopcopy_sent(vdc_mig_state *st, vdc_mig *m);
static void stopcopy_arrived(vdc_mig_state *st, vdc_mig *m);

static const vdc_mig_phase_type phase_stopcopy = {
    .name = "stopcopy",
    .live = false,                   /* paused: throttling costs nothing now */
    .sent = stopcopy_sent,
    .arrived = stopcopy_arrived,
};

void vdc_mig_stopcopy_start(vdc_mig_state *st, vdc_mig *m, double pages, double zero,
                            vdc_mig_end why)
{
    vdc_mig_settle(st, m);           /* close the VM's speed integral first */
    m->end = why;                    /* the end_reason once the VM runs at dst */
    m->phase = &phase_stopcopy;
    if (m->t_pause < 0)              /* (criu.c pauses earlier, to dump) */
        m->t_pause = vdc_mig_now(st);/* downtime runs from here to t_resume */
    vdc_world_pause(&st->sim->world, st->sim, m->vm);
    double cpu_cap;                  /* multifd / XBZRLE CPU bound, 0 = none */
    double bytes = vdc_mig_page_bytes(st, m, pages, zero, &cpu_cap) +
                   st->p->state_mib * VDC_MIB +
                   vdc_mig_pause_extra(st, m);       /* dirty disk blocks, if any */
    m->pages_sent += pages;
    m->bytes_sent += bytes;
    /* Not rate-limited (QEMU ram_save_complete), unless Xen's adaptive rate
     * is asked to apply to the last round too: Mbit/s -> bytes/s. */
    double cap = st->p->xen_adaptive_rate && st->p->xen_rate_final
                 ? m->xen_mbit * VDC_MBPS_BYTES : 0;
    vdc_mig_send(st, m, bytes, vdc_mig_min_cap(cap, cpu_cap));
}

/* The last byte has left the source: the VM runs at dst after the path
 * latency and the switchover's fixed costs. */
static void stopcopy_sent(vdc_mig_state *st, vdc_mig *m)
{
    double d = vdc_net_latency_s(st->net, m->src, m->dst) + vdc_mig_switchover_s(st) +
               m->resume_extra_s;
    vdc_mig_switch_at(st, m, vdc_mig_now(st) + vdc_time_from_s(d));
}

/* The core has moved and resumed the VM: write the row, free the state. */
static void stopcopy_arrived(vdc_mig_state *st, vdc_mig *m)
{
    vdc_mig_done(st, m, m->end);
}

/* ---- the algorithm ----------------------------------------------------------------
 * The core calls `start` after setup_ms with the VM still running at the
 * source; it builds only what `needs` asks for (here nothing beyond m->rng:
 * no page law, no bitmap).  `live` is NULL: no live rounds, so the stop
 * policy does not apply and the `policy` column says "none". */

static void start(vdc_mig_state *st, vdc_mig *m)
{
    double n = (double)m->npages;
    vdc_mig_stopcopy_start(st, m, n, round(m->vmp.zero_fraction * n), VDC_END_COMPLETE);
}

static const vdc_mig_algo algo = {
    .name = "stopcopy",
    .needs = 0,
    .start = start,
    .live = NULL,
};

/* ---- the model --------------------------------------------------------------------
 * Parameters: the common entries (mig_params.h) write into vdc_mig_params;
 * an algorithm lists the groups it reads and may append entries of its own.
 * State: the core's vdc_mig_state, filled by vdc_mig_init(). */

static const vdc_param params[] = { VDC_MIG_COMMON_PARAMS, { 0 } };

static int init(void *state, const void *p, vdc_sim *sim, vdc_error *err)
{
    return vdc_mig_init(state, p, sim, &algo, err);
}

const vdc_model_type vdc_migration_stopcopy = {
    .kind = VDC_KIND_MIGRATION,
    .name = "stopcopy",
    .help = "stop-and-copy: pause, send all memory and state, resume at the destination",
    .params = params,
    .params_size = sizeof(vdc_mig_params),
    .state_size = sizeof(vdc_mig_state),
    .actions = vdc_mig_actions,
    .init = init,
    .finish = vdc_mig_finish,
    .destroy = vdc_mig_destroy,
    .print_presets = vdc_migwl_print,
};
