/* monitor.h -- what a data-center policy needs to see: per host, the CPU
 * demand of its VMs over time, its power state, and the exact integrals of
 * utilisation, energy and unmet demand (internal to models/placement/).
 *
 * The demand of a VM is its workload's (vdc_workload_demand, exact for cpu
 * and onoff, the mean for io and ping) times its vCPUs, each vCPU at most
 * one pCPU, the VM at most its cap: the bound the fluid scheduler gives it.
 * A host's demand D is the sum over its VMs; with P pCPUs its utilisation
 * is min(D, P)/P -- what fluid.c computes, since weighted max-min is work
 * conserving -- and D - P > 0 is demand that no scheduler can serve there.
 * A paused VM (migration downtime) has its demand unmet in full.
 * The integrals are exact: between two changes the demand is constant, and
 * onoff phase boundaries inside an interval are found with
 * vdc_workload_next_change.  Changes come from world notifications
 * (vdc_mon_observe, which must see them before the VM's new state is used).
 * Energy: P(util) of the host's curve while on (its own power_table, else
 * the model's; P(1) with full_power: the paper's non-power-aware
 * baseline), a transition's own watts while it boots or shuts down,
 * nothing while off.
 */
#ifndef VDC_MONITOR_H
#define VDC_MONITOR_H

#include "power.h"
#include "sim.h"

typedef enum { VDC_HOST_ON, VDC_HOST_SHUTDOWN, VDC_HOST_OFF, VDC_HOST_BOOT,
               VDC_HOST_NSTATES } vdc_host_state;

/* Integrals, per host and summed over the data center. */
typedef struct vdc_mon_sums {
    double on_s;            /* seconds powered on (state ON)                 */
    double on_pcpu_s;       /* pCPU-seconds of hosts powered on              */
    double energy_on_j;     /* P(util) while on                              */
    double energy_trans_j;  /* while booting or shutting down                */
    double busy_s;          /* pCPU-seconds served: min(D, P)                */
    double demand_s;        /* pCPU-seconds wanted, paused VMs included      */
    double unmet_over_s;    /* pCPU-seconds over capacity: max(0, D - P)     */
    double unmet_down_s;    /* pCPU-seconds wanted by paused VMs             */
    double full_s;          /* seconds on with D >= P > 0 (SLATAH numerator) */
    double off_s;           /* seconds off (asleep; AITF numerator)          */
} vdc_mon_sums;

typedef struct vdc_mon_vm {
    vdc_workload wl;        /* as of the last settle of its host */
    bool paused;
    int host, slot;         /* list holding it (-1: unplaced) */
    double est_acc;         /* demand-seconds since est_t0 (unpaused demand) */
    vdc_time est_t0;
    double dem_s;           /* speed-seconds wanted since placed, paused too
                               (pCPU-s x core_mips; pCPU-s without speeds) */
    double down_s;          /* of which while paused (migration downtime)    */
    vdc_time nx_from, nx;   /* the workload's next change after any t in
                               [nx_from, nx) is nx (snap_demand's cache)  */
} vdc_mon_vm;

typedef struct vdc_mon_host {
    int *vm; int n, cap;
    vdc_time last;          /* integrals are up to here */
    int state;              /* vdc_host_state */
    double trans_w;         /* watts during the current transition */
    vdc_mon_sums s;
} vdc_mon_host;

typedef struct vdc_mon {
    vdc_sim *sim;
    vdc_power_curve curve;           /* hosts without their own power_table */
    vdc_power_curve *hcurve; int nhcurve;  /* distinct hosts' power_table     */
    int *curve_ix;                   /* per host: index in hcurve, -1: curve */
    vdc_mon_vm *v; int nv;
    vdc_mon_host *h; int nh;
    vdc_mon_sums tot;
    int count[VDC_HOST_NSTATES];
    double *scratch; int nscratch;   /* per-VM bounds of the host being settled */
    bool full_power;        /* NPA: a host on draws P(1) whatever its load */
} vdc_mon;

/* ---- building ------------------------------------------------------ */
/* curve: for hosts without a power_table; a bad host table is VDC_EINPUT
 * naming the host. */
int vdc_mon_init(vdc_mon *m, vdc_sim *sim, const vdc_power_curve *curve, vdc_error *err);
void vdc_mon_free(vdc_mon *m);

/* ---- following the world ------------------------------------------- */
/* Call first thing in the model's observer; 0 or VDC_ENOMEM. */
int vdc_mon_observe(vdc_mon *m, vdc_obs what, int vm);
void vdc_mon_settle(vdc_mon *m, int host);          /* integrals up to now */
void vdc_mon_settle_all(vdc_mon *m);
/* Enter a power state (settles first); trans_w is used for BOOT/SHUTDOWN. */
void vdc_mon_set_state(vdc_mon *m, int host, vdc_host_state st, double trans_w);

/* ---- reading ------------------------------------------------------- */
/* A VM's demand now, in pCPUs, as if it were running (paused or not). */
double vdc_mon_vm_demand(const vdc_mon *m, int vm);
/* Mean of that demand since the last call (settle its host first); the
 * demand now when no time has passed.  Restarts the averaging window. */
double vdc_mon_vm_estimate(vdc_mon *m, int vm);
/* Estimates and dem_s are in speed units, pCPUs x the host's core_mips (1
 * when hosts have none), so that a VM's figure means the same on any host
 * of a heterogeneous data center; this is that factor of host h. */
static inline double vdc_mon_speed(const vdc_mon *m, int h)
{
    double s = m->sim->world.host[h].core_mips;
    return s > 0 ? s : 1;
}
double vdc_mon_host_demand(const vdc_mon *m, int host);  /* D now, pCPUs */
/* Watts of host h at utilisation u by its curve (PABFD's power increase). */
double vdc_mon_power_w(const vdc_mon *m, int host, double u);

#endif
