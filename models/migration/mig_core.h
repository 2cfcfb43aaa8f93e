/* mig_core.h -- shared core of the migration models (internal to the folder).
 *
 * One vdc_mig per `migrate` action.  The core owns the action, the per-VM
 * block, the network, results and the VM's speed bookkeeping, and calls the
 * algorithm only through its tables (mig_algo.h).  The phase files offer
 * their phases to the algorithms: precopy.c (the live-round loop, also for
 * hybrid.c and precopy_fluid.c), stopcopy.c (pause, send, resume),
 * postcopy.c (state first, pages by background push and demand faults).
 * Times are engine ns.
 */
#ifndef VDC_MIG_CORE_H
#define VDC_MIG_CORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <gsl/gsl_rng.h>

#include "dirty.h"
#include "law.h"
#include "mig_algo.h"
#include "net.h"
#include "policy.h"
#include "storage.h"
#include "sim.h"

/* Per-VM block "vms[i].migration" (vdc_migration_vm_block). */
typedef struct vdc_mig_vm {
    double dirty_rate_pages_s;   /* page writes/s at full speed (Poisson) */
    int law;                     /* vdc_law_kind                           */
    double wws_fraction, hot_fraction, hot_share, zipf_s;
    double zero_fraction;        /* of memory, sent as headers in round 0  */
    double touch_rate_pages_s;   /* post-copy accesses/s, -1 = dirty rate  */
    int64_t processes;           /* CRIU: process tree size */
    double layers_missing_mib;   /* CRIU: image layers to copy first */
    /* local disk (storage.c) */
    double disk_gib, disk_write_rate_blocks_s, disk_read_rate_blocks_s;
    int disk_law;
    double disk_wws_fraction, disk_hot_fraction, disk_hot_share, disk_zipf_s;
    double disk_base_fraction;   /* incremental: blocks equal to the base image */
    vdc_objlist dirty_curve;     /* vdc_mig_curve_pt: measured growth; when
                                    given it replaces rate and law in the
                                    live rounds (vdc_mig_curve_pages)     */
    int workload;                /* preset index (mig_wl.h), 0 = none      */
} vdc_mig_vm;

/* One point of a measured dirty-page curve: after t_s seconds of running
 * (from a cleared bitmap) `fraction` of the VM's pages are dirty. */
typedef struct vdc_mig_curve_pt {
    double t_s, fraction;
} vdc_mig_curve_pt;

/* Model parameters; every variant's table lists the fields it reads. */
typedef struct vdc_mig_params {
    double time_cap_s, rate_cap_mib_s, state_mib, setup_ms, resume_ms;
    int64_t page_bytes, page_header_bytes;
    double core_gbps, oversubscription;
    bool round_samples;
    int policy, cap_action, dirty_model;
    double downtime_limit_ms, max_data_factor;
    int64_t max_rounds, min_dirty_pages, precopy_rounds, skip_redirtied;
    bool auto_converge, xen_adaptive_rate, xen_rate_final, postcopy_preempt;
    double throttle_initial_pct, throttle_increment_pct, throttle_max_pct,
           throttle_trigger_pct;
    double xen_rate_start_mbit, xen_rate_max_mbit, xen_rate_step_mbit;
    double postcopy_queue_ms;
    /* storage (storage.c) */
    int storage_mode;
    int64_t block_bytes, disk_max_rounds;
    double disk_switch_ms, disk_throttle_pct, disk_epoch_ms;
    bool disk_throttle;
    int switchover;              /* fixed costs preset (VDC_SWITCHOVER_*)  */
    double suspend_ms;           /* -1: the preset's                       */
    bool round_latency;          /* each live round pays the path latency */
    double bw_window_ms;         /* bandwidth measurement window          */
    /* network cut-over between sites (cutover.c) */
    int cutover;
    double dns_ttl_s, vpn_route_update_s, sdn_delay_ms;
    /* QEMU zero pages, multifd, XBZRLE (compress.c) */
    int zero_page_detection, multifd;
    int64_t multifd_channels;
    double core_copy_gbps;
    bool xbzrle;
    double xbzrle_cache_size_mib, xbzrle_delta_fraction, xbzrle_encode_mib_s;
    /* CRIU (criu.c) */
    double dump_ms_per_process, restore_ms_per_process;
} vdc_mig_params;

