/* world.h -- the simulated data center's state: hosts, VMs, vCPUs.
 *
 * sim/world owns the entities; models read them and change them only through
 * the verbs below, which notify observers (a model subscribes with
 * vdc_world_observe).  That is how models meet without including each other:
 * the memory model sets a speed factor and the scheduler hears it; migration
 * pauses and moves a VM and the scheduler re-homes its vCPUs.
 *
 * Entities are addressed by index (vm, vcpu, host); arrays may grow when a
 * model adds VMs at run time, so never keep a pointer across a verb call.
 */
#ifndef VDC_WORLD_H
#define VDC_WORLD_H

#include <stdbool.h>
#include <stdint.h>

#include "event.h"
#include "param.h"
#include "workload.h"

/* The most pCPUs a host may have (checked by the scenario loader); the
 * schedulers size their per-host pCPU masks by it. */
#define VDC_MAX_PCPUS_PER_HOST 4096

typedef struct vdc_sim vdc_sim;

/* Model kinds, in initialisation order: placement decides hosts before the
 * memory model sets speeds, before schedulers read them, and so on. */
typedef enum vdc_kind {
    VDC_KIND_PLACEMENT,
    VDC_KIND_MEMORY,
    VDC_KIND_IO,               /* before sched: sets driver domains' demand */
    VDC_KIND_SCHED,
    VDC_KIND_MIGRATION,
    VDC_KIND_STARTUP,
    VDC_KIND_OVERCOMMIT,       /* last: it reads the CPU the scheduler gave */
    VDC_KIND_COUNT
} vdc_kind;

typedef struct vdc_host {
    const char *name;
    int64_t pcpus;
    double memory_gib;
    double bandwidth_gbps;     /* NIC, each direction */
    double latency_us;         /* one-way network latency to any host */
    const char *site;          /* data-center site, NULL = the one default site */
    const char *kernel;        /* host kernel release, NULL = unspecified */
    double power_idle_w;       /* linear power model: idle at 0% ...   */
    double power_peak_w;       /* ... peak at 100% CPU utilisation      */
    bool off;                  /* powered down (vdc_world_set_host_power) */
    double core_mips;          /* speed of one pCPU (MIPS or MHz); 0: unitless */
    const char *power_table;   /* SPECpower preset or watts list, NULL: linear */
} vdc_host;

/* A wide-area link between two sites (scenario "wan_links"), full duplex. */
typedef struct vdc_wan_link {
    const char *a, *b;         /* site names */
    double bandwidth_gbps;     /* each direction */
    double latency_ms;         /* one way, added to the hosts' own latency */
} vdc_wan_link;

/* Sources of a vCPU's speed factor; the speed is their product. */
typedef enum vdc_speed_src {
    VDC_SPEED_MEMORY,          /* virtualization overhead: 1/(1+overhead) */
    VDC_SPEED_THROTTLE,        /* migration auto-converge                 */
    VDC_SPEED_REMOTE,          /* post-copy remote page faults            */
    VDC_SPEED_IO,              /* guest CPU spent on I/O exits/notifications */
    VDC_SPEED_SWAP,            /* waits on guest/host swap-ins (overcommit) */
    VDC_SPEED_SRC_COUNT
} vdc_speed_src;

typedef struct vdc_vm {
    const char *name;
    int host;                  /* host index, -1 while unplaced          */
    int64_t vcpus;
    double memory_gib;
    int64_t weight;            /* Xen credit weight, 1..65535            */
    int64_t cap;               /* % of one pCPU for the whole VM, 0 none */
    vdc_intlist pin;           /* pCPUs the vCPUs may run on; empty: all */
    double vcpu_mips;          /* capacity of one vCPU (host's unit); 0: one
                                  pCPU of whatever host it is on            */
    vdc_workload wl;
    bool paused;
    bool migrating;            /* a migration model has taken it on      */
    int vcpu0;                 /* index of its first vCPU                */
    int entry;                 /* index of its vms[] entry in the scenario
                                  (VMs of one `count` share it; messages);
                                  -1 if added at run time                 */
    const void *kind_params[VDC_KIND_COUNT]; /* vms[i].<kind> blocks     */
    const char *no_migrate;    /* why it cannot be live-migrated (a
                                  passthrough device); NULL: it can       */
    int64_t max_vcpus;         /* vCPU slots (hot-plug limit); the world
                                  keeps max_vcpus >= vcpus, vCPUs vcpus ..
                                  max_vcpus-1 are offline; 0 in a
                                  template: = vcpus                       */
    double memory_target_gib;  /* last target asked by resize/balloon    */
    bool ballooned;            /* a model (overcommit) has taken memory
                                  requests on: it moves memory_gib itself */
} vdc_vm;

typedef struct vdc_vcpu {
    int vm;
    int index;                 /* 0 .. vcpus-1 within its VM */
    double speed;              /* product of factor[]; 1 = native speed */
    double factor[VDC_SPEED_SRC_COUNT];
} vdc_vcpu;

