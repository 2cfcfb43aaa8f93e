/* startup_int.h -- state shared by the files of the startup model
 * (phases.c: the descriptor, hooks and the phase machine; requests.c: the
 * action verbs start / arrivals / stop and what follows a start; images.c:
 * the per-host image layer cache; report.c: the boots table and metrics).
 * presets.{c,h} (profiles) and share.{c,h} (PS and FIFO resources) have
 * headers of their own.  Prefix vdc_su_.  Not a public interface: other
 * models never include it.
 */
#ifndef VDC_STARTUP_INT_H
#define VDC_STARTUP_INT_H

#include <stdbool.h>
#include <stdint.h>

#include "array.h"
#include "presets.h"
#include "rng.h"
#include "share.h"
#include "sim.h"

/* Result columns of the phases, in boots-table order. */
enum { SU_TOOLSTACK, SU_FETCH, SU_UNPACK, SU_FIRMWARE, SU_KERNEL, SU_INIT, SU_NAMESPACE,
       SU_NPHASE };

/* Per-host resources: CPU in cores, NIC and disk in MiB/s, xenstored (one
 * thread: capacity 1 s/s) and the host-wide namespace lock (FIFO). */
enum { SU_CPU, SU_NET, SU_DISK, SU_XS, SU_LOCK, SU_NRES };

/* What a step does; the first five are jobs on SU_* resources. */
enum { SU_DELAY = SU_NRES, SU_FETCHIMG, SU_MARK };

enum { SU_STEP_PER_MIB = 1, SU_STEP_GROWTH = 2, SU_STEP_EXACT = 4 };   /* step flags; EXACT:
                                                          no jitter (a timer) */
#define SU_MAXSTEP 16
/* Starts plus warm invocations one run may record (~150 B each: 300 MB),
 * the order of the scenario loader's VDC_MAX_VMS. */
#define SU_MAX_ROWS 2000000

typedef struct vdc_su_step {
    uint8_t phase, what, flags;
    double amount;      /* s, core-s or MiB; PER_MIB: per fetched MiB */
} vdc_su_step;

enum { SU_CACHED_PRESET, SU_CACHED_AUTO, SU_CACHED_YES, SU_CACHED_NO };
enum { SU_STARTING, SU_RUNNING, SU_BUSY, SU_IDLE, SU_STOPPED, SU_REFUSED };

/* Model parameters ("models": {"startup": {...}}). */
typedef struct vdc_su_params {
    double disk_mibps, registry_mibps, xs_op_us, xs_scan_ns, host_reserved_mib, warm_ms;
    double share_fraction;      /* of a footprint, shared by instances of one image once
                                   merged: only the density_shared_<kind> metrics use it */
} vdc_su_params;

/* Arguments of the start / arrivals verbs (one struct, two tables). */
typedef struct vdc_su_args {
    const char *instance;
    int kind, preset, host, cached;
    int64_t count, vcpus;
    bool serial, add_vm;
    double interval_s, demand;
    const char *image, *base;
    double memory_mib, image_mib, base_mib, read_mib, boot_read_mib, toolstack_ms, firmware_ms, bootloader_ms, kernel_ms,
        init_ms, namespace_ms, xs_entries, vifs, vbds, consoles, ts_growth_us, idle_cpu_pct,
        jitter, cpu_frac;
    double rate_per_s, duration_s, keep_alive_s, exec_s;     /* arrivals */
} vdc_su_args;

/* One request (a start or an arrivals action) with its overrides applied. */
typedef struct vdc_su_req {
    vdc_su_args a;
    vdc_startup_preset p;       /* the preset after overrides */
    int group, kind, preset;
    int layer[2], nlayer;       /* image layers: [base,] image */
    bool arrivals;
    int64_t launched;           /* instances started so far */
    vdc_time until;             /* arrivals: last arrival instant */
    gsl_rng *rng;               /* arrivals: inter-arrival times */
    uint8_t nstep;
    vdc_su_step steps[SU_MAXSTEP];      /* the same for all its instances */
} vdc_su_req;