enum { VDC_ZPD_NONE, VDC_ZPD_LEGACY, VDC_ZPD_MULTIFD };
#define VDC_ZPD_CHOICES "none|legacy|multifd"
enum { VDC_CUTOVER_TUNNEL, VDC_CUTOVER_VPN, VDC_CUTOVER_SDN };
#define VDC_CUTOVER_CHOICES "tunnel|vpn|sdn"

enum { VDC_CAP_CANCEL, VDC_CAP_STOP };             /* cap_action   */
enum { VDC_SWITCHOVER_NONE, VDC_SWITCHOVER_XEN_PV };  /* switchover   */
#define VDC_SWITCHOVER_CHOICES "none|xen-pv"
enum { VDC_FLUID_EXPECTED, VDC_FLUID_LINEAR };     /* dirty_model  */

struct vdc_mig {
    int idx, vm, src, dst, seq;
    const vdc_mig_phase_type *phase;
    vdc_mig_end end;
    vdc_time t_start, t_pause, t_resume, t_end;   /* t_pause -1: never paused */
    vdc_flow_id flow;
    vdc_event_id ev_cap, ev_timer;
    vdc_mig_vm vmp;
    uint64_t npages;
    gsl_rng *rng;
    vdc_law law;
    vdc_dirty dirty;             /* bitmap: VDC_MIG_NEED_BITMAP only */
    double round_writes;         /* precopy_fluid: writes of the round so far */
    /* progress */
    double bytes_sent, pages_sent, round_pages, round_bytes, prev_round_pages;
    int64_t rounds;
    /* Xen's skipping of re-dirtied pages: the round in chunks */
    uint64_t *to_send;
    int chunk;
    double round_skipped, chunk_pages, chunk_zero;
    vdc_time round_t0;
    /* dirtying: integral of the VM's speed since the round began */
    double expo, speed;
    vdc_time expo_t;
    /* QEMU bandwidth measurement and auto-converge */
    vdc_time bw_t0, ac_t0;
    double bw_bytes, bw_Bps, ac_dirty_pages, ac_bytes0;
    int ac_high;
    double throttle, max_throttle, degradation_s;
    double xen_mbit;             /* adaptive rate, Mbit/s */
    /* post-copy */
    uint64_t *pending;           /* pages not yet at the destination */
    uint64_t cursor, scanned, post_pages;
    int64_t faults;
    vdc_time acc_t;              /* the next access: acc_work VM seconds after acc_t */
    double acc_work, acc_speed;  /* ... at acc_speed (INFINITY: none planned) */
    uint64_t acc_page;           /* ... to this page */
    bool stalled;                /* a remote fault stalls the VM */
    vdc_mig_disk d;              /* the local disk (storage.h) */
    /* set by an algorithm before a pause phase (criu.c), 0 otherwise */
    double resume_extra_s;       /* added to resume_ms at the destination */
    double pending_pages;        /* pages the next phase sends */
    double xbzrle_pages;         /* pages sent as XBZRLE deltas */
    /* round_latency: the round's bytes are out, its latency not yet over */
    bool lat_wait;
    /* dirty_curve: VM seconds (integral of speed) since the dirty set was
     * last cleared */
    double curve_tau;
};

struct vdc_mig_state {
    vdc_sim *sim;
    const vdc_mig_params *p;
    const vdc_mig_algo *algo;
    const vdc_mig_storage_type *storage;
    vdc_migpolicy pol;
    vdc_net *net;
    vdc_mig **mig;
    int nmig, capmig;
    int *active;                 /* per VM: index+1 of its running migration */
    int *seq;                    /* per VM: migrations started               */
    int nvm;
    vdc_mig_vm defaults;
};

/* ---- core (mig_core.c) ------------------------------------------------ */
extern const vdc_action_type *const vdc_mig_actions[];
/* A model's init hook: the core set up for `algo` (a static const). */
int vdc_mig_init(vdc_mig_state *st, const vdc_mig_params *p, vdc_sim *sim,
                 const vdc_mig_algo *algo, vdc_error *err);
