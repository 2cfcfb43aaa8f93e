/* workload.h -- what a VM's vCPUs ask of the CPU (vms[i].workload).
 *
 * The scenario loader fills a vdc_workload per VM; the schedulers read it
 * (fluid through vdc_workload_demand, credit event by event), and the
 * set_workload action or a model replaces it through vdc_world_set_workload.
 * Units: cpu/onoff `demand` and trace samples are relative to the VM's own
 * vCPU (vms[i].vcpu_mips); `scale`, kept by the world, turns them into
 * pCPUs of the VM's current host (1 when speeds are not given).
 * A trace is read at trace time t + offset_s: sample i covers
 * [i, i+1) x interval_s (or its own duration); `step` holds it, `linear`
 * interpolates towards sample i+1 as CloudSim's UtilizationModelPlanetLab
 * does; past the last sample `end` gives 0 (stop), the last value (hold) or
 * the trace again (loop) -- also as the "next" sample of linear.
 */
#ifndef VDC_WORKLOAD_H
#define VDC_WORKLOAD_H

#include <stdbool.h>

#include "event.h"

/* CPU workload of every vCPU of a VM. */
typedef enum vdc_wl_type {
    VDC_WL_CPU,      /* constant demand `demand` (fraction of a pCPU)    */
    VDC_WL_ONOFF,    /* `demand` for on_s, 0 for off_s, from phase_s      */
    VDC_WL_IO,       /* run burst_ms, block wait_ms, repeat (random laws) */
    VDC_WL_PING,     /* request every interval_ms to `peer`, which serves
                        it for service_ms of CPU; latency measured        */
    VDC_WL_IDLE,     /* no demand                                         */
    VDC_WL_TRACE     /* recorded samples (trace.h), interval_s apart      */
} vdc_wl_type;

typedef enum { VDC_TR_STEP, VDC_TR_LINEAR } vdc_trace_interp;
typedef enum { VDC_TR_STOP, VDC_TR_HOLD, VDC_TR_LOOP } vdc_trace_end;
/* Unit of trace samples: % of the VM's capacity, fraction of it, cores
 * (vCPUs busy, all together), MIPS or MHz (all vCPUs together, absolute). */
typedef enum { VDC_TR_PERCENT, VDC_TR_FRACTION, VDC_TR_CORES, VDC_TR_MIPS } vdc_trace_unit;

typedef enum vdc_dist { VDC_DIST_EXP, VDC_DIST_CONST } vdc_dist;

typedef struct vdc_workload {
    int type;                  /* vdc_wl_type */
    double demand;             /* CPU, ONOFF: fraction of one pCPU, 0..1;
                                  PING: the client's own work besides    */
    double on_s, off_s, phase_s;
    bool phase_random;         /* ONOFF: phase_s drawn per VM (see below)  */
    double burst_ms, wait_ms;  /* IO: mean run burst and mean block time */
    int dist;                  /* vdc_dist of bursts and waits           */
    int peer;                  /* PING: VM index of the server, -1 none  */
    double interval_ms;        /* PING: mean time between requests       */
    double service_ms;         /* PING: server CPU time per request      */
    const struct vdc_trace *trace;   /* TRACE: samples (the scenario's)   */
    const char *file, *column; /* TRACE: where they come from            */
    double interval_s;         /* TRACE: time between samples            */
    double offset_s;           /* TRACE: trace time at simulated time 0  */
    int interp, end, unit;     /* TRACE: vdc_trace_interp, _end, _unit   */
    vdc_time interval_ns, offset_ns;  /* TRACE: the two above in ns (set by
                                  vdc_workload_rescale; 0: computed)     */
    double scale;              /* pCPUs of the current host per unit of
                                  demand or sample; 0 = unset = 1; kept by
                                  the world (vdc_workload_rescale)        */
} vdc_workload;

struct vdc_vm;
struct vdc_host;

/* Set wl->scale for vm on host h (NULL: unplaced): vcpu_mips / core_mips
 * (1 if either is 0) times, for traces, the unit's factor. */
void vdc_workload_rescale(struct vdc_vm *vm, const struct vdc_host *h);
/* ONOFF with phase_random: draw phase_s uniformly in [0, on_s + off_s)
 * from stream "vm/<name>/onoff-phase" of the run's seed, so that copies of
 * one entry (count, or a data center's arrivals) do not all switch on at
 * once.  Called for every VM when the world is built and when one is added. */
void vdc_workload_random_phase(vdc_workload *wl, uint64_t seed, const char *vm_name);
/* Does the demand change over time (onoff, trace)? */
bool vdc_workload_varies(const vdc_workload *wl);
/* A trace's sample value (in its unit) at simulated time t, before scale. */
double vdc_workload_trace_value(const vdc_workload *wl, vdc_time t);

/* Demand of one vCPU of vm at time t (CPU and ONOFF exactly; IO as its
 * mean burst/(burst+wait); PING as demand + service_ms/interval_ms), 0 when
 * paused.
 * ONOFF phases are computed in integer ns so boundaries are exact. */
double vdc_workload_demand(const struct vdc_vm *vm, vdc_time t);
/* First time > t at which the demand changes (VDC_TIME_MAX if never). */
vdc_time vdc_workload_next_change(const struct vdc_vm *vm, vdc_time t);
/* The same for a workload alone (a model's snapshot), as if running. */
double vdc_workload_demand_of(const vdc_workload *wl, vdc_time t);
vdc_time vdc_workload_next_change_of(const vdc_workload *wl, vdc_time t);

#endif