typedef struct vdc_su_inst {
    int req, group, host, vm;   /* vm: world index when added, else -1 */
    int index;                  /* within its group: name "<group>-<index>" */
    uint8_t state, step;
    uint8_t owned;              /* bit i: this instance fetches layer[i] */
    float jit;                  /* log-normal factor of its phase times */
    int waits;                  /* fetch: jobs and layers still awaited */
    int running_at_req, starting_at_req;
    vdc_time t_req, t_ready, t_step;
    double own_mib;             /* MiB this instance downloaded */
    double phase_s[SU_NPHASE];
    vdc_event_id timer;         /* keep-alive expiry */
    int pending;                /* arrivals: requests waiting for it */
} vdc_su_inst;

typedef struct vdc_su_host {
    vdc_share res[SU_NRES];
    vdc_event_id ev[SU_NRES];
    double mem_cap_mib, mem_used_mib;
    double idle_cores;          /* CPU taken by running instances' idle load */
    double xs_entries;          /* XenStore entries present */
    int running, starting;
    int running_kind[VDC_STARTUP_NKIND], peak_kind[VDC_STARTUP_NKIND];
    int requested_kind[VDC_STARTUP_NKIND];
    double run_area[VDC_STARTUP_NKIND];  /* instance-seconds running, to run_t */
    vdc_time run_t;
    double mem_kind[VDC_STARTUP_NKIND];  /* sum of requested footprints */
} vdc_su_host;

typedef struct vdc_su_group {
    char *name;
    int next_index;
    gsl_rng *rng;               /* "startup/<name>": phase-time jitter */
    int *pool; int npool, cap_pool;      /* idle warm instances, LIFO */
    int64_t requests, cold, warm, refused;
} vdc_su_group;

typedef struct vdc_su_layer {
    char *name;
    uint8_t *state;             /* per host: 0 absent, 1 fetching, 2 present */
    int **wait; int *nwait, *capwait;    /* per host: instances waiting */
} vdc_su_layer;

typedef struct vdc_su_warm { int inst; vdc_time t_req; } vdc_su_warm;

typedef struct vdc_su_state {
    vdc_sim *sim;
    const vdc_su_params *par;
    vdc_su_host **host; int nhost;
    vdc_su_req *req; int nreq, cap_req;
    vdc_su_inst *inst; int ninst, cap_inst;
    vdc_su_group *group; int ngroup, cap_group;
    vdc_su_layer *layer; int nlayer, cap_layer;
    vdc_su_warm *warm; int nwarm, cap_warm;
    double *static_mib;         /* per host: memory of the scenario's VMs */
    char **vm_names; int nvm_names, cap_vm_names;  /* names of added VMs */
    void *vm_block[VDC_KIND_COUNT];   /* default per-VM blocks for added VMs */
} vdc_su_state;

/* ---- images.c -------------------------------------------------------- */
int vdc_su_layer_id(vdc_su_state *st, const char *name);      /* < 0: ENOMEM */
/* Start the fetch step of instance i; returns the jobs/layers it awaits
 * (0: nothing to fetch) or VDC_ENOMEM. */
int vdc_su_fetch_begin(vdc_su_state *st, int i, double *download_mib);
/* Mark instance i's fetched layers present; wake instances waiting. */
void vdc_su_fetch_mark(vdc_su_state *st, int i, void (*wake)(vdc_su_state *, int));
void vdc_su_layers_free(vdc_su_state *st);

/* ---- report.c -------------------------------------------------------- */
int vdc_su_report(vdc_su_state *st, vdc_error *err);

/* ---- phases.c (for the other files) ----------------------------------- */
vdc_su_host *vdc_su_host_get(vdc_su_state *st, int h);      /* NULL: ENOMEM */
/* Add the running instance-seconds since the last change up to `now`. */
void vdc_su_account(vdc_su_host *hs, vdc_time now);
/* Fill r->steps from its kind and preset (unjittered). */
void vdc_su_build_steps(const vdc_su_state *st, vdc_su_req *r);
/* Start one instance of request `req` now: index, or VDC_ENOMEM. */
int vdc_su_launch(vdc_su_state *st, int req);
/* Stop a running/idle instance: frees its memory, XenStore entries, load. */
void vdc_su_stop(vdc_su_state *st, int i);

/* ---- requests.c ------------------------------------------------------- */
extern const vdc_action_type *const vdc_su_actions[];
/* Instance i is ready: add it to the world, serve, launch the next. */
void vdc_su_on_ready(vdc_su_state *st, int i);

#endif
