/* policy.h -- when pre-copy stops iterating: the presets of real hypervisors.
 *
 * After every live round the policy sees the pages still dirty and decides:
 * another round, or stop-and-copy.  Presets (docs/references.md §3.1-3.3):
 *   qemu        pending bytes <= measured bandwidth x downtime limit (300 ms);
 *               no round cap (QEMU migration/migration.c, options.c)
 *   xen         at most 5 live rounds, or fewer than 50 dirty pages
 *               (tools/libs/guest/xg_sr_save.c: SPP_MAX_ITERATIONS,
 *               SPP_TARGET_DIRTY_COUNT)
 *   xen-legacy  at most 29 rounds, fewer than 50 pages, more than 3 x memory
 *               sent, or the round grew while the adaptive rate is at its
 *               500 Mbit/s maximum (tools/libxc/xc_domain_save.c:
 *               max_iters, max_factor, MAX_MBIT_RATE); pages written again
 *               before their turn in a round are skipped (to_skip)
 *   vmware      pending bytes <= bandwidth x 500 ms switchover goal (vMotion)
 * Every knob can be overridden; -1 keeps the preset's value, 0 disables it.
 */
#ifndef VDC_MIGPOLICY_H
#define VDC_MIGPOLICY_H

#include <stdbool.h>
#include <stdint.h>

typedef enum vdc_migpolicy_preset {
    VDC_POLICY_QEMU, VDC_POLICY_XEN, VDC_POLICY_XEN_LEGACY, VDC_POLICY_VMWARE
} vdc_migpolicy_preset;
#define VDC_POLICY_CHOICES "qemu|xen|xen-legacy|vmware"

/* How a migration ended (migrations.end_reason). */
typedef enum vdc_mig_end {
    VDC_END_NONE = 0,          /* still running                              */
    VDC_END_CONVERGED,         /* threshold met (bandwidth x limit, < pages)  */
    VDC_END_ROUND_LIMIT,       /* round cap                                   */
    VDC_END_DATA_LIMIT,        /* data cap (x memory)                         */
    VDC_END_NO_PROGRESS,       /* xen-legacy: round grew at maximum rate      */
    VDC_END_TIME_LIMIT,        /* time cap: migration cancelled, VM stays     */
    VDC_END_FORCED,            /* time cap: forced stop-and-copy              */
    VDC_END_COMPLETE,          /* stop-and-copy / post-copy finished          */
    VDC_END_POSTCOPY,          /* hybrid: switched to post-copy at its bound  */
    VDC_END_REJECTED,          /* could not start (already migrating...)      */
    VDC_END_UNFINISHED,        /* the run ended first                         */
    VDC_END_SOURCE_FAILED,     /* the source failed before the VM was safe    */
    VDC_END_COUNT
} vdc_mig_end;

typedef struct vdc_migpolicy {
    int preset;
    bool bw_threshold;         /* stop when pending <= bw x downtime limit */
    double downtime_limit_s;
    int64_t max_rounds;        /* live rounds, 0 = none */
    int64_t min_dirty_pages;   /* stop below this many, 0 = none */
    double max_data_factor;    /* stop when sent > factor x memory, 0 = none */
    bool stop_if_growing_at_max;
    bool min_on_last_round;    /* xen-legacy tests the round just sent,
                                  not the pages dirty now */
    bool skip_redirtied;       /* xen-legacy: skip pages dirtied again before
                                  their turn in the round (to_skip bitmap) */
} vdc_migpolicy;

/* What the policy sees after a live round. */
typedef struct vdc_migpolicy_view {
    int64_t rounds_done;       /* live rounds completed, the first included */
    double dirty_pages;        /* pages dirty now (to send next)          */
    double dirty_bytes;        /* dirty_pages x page size                 */
    double last_round_pages;   /* pages sent in the round just completed  */
    double last_round_skipped; /* ... and skipped as re-dirtied (xen)     */
    double prev_round_pages;   /* ... and in the one before (-1: none)    */
    double bw_Bps;             /* measured bandwidth, 0 = not yet known   */
    double sent_pages;         /* pages sent so far                       */
    double mem_pages;          /* guest pages                             */
    bool rate_at_max;          /* xen adaptive rate at its maximum        */
} vdc_migpolicy_view;

/* Preset values with the overrides applied (-1 = keep the preset). */
vdc_migpolicy vdc_migpolicy_make(int preset, double downtime_limit_ms, int64_t max_rounds,
                                 int64_t min_dirty_pages, double max_data_factor,
                                 int64_t skip_redirtied);
/* VDC_END_NONE to continue, else why to stop and copy. */
vdc_mig_end vdc_migpolicy_decide(const vdc_migpolicy *p, const vdc_migpolicy_view *v);
const char *vdc_migpolicy_name(int preset);
const char *vdc_mig_end_name(vdc_mig_end e);

#endif