typedef struct vdc_world {
    vdc_host *host; int nhost;
    vdc_vm *vm; int nvm;
    vdc_vcpu *vcpu; int nvcpu;
    /* private: */
    int cap_vm, cap_vcpu;
    struct vdc_observer *obs; int nobs, cap_obs;
} vdc_world;

typedef enum vdc_obs {
    VDC_OBS_SPEED,             /* a vCPU's speed changed                 */
    VDC_OBS_PAUSE,             /* a VM paused                            */
    VDC_OBS_RESUME,            /* a VM resumed                           */
    VDC_OBS_MOVE,              /* a VM now on another host (or none)     */
    VDC_OBS_WORKLOAD,          /* a VM's workload replaced               */
    VDC_OBS_ADD,               /* a VM added at run time                 */
    VDC_OBS_MIGRATE_REQ,       /* someone asks to migrate a VM to a host;
                                  a migration model takes it on by setting
                                  vm.migrating, else the world moves it at once */
    VDC_OBS_HOST_POWER,        /* a host went on/off                     */
    VDC_OBS_RESIZE,            /* a VM's vcpus, memory_gib, weight or cap
                                  changed (old values in the event)      */
    VDC_OBS_MEMORY_REQ         /* someone asks a VM's memory to become
                                  vm.memory_target_gib; a model takes it
                                  on by setting vm.ballooned, else the
                                  world sets memory_gib at once           */
} vdc_obs;

/* What an observer hears.  Fields that do not apply to `what` are -1. */
typedef struct vdc_obs_event {
    vdc_obs what;
    int vm;                    /* the VM; -1 for HOST_POWER              */
    int vcpu;                  /* SPEED: the vCPU whose speed changed    */
    int host;                  /* MIGRATE_REQ: the destination asked;
                                  MOVE: the new host (-1: none);
                                  HOST_POWER: the host                    */
    int64_t old_vcpus;         /* RESIZE: the values before the change   */
    double old_memory_gib;
    int64_t old_weight, old_cap;
} vdc_obs_event;

typedef void (*vdc_observer_fn)(void *ctx, vdc_sim *sim, const vdc_obs_event *ev);

/* ---- building ------------------------------------------------------ */
int vdc_world_init(vdc_world *w, const vdc_host *hosts, int nhost,
                   const vdc_vm *vms, int nvm, vdc_error *err);
void vdc_world_release(vdc_world *w);
/* Add a VM at run time (copy of *tmpl); returns its index or < 0. */
int vdc_world_add_vm(vdc_world *w, vdc_sim *sim, const vdc_vm *tmpl);
int vdc_world_observe(vdc_world *w, vdc_observer_fn fn, void *ctx);

/* ---- verbs (each notifies observers) -------------------------------- */
void vdc_world_set_speed(vdc_world *w, vdc_sim *sim, int vm, vdc_speed_src src,
                         double factor);
void vdc_world_pause(vdc_world *w, vdc_sim *sim, int vm);
void vdc_world_resume(vdc_world *w, vdc_sim *sim, int vm);
void vdc_world_move(vdc_world *w, vdc_sim *sim, int vm, int host);
void vdc_world_set_workload(vdc_world *w, vdc_sim *sim, int vm, const vdc_workload *wl);
/* Ask for vm to go to host (placement/consolidation policies use this):
 * a migration model observing VDC_OBS_MIGRATE_REQ migrates it; with none,
 * or if none takes it on, the VM moves instantly.  Returns true if a model
 * took it on (the move then happens when the migration ends). */
bool vdc_world_request_migration(vdc_world *w, vdc_sim *sim, int vm, int host);
/* (A VM with no_migrate set stays where it is: nothing moves, false.) */
void vdc_world_set_host_power(vdc_world *w, vdc_sim *sim, int host, bool on);
/* Resizing (VDC_OBS_RESIZE): online vCPUs 1..max_vcpus (new vCPUs take the
 * speed factors of vCPU 0); memory the host gives the VM; Xen weight/cap
 * (as `xl sched-credit -d` on a running domain; -1 keeps a value). */
void vdc_world_set_vcpus(vdc_world *w, vdc_sim *sim, int vm, int64_t n);
void vdc_world_set_memory(vdc_world *w, vdc_sim *sim, int vm, double gib);
void vdc_world_set_sched(vdc_world *w, vdc_sim *sim, int vm, int64_t weight, int64_t cap);
/* Ask for a VM's memory to become gib (a balloon target): a model observing
 * VDC_OBS_MEMORY_REQ that manages memory (vm.ballooned) moves it over time;
 * with none, memory_gib changes at once. */
void vdc_world_request_memory(vdc_world *w, vdc_sim *sim, int vm, double gib);

/* ---- queries -------------------------------------------------------- */
int vdc_world_find_vm(const vdc_world *w, const char *name);    /* -1 if none */
int vdc_world_find_host(const vdc_world *w, const char *name);
/* The VM an action names (vdc_vmref from a VDC_PARAM_VM_LATE), -1 if none. */
int vdc_vmref_resolve(const vdc_vmref *r, const vdc_world *w);
#endif
