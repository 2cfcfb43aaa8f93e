/* workload.h -- what a VM's vCPUs ask of the CPU (vms[i].workload).
 *
 * The scenario loader fills a vdc_workload per VM; the schedulers read it
 * (fluid through vdc_workload_demand, credit event by event), and the
 * set_workload action or a model replaces it through vdc_world_set_workload.
 */
#ifndef VDC_WORKLOAD_H
#define VDC_WORKLOAD_H

#include "event.h"

/* CPU workload of every vCPU of a VM. */
typedef enum vdc_wl_type {
    VDC_WL_CPU,      /* constant demand `demand` (fraction of a pCPU)    */
    VDC_WL_ONOFF,    /* `demand` for on_s, 0 for off_s, from phase_s      */
    VDC_WL_IO,       /* run burst_ms, block wait_ms, repeat (random laws) */
    VDC_WL_PING,     /* request every interval_ms to `peer`, which serves
                        it for service_ms of CPU; latency measured        */
    VDC_WL_IDLE      /* no demand                                         */
} vdc_wl_type;

typedef enum vdc_dist { VDC_DIST_EXP, VDC_DIST_CONST } vdc_dist;

typedef struct vdc_workload {
    int type;                  /* vdc_wl_type */
    double demand;             /* CPU, ONOFF: fraction of one pCPU, 0..1;
                                  PING: the client's own work besides    */
    double on_s, off_s, phase_s;
    double burst_ms, wait_ms;  /* IO: mean run burst and mean block time */
    int dist;                  /* vdc_dist of bursts and waits           */
    int peer;                  /* PING: VM index of the server, -1 none  */
    double interval_ms;        /* PING: mean time between requests       */
    double service_ms;         /* PING: server CPU time per request      */
} vdc_workload;

struct vdc_vm;

/* Demand of one vCPU of vm at time t (CPU and ONOFF exactly; IO as its
 * mean burst/(burst+wait); PING as demand + service_ms/interval_ms), 0 when
 * paused.
 * ONOFF phases are computed in integer ns so boundaries are exact. */
double vdc_workload_demand(const struct vdc_vm *vm, vdc_time t);
/* First time > t at which the demand changes (VDC_TIME_MAX if never). */
vdc_time vdc_workload_next_change(const struct vdc_vm *vm, vdc_time t);

#endif
