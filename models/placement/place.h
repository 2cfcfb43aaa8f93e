/* place.h -- the placement core shared by the placement models: committed
 * vCPUs and memory per host under overcommit ratios, and the choice of a
 * host for a VM by first-fit, best-fit or worst-fit (internal to the folder).
 *
 * A host is "open" when it may receive VMs (powered on, not being emptied).
 * A VM fits host h when used_vcpus + vcpus <= pcpus x cpu_overcommit and
 * used_gib + gib <= memory_gib x mem_overcommit, the rule of first_fit.c.
 * best-fit: the open host that fits with the least free primary resource
 * left (by = cpu: vCPU slots; by = memory: GiB); worst-fit: the most.
 * Ties go to the lower host index.  Cost per pick: O(log H) to find the
 * first candidate by the primary resource in a fitset (treap), plus
 * O(log H) per candidate skipped because the secondary resource does not
 * fit (none when memory never binds, as in the scale scenarios; hosts with
 * no vCPU slot or no memory left are out of the tree); first-fit
 * scans from the first host with room, O(1) amortised when hosts fill in
 * order.  Source: the classic bin-packing heuristics (Johnson et al., SIAM
 * J. Comput. 1974) as VM placement uses them (Beloglazov & Buyya, CCPE 2012).
 */
#ifndef VDC_PLACE_H
#define VDC_PLACE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fitset.h"
#include "sim.h"

typedef enum { VDC_PLACE_FIRST, VDC_PLACE_BEST, VDC_PLACE_WORST } vdc_place_policy;
typedef enum { VDC_PLACE_BY_CPU, VDC_PLACE_BY_MEM } vdc_place_by;
#define VDC_PLACE_POLICY_CHOICES "first_fit|best_fit|worst_fit"

typedef struct vdc_place_params {
    int policy;                 /* vdc_place_policy */
    int by;                     /* vdc_place_by */
    double cpu_overcommit;      /* vCPUs per pCPU */
    double mem_overcommit;      /* VM GiB per host GiB */
} vdc_place_params;

/* Parameter entries of a vdc_place_params member `f` of struct `T`: models
 * embed them in their tables.  Defaults match first_fit.c. */
#define VDC_PLACE_PARAM_BY(T, f) \
    { .name = "by", .type = VDC_PARAM_ENUM, .offset = offsetof(T, f.by), .def = 0, \
      .choices = "cpu|memory", .help = "resource that best/worst-fit compares" }
#define VDC_PLACE_PARAM_OC(T, f) \
    { .name = "cpu_overcommit", .type = VDC_PARAM_NUM, .offset = offsetof(T, f.cpu_overcommit), \
      .def = 4, .min = 0, .max = 1000, .flags = VDC_PARAM_MIN_EXCL, .unit = "vcpu/pcpu", \
      .help = "vCPUs allowed per pCPU" }, \
    { .name = "mem_overcommit", .type = VDC_PARAM_NUM, .offset = offsetof(T, f.mem_overcommit), \
      .def = 1, .min = 0, .max = 100, .flags = VDC_PARAM_MIN_EXCL, .unit = "ratio", \
      .help = "VM GiB allowed per host GiB" }
#define VDC_PLACE_PARAM_POLICY(T, f, d) \
    { .name = "policy", .type = VDC_PARAM_ENUM, .offset = offsetof(T, f.policy), .def = d, \
      .choices = VDC_PLACE_POLICY_CHOICES, .help = "how VMs without a named host are placed" }

typedef struct vdc_place {
    vdc_world *w;
    vdc_place_params p;
    double *cpu, *mem;          /* committed per host (vCPUs, GiB) */
    bool *open;
    vdc_fitset set;             /* open hosts keyed by free primary resource */
    int ff_from;                /* first-fit: no open host before this has room */
} vdc_place;

/* ---- building ------------------------------------------------------ */
/* Every host open; VMs already on a host are committed there. */
int vdc_place_init(vdc_place *pl, vdc_world *w, const vdc_place_params *p);
void vdc_place_free(vdc_place *pl);

/* ---- bookkeeping --------------------------------------------------- */
void vdc_place_add(vdc_place *pl, int host, int64_t vcpus, double gib);
void vdc_place_sub(vdc_place *pl, int host, int64_t vcpus, double gib);
void vdc_place_set_open(vdc_place *pl, int host, bool open);
bool vdc_place_fits(const vdc_place *pl, int host, int64_t vcpus, double gib);

/* ---- choosing ------------------------------------------------------ */
/* An open host for a VM of this size by the policy, or -1. */
int vdc_place_pick(vdc_place *pl, int64_t vcpus, double gib);
/* Place every unplaced VM (vdc_world_move) at init; VDC_EINPUT naming the
 * first VM that fits nowhere.  `skip` (may be -1) is left unplaced. */
int vdc_place_all(vdc_place *pl, vdc_sim *sim, int skip, const char *model, vdc_error *err);

#endif
