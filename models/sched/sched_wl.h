/* sched_wl.h -- event-level CPU workloads of vCPUs, for event-level schedulers.
 *
 * Turns each VM's vdc_workload (sim/world.h) into *work*: amounts of CPU
 * time at native speed that a vCPU must receive, arriving and ending at
 * events.  A scheduler asks how much work a vCPU has until its next
 * completion point, tells how much it did, and says when it completed; the
 * workload tells the scheduler when a vCPU's work changed.  Work is in
 * native ns: a vCPU with speed s does s ns of work per ns on a pCPU.
 *
 *  cpu    demand d = 1: unbounded work.  0 < d < 1: d * P of work at the start
 *         of every period P (models.sched.demand_period_ms; the first period
 *         is cut at a random phase per vCPU); what is left at the next period
 *         start is dropped, so d is a ceiling on the rate, as in the fluid
 *         model.  d = 0: no work.
 *  onoff  like cpu with demand d inside the on phases, no work in the off
 *         phases (phases from vdc_workload_demand / _next_change).
 *  io     a burst of work (mean burst_ms), then blocked for a wait (mean
 *         wait_ms, wall-clock), repeated; exp or const laws.
 *  ping   the client VM's vCPU 0 issues a request every interval (exp or
 *         const); handling it costs service_ms of work on the client (send),
 *         then on the peer's vCPU 0 (serve; ahead of the peer's own work, as
 *         an interrupt is), then on the client (receive).  Hosts apart add
 *         the client host's one-way latency_us each way.  Latency = from the
 *         send (ping's stamp, iputils ping4_send_probe: taken when the client
 *         runs to send, so its wait before that is not counted) to the end
 *         of the receive.
 *  idle   no work.
 *
 * No allocation per event: message and item buffers grow by doubling.
 */
#ifndef VDC_SCHED_WL_H
#define VDC_SCHED_WL_H

#include <stdbool.h>

#include "credit_hist.h"
#include "sim.h"

typedef struct vdc_swl vdc_swl;

/* The scheduler's side.  The workload calls settle(v) before it changes the
 * work of vCPU v (the scheduler then reports v's progress so far with
 * vdc_swl_progress), changed(v) after, and flush() at the end of each of its
 * own event handlers (the scheduler acts on what changed). */
typedef struct vdc_swl_ops {
    void (*settle)(void *ctx, int vcpu);
    void (*changed)(void *ctx, int vcpu);
    void (*flush)(void *ctx);
} vdc_swl_ops;

/* ---- life -------------------------------------------------------------- */
vdc_swl *vdc_swl_new(vdc_sim *sim, const vdc_swl_ops *ops, void *ctx,
                     vdc_time demand_period, vdc_error *err);
void vdc_swl_free(vdc_swl *w);
/* The world gained VMs: size per-vCPU state to it.  0 or VDC_ENOMEM. */
int vdc_swl_grow(vdc_swl *w);
/* (Re)start the workload of every vCPU of vm from now: timers, first work.
 * Calls changed() for each vCPU.  0 or VDC_ENOMEM. */
int vdc_swl_start(vdc_swl *w, int vm);
/* vCPU hot-plug: start vCPU i of vm alone (just onlined); stop vCPU v (just
 * offlined: its work and timer dropped; the caller has descheduled it). */
int vdc_swl_start_vcpu(vdc_swl *w, int vm, int i);
void vdc_swl_stop_vcpu(vdc_swl *w, int v);

/* ---- the scheduler's questions and reports ----------------------------- */
/* Native ns of work until the next completion point: 0 = no work,
 * INFINITY = unbounded. */
double vdc_swl_work(const vdc_swl *w, int vcpu);
static inline bool vdc_swl_has_work(const vdc_swl *w, int vcpu)
{
    return vdc_swl_work(w, vcpu) > 0;
}
/* The vCPU did `work` native ns (less than vdc_swl_work). */
void vdc_swl_progress(vdc_swl *w, int vcpu, double work);
/* The vCPU reached its completion point (the work there is done). */
void vdc_swl_complete(vdc_swl *w, int vcpu);

/* Ping latencies are recorded only for requests sent at or after t (a
 * warm-up; default 0). */
void vdc_swl_latency_from(vdc_swl *w, vdc_time t);

/* ---- results ----------------------------------------------------------- */
/* Request latencies of a ping client VM (NULL if vm is not one). */
const vdc_chist *vdc_swl_ping_latency(const vdc_swl *w, int vm);

#endif
