/* first_fit.c -- the reference placement model: first host that fits.
 *
 * At init, every VM without a named host goes to the first host (in scenario
 * order) whose committed vCPUs and memory stay within its pCPUs x
 * cpu_overcommit and memory x mem_overcommit (VMs with a named host count
 * against their host first).  A VM that fits nowhere is an input error: the
 * scenario asks for more than the data center has.  Cost: O(VMs + hosts)
 * when hosts fill in order (hosts with no room left are skipped for good),
 * O(VMs x hosts) at worst.  This is the minimal,
 * fully commented model to copy for new placement policies.
 */
#include <stdlib.h>

#include "sim.h"

typedef struct ff_params {
    double cpu_overcommit;      /* vCPUs per pCPU allowed */
    double mem_overcommit;      /* GiB of VM memory per GiB of host memory */
} ff_params;

typedef struct ff_state {
    char unused;                /* placement keeps no state after init */
} ff_state;

static int ff_init(void *state, const void *params, vdc_sim *sim, vdc_error *err)
{
    const ff_params *p = params;
    vdc_world *w = &sim->world;
    (void)state;
    double *cpu = calloc((size_t)w->nhost, sizeof *cpu);
    double *mem = calloc((size_t)w->nhost, sizeof *mem);
    if (!cpu || !mem) {
        free(cpu);
        free(mem);
        return vdc_error_set(err, VDC_ENOMEM, "first_fit: out of memory");
    }
    for (int v = 0; v < w->nvm; v++)
        if (w->vm[v].host >= 0) {
            cpu[w->vm[v].host] += (double)w->vm[v].vcpus;
            mem[w->vm[v].host] += w->vm[v].memory_gib;
        }
    int rc = 0;
    int open = 0;   /* hosts before `open` have no room for even 1 vCPU */
    for (int v = 0; v < w->nvm && !rc; v++) {
        vdc_vm *vm = &w->vm[v];
        if (vm->host >= 0)
            continue;
        int found = -1;
        for (int k = open; k < w->nhost; k++) {
            const vdc_host *hw = &w->host[k];
            if (cpu[k] + (double)vm->vcpus <= (double)hw->pcpus * p->cpu_overcommit &&
                mem[k] + vm->memory_gib <= hw->memory_gib * p->mem_overcommit) {
                found = k;
                break;
            }
        }
        if (found < 0) {
            rc = vdc_error_set(err, VDC_EINPUT,
                               "placement: no host can take VM %s (%lld vCPUs, %g GiB) with "
                               "cpu_overcommit %g and mem_overcommit %g",
                               vm->name, (long long)vm->vcpus, vm->memory_gib, p->cpu_overcommit,
                               p->mem_overcommit);
            break;
        }
        cpu[found] += (double)vm->vcpus;
        mem[found] += vm->memory_gib;
        vdc_world_move(w, sim, v, found);
        while (open < w->nhost &&
               (cpu[open] + 1 > (double)w->host[open].pcpus * p->cpu_overcommit ||
                mem[open] >= w->host[open].memory_gib * p->mem_overcommit))
            open++;
    }
    free(cpu);
    free(mem);
    return rc;
}

static const vdc_param ff_params_tbl[] = {
    { .name = "cpu_overcommit", .type = VDC_PARAM_NUM,
      .offset = offsetof(ff_params, cpu_overcommit), .def = 4, .min = 0, .max = 1000,
      .flags = VDC_PARAM_MIN_EXCL, .unit = "vcpu/pcpu", .help = "vCPUs allowed per pCPU" },
    { .name = "mem_overcommit", .type = VDC_PARAM_NUM,
      .offset = offsetof(ff_params, mem_overcommit), .def = 1, .min = 0, .max = 100,
      .flags = VDC_PARAM_MIN_EXCL, .unit = "ratio", .help = "VM GiB allowed per host GiB" },
    { 0 }
};

const vdc_model_type vdc_placement_first_fit = {
    .kind = VDC_KIND_PLACEMENT,
    .name = "first_fit",
    .help = "each unplaced VM on the first host with room (reference model)",
    .params = ff_params_tbl,
    .params_size = sizeof(ff_params),
    .state_size = sizeof(ff_state),
    .init = ff_init,
};
