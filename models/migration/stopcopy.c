/* stopcopy.c -- stop-and-copy: pause, send all memory, resume at the destination.
 *
 * The minimal migration model (STYLE.md #12) and the last phase of pre-copy.
 * With the VM paused nothing is dirtied, so the transfer is one flow of
 *   bytes = pages x (page + header) + zero pages x (header + 1) + state,
 * and, on an otherwise idle link of B bytes/s and one-way latency L,
 *   downtime = total = bytes / B + L + resume.
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

#include "mig_params.h"

void vdc_mig_stopcopy_start(vdc_mig_state *st, vdc_mig *m, double pages, double zero,
                            vdc_mig_end why)
{
    vdc_mig_settle(st, m);
    m->end = why;
    m->phase = VDC_PH_STOPCOPY;
    m->t_pause = vdc_mig_now(st);
    vdc_world_pause(&st->sim->world, st->sim, m->vm);
    double bytes = vdc_mig_wire_bytes(st, pages, zero) + st->p->state_mib * 1048576.0;
    m->pages_sent += pages;
    m->bytes_sent += bytes;
    double cap = st->p->xen_adaptive_rate && st->p->xen_rate_final
                 ? m->xen_mbit * 125000.0 : 0;           /* Mbit/s -> bytes/s */
    vdc_mig_send(st, m, bytes, cap);
}

/* The last byte has left the source: the VM runs at dst after the path
 * latency and the resume time. */
void vdc_mig_stopcopy_sent(vdc_mig_state *st, vdc_mig *m)
{
    double d = vdc_net_latency_s(st->net, m->src, m->dst) + st->p->resume_ms * 1e-3;
    vdc_mig_switch_at(st, m, vdc_mig_now(st) + vdc_time_from_s(d));
}

/* ---- the model ------------------------------------------------------------- */

static const vdc_param params[] = { VDC_MIG_COMMON_PARAMS, { 0 } };

static int init(void *state, const void *p, vdc_sim *sim, vdc_error *err)
{
    return vdc_mig_init(state, p, sim, VDC_MIG_STOPCOPY, err);
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
};
