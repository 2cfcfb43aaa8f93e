/* storage.h -- moving a VM's local disk with its memory (internal).
 *
 * A storage mode is a const table the core calls at three moments of every
 * migration: before the memory algorithm starts (`before`: pre-copy of the
 * disk image), when the VM pauses (`at_pause`: bytes sent with the device
 * state), and when it runs at the destination (`arrived`: on-demand fetch).
 * Modes (storage.c, docs/references.md §3.7):
 *   shared       nothing copied; every disk access from the destination
 *                crosses the network to the storage at the source site
 *   precopy      bulk copy of the image, then rounds of the blocks written
 *                meanwhile, optionally throttling the VM's writes, then the
 *                memory migration; the last dirty blocks go while paused
 *   on_demand    the VM moves first; a background flow pushes every block
 *                and a read of a block not yet there waits for it
 *   incremental  as precopy, but the bulk round sends only the blocks that
 *                differ from a base image the destination already holds
 * Blocks are tracked with the page-level dirty tracker (dirty.h) over a
 * popularity law of their own (law.h).
 */
#ifndef VDC_MIG_STORAGE_H
#define VDC_MIG_STORAGE_H

#include <stdbool.h>
#include <stdint.h>

#include <gsl/gsl_rng.h>

#include "dirty.h"
#include "law.h"
#include "net.h"
#include "model.h"

typedef struct vdc_mig_state vdc_mig_state;
typedef struct vdc_mig vdc_mig;

enum { VDC_STORAGE_SHARED, VDC_STORAGE_PRECOPY, VDC_STORAGE_ON_DEMAND,
       VDC_STORAGE_INCREMENTAL };
#define VDC_STORAGE_CHOICES "shared|precopy|on_demand|incremental"

typedef struct vdc_mig_storage_type {
    const char *name;
    bool tracks;               /* needs the block tracker (law + bitmap) */
    /* After setup: move the disk, then call vdc_mig_memory_start().  NULL:
     * the memory algorithm starts at once. */
    void (*before)(vdc_mig_state *st, vdc_mig *m);
    /* The VM pauses: bytes of disk still to send with the state.  NULL: 0. */
    double (*at_pause)(vdc_mig_state *st, vdc_mig *m);
    /* The VM runs at the destination: start background work (m->d.busy
     * until it ends, then vdc_mig_done() again).  NULL: none. */
    void (*arrived)(vdc_mig_state *st, vdc_mig *m);
} vdc_mig_storage_type;

/* Per-migration disk state (vdc_mig.d). */
typedef struct vdc_mig_disk {
    uint64_t nblocks;
    vdc_law law;
    vdc_dirty dirty;           /* blocks written since the last round's start */
    gsl_rng *rng;              /* own stream: memory draws stay unchanged */
    uint64_t *pending;         /* on_demand: blocks not yet at the destination */
    uint64_t cursor, scanned;
    vdc_flow_id flow;          /* on_demand background flow (own callback) */
    vdc_event_id timer;
    double expo;               /* integral of write speed since the last draw */
    double throttle;           /* current fraction of writes held back */
    double round_blocks, round_bytes, pending_blocks;
    vdc_time t0, ep_t0;
    double ep_sent0, total_bytes, clock_s;
    /* reported */
    double bytes, max_throttle, io_slowdown_s, remote_ms;
    int64_t rounds, faults;
    bool busy;
} vdc_mig_disk;

extern const vdc_mig_storage_type *const vdc_mig_storage_modes[];
/* The `fail_host` action (storage.c): a source failing under migrations. */
extern const vdc_action_type vdc_mig_fail_host_action;

int vdc_mig_disk_setup(vdc_mig_state *st, vdc_mig *m);
void vdc_mig_disk_free(vdc_mig_state *st, vdc_mig *m);
/* Account dt seconds at VM speed `speed` (the core's settle). */
void vdc_mig_disk_settle(vdc_mig *m, double speed, double dt);
/* The migration ends early: cancel the disk's own flow and timer. */
void vdc_mig_disk_abort(vdc_mig_state *st, vdc_mig *m);

#endif
