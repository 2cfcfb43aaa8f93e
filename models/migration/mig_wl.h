/* mig_wl.h -- migration workload presets: a named dirty behaviour for
 * vms[i].migration.workload, so that a scenario need not guess
 * dirty_rate_pages_s, the writable working set and the law.
 *
 * A preset fills the fields the block leaves at their "-1 / workload"
 * default; fields given in the block win.  Values and sources: mig_wl.c and
 * docs/references.md §3.6; `vdcsim models migration` prints them.
 */
#ifndef VDC_MIG_WL_H
#define VDC_MIG_WL_H

#include <stdio.h>

/* The per-VM `workload` choices (index 0: none) and the VM `law` choices,
 * whose last entry takes the preset's law (uniform without a preset). */
#define VDC_MIGWL_CHOICES "none|idle|web|database|memcached|hotloop|stress"
#define VDC_MIGWL_LAW_CHOICES "uniform|hotcold|zipf|workload"
#define VDC_MIGWL_LAW_FROM_WORKLOAD 3

typedef struct vdc_migwl {
    const char *name;
    double dirty_rate_pages_s;   /* page writes per second at full speed   */
    double wws_mib;              /* writable working set, 0 = all memory   */
    int law;                     /* vdc_law_kind                           */
    const char *source;          /* where the figures come from, with a tag */
} vdc_migwl;

/* The preset of choice index `i` (1..), NULL for 0 ("none") or out of range. */
const vdc_migwl *vdc_migwl_get(int i);

typedef struct vdc_mig_vm vdc_mig_vm;
/* Resolve v's "-1 / workload" fields from v->workload for a VM of
 * memory_gib: dirty rate 0, WWS 1 and law uniform without a preset. */
void vdc_migwl_apply(vdc_mig_vm *v, double memory_gib);

/* `vdcsim models migration`: every preset with its values and source. */
void vdc_migwl_print(FILE *f);

#endif