int vdc_mig_finish(void *state, vdc_sim *sim, vdc_error *err);
void vdc_mig_destroy(void *state);
vdc_time vdc_mig_now(const vdc_mig_state *st);
/* Fixed time of the switchover besides the transfer: suspending the VM at
 * the source and resuming it at the destination (switchover preset, or
 * suspend_ms / resume_ms when set), in seconds. */
double vdc_mig_switchover_s(const vdc_mig_state *st);
/* dirty_curve: pages dirty after m->curve_tau VM seconds (fractional), the
 * curve interpolated linearly from (0, 0) and held after its last point. */
double vdc_mig_curve_pages(const vdc_mig *m);
double vdc_mig_wire_bytes(const vdc_mig_state *st, double pages, double zero_pages);
/* Start a flow of `bytes` for m (cap 0 = none) in the current phase. */
void vdc_mig_send(vdc_mig_state *st, vdc_mig *m, double bytes, double cap_Bps);
/* Bring the dirtying integral and throttle cost up to now. */
void vdc_mig_settle(vdc_mig_state *st, vdc_mig *m);
void vdc_mig_sample(vdc_mig_state *st, vdc_mig *m, const char *name, double v);
/* At `at`: move the VM to dst and resume it there. */
void vdc_mig_switch_at(vdc_mig_state *st, vdc_mig *m, vdc_time at);
/* Record m's row and release its page state; a completed migration whose
 * disk is still arriving (on_demand) waits for it. */
void vdc_mig_done(vdc_mig_state *st, vdc_mig *m, vdc_mig_end end);
/* The disk has moved (storage.c): start the memory algorithm. */
void vdc_mig_memory_start(vdc_mig_state *st, vdc_mig *m);
/* Bytes of disk to send with the paused VM's state (stopcopy, postcopy). */
double vdc_mig_pause_extra(vdc_mig_state *st, vdc_mig *m);
/* The on_demand disk has arrived: finish a migration that waited for it. */
void vdc_mig_disk_resume_done(vdc_mig_state *st, vdc_mig *m);

/* ---- bytes and rates (compress.c) ---------------------------------------- */
/* Bytes of `pages` (zero of them zero pages) in m's current round, with
 * XBZRLE from the second round; *cap_Bps gets the CPU-bound rate (0 = none). */
double vdc_mig_page_bytes(const vdc_mig_state *st, vdc_mig *m, double pages, double zero,
                          double *cap_Bps);
double vdc_mig_stream_cap(const vdc_mig_state *st);     /* streams x one core, 0 = none */
double vdc_mig_min_cap(double a, double b);             /* of two caps, 0 = none */

/* ---- cut-over (cutover.c) ---------------------------------------------- */
typedef struct vdc_mig_cutover_out {
    bool wan;                    /* source and destination in different sites */
    double client_downtime_s;    /* what a client that reconnects sees */
    double tunnel_s, tunnel_ms;  /* tunnel lifetime and its extra latency */
} vdc_mig_cutover_out;
void vdc_mig_cutover(const vdc_mig_state *st, const vdc_mig *m, double downtime_s,
                     vdc_mig_cutover_out *o);

/* ---- phases an algorithm may enter (its start hook, or another phase) ---- */
/* precopy.c: the live-round loop, driven by st->algo->live. */
void vdc_mig_precopy_start(vdc_mig_state *st, vdc_mig *m);
/* precopy.c: page-level writes into m->dirty (the live `write` of bitmap models). */
void vdc_mig_precopy_write(vdc_mig_state *st, vdc_mig *m, double writes);
/* precopy.c: pages dirty now, the bitmap synced (the live `dirty_pages`). */
double vdc_mig_precopy_sync(vdc_mig_state *st, vdc_mig *m);
/* stopcopy.c: pause and send `pages` (+ zero pages as headers) and the
 * device state; the migration ends with `why` when the VM runs at dst. */
void vdc_mig_stopcopy_start(vdc_mig_state *st, vdc_mig *m, double pages, double zero,
                            vdc_mig_end why);
/* postcopy.c: pause, send the state, run at dst; `pending` (owned from now,
 * NULL = all pages) are pulled by faults and pushed in the background. */
void vdc_mig_postcopy_start(vdc_mig_state *st, vdc_mig *m, uint64_t *pending,
                            vdc_mig_end why);

#endif
