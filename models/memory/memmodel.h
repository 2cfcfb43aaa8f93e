/* memmodel.h -- what the memory models native / spt / slat / auto share:
 * their parameter table, the per-VM block (vms[i].memory), their state and
 * hooks.  Each variant file (native.c, spt.c, slat.c, auto.c) is one
 * descriptor whose init passes its mode to vdc_memmodel_init.
 *
 * At init every VM's phases are resolved (preset, then overrides), their
 * overhead computed once by mmu_cost, and the VM's speed set to
 * 1 / (1 + overhead) via vdc_world_set_speed(..., VDC_SPEED_MEMORY, ...);
 * one engine event per later phase of a VM group changes it.  So the cost is
 * per phase, never per memory access.  Results: metrics per VM (time-weighted
 * means over the run) and one mem_overhead row per VM per phase.
 */
#ifndef VDC_MEMMODEL_H
#define VDC_MEMMODEL_H

#include <stdint.h>

#include "mmu_cost.h"
#include "model.h"
#include "sim.h"

/* Model parameters: "models": {"memory": {"name": "slat", ...}}. */
typedef struct vdc_mem_params {
    int cpu_virt;               /* vdc_cpuv: hw | bt | pv            */
    const char *hw;             /* hardware profile name              */
    int guest_page, host_page;  /* vdc_page: 4k | 2m | 1g             */
    int64_t paging_levels;      /* 4, or 5 with LA57                  */
    int guest_levels, host_levels;  /* 0: paging_levels, 1 = 4, 2 = 5 */
    vdc_hw_over hw_over;        /* profile fields; -1 keeps the preset */
} vdc_mem_params;

/* Per-VM block and phase: preset, page settings, behaviour overrides. */
typedef struct vdc_mem_vm {
    double at_s;                /* phases only                         */
    const char *preset;         /* NULL in a phase: keep the VM's      */
    int guest_page, host_page;  /* 0 = inherit, else vdc_page + 1      */
    int paging_levels;          /* 0 = inherit, 1 = 4, 2 = 5 (both)    */
    int guest_levels;           /* 0 = inherit, 1 = 4, 2 = 5 (guest)   */
    vdc_wl over;                /* -1 = from the preset                */
    vdc_objlist phases;         /* VM block only: vdc_mem_vm elements  */
} vdc_mem_vm;

extern const vdc_param vdc_memmodel_params[];
extern const vdc_vm_block vdc_memory_vm_block;

/* One resolved phase of a VM group (a vms[] entry of the scenario). */
typedef struct vdc_mem_phase {
    vdc_time at;
    const char *preset;
    vdc_wl wl;
    vdc_mmu_config cfg;
    vdc_mmu_parts parts;
} vdc_mem_phase;

typedef struct vdc_mem_group {
    int first_vm, nvm;          /* VMs first_vm .. first_vm + nvm - 1  */
    int nphase;
    vdc_mem_phase *phase;
    int cur;                    /* phase in force                      */
} vdc_mem_group;

typedef struct vdc_memmodel {
    vdc_mmu_mode mode;
    const vdc_mem_params *p;
    vdc_hwprofile hw;
    vdc_mem_group *group; int ngroup, cap_group;
    int *vm_group; int nvm;     /* group of each VM                    */
    vdc_mem_vm defaults;        /* block of a VM that gives none       */
} vdc_memmodel;

int vdc_memmodel_init(vdc_memmodel *m, vdc_mmu_mode mode, const vdc_mem_params *p,
                      vdc_sim *sim, vdc_error *err);
/* Shared finish and destroy hooks (state is a vdc_memmodel). */
int vdc_memmodel_finish(void *state, vdc_sim *sim, vdc_error *err);
void vdc_memmodel_destroy(void *state);
/* `vdcsim models memory`: hardware profiles and workload presets (mem_presets.c). */
void vdc_memory_print_presets(FILE *f);

/* The speed factor for an overhead: 1 / (1 + max(0, overhead)). */
double vdc_memmodel_speed(double overhead);

#endif
